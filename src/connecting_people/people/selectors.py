"""Reads of a person's record that more than one page needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from connecting_people.core import access
from connecting_people.people.erasure import erasure_cutoff, erasure_expiry
from connecting_people.people.models import (
    Consent,
    ConsentKind,
    DifferentView,
    ErasureRequest,
    ErasureStatus,
    Person,
)


@dataclass(frozen=True)
class ConsentNow:
    """Where one kind of consent stands: the latest answer, or None if never asked."""

    kind: ConsentKind
    latest: Consent | None


def consent_current(person: Person) -> list[ConsentNow]:
    """Each kind of consent with its latest answer (by date, then when recorded). One query."""
    latest: dict[str, Consent] = {}
    for consent in person.consents.all():  # ordered by date, then by when it was recorded
        latest[consent.kind] = consent
    return [ConsentNow(kind, latest.get(kind.value)) for kind in ConsentKind]


@dataclass(frozen=True)
class WaitingErasure:
    """One request on the list of requests waiting for a second person."""

    request: ErasureRequest
    name: str  # the person's name for those in their team; their record number for others
    expires_at: dt.datetime
    may_confirm: bool


def erasure_requests_waiting(user: Any) -> list[WaitingErasure]:
    """The requests waiting that this user asked for or may confirm, oldest first. One query."""
    requests = (
        ErasureRequest.objects.filter(access.erasure_teams(user) | Q(requested_by=user))
        .filter(status=ErasureStatus.WAITING, requested_at__gte=erasure_cutoff())
        .select_related("team", "requested_by", "person")
        .distinct()
    )
    members_of = access.team_ids_for(user)
    return [
        WaitingErasure(
            request=r,
            name=erasure_name(r, members_of),
            expires_at=erasure_expiry(r.requested_at),
            may_confirm=r.requested_by_id != user.pk and access.may_erase_in(user, r.team),
        )
        for r in requests
    ]


def erasure_name(request: ErasureRequest, members_of: frozenset[int]) -> str:
    """How a request names its person: by name to their team, by record number to others (a
    data protection lead sees no record)."""
    if request.person is not None and request.team_id in members_of:
        return request.person.preferred_name
    return _("Record %(number)s") % {"number": request.person_id}


def different_views_of(person: Person) -> dict[str, list[Any]]:
    """The person's own views (issue 14), grouped by what they are about ("goal:12"), oldest
    first, in one query: for the pages that show each beside the worker's words."""
    grouped: dict[str, list[Any]] = {}
    for view in DifferentView.objects.filter(person=person).order_by("created_at", "pk"):
        grouped.setdefault(f"{view.about_kind}:{view.about_id}", []).append(view)
    return grouped
