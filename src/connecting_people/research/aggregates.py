"""aggregates.csv: counts per team, with small counts held back.

A count from 1 to 4 is shown as "<5", so that nobody can be picked out of a small group. No
totals are given (per team or across teams), so a held-back count cannot be worked out by
subtracting the others from a total.

Only the people the export covers are counted (Scope.people): someone who asked to be left out of
research is in no count, as they are in no table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count

from connecting_people.network.models import Snapshot, SnapshotKind
from connecting_people.outcomes.models import Response, ResponseStatus
from connecting_people.people.models import Status
from connecting_people.research.keys import Pseudonyms
from connecting_people.research.scope import Scope
from connecting_people.research.tables.schema import PSEUDONYM, TEXT, Column
from connecting_people.suggestions.models import Suggestion, SuggestionStatus

SMALL_CELL = 5
SUPPRESSED = f"<{SMALL_CELL}"

TOPICS = {
    "people_by_status": "people, by where they are in the service now",
    "responses_by_instrument": "completed questionnaires, by questionnaire",
    "people_measured_by_instrument": "people with at least one completed questionnaire",
    "snapshots_by_kind": "snapshots of network maps, by what they were for",
    "suggestions_by_status": "suggestions, by how they are going now",
}
COLUMNS = (
    Column("team", PSEUDONYM, "the team's pseudonym (as in people.csv)"),
    Column("topic", TEXT, "what is counted (README.txt says more)", "; ".join(TOPICS)),
    Column("category", TEXT, "which group of it: a status, kind or questionnaire id"),
    Column(
        "count",
        "integer or <5",
        f"how many; a count from 1 to {SMALL_CELL - 1} is shown as {SUPPRESSED}",
        f"0; {SUPPRESSED}; {SMALL_CELL} or more",
    ),
)


def suppressed(count: int) -> str:
    return SUPPRESSED if 0 < count < SMALL_CELL else str(count)


def _grouped(queryset: Any, team: str, field: str, counted: Any) -> Counter[tuple[int, str]]:
    rows = queryset.order_by().values_list(team, field).annotate(n=counted)
    return Counter({(t, value): n for t, value, n in rows})


def aggregate_rows(scope: Scope, pseudonym: Pseudonyms) -> list[tuple[str, str, str, str]]:
    """Every (team, topic, category) with its count, small counts held back, sorted."""
    teams = scope.team_ids()
    people = scope.people(teams)
    responses = Response.objects.filter(person__in=people, status=ResponseStatus.COMPLETE)
    instruments = sorted(set(responses.values_list("instrument__slug", flat=True)))
    topics: Iterable[tuple[str, list[str], Counter[tuple[int, str]]]] = (
        (
            "people_by_status",
            Status.values,
            _grouped(people, "team_id", "status", Count("pk")),
        ),
        (
            "responses_by_instrument",
            instruments,
            _grouped(responses, "person__team_id", "instrument__slug", Count("pk")),
        ),
        (
            "people_measured_by_instrument",
            instruments,
            _grouped(
                responses, "person__team_id", "instrument__slug", Count("person", distinct=True)
            ),
        ),
        (
            "snapshots_by_kind",
            SnapshotKind.values,
            _grouped(
                Snapshot.objects.filter(person__in=people),
                "person__team_id",
                "kind",
                Count("pk"),
            ),
        ),
        (
            "suggestions_by_status",
            SuggestionStatus.values,
            _grouped(
                Suggestion.objects.filter(person__in=people),
                "person__team_id",
                "status",
                Count("pk"),
            ),
        ),
    )
    rows = [
        (pseudonym("team", team), topic, category, suppressed(counts[(team, category)]))
        for topic, categories, counts in topics
        for team in teams
        for category in categories
    ]
    return sorted(rows)
