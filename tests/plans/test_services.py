"""The plan's services on the real database: rules, history, conflicts and audit."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.plans import services
from connecting_people.plans.models import (
    BarrierStatus,
    BarrierType,
    ContactKind,
    GoalStatus,
    Step,
    StepStatus,
    WhoChoice,
)
from tests.plans.factories import (
    GoalFactory,
    InterestFactory,
    PersonFactory,
    StepFactory,
    barrier_type,
    days_ago,
)


def _positions(goal):
    return list(goal.steps.order_by("position").values_list("text", flat=True))


# Progress ---------------------------------------------------------------------------------------


def test_goal_progress_counts_done_steps_out_of_those_not_dropped():
    statuses = [StepStatus.DONE, StepStatus.DONE, StepStatus.DOING, StepStatus.DROPPED]
    steps = [Step(status=status) for status in [*statuses, StepStatus.TO_DO, StepStatus.PAUSED]]
    assert services.goal_progress(steps) == (2, 5)


def test_goal_progress_of_no_steps_is_nothing_of_nothing():
    assert services.goal_progress([]) == (0, 0)


def test_goal_progress_of_only_dropped_steps_is_nothing_of_nothing():
    assert services.goal_progress([Step(status=StepStatus.DROPPED)]) == (0, 0)


# Goals ------------------------------------------------------------------------------------------


def test_goal_create_records_the_goal_its_links_and_an_audit_event(cast, person):
    interest = InterestFactory(person=person)
    barrier = services.barrier_create(person=person, kind=barrier_type(), by=cast.practitioner)
    goal = services.goal_create(
        person=person,
        text="  I want to go swimming again  ",
        whose_idea=WhoChoice.PERSON,
        agreed_on=days_ago(2),
        review_on=days_ago(-60),
        interests=[interest],
        barriers=[barrier],
        by=cast.practitioner,
    )
    assert goal.text == "I want to go swimming again"
    assert goal.status == GoalStatus.WORKING_ON
    assert list(goal.interests.all()) == [interest]
    assert list(goal.barriers.all()) == [barrier]
    event = AuditEvent.objects.get(action=AuditAction.CREATED, target_type="plans.goal")
    assert event.actor == cast.practitioner
    assert event.team == cast.team


def test_goal_create_refuses_a_review_date_before_the_agreed_date(cast, person):
    with pytest.raises(ValidationError) as refused:
        services.goal_create(
            person=person,
            text="Join a choir",
            whose_idea=WhoChoice.TOGETHER,
            agreed_on=days_ago(1),
            review_on=days_ago(5),
            by=cast.practitioner,
        )
    assert refused.value.message_dict["review_on"] == [
        "The review date must be on or after the date you agreed the goal"
    ]


def test_goal_create_refuses_empty_text_and_another_persons_interest(cast, person):
    someone_else = InterestFactory(person=PersonFactory(team=cast.team))
    with pytest.raises(ValidationError) as refused:
        services.goal_create(
            person=person,
            text="   ",
            whose_idea=WhoChoice.TOGETHER,
            agreed_on=days_ago(1),
            interests=[someone_else],
            by=cast.practitioner,
        )
    assert set(refused.value.message_dict) == {"text", "interests"}
    assert not person.goals.exists()


def test_goal_update_saves_and_moves_the_version_on(cast, person):
    goal = GoalFactory(person=person)
    services.goal_update(
        goal=goal,
        version=goal.version,
        text="Swim once a week",
        whose_idea=WhoChoice.PERSON,
        agreed_on=goal.agreed_on,
        review_on=None,
        by=cast.practitioner,
    )
    goal.refresh_from_db()
    assert (goal.text, goal.version) == ("Swim once a week", 2)
    event = AuditEvent.objects.get(action=AuditAction.CHANGED, target_type="plans.goal")
    assert event.detail == {"fields": ["text", "whose_idea"], "subject": person.pk}


def test_goal_update_from_an_old_version_is_refused_with_what_changed(cast, person):
    goal = GoalFactory(person=person, text="Swim", whose_idea=WhoChoice.TOGETHER)
    loaded = goal.version
    fields = {"whose_idea": WhoChoice.TOGETHER, "agreed_on": goal.agreed_on, "review_on": None}
    services.goal_update(goal=goal, version=loaded, text="Swim weekly", by=cast.team_lead, **fields)
    with pytest.raises(EditConflict) as refused:
        services.goal_update(
            goal=goal, version=loaded, text="Swim daily", by=cast.practitioner, **fields
        )
    [difference] = refused.value.differences
    assert (difference.field, difference.theirs, difference.yours) == (
        "text",
        "Swim weekly",
        "Swim daily",
    )
    goal.refresh_from_db()
    assert goal.text == "Swim weekly"


def test_goal_update_refuses_an_agreed_date_after_its_steps_are_due(cast, person):
    goal = GoalFactory(person=person, agreed_on=days_ago(30))
    StepFactory(goal=goal, target_on=days_ago(20))
    with pytest.raises(ValidationError) as refused:
        services.goal_update(
            goal=goal,
            version=goal.version,
            text=goal.text,
            whose_idea=goal.whose_idea,
            agreed_on=days_ago(10),
            review_on=None,
            by=cast.practitioner,
        )
    assert "1 step aims to be done before this date" in refused.value.message_dict["agreed_on"][0]


def test_goal_set_status_marks_it_and_audits_the_change(cast, person):
    goal = GoalFactory(person=person)
    services.goal_set_status(
        goal=goal, status=GoalStatus.ACHIEVED, version=goal.version, by=cast.practitioner
    )
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED
    assert AuditEvent.objects.filter(
        detail={"status": ["working_on", "achieved"], "subject": person.pk}
    ).exists()


def test_goal_set_status_refuses_an_unknown_status(cast, person):
    with pytest.raises(ValidationError):
        services.goal_set_status(
            goal=GoalFactory(person=person), status="won", version=1, by=cast.team_lead
        )


# Steps ------------------------------------------------------------------------------------------


def test_step_add_puts_the_step_at_the_end(cast, person):
    goal = GoalFactory(person=person)
    first = services.step_add(goal=goal, text="Find the pool", who="person", by=cast.practitioner)
    second = services.step_add(goal=goal, text="Go once", who="together", by=cast.practitioner)
    assert first.position < second.position
    assert _positions(goal) == ["Find the pool", "Go once"]


def test_step_add_refuses_a_target_date_before_the_goal_was_agreed(cast, person):
    goal = GoalFactory(person=person, agreed_on=days_ago(10))
    with pytest.raises(ValidationError) as refused:
        services.step_add(
            goal=goal, text="Ring the pool", who="worker", target_on=days_ago(11), by=cast.team_lead
        )
    assert refused.value.message_dict["target_on"][0].startswith(
        "The date to aim for cannot be before the goal was agreed"
    )


def test_step_add_refuses_an_empty_step(cast, person):
    with pytest.raises(ValidationError) as refused:
        services.step_add(
            goal=GoalFactory(person=person), text=" ", who="person", by=cast.team_lead
        )
    assert refused.value.message_dict == {"text": ["Describe the step"]}


def test_step_set_status_done_dates_it_and_undoing_clears_the_date(cast, person):
    step = StepFactory(goal=GoalFactory(person=person))
    services.step_set_status(
        step=step, status=StepStatus.DONE, version=step.version, by=cast.practitioner
    )
    step.refresh_from_db()
    assert (step.status, step.done_on) == (StepStatus.DONE, timezone.localdate())
    services.step_set_status(
        step=step, status=StepStatus.DOING, version=step.version, by=cast.practitioner
    )
    step.refresh_from_db()
    assert (step.status, step.done_on) == (StepStatus.DOING, None)


def test_step_set_status_done_again_keeps_the_day_it_was_done(cast, person):
    step = StepFactory(goal=GoalFactory(person=person))
    services.step_set_status(
        step=step, status="done", version=1, on=days_ago(3), by=cast.practitioner
    )
    services.step_set_status(step=step, status="done", version=2, by=cast.practitioner)
    step.refresh_from_db()
    assert step.done_on == days_ago(3)


def test_step_update_from_an_old_version_is_refused(cast, person):
    step = StepFactory(goal=GoalFactory(person=person), text="Ring the pool", who="worker")
    fields = {"who": "worker", "target_on": None, "notes": ""}
    services.step_update(step=step, version=1, text="Email the pool", by=cast.team_lead, **fields)
    with pytest.raises(EditConflict) as refused:
        services.step_update(
            step=step, version=1, text="Visit the pool", by=cast.team_lead, **fields
        )
    assert [d.field for d in refused.value.differences] == ["text"]


def test_steps_reorder_puts_the_steps_in_the_order_given(cast, person):
    goal = GoalFactory(person=person)
    a, b, c = (StepFactory(goal=goal, text=text) for text in "abc")
    services.steps_reorder(goal=goal, order=[c.pk, a.pk, b.pk], by=cast.practitioner)
    assert _positions(goal) == ["c", "a", "b"]


def test_steps_reorder_keeps_steps_not_named_after_the_others(cast, person):
    goal = GoalFactory(person=person)
    _a, _b, c = (StepFactory(goal=goal, text=text) for text in "abc")
    services.steps_reorder(goal=goal, order=[c.pk], by=cast.practitioner)
    assert _positions(goal) == ["c", "a", "b"]


def test_steps_reorder_refuses_steps_of_another_goal(cast, person):
    goal = GoalFactory(person=person)
    a, b = StepFactory(goal=goal, text="a"), StepFactory(goal=goal, text="b")
    foreign = StepFactory(goal=GoalFactory(person=person), text="elsewhere")
    with pytest.raises(ValidationError):
        services.steps_reorder(goal=goal, order=[b.pk, foreign.pk, a.pk], by=cast.practitioner)
    assert _positions(goal) == ["a", "b"]
    foreign.refresh_from_db()
    assert foreign.goal != goal


def test_steps_reorder_refuses_a_step_named_twice(cast, person):
    goal = GoalFactory(person=person)
    a, b = StepFactory(goal=goal), StepFactory(goal=goal)
    with pytest.raises(ValidationError):
        services.steps_reorder(goal=goal, order=[a.pk, a.pk, b.pk], by=cast.practitioner)


def test_step_move_swaps_with_its_neighbour_and_stops_at_the_ends(cast, person):
    goal = GoalFactory(person=person)
    a, _b, c = (StepFactory(goal=goal, text=text) for text in "abc")
    services.step_move(step=c, direction="up", by=cast.practitioner)
    assert _positions(goal) == ["a", "c", "b"]
    services.step_move(step=a, direction="up", by=cast.practitioner)
    assert _positions(goal) == ["a", "c", "b"]
    services.step_move(step=a, direction="down", by=cast.practitioner)
    assert _positions(goal) == ["c", "a", "b"]


def test_step_remove_deletes_it_and_audits(cast, person):
    step = StepFactory(goal=GoalFactory(person=person))
    services.step_remove(step=step, by=cast.practitioner)
    assert not Step.objects.filter(pk=step.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETED, target_type="plans.step").exists()


# Barriers ---------------------------------------------------------------------------------------


def test_barrier_create_starts_its_dated_history(cast, person):
    barrier = services.barrier_create(
        person=person,
        kind=barrier_type("confidence"),
        affects="Going to groups",
        plan="Go together the first time",
        note="Sam raised this",
        by=cast.practitioner,
    )
    [first] = barrier.updates.all()
    assert (first.status, first.note, first.on, first.by) == (
        BarrierStatus.OPEN,
        "Sam raised this",
        timezone.localdate(),
        cast.practitioner,
    )


def test_barrier_create_refuses_a_kind_no_longer_offered(cast, person):
    kind = BarrierType.objects.create(slug="old", name="Old kind", family="contextual")
    kind.is_active = False
    kind.save()
    with pytest.raises(ValidationError):
        services.barrier_create(person=person, kind=kind, by=cast.practitioner)


def test_barrier_update_with_a_new_status_adds_to_its_history(cast, person):
    barrier = services.barrier_create(person=person, kind=barrier_type(), by=cast.practitioner)
    services.barrier_update(
        barrier=barrier,
        version=barrier.version,
        kind=barrier.kind,
        affects="",
        plan="Apply for a leisure card",
        status=BarrierStatus.BEING_ADDRESSED,
        note="Form filled in together",
        by=cast.team_lead,
    )
    history = list(barrier.updates.values_list("status", "note"))
    assert history == [
        (BarrierStatus.OPEN, ""),
        (BarrierStatus.BEING_ADDRESSED, "Form filled in together"),
    ]


def test_barrier_update_without_a_status_change_or_note_adds_no_history(cast, person):
    barrier = services.barrier_create(person=person, kind=barrier_type(), by=cast.practitioner)
    services.barrier_update(
        barrier=barrier,
        version=barrier.version,
        kind=barrier.kind,
        affects="Bus fares",
        plan="",
        status=BarrierStatus.OPEN,
        by=cast.team_lead,
    )
    assert barrier.updates.count() == 1


def test_barrier_update_from_an_old_version_is_refused_with_what_changed(cast, person):
    barrier = services.barrier_create(person=person, kind=barrier_type(), by=cast.practitioner)
    same = {"kind": barrier.kind, "affects": "", "version": 1}
    services.barrier_update(
        barrier=barrier, plan="Leisure card", status="open", by=cast.team_lead, **same
    )
    with pytest.raises(EditConflict) as refused:
        services.barrier_update(
            barrier=barrier, plan="Bus pass", status="resolved", by=cast.practitioner, **same
        )
    assert {d.field: (d.theirs, d.yours) for d in refused.value.differences} == {
        "plan": ("Leisure card", "Bus pass"),
        "status": ("Open", "Resolved"),
    }
    assert barrier.updates.count() == 1  # the refused status change left no history


# Contacts ---------------------------------------------------------------------------------------


def test_contact_log_records_who_wrote_it(cast, person):
    contact = services.contact_log(
        person=person,
        happened_on=days_ago(0),
        kind=ContactKind.ACCOMPANIED_VISIT,
        what_happened="Went to the allotment open day together",
        duration_minutes=90,
        went_along=True,
        people_met="Jo, R.K.",
        by=cast.practitioner,
    )
    assert contact.recorded_by == cast.practitioner
    assert contact.went_along
    assert not contact.taught_skill
    assert AuditEvent.objects.filter(target_type="plans.contact", action="created").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"happened_on": days_ago(-1)}, "happened_on"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 1441}, "duration_minutes"),
        ({"what_happened": "  "}, "what_happened"),
        ({"kind": "seance"}, "kind"),
    ],
)
def test_contact_log_refuses_bad_input(cast, person, change, field):
    fields = {"happened_on": days_ago(0), "kind": "meeting", "what_happened": "Coffee", **change}
    with pytest.raises(ValidationError) as refused:
        services.contact_log(person=person, by=cast.practitioner, **fields)
    assert list(refused.value.message_dict) == [field]
    assert not person.contacts.exists()
