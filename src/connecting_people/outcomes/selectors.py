"""Reading outcome measures. Callers check access to the person first (core.access).

What a person may be asked, and so what can be due for them, is what their team's organisation
may use: Instrument.objects.visible_to(organisation_id), or visible_slugs() for many at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from django.db.models import Q, QuerySet

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


def responses_with_scoring() -> QuerySet[Response]:
    """Responses with their instrument, the version they were scored with and who recorded them,
    for one to be picked among a person's own."""
    return Response.objects.select_related("instrument", "scored_with", "recorded_by")


def responses_newest_first(person: Person) -> list[Response]:
    """The person's responses, newest first, as the measures page lists them."""
    return list(responses_with_scoring().filter(person=person).order_by("-taken_on", "-pk"))


def completed_responses(person: Person) -> list[Response]:
    """The person's completed responses, oldest first, with what they were scored with."""
    found = Response.objects.filter(person=person, status=ResponseStatus.COMPLETE)
    return list(found.select_related("instrument", "scored_with").order_by("taken_on", "pk"))


def instrument_version(
    slug: str, version: int | None = None, *, organisation_id: int | None = None
) -> Instrument | None:
    """One version of an instrument, or its current version when no version is given: the
    organisation's own when one is given, otherwise the whole deployment's."""
    found = Instrument.objects.filter(slug=slug)
    if organisation_id is None:
        found = found.filter(organisation__isnull=True)
    else:
        found = found.filter(organisation_id=organisation_id)
    if version is None:
        return found.filter(is_current=True).first()
    return found.filter(version=version).first()


def instruments_for(organisation_id: int | None) -> QuerySet[Instrument]:
    """The current version of every instrument this organisation may use, those ready to ask
    and those needing wording, by title."""
    return Instrument.objects.visible_to(organisation_id).order_by("short_title", "slug")


def visible_slugs(organisation_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """Organisation id → the ids of the instruments it may use (as visible_to, whose own
    version of an id only stands in for the deployment's). One query."""
    wanted = set(organisation_ids)
    if not wanted:
        return {}
    rows = Instrument.objects.filter(is_current=True).filter(
        Q(organisation__isnull=True) | Q(organisation_id__in=wanted)
    )
    shared: set[str] = set()
    own: dict[int, set[str]] = defaultdict(set)
    for organisation_id, slug in rows.values_list("organisation_id", "slug"):
        (shared if organisation_id is None else own[organisation_id]).add(slug)
    return {org: frozenset(shared | own[org]) for org in wanted}


# Schedules ----------------------------------------------------------------------------------------


def schedule_for(team_id: int) -> MeasureSchedule | None:
    """The team's own schedule, or None when it uses the default. One query."""
    return MeasureSchedule.objects.filter(team_id=team_id).first()


# A team's organisation and schedule, read alongside each person through their team.
_TEAM_FIELDS = (
    "team__organisation_id",
    "team__measure_schedule__pk",
    "team__measure_schedule__months",
    "team__measure_schedule__instruments",
)


def _plan(schedule_pk: int | None, months: Any, instruments: Any) -> schedules.Plan:
    """The team's own schedule as a Plan, or the default when it has none."""
    if schedule_pk is None:
        return schedules.DEFAULT_PLAN
    return schedules.Plan(
        months=tuple(int(m) for m in months or ()),
        instruments=tuple(str(s) for s in instruments or ()),
    )


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
    person: Any, plan: schedules.Plan, taken: dict, today: dt.date
) -> schedules.PersonDue | None:
    """None for someone who has moved on: nothing is due for them."""
    if person.status not in OPEN_STATUSES:
        return None
    return schedules.person_due(person.started_on, taken.get(person.pk, {}), plan, today)


def due_for_people(
    people: Sequence[Person], *, today: dt.date
) -> dict[int, schedules.PersonDue | None]:
    """Person id → what is due, for a page of people already fetched. Two queries, however
    many people (none when there are none): each person's team's organisation and schedule
    with their questionnaires' dates, and the instruments those organisations may use."""
    if not people:
        return {}
    # One row per response (or one with nulls for someone with none), each with the team's.
    rows = (
        Person.objects.filter(pk__in=[p.pk for p in people])
        .order_by()
        .values_list(
            "pk",
            *_TEAM_FIELDS,
            "measure_responses__status",
            "measure_responses__instrument__slug",
            "measure_responses__taken_on",
        )
    )
    teams: dict[int, tuple[int, schedules.Plan]] = {}
    completed = []
    for pk, org, schedule_pk, months, instruments, status, slug, day in rows:
        teams.setdefault(pk, (org, _plan(schedule_pk, months, instruments)))
        if status == ResponseStatus.COMPLETE:
            completed.append((pk, slug, day))
    visible = visible_slugs({org for org, _ in teams.values()})
    taken = _taken(completed)
    due = {}
    for person in people:
        org, plan = teams[person.pk]
        due[person.pk] = _due(person, plan.keeping(visible[org]), taken, today)
    return due


def people_with_measures(
    people: QuerySet[Person], states: Collection[str], *, today: dt.date
) -> list[int]:
    """Ids of the people in `people` with a questionnaire in one of `states` (due, overdue).

    Three queries whatever the number of people: their start dates with their teams'
    organisations and schedules, the instruments those organisations may use, and their
    completed questionnaires' dates; the schedule is worked out here.
    """
    rows = list(people.order_by().values_list("pk", "started_on", "status", *_TEAM_FIELDS))
    visible = visible_slugs({row[3] for row in rows})
    taken = _taken(_completed(people.order_by().values("pk")))
    found = []
    for pk, started_on, status, org, *schedule in rows:
        if status not in OPEN_STATUSES:
            continue
        plan = _plan(*schedule).keeping(visible[org])
        due = schedules.person_due(started_on, taken.get(pk, {}), plan, today)
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
    titles = dict(
        Instrument.objects.visible_to(person.team.organisation_id).values_list(
            "slug", "short_title"
        )
    )
    stored = schedule_for(person.team_id)
    plan = (stored.plan if stored else schedules.DEFAULT_PLAN).keeping(titles)
    due = _due(person, plan, taken, today)
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
