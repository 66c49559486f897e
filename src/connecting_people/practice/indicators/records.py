"""What the indicators are worked out from: the few facts about each person, read in a fixed
number of queries (one per kind of record) however many people there are.

Everything is read "as it stood" on a day (`on`): a record dated after that day is left out, so
the same code gives this quarter's figures and the quarters before it. A record's own date is
used where it has one (a snapshot's, a contact's, a goal's agreed date for its steps, a
questionnaire's); a connection or a barrier, which have none that says when it was recorded,
counts from the day it was saved. Where the
person stood in their time with the team on that day comes from their status history (the last
step on or before the day); someone with no history at all is taken as they are now.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from connecting_people.network.models import Connection, Snapshot, made_on
from connecting_people.outcomes.models import Response, ResponseStatus
from connecting_people.outcomes.pairs import follows
from connecting_people.people.models import OPEN_STATUSES, Person, Status, StatusChange
from connecting_people.plans.models import (
    Barrier,
    BarrierStatus,
    Contact,
    ContactKind,
    Goal,
    Step,
    WhoChoice,
)
from connecting_people.suggestions.models import Suggestion, SuggestionChange, SuggestionStatus

# Who, with the person, counts as sharing a goal or a step.
THE_PERSON = (WhoChoice.PERSON, WhoChoice.TOGETHER)
TALKED_ABOUT = {s.value for s in SuggestionStatus} - {SuggestionStatus.SUGGESTED}
TRIED = {SuggestionStatus.TRIED, SuggestionStatus.GOING_REGULARLY}


# The people's ids, as a subquery (`person__in=ids`): never fetched on their own.
Ids = QuerySet[Person, Any]


@dataclass
class Records:
    """The facts the indicators need, person by person (ids only: never a name)."""

    on: dt.date
    started: dict[int, dt.date] = field(default_factory=dict)
    status: dict[int, str] = field(default_factory=dict)  # as it stood on the day
    moved_on: dict[int, dt.date] = field(default_factory=dict)  # latest moving on, by the day
    planned_by_moving_on: set[int] = field(default_factory=set)
    keep_in_touch_agreed: set[int] = field(default_factory=set)  # as at their latest moving on
    with_map: set[int] = field(default_factory=set)
    map_looked_at: dict[int, dt.date] = field(default_factory=dict)  # latest snapshot
    shared_goal: set[int] = field(default_factory=set)
    with_steps: set[int] = field(default_factory=set)
    person_steps: set[int] = field(default_factory=set)
    with_barriers: set[int] = field(default_factory=set)
    barrier_without_plan: set[int] = field(default_factory=set)
    went_along: set[int] = field(default_factory=set)
    last_contact: dict[int, dt.date] = field(default_factory=dict)
    talked_about: set[int] = field(default_factory=set)
    tried: set[int] = field(default_factory=set)
    new_connection: set[int] = field(default_factory=set)
    measured_twice: set[int] = field(default_factory=set)

    @property
    def open(self) -> set[int]:
        """People the team was working with on the day (not moved on)."""
        return {pid for pid, status in self.status.items() if status in OPEN_STATUSES}


def gather(people: QuerySet[Person], *, on: dt.date) -> Records:
    """Read the facts for `people` (already limited by the access layer) as they stood `on`."""
    found = Records(on=on)
    rows = people.filter(started_on__lte=on).values_list("pk", "started_on", "status")
    for pid, started_on, status in rows:
        found.started[pid] = started_on
        found.status[pid] = status
    ids = people.filter(started_on__lte=on).values("pk")
    _history(found, ids)
    _map(found, ids)
    _plan(found, ids)
    _contacts(found, ids)
    _suggestions(found, ids)
    _measures(found, ids)
    return found


def _end_of(day: dt.date) -> Q:
    """Saved on or before the day (by the local calendar)."""
    return Q(created_at__date__lte=day)


def _history(found: Records, ids: Ids) -> None:
    changes = (
        StatusChange.objects.filter(person__in=ids, on__lte=found.on)
        .order_by("person", "on", "at", "pk")
        .values_list("person_id", "to_status", "on", "moving_on_plan", "keep_in_touch")
    )
    planned: dict[int, dt.date] = {}
    agreed: dict[int, bool] = {}
    for pid, to_status, on, plan, keep_in_touch in changes:
        found.status[pid] = to_status  # the last one on or before the day wins
        if plan.strip():
            planned.setdefault(pid, on)
        if keep_in_touch is not None:  # the latest answer given stands
            agreed[pid] = keep_in_touch
        if to_status == Status.MOVED_ON:
            found.moved_on[pid] = on
    found.keep_in_touch_agreed = {pid for pid, yes in agreed.items() if yes}
    found.planned_by_moving_on = {
        pid for pid, day in planned.items() if pid in found.moved_on and day <= found.moved_on[pid]
    }


def _map(found: Records, ids: Ids) -> None:
    on = found.on
    found.with_map = set(
        Connection.objects.filter(_end_of(on), person__in=ids).values_list("person_id", flat=True)
    )
    snapshots = Snapshot.objects.filter(person__in=ids, taken_on__lte=on).order_by("taken_on")
    for pid, taken_on in snapshots.values_list("person_id", "taken_on"):
        found.map_looked_at[pid] = taken_on
    found.with_map |= set(found.map_looked_at)  # a snapshot taken means there was a map
    new = Connection.objects.filter(person__in=ids).new_outside_services()
    for pid, started_on, created_at in new.values_list("person_id", "started_on", "created_at"):
        if made_on(started_on, created_at) <= on:
            found.new_connection.add(pid)


def _plan(found: Records, ids: Ids) -> None:
    on = found.on
    # A step counts from the day its goal was agreed (steps are agreed with their goal).
    steps = Step.objects.filter(goal__person__in=ids, goal__agreed_on__lte=on)
    for pid, who in steps.values_list("goal__person_id", "who"):
        found.with_steps.add(pid)
        if who in THE_PERSON:
            found.person_steps.add(pid)
    stepped = Step.objects.filter(goal=OuterRef("pk"))
    goals = Goal.objects.filter(
        Exists(stepped), person__in=ids, agreed_on__lte=on, whose_idea__in=THE_PERSON
    )
    found.shared_goal = set(goals.values_list("person_id", flat=True))
    barriers = Barrier.objects.filter(_end_of(on), person__in=ids)
    for pid, plan, status in barriers.values_list("person_id", "plan", "status"):
        found.with_barriers.add(pid)
        if not plan.strip() and status != BarrierStatus.RESOLVED:
            found.barrier_without_plan.add(pid)


def _contacts(found: Records, ids: Ids) -> None:
    contacts = Contact.objects.filter(person__in=ids, happened_on__lte=found.on)
    rows = contacts.values_list("person_id", "happened_on", "went_along", "kind")
    for pid, happened_on, went_along, kind in rows:
        if went_along or kind == ContactKind.ACCOMPANIED_VISIT:
            found.went_along.add(pid)
        if happened_on > found.last_contact.get(pid, dt.date.min):
            found.last_contact[pid] = happened_on


def _suggestions(found: Records, ids: Ids) -> None:
    on = found.on
    reached: dict[int, set[str]] = defaultdict(set)
    current = Suggestion.objects.filter(person__in=ids, status_on__lte=on)
    for pid, status in current.values_list("person_id", "status"):
        reached[pid].add(status)
    history = SuggestionChange.objects.filter(suggestion__person__in=ids, on__lte=on)
    for pid, status in history.values_list("suggestion__person_id", "to_status"):
        reached[pid].add(status)
    found.talked_about = {pid for pid, seen in reached.items() if seen & TALKED_ABOUT}
    found.tried = {pid for pid, seen in reached.items() if seen & TRIED}


def _measures(found: Records, ids: Ids) -> None:
    """Someone with the same questionnaire completed twice, far enough apart to be a baseline
    and a follow-up (outcomes.pairs' rule)."""
    responses = Response.objects.filter(
        person__in=ids, status=ResponseStatus.COMPLETE, taken_on__lte=found.on
    ).order_by("taken_on")
    first: dict[tuple[int, str], dt.date] = {}
    rows = responses.values_list("person_id", "instrument__slug", "taken_on")
    for pid, slug, taken_on in rows:
        baseline = first.setdefault((pid, slug), taken_on)
        if follows(baseline, taken_on):
            found.measured_twice.add(pid)
