"""The access layer bound to the plan's records: a goal, step, barrier or contact of one person.

The person is opened first (`people.access.person_for`); each record here is then fetched from
that person's own, 404 for anyone else's (audited as refused, like any record; see `core.access`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from connecting_people.core import access
from connecting_people.people.models import Person
from connecting_people.plans.models import Barrier, Contact, Goal, Step


def goal_for(request: HttpRequest, person: Person, pk: Any) -> Goal:
    """One of this person's goals."""
    return access.child_for(request, Goal.objects.all(), parent=person, pk=pk)


def step_for(request: HttpRequest, goal: Goal, pk: Any) -> Step:
    """One of this goal's steps."""
    return access.child_for(request, Step.objects.all(), parent=goal, pk=pk, via="goal")


def barrier_for(request: HttpRequest, person: Person, pk: Any) -> Barrier:
    """One of this person's barriers, with its kind."""
    return access.child_for(request, Barrier.objects.select_related("kind"), parent=person, pk=pk)


def contact_for(request: HttpRequest, person: Person, pk: Any) -> Contact:
    """One of this person's logged contacts."""
    return access.child_for(request, Contact.objects.all(), parent=person, pk=pk)


def step_for_person(request: HttpRequest, person: Person, pk: Any) -> Step:
    """One of the steps of any of this person's goals (a next step shown on their page)."""
    steps = Step.objects.select_related("goal").filter(goal__person=person)
    step = access.record_for(request, steps, pk=pk, audit=False)
    step.goal.person = person
    return step
