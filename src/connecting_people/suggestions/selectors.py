"""Reads of suggestions: one person's, grouped by how they are going, and the team's "what is
working" — counts per service, naming no one. Each runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from connecting_people.accounts.models import Team
from connecting_people.people.models import Person
from connecting_people.suggestions.models import (
    NotForMeReason,
    Suggestion,
    SuggestionChange,
    SuggestionStatus,
)

S = SuggestionStatus


@dataclass(frozen=True)
class WhatIsWorkingRow:
    """How one service has gone for the people the team suggested it to: counts only."""

    service_id: uuid.UUID
    name: str
    suggested: int
    tried: int
    going_regularly: int
    not_for_me: int
    top_reason: str  # a NotForMeReason value, or "" when no one said "not for me"

    @property
    def keep_going_share(self) -> float | None:
        """Of those who tried it, the share now going regularly (None if no one tried it yet)."""
        return self.going_regularly / self.tried if self.tried else None

    @property
    def top_reason_label(self) -> str:
        return str(NotForMeReason(self.top_reason).label) if self.top_reason else ""


def team_what_is_working(team: Team, *, since: dt.date | None = None) -> list[WhatIsWorkingRow]:
    """Per service the team suggested (since `since`, if given): how many were suggested it,
    tried it, go regularly, and said not for me (with the commonest reason). Two queries.

    "Tried" counts anyone whose suggestion ever reached tried or going regularly, or who said it
    was not for them because they tried it and did not enjoy it.
    """
    suggestions = Suggestion.objects.filter(person__team=team, service__isnull=False)
    if since is not None:
        suggestions = suggestions.filter(suggested_on__gte=since)
    ever_tried = SuggestionChange.objects.filter(
        suggestion=OuterRef("pk"), to_status__in=[S.TRIED, S.GOING_REGULARLY]
    )
    tried = (
        Q(status__in=[S.TRIED, S.GOING_REGULARLY])
        | Q(ever_tried=True)
        | Q(status=S.NOT_FOR_ME, reason=NotForMeReason.TRIED_DID_NOT_LIKE)
    )
    counts = (
        suggestions.annotate(ever_tried=Exists(ever_tried))
        .values("service_id", "service__name")
        .annotate(
            suggested=Count("pk"),
            tried=Count("pk", filter=tried),
            going_regularly=Count("pk", filter=Q(status=S.GOING_REGULARLY)),
            not_for_me=Count("pk", filter=Q(status=S.NOT_FOR_ME)),
        )
        .order_by()
    )
    reasons = _top_reasons(suggestions)
    rows = [
        WhatIsWorkingRow(
            service_id=row["service_id"],
            name=row["service__name"],
            suggested=row["suggested"],
            tried=row["tried"],
            going_regularly=row["going_regularly"],
            not_for_me=row["not_for_me"],
            top_reason=reasons.get(row["service_id"], ""),
        )
        for row in counts
    ]
    rows.sort(key=lambda r: (-r.going_regularly, -r.tried, -r.suggested, r.name.casefold()))
    return rows


def _top_reasons(suggestions: QuerySet[Suggestion]) -> dict[uuid.UUID, str]:
    """The commonest "not for me" reason per service; ties go to the reason listed first."""
    order = {reason: index for index, reason in enumerate(NotForMeReason.values)}
    tallies: dict[uuid.UUID, list[tuple[int, int, str]]] = defaultdict(list)
    for row in (
        suggestions.filter(status=S.NOT_FOR_ME)
        .exclude(reason="")
        .values("service_id", "reason")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        tallies[row["service_id"]].append((-row["n"], order[row["reason"]], row["reason"]))
    return {service_id: min(found)[2] for service_id, found in tallies.items()}


def person_suggestions(person: Person) -> dict[str, list[Suggestion]]:
    """The person's suggestions by status, in the order of the journey (every status present,
    possibly empty), each with its service and connector loaded. One query."""
    grouped: dict[str, list[Suggestion]] = {status: [] for status in S.values}
    found = Suggestion.objects.filter(person=person).select_related(
        "service", "service__organization", "connector", "connection", "contact"
    )
    for suggestion in found:
        grouped[suggestion.status].append(suggestion)
    return grouped
