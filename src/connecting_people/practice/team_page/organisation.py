"""The organisation's teams side by side: counts only, one row per team, never a person.

Counts for the last whole quarter (a fixed period, so nobody can watch another team's numbers
move a day at a time) and, for what is late, as things stand today. The same small-number rule
as the report of change (core/access/reports.py, outcomes/report_tables.py): a reader outside a
team sees its counts from 1 to 4 as "fewer than 5". There is no total row, since a total less
the teams a reader can see exactly would give away another team's small number.

One query per column, however many teams and people, and one for what erased records did
(`people.ErasedActivity`, kept by `keep_erased_activity` when a record is erased, so the
quarter's counts are the same after an erasure as before it). "What is late today" is about
the records there are: an erased record is no longer anyone's to review or contact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connecting_people.core.models import Organisation, Team
from connecting_people.directory.models import TeamService
from connecting_people.network.models import Connection
from connecting_people.network.vocab import Began
from connecting_people.outcomes.stats import TOO_FEW
from connecting_people.people.models import Person
from connecting_people.plans.models import Contact, Goal
from connecting_people.practice.team_page.due import last_contact, no_contact_days
from connecting_people.practice.team_page.periods import Period, last_quarter
from connecting_people.suggestions.models import SuggestionChange, SuggestionStatus

# (key, column heading), in the order the tables show them: what teams did in the last whole
# quarter, then what is late today.
DONE: tuple[tuple[str, Any], ...] = (
    ("new_connections", gettext_lazy("New connections")),
    ("tried", gettext_lazy("Activities tried")),
    ("kept_going", gettext_lazy("Activities kept up")),
    ("taught", gettext_lazy("Skills shared")),
    ("added", gettext_lazy("Services added")),
    ("rechecked", gettext_lazy("Services re-checked")),
)
LATE: tuple[tuple[str, Any], ...] = (
    ("open", gettext_lazy("People")),
    ("reviews_overdue", gettext_lazy("Reviews overdue")),
    ("no_contact", gettext_lazy("No contact for a while")),
    ("checks_overdue", gettext_lazy("Directory checks overdue")),
)
COLUMNS = DONE + LATE


@dataclass(frozen=True)
class TeamRow:
    team: Team
    member: bool  # the reader is in this team: exact counts
    current: bool  # the team the reader is working in now: its name links to its page
    cells: list[str]  # the DONE columns, then the LATE ones

    @property
    def done(self) -> list[str]:
        return self.cells[: len(DONE)]

    @property
    def late(self) -> list[str]:
        return self.cells[len(DONE) :]


def shown(n: int, *, coarse: bool) -> str:
    """A count, or "fewer than 5" for 1 to 4 when the reader is not in the team."""
    if coarse and 0 < n < TOO_FEW:
        return _("fewer than %(n)s") % {"n": TOO_FEW}
    return str(n)


def _by_team(rows: Iterable[tuple[int, int]]) -> dict[int, int]:
    return dict(rows)


def _people_counts(people: QuerySet[Person], today: dt.date) -> dict[str, dict[int, int]]:
    """Open people, people with an overdue review, people without contact: three queries."""
    since = today - dt.timedelta(days=no_contact_days())
    late = Goal.objects.open().filter(person__in=people, review_on__lt=today)
    quiet = people.annotate(last_contact=last_contact()).filter(
        Q(last_contact__lte=since) | Q(last_contact__isnull=True)
    )
    return {
        "open": _by_team(people.values_list("team").annotate(n=Count("pk")).order_by()),
        "reviews_overdue": _by_team(
            late.values_list("person__team").annotate(n=Count("person", distinct=True)).order_by()
        ),
        "no_contact": _by_team(quiet.values_list("team").annotate(n=Count("pk")).order_by()),
    }


# The kinds of ErasedActivity this page counts: what an erased person did stays in the counts.
NEW_CONNECTION, TRIED, KEPT_GOING, TAUGHT = "new_connection", "tried", "kept_going", "taught"
ERASED_KINDS = {
    NEW_CONNECTION: "new_connections",
    TRIED: "tried",
    KEPT_GOING: "kept_going",
    TAUGHT: "taught",
}


def _new_connections(people: Any) -> QuerySet[Connection]:
    return Connection.objects.filter(
        person__in=people, inside_services=False, started_on__isnull=False
    ).exclude(began=Began.ALREADY)


def keep_erased_activity(sender: Any, *, person: Person, erased: Any, **kwargs: Any) -> None:
    """people.signals.person_erasing: keep each dated thing this page counts as a kind and a
    day on the tombstone (ErasedActivity), so the team's counts are the same after the erasure."""
    from connecting_people.people.models import ErasedActivity

    started = _new_connections([person.pk]).values_list("started_on", flat=True)
    kept = [ErasedActivity(erased=erased, kind=NEW_CONNECTION, on=on) for on in started if on]
    kinds: dict[str, str] = {
        SuggestionStatus.TRIED: TRIED,
        SuggestionStatus.GOING_REGULARLY: KEPT_GOING,
    }
    changes = SuggestionChange.objects.filter(
        suggestion__person=person, to_status__in=list(kinds)
    ).order_by("suggestion_id", "on", "pk")
    items: dict[int, int] = {}
    for suggestion, to_status, on in changes.values_list("suggestion_id", "to_status", "on"):
        item = items.setdefault(suggestion, len(items) + 1)
        kept.append(ErasedActivity(erased=erased, kind=kinds[to_status], on=on, item=item))
    taught = Contact.objects.filter(person=person, taught_skill=True)
    kept += [
        ErasedActivity(erased=erased, kind=TAUGHT, on=on)
        for on in taught.values_list("happened_on", flat=True)
    ]
    ErasedActivity.objects.bulk_create(kept)


