"""Reads for the person's own space, in a fixed number of queries. The person has already been
loaded through `portal.access.own_person`; everything here hangs off that one record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch

from connecting_people.people.models import Person
from connecting_people.people.selectors import different_views_of
from connecting_people.plans.models import GoalStatus, Step, StepStatus
from connecting_people.plans.services import goal_progress
from connecting_people.portal.services import OPEN_STEPS, may_mark_done

NEXT_STEPS = 5
_OPEN_GOALS = (GoalStatus.WORKING_ON, GoalStatus.ON_HOLD)


def next_steps(person: Person, *, limit: int = NEXT_STEPS) -> list[Step]:
    """The person's open steps on open goals, soonest first (undated last). One query."""
    steps = list(
        Step.objects.filter(
            goal__person=person, goal__status__in=_OPEN_GOALS, status__in=OPEN_STEPS
        ).select_related("goal")
    )
    steps.sort(key=lambda s: (s.target_on or dt.date.max, s.goal.agreed_on, s.position, s.pk))
    for step in steps:
        step.may_mark_done = may_mark_done(step)  # type: ignore[attr-defined]
    return steps[:limit]


def own_plan(person: Person) -> dict[str, Any]:
    """What matters, goals with their steps, barriers, interests, and the person's own views."""
    goals = list(
        person.goals.order_by("agreed_on", "pk").prefetch_related(
            Prefetch("steps", queryset=Step.objects.order_by("position", "pk"))
        )
    )
    for goal in goals:
        steps = list(goal.steps.all())
        goal.done, goal.total = goal_progress(steps)  # type: ignore[attr-defined]
        for step in steps:
            step.may_mark_done = may_mark_done(step)  # type: ignore[attr-defined]
            step.is_done = step.status == StepStatus.DONE  # type: ignore[attr-defined]
    return {
        "goals": [g for g in goals if g.status in _OPEN_GOALS],
        "closed_goals": [g for g in goals if g.status not in _OPEN_GOALS],
        "barriers": list(person.barriers.open().select_related("kind").order_by("pk")),
        "interests": list(person.interests.order_by("when", "pk")),
        "different_views": different_views_of(person),
    }
