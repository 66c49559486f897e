"""suggestions.csv (one row per suggestion) and suggestion_changes.csv (each step in its story).

No names, ideas, notes or reasons in words: a suggestion is described by where it came from, what
kind of thing it was, the directory service's id (public HSDS data) and the interest categories
that service is listed under. A community connector is a private person or an informal group, so
it appears only as a pseudonym.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from typing import Any

from connecting_people.directory.models.search import SearchTerm
from connecting_people.research.coarse import month
from connecting_people.research.tables.schema import (
    BOOLEAN,
    INTEGER,
    PSEUDONYM,
    TEXT,
    UUID,
    Column,
    Context,
    Table,
    month_column,
    person_column,
    values_of,
)
from connecting_people.suggestions.models import (
    NotForMeReason,
    Suggestion,
    SuggestionChange,
    SuggestionSource,
    SuggestionStatus,
)

KINDS = ("service", "connector", "idea", "removed")


def _kind(service: object, connector: object, idea: str) -> str:
    if service is not None:
        return "service"
    if connector is not None:
        return "connector"
    # An idea has its own words; a suggestion with neither lost its directory entry.
    return "idea" if idea else "removed"


def _categories(service_ids: set[Any]) -> dict[Any, str]:
    """The interest categories each service is listed under, as sorted slugs joined by ;."""
    found: dict[Any, set[str]] = {}
    terms = SearchTerm.objects.filter(
        facts__service_id__in=service_ids, category__isnull=False
    ).values_list("facts__service_id", "category__slug")
    for service, slug in terms:
        found.setdefault(service, set()).add(slug)
    return {service: ";".join(sorted(slugs)) for service, slugs in found.items()}


def _suggestion_rows(ctx: Context, ids: list[int]) -> Iterator[Sequence[object]]:
    rows = list(
        Suggestion.objects.filter(person_id__in=ids)
        .order_by("pk")
        .values_list(
            "pk",
            "person_id",
            "source",
            "service_id",
            "connector_id",
            "idea",
            "status",
            "reason",
            "shortlisted",
            "suggested_on",
            "status_on",
        )
    )
    categories = _categories({row[3] for row in rows if row[3] is not None})
    for pk, person, source, service, connector, idea, status, reason, short, on, since in rows:
        yield (
            ctx.pseudonym("suggestion", pk),
            ctx.pseudonym("person", person),
            source,
            _kind(service, connector, idea),
            "" if service is None else str(service),
            categories.get(service, ""),
            ctx.pseudonym("connector", connector),
            status,
            reason,
            short,
            month(on),
            month(since),
        )


SUGGESTIONS = Table(
    name="suggestions",
    row_is="one thing suggested to a person, and how it is going",
    columns=(
        Column("suggestion", PSEUDONYM, "the suggestion's pseudonym"),
        person_column(),
        Column("source", TEXT, "where the suggestion came from", values_of(SuggestionSource)),
        Column(
            "kind",
            TEXT,
            "a directory service, a community connector the team knows, the person's or "
            "worker's own idea, or removed (its directory entry has since been deleted)",
            "; ".join(KINDS),
        ),
        Column("service", UUID, "the directory service's id (HSDS, public), if a service"),
        Column(
            "service_categories",
            TEXT,
            "the interest categories the service is listed under: slugs separated by ;",
        ),
        Column("connector", PSEUDONYM, "the community connector's pseudonym, if a connector"),
        Column("status", TEXT, "how it is going now", values_of(SuggestionStatus)),
        Column(
            "reason",
            TEXT,
            "why it was not for them (only when the status is not_for_me)",
            values_of(NotForMeReason),
        ),
        Column("shortlisted", BOOLEAN, "whether it is on the person's shortlist"),
        month_column("suggested_month", "the month it was suggested"),
        month_column("status_month", "the month it reached its current status"),
    ),
    rows=_suggestion_rows,
)


def _change_rows(ctx: Context, ids: list[int]) -> Iterator[Sequence[object]]:
    changes = (
        SuggestionChange.objects.filter(suggestion__person_id__in=ids)
        .order_by("suggestion_id", "at", "pk")
        .values_list("suggestion_id", "from_status", "to_status", "on")
    )
    for suggestion, steps in groupby(changes, key=lambda change: change[0]):
        pseudonym = ctx.pseudonym("suggestion", suggestion)
        for step, (_, from_status, to_status, on) in enumerate(steps, start=1):
            yield pseudonym, step, from_status, to_status, month(on)


CHANGES = Table(
    name="suggestion_changes",
    row_is="one step in a suggestion's story",
    columns=(
        Column("suggestion", PSEUDONYM, "the suggestion's pseudonym (as in suggestions.csv)"),
        Column("step", INTEGER, "1 for the suggestion's first step, then 2, 3, … in order"),
        Column(
            "from_status",
            TEXT,
            "the status before (blank for the first step)",
            values_of(SuggestionStatus),
        ),
        Column("to_status", TEXT, "the status after", values_of(SuggestionStatus)),
        month_column("month", "the month of the change"),
    ),
    rows=_change_rows,
)