def _erased_work_counts(
    teams: QuerySet[Team], period: Period, counts: dict[str, dict[int, int]]
) -> None:
    """Add what erased people did in the period to the counts (one query): each new connection
    and skill shared once, each suggestion once per kind however often it changed."""
    from connecting_people.people.models import ErasedActivity

    rows = ErasedActivity.objects.filter(
        erased__team__in=teams, on__range=(period.since, period.until)
    ).values_list("erased__team_id", "kind", "erased_id", "item")
    seen: set[tuple[str, int, int]] = set()
    for team, kind, erased, item in rows:
        key = ERASED_KINDS.get(kind)
        if key is None:
            continue
        if kind in (TRIED, KEPT_GOING):
            if (kind, erased, item) in seen:
                continue
            seen.add((kind, erased, item))
        counts[key][team] = counts[key].get(team, 0) + 1


def _work_counts(people: QuerySet[Person], period: Period) -> dict[str, dict[int, int]]:
    """New connections, activities tried and kept up, skills shared: four queries."""
    span = (period.since, period.until)
    new = _new_connections(people).filter(started_on__range=span)
    changes = SuggestionChange.objects.filter(suggestion__person__in=people, on__range=span)
    per_team = "suggestion__person__team"

    def moved_to(status: str) -> dict[int, int]:
        rows = changes.filter(to_status=status).values_list(per_team)
        return _by_team(rows.annotate(n=Count("suggestion", distinct=True)).order_by())

    taught = Contact.objects.filter(person__in=people, taught_skill=True, happened_on__range=span)
    return {
        "new_connections": _by_team(
            new.values_list("person__team").annotate(n=Count("pk")).order_by()
        ),
        "tried": moved_to(SuggestionStatus.TRIED),
        "kept_going": moved_to(SuggestionStatus.GOING_REGULARLY),
        "taught": _by_team(taught.values_list("person__team").annotate(n=Count("pk")).order_by()),
    }


def _directory_counts(
    teams: QuerySet[Team], period: Period, today: dt.date
) -> dict[str, dict[int, int]]:
    """Services added, re-checked and overdue a check, per team: one query."""
    span = (period.since, period.until)
    rows = (
        TeamService.objects.filter(team__in=teams)
        .values("team")
        .annotate(
            added=Count("pk", filter=Q(created_at__date__range=span)),
            rechecked=Count(
                "pk",
                filter=Q(last_checked_on__range=span, created_at__date__lt=period.since),
            ),
            checks_overdue=Count(
                "pk", filter=Q(check_due_on__isnull=True) | Q(check_due_on__lt=today)
            ),
        )
        .order_by()
    )
    found: dict[str, dict[int, int]] = {"added": {}, "rechecked": {}, "checks_overdue": {}}
    for row in rows:
        values: dict[str, Any] = dict(row)
        for key, counts in found.items():
            counts[values["team"]] = values[key]
    return found


def organisation_rows(
    organisation: Organisation,
    *,
    member_of: frozenset[int],
    current: int | None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Each of the organisation's teams with its counts, as this reader may see them. Ten
    queries."""
    today = today or timezone.localdate()
    period = last_quarter(today)
    teams = Team.objects.filter(organisation=organisation)
    everyone = Person.objects.filter(team__in=teams)
    counts = {
        **_people_counts(everyone.open(), today),
        **_work_counts(everyone, period),
        **_directory_counts(teams, period, today),
    }
    _erased_work_counts(teams, period, counts)
    rows = []
    for team in teams.order_by("name", "pk"):
        member = team.pk in member_of
        cells = [shown(counts[key].get(team.pk, 0), coarse=not member) for key, _ in COLUMNS]
        rows.append(TeamRow(team, member, team.pk == current, cells))
    return {
        "period": period,
        "rows": rows,
        "done_columns": [label for _, label in DONE],
        "late_columns": [label for _, label in LATE],
    }
