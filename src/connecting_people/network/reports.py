"""The team's practice with network maps: counts only, never a connection's label.

The caller passes the team's people already filtered by the access layer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from connecting_people.network.charts import team_over_time
from connecting_people.network.models import Connection, Snapshot, SnapshotKind, made_on
from connecting_people.people.models import OPEN_STATUSES, Person

TEAM_MONTHS = 6


def months_back(today: dt.date, months: int) -> list[dt.date]:
    """The first day of this month and of each of the months - 1 before it, oldest first."""
    firsts = []
    year, month = today.year, today.month
    for _step in range(months):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def team_network_report(
    people: QuerySet[Person], *, today: dt.date | None = None, months: int = TEAM_MONTHS
) -> dict[str, Any]:
    """Counts for a team's practice with network maps, in four queries. Never any label.

    `people` is the team's people, already filtered by the access layer. Only people the team
    is working with now (not moved on) count. Which connections are new is the rule of
    `Connection.objects.new_outside_services` (docs/network-measures.md): one the person already
    had when it was recorded never is. A new one counts in the month of its start date or, when
    that is not known, the month it was recorded.
    Keys: open (people), with_map, with_review, gained (people with at least one new connection
    outside services since `since`), new_outside (such connections), since, months (rows of
    month, people, connections) and chart.
    """
    today = today or timezone.localdate()
    firsts = months_back(today, months)
    since = firsts[0]
    open_people = people.filter(status__in=OPEN_STATUSES)
    open_count = open_people.count()
    with_map = Connection.objects.filter(person__in=open_people).values("person").distinct()
    with_review = (
        Snapshot.objects.filter(person__in=open_people, kind=SnapshotKind.REVIEW)
        .values("person")
        .distinct()
    )
    rows = (
        Connection.objects.filter(person__in=open_people)
        .new_outside_services()
        .filter(
            Q(started_on__gte=since) | Q(started_on__isnull=True, created_at__gte=_start_of(since))
        )
        .values_list("person_id", "started_on", "created_at")
    )
    by_month: dict[dt.date, list[int]] = {first: [] for first in firsts}
    for person_id, started_on, created_at in rows:
        day = made_on(started_on, created_at)
        month = by_month.get(dt.date(day.year, day.month, 1))
        if month is not None:  # a start date after today's month cannot be saved, but be safe
            month.append(person_id)
    labels = [date_format(first, "M Y") for first in firsts]
    people_each = [len(set(ids)) for ids in by_month.values()]
    connections_each = [len(ids) for ids in by_month.values()]
    return {
        "open": open_count,
        "with_map": with_map.count(),
        "with_review": with_review.count(),
        "gained": len({pid for ids in by_month.values() for pid in ids}),
        "new_outside": sum(connections_each),
        "since": since,
        "months": list(zip(labels, people_each, connections_each, strict=True)),
        "chart": team_over_time(labels, people_each, connections_each),
    }


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
