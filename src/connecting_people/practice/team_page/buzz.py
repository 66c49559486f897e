"""What the team has been doing, for its own page: counts for this month and this quarter, and
the few records behind each, newest first.

The caller passes the team's people already limited by the access layer. Every section costs a
fixed number of queries (counts are worked out by the database; the lists are cut to LATEST
rows), so the page costs the same however many people the team supports.

The rules, written down once (docs/team-page.md says them in words):
- A new connection is one outside services, that the person did not already have when it was
  recorded ("already knew them" never counts), and whose start date falls in the period. One
  with no start date counts in no period: nobody can say when it began.
- An activity was tried, or is being kept up, when its suggestion moved to "tried it" or to
  "going regularly" on a day in the period.
- A service was added when the team put it on its list in the period, and re-checked when its
  last check fell in the period on an entry added before the period began.
- A story shows once the person agreed the team may read it (a story they take back is
  deleted), for the quarter it was shared in.
- A skill was shared when a contact in the period says the person taught or shared one; a skill
  was offered when it was recorded, as one they would be happy to teach, in the period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from connecting_people.core.models import Team
from connecting_people.directory.models import TeamService
from connecting_people.network.models import Connection, SharedStory
from connecting_people.network.vocab import Began
from connecting_people.people.models import Person, Skill
from connecting_people.plans.models import Contact
from connecting_people.practice.team_page.periods import Period, this_month, this_quarter
from connecting_people.suggestions.models import SuggestionChange, SuggestionStatus

LATEST = 6  # records listed under each count


@dataclass(frozen=True)
class Counts:
    """How many in this month and in this quarter (so far)."""

    month: int
    quarter: int


@dataclass(frozen=True)
class Periods:
    month: Period
    quarter: Period


def periods_for(today: dt.date) -> Periods:
    return Periods(this_month(today), this_quarter(today))


def _counts(queryset: QuerySet[Any], field: str, periods: Periods, distinct: str = "pk") -> Counts:
    """One query: how many rows (or distinct `distinct`) have `field` in each period."""
    month, quarter = periods.month, periods.quarter
    found = queryset.filter(**{f"{field}__range": (quarter.since, quarter.until)}).aggregate(
        month=Count(distinct, distinct=True, filter=Q(**{f"{field}__gte": month.since})),
        quarter=Count(distinct, distinct=True),
    )
    return Counts(found["month"], found["quarter"])


def new_connections(people: QuerySet[Person], periods: Periods) -> dict[str, Any]:
    """New connections outside services (the rule above): how many, how many people made them,
    and the latest. Three queries."""
    new = Connection.objects.filter(
        person__in=people, inside_services=False, started_on__isnull=False
    ).exclude(began=Began.ALREADY)
    quarter = periods.quarter
    latest = new.filter(started_on__range=(quarter.since, quarter.until)).select_related("person")
    return {
        "connections": _counts(new, "started_on", periods),
        "people": _counts(new, "started_on", periods, distinct="person"),
        "latest": list(latest.order_by("-started_on", "-pk")[:LATEST]),
    }


def stories(people: QuerySet[Person], periods: Periods) -> list[SharedStory]:
    """The latest stories people agreed to share, from this quarter. One query."""
    shared = SharedStory.objects.filter(person__in=people, agreed_on__gte=periods.quarter.since)
    return list(shared.select_related("person", "connection").order_by("-agreed_on", "-pk")[:4])


def activities(people: QuerySet[Person], periods: Periods) -> dict[str, Any]:
    """Suggestions people tried, and ones they kept going to, in the period. Three queries."""
    changes = SuggestionChange.objects.filter(suggestion__person__in=people)
    tried = changes.filter(to_status=SuggestionStatus.TRIED)
    kept = changes.filter(to_status=SuggestionStatus.GOING_REGULARLY)
    quarter = periods.quarter
    latest = (
        changes.filter(
            to_status__in=(SuggestionStatus.TRIED, SuggestionStatus.GOING_REGULARLY),
            on__range=(quarter.since, quarter.until),
        )
        .select_related("suggestion__person", "suggestion__service", "suggestion__connector")
        .order_by("-on", "-pk")
    )
    return {
        "tried": _counts(tried, "on", periods, distinct="suggestion"),
        "kept_going": _counts(kept, "on", periods, distinct="suggestion"),
        "latest": list(latest[:LATEST]),
    }


def directory_work(team: Team, periods: Periods, *, today: dt.date) -> dict[str, Any]:
    """Services the team added and re-checked, by whom, and the checks due. Four queries."""
    entries = TeamService.objects.filter(team=team)
    quarter = periods.quarter
    rechecked = entries.filter(created_at__date__lt=quarter.since)
    return {
        "added": _counts(entries, "created_at__date", periods),
        "rechecked": _counts(rechecked, "last_checked_on", periods),
        "added_by": _by_whom(entries.filter(created_at__date__gte=quarter.since), "added_by__name"),
        "checked_by": _by_whom(
            rechecked.filter(last_checked_on__range=(quarter.since, quarter.until)),
            "last_checked_by__name",
        ),
        "checks": entries.aggregate(
            overdue=Count("pk", filter=Q(check_due_on__isnull=True) | Q(check_due_on__lt=today)),
            due_soon=Count("pk", filter=Q(check_due_on__range=(today, today + DUE_SOON))),
        ),
    }


DUE_SOON = dt.timedelta(days=14)


def _by_whom(entries: QuerySet[TeamService], name: str) -> list[tuple[str, int]]:
    """(who, how many), most first; entries whose worker has since gone are left out."""
    rows = (
        entries.exclude(**{f"{name}__isnull": True})
        .values_list(name)
        .annotate(n=Count("pk"))
        .order_by("-n", name)
    )
    return [(str(who), int(n)) for who, n in rows]


def skills_shared(people: QuerySet[Person], periods: Periods) -> dict[str, Any]:
    """Contacts where someone taught or shared a skill, and skills offered to teach. Four
    queries."""
    taught = Contact.objects.filter(person__in=people, taught_skill=True)
    offered = Skill.objects.filter(person__in=people, would_teach=True)
    quarter = periods.quarter
    latest = offered.filter(created_at__date__gte=quarter.since).select_related("person")
    return {
        "taught": _counts(taught, "happened_on", periods),
        "taught_people": _counts(taught, "happened_on", periods, distinct="person"),
        "offered": _counts(offered, "created_at__date", periods),
        "latest": list(latest.order_by("-created_at", "-pk")[:LATEST]),
    }


def team_buzz(
    team: Team, people: QuerySet[Person], *, today: dt.date | None = None
) -> dict[str, Any]:
    """Everything the "what we have been doing" half of the team page shows."""
    today = today or timezone.localdate()
    periods = periods_for(today)
    return {
        "periods": periods,
        "connections": new_connections(people, periods),
        "stories": stories(people, periods),
        "activities": activities(people, periods),
        "directory": directory_work(team, periods, today=today),
        "skills": skills_shared(people, periods),
    }
