"""A person in the cast's team with a plan: a goal with steps, a barrier, a contact."""

from types import SimpleNamespace

import pytest

from connecting_people.plans import services
from tests.plans.factories import (
    ContactFactory,
    GoalFactory,
    PersonFactory,
    StepFactory,
    barrier_type,
)


@pytest.fixture
def person(cast):
    return PersonFactory(team=cast.team, preferred_name="Sam", keyworker=cast.practitioner)


@pytest.fixture
def plan(cast, person):
    """Sam's plan, as the views would find it."""
    goal = GoalFactory(person=person, text="Get back to swimming")
    steps = [StepFactory(goal=goal, text=text) for text in ("Find the pool", "Buy a costume")]
    barrier = services.barrier_create(
        person=person,
        kind=barrier_type("money"),
        plan="Ask about concessions",
        by=cast.practitioner,
    )
    contact = ContactFactory(person=person)
    return SimpleNamespace(
        person=person, goal=goal, steps=steps, step=steps[0], barrier=barrier, contact=contact
    )
