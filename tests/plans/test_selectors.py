"""What the person's overview and history read from the plan, and at what cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connecting_people.plans import services
from connecting_people.plans.models import BarrierStatus, GoalStatus, StepStatus
from connecting_people.plans.selectors import contacts_to_link, plan_overview, timeline_events
from tests.plans.factories import (
    ContactFactory,
    GoalFactory,
    PersonFactory,
    StepFactory,
    barrier_type,
    days_ago,
)


def _queries(function, *args):
    with CaptureQueriesContext(connection) as captured:
        function(*args)
    return len(captured)


def _build_plan(cast, person, goals):
    for n in range(goals):
        goal = GoalFactory(person=person, review_on=days_ago(-10 - n))
        for status in (StepStatus.DONE, StepStatus.TO_DO, StepStatus.DROPPED):
            StepFactory(goal=goal, status=status, done_on=days_ago(1) if status == "done" else None)
        services.barrier_create(person=person, kind=barrier_type(), by=cast.practitioner)
        ContactFactory(person=person, happened_on=days_ago(n))


def test_plan_overview_shows_open_goals_with_progress_and_the_next_review(cast, person):
    later = GoalFactory(person=person, review_on=days_ago(-30))
    sooner = GoalFactory(person=person, review_on=days_ago(-7))
    held = GoalFactory(person=person, status=GoalStatus.ON_HOLD, review_on=days_ago(-1))
    achieved = GoalFactory(person=person, status=GoalStatus.ACHIEVED, review_on=days_ago(-2))
    StepFactory(goal=later, status=StepStatus.DONE, done_on=days_ago(1))
    StepFactory(goal=later, status=StepStatus.TO_DO, text="Ring the pool")
    StepFactory(goal=later, status=StepStatus.DROPPED)
    plan = plan_overview(person)
    assert plan["goals"] == [sooner, later, held]  # working on, soonest review first; then held
    assert plan["closed_goals"] == [achieved]
    assert (plan["goals"][1].steps_done, plan["goals"][1].steps_total) == (1, 2)
    assert plan["goals"][1].next_step.text == "Ring the pool"
    assert plan["next_review"] == days_ago(-1)
    assert plan["review_overdue"] is False


def test_plan_overview_says_when_the_review_is_overdue(person):
    GoalFactory(person=person, agreed_on=days_ago(30), review_on=days_ago(3))
    assert plan_overview(person)["review_overdue"] is True


def test_plan_overview_splits_barriers_and_keeps_the_five_latest_contacts(cast, person):
    open_one = services.barrier_create(person=person, kind=barrier_type(), by=cast.team_lead)
    resolved = services.barrier_create(person=person, kind=barrier_type("time"), by=cast.team_lead)
    services.barrier_update(
        barrier=resolved,
        version=1,
        kind=resolved.kind,
        affects="",
        plan="",
        status=BarrierStatus.RESOLVED,
        by=cast.team_lead,
    )
    contacts = [ContactFactory(person=person, happened_on=days_ago(n)) for n in range(7)]
    plan = plan_overview(person)
    assert plan["barriers"] == [open_one]
    assert plan["resolved_barriers"] == [resolved]
    assert plan["contacts"] == contacts[:5]
    assert plan["contact_count"] == 7
    assert plan["last_contact"] == days_ago(0)


def test_plan_overview_of_an_empty_plan(person):
    plan = plan_overview(person)
    assert plan["goals"] == plan["contacts"] == plan["barriers"] == []
    assert plan["next_review"] is None
    assert plan["last_contact"] is None


@pytest.mark.parametrize("reader", [plan_overview, timeline_events])
def test_plan_reads_cost_the_same_queries_for_1_or_20_goals(cast, reader):
    from tests.plans.factories import PersonFactory

    small, large = PersonFactory(team=cast.team), PersonFactory(team=cast.team)
    _build_plan(cast, small, 1)
    _build_plan(cast, large, 20)
    assert _queries(reader, small) == _queries(reader, large)


def test_timeline_events_are_dated_newest_first_with_links(cast, person):
    goal = GoalFactory(person=person, text="Join a choir", agreed_on=days_ago(20))
    StepFactory(goal=goal, text="Find a choir", status="done", done_on=days_ago(10))
    StepFactory(goal=goal, text="Not done yet")
    barrier = services.barrier_create(person=person, kind=barrier_type(), by=cast.team_lead)
    services.barrier_update(
        barrier=barrier,
        version=1,
        kind=barrier.kind,
        affects="",
        plan="",
        status=BarrierStatus.RESOLVED,
        note="Bus pass came",
        by=cast.team_lead,
    )
    ContactFactory(person=person, happened_on=days_ago(5), kind="accompanied_visit")
    events = timeline_events(person)
    assert [event.kind for event in events][-3:] == ["contact", "step", "goal"]
    assert {event.text for event in events} >= {
        "Goal agreed: Join a choir",
        "Step done: Find a choir",
        "Barrier recorded: Money",
        "Barrier now resolved: Money",
        "Contact logged: Went along together",
    }
    assert [event.date for event in events] == sorted((e.date for e in events), reverse=True)
    goal_url = reverse("plans:goal", args=[person.pk, goal.pk])
    assert {e.url for e in events if e.kind in ("goal", "step")} == {goal_url}
    assert any(e.detail == "Bus pass came" for e in events)


def test_contacts_to_link_are_the_persons_own_newest_first_without_what_was_said(cast, person):
    older = ContactFactory(person=person, happened_on=days_ago(9))
    newer = ContactFactory(person=person, happened_on=days_ago(2))
    ContactFactory(person=PersonFactory(team=cast.team), happened_on=days_ago(1))
    found = list(contacts_to_link(person))
    assert found == [newer, older]
    assert "what_happened" in found[0].get_deferred_fields()
