"""Reading outcome measures. Callers check access to the person first (core.access)."""

from __future__ import annotations

from django.db.models import QuerySet

from connecting_people.outcomes.models import Instrument, Response
from connecting_people.people.models import Person


def responses_for(person: Person) -> QuerySet[Response]:
    """The person's responses, oldest first, each with the instrument version it was asked with."""
    return (
        Response.objects.filter(person=person)
        .select_related("instrument")
        .order_by("taken_on", "pk")
    )


def instrument_version(slug: str, version: int | None = None) -> Instrument | None:
    """One version of an instrument, or its current version when no version is given."""
    found = Instrument.objects.filter(slug=slug)
    if version is None:
        return found.filter(is_current=True).first()
    return found.filter(version=version).first()


def instruments_current() -> QuerySet[Instrument]:
    """The current version of every instrument, those ready to ask and those needing wording."""
    return Instrument.objects.current().order_by("short_title", "slug")
