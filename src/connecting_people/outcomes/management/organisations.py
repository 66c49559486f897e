"""The organisation a command's --organisation names, or exit status 2 with the reason."""

from __future__ import annotations

from django.core.management.base import CommandError

from connecting_people.core.models import Organisation

INVALID = 2
LISTED = 20


def organisation_named(slug: str) -> Organisation:
    """The organisation with this short name; an unknown one stops the command (status 2)."""
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        known = list(
            Organisation.objects.order_by("slug").values_list("slug", flat=True)[: LISTED + 1]
        )
        listed = ", ".join(known[:LISTED]) + (", …" if len(known) > LISTED else "")
        raise CommandError(
            f"There is no organisation with the short name {slug!r}; nothing was done. "
            f"The organisations are: {listed or 'none'}.",
            returncode=INVALID,
        )
    return found
