"""Reading outcome measures. Callers check access to the person first (core.access)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from django.db.models import QuerySet

from connecting_people.outcomes import schedules
from connecting_people.outcomes.models import (
    Instrument,
    MeasureSchedule,
    Response,
    ResponseStatus,
)
from connecting_people.outcomes.presenting import point_label
from connecting_people.people.models import OPEN_STATUSES, Person


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


# Schedules ----------------------------------------------------------------------------------------


def schedule_for(team_id: int) -> MeasureSchedule | None:
    """The team's own schedule, or None when it uses the default. One query."""
    return MeasureSchedule.objects.filter(team_id=team_id).first()


def plans_for(team_ids: Iterable[int]) -> dict[int, schedules.Plan]:
    """Each team's schedule (the default for a team that has not set its own). One query."""
    wanted = set(team_ids)
    plans = dict.fromkeys(wanted, schedules.DEFAULT_PLAN)
    if wanted:
        for row in MeasureSchedule.objects.filter(team_id__in=wanted):
            plans[row.team_id] = row.plan
    return plans


def _taken(rows: Iterable[tuple[int, str, dt.date]]) -> dict[int, dict[str, list[dt.date]]]:
    taken: dict[int, dict[str, list[dt.date]]] = defaultdict(lambda: defaultdict(list))
    for person_id, slug, day in rows:
        taken[person_id][slug].append(day)
    return taken


def _completed(people: Any) -> Iterable[tuple[int, str, dt.date]]:
    return Response.objects.filter(
        status=ResponseStatus.COMPLETE, person_id__in=people
    ).values_list("person_id", "instrument__slug", "taken_on")


def _due(
    person: Any, plans: dict[int, schedules.Plan], taken: dict, today: dt.date
) -> schedules.PersonDue | None:
    """None for someone who has moved on: nothing is due for them."""
    if person.status not in OPEN_STATUSES:
        return None
    return schedules.person_due(
        person.started_on, taken.get(person.pk, {}), plans[person.team_id], today
    )


def due_for_people(
    people: Sequence[Person], *, today: dt.date
) -> dict[int, schedules.PersonDue | None]:
    """Person id → what is due, for a page of people already fetched. Two queries, however
    many people (none when there are none)."""
    if not people:
        return {}
    plans = plans_for(p.team_id for p in people)
    taken = _taken(_completed([p.pk for p in people]))
    return {p.pk: _due(p, plans, taken, today) for p in people}


def people_with_measures(
    people: QuerySet[Person], states: Collection[str], *, today: dt.date
) -> list[int]:
    """Ids of the people in `people` with a questionnaire in one of `states` (due, overdue).

    Three queries whatever the number of people: their start dates and teams, the teams'
    schedules, and their completed questionnaires' dates; the schedule is worked out here.
    """
    rows = list(people.order_by().values_list("pk", "team_id", "started_on", "status"))
    plans = plans_for({team_id for _, team_id, _, _ in rows})
    taken = _taken(_completed(people.order_by().values("pk")))
    found = []
    for pk, team_id, started_on, status in rows:
        if status not in OPEN_STATUSES:
            continue
        due = schedules.person_due(started_on, taken.get(pk, {}), plans[team_id], today)
        if any(i.state in states for i in due.instruments):
            found.append(pk)
    return found


def measures_overview(person: Person, *, today: dt.date) -> dict[str, Any]:
    """For the person's page: what is due or overdue, when the next one is, and questionnaires
    started and not finished. Three queries."""
    responses = list(
        Response.objects.filter(person=person)
        .select_related("instrument")
        .only("pk", "status", "taken_on", "instrument__slug", "instrument__short_title")
        .order_by("taken_on", "pk")
    )
    taken = _taken((person.pk, r.instrument.slug, r.taken_on) for r in responses if r.is_complete)
    due = _due(person, plans_for([person.team_id]), taken, today)
    titles = dict(Instrument.objects.current().values_list("slug", "short_title"))
    upcoming = [
        i.point.due_on
        for i in (due.instruments if due else ())
        if i.state == schedules.UPCOMING and i.point is not None
    ]
    return {
        "due": due,
        "attention": [
            {"state": i.state, "title": titles.get(i.slug, i.slug), "when": point_label(i.point)}
            for i in (due.needing_attention if due else ())
            if i.point is not None
        ],
        "next": min(upcoming, default=None),
        "in_progress": [r for r in responses if not r.is_complete],
        "completed": sum(1 for r in responses if r.is_complete),
        "last_taken": max((r.taken_on for r in responses if r.is_complete), default=None),
    }
