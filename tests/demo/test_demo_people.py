import datetime as dt
import re

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max
from django.utils import timezone

from connecting_people.core.models import Team, TeamMembership
from connecting_people.people.models import Person, Status, StatusChange, StatusChangeKind
from connecting_people.plans.models import Barrier, Contact, Goal, Step, StepStatus
from connecting_people_demo.people import STORIES


def _snapshot():
    """What a demo build made, in a form two builds can be compared by."""
    people = list(
        Person.objects.order_by("team__name", "preferred_name", "pk").values_list(
            "team__name", "preferred_name", "status", "keyworker__email", "started_on"
        )
    )
    goals = list(
        Goal.objects.order_by("person__preferred_name", "text").values_list(
            "person__preferred_name", "text", "agreed_on", "review_on", "status"
        )
    )
    steps = sorted(Step.objects.values_list("goal__text", "text", "status", "done_on"))
    return people, goals, steps


def test_demo_people_are_in_both_teams_with_varied_statuses(db):
    call_command("demo")
    for team in Team.objects.all():
        people = Person.objects.filter(team=team)
        assert people.count() >= 10
        statuses = set(people.values_list("status", flat=True))
        assert statuses == set(Status.values), team
        assert people.filter(status=Status.ACTIVE).count() > people.count() / 2
        assert set(people.values_list("keyworker", flat=True)) - {None} <= set(
            TeamMembership.objects.filter(team=team).values_list("user", flat=True)
        )


def test_demo_returned_person_has_moved_on_then_returned(db):
    call_command("demo")
    femi = Person.objects.get(preferred_name="Femi")
    history = list(femi.status_changes.values_list("kind", "on"))
    kinds = [kind for kind, _ in history]
    assert kinds == [
        StatusChangeKind.REFERRED,
        StatusChangeKind.STARTED,
        StatusChangeKind.MOVING_ON,
        StatusChangeKind.MOVED_ON,
        StatusChangeKind.RETURNED,
    ]
    dates = [on for _, on in history]
    assert dates == sorted(dates)
    assert dates[-1] < timezone.localdate()
    assert femi.status == Status.ACTIVE
    assert femi.moved_on_on is None
    assert femi.goals.filter(status="achieved").exists()  # from before: history kept


def test_demo_every_active_written_person_has_a_goal_with_steps(db):
    call_command("demo")
    active = Person.objects.filter(status=Status.ACTIVE)
    assert active.count() >= 12
    for person in active:
        assert person.what_matters, person
        assert 2 <= person.interests.count() <= 5, person
        goals = person.goals.annotate(steps_count=Count("steps"))
        assert 1 <= goals.count() <= 3, person
        assert all(2 <= goal.steps_count <= 5 for goal in goals), person
        assert person.contacts.exists(), person
        assert all(interest.categories.exists() for interest in person.interests.all())


def test_demo_people_show_the_range_a_team_sees(db):
    call_command("demo")
    today = timezone.localdate()
    open_goals = Goal.objects.open()
    assert open_goals.filter(review_on__lt=today).exists()
    assert open_goals.filter(review_on__gte=today, review_on__lte=today + dt.timedelta(14)).exists()
    assert {"person", "worker", "together"} <= set(
        Goal.objects.values_list("whose_idea", flat=True)
    )
    assert {"to_do", "doing", "done", "paused"} <= set(
        Step.objects.values_list("status", flat=True)
    )
    resolved = Barrier.objects.filter(status="resolved")
    assert resolved.exists()
    assert all(barrier.updates.count() >= 2 for barrier in resolved)
    quiet = Person.objects.filter(status=Status.ACTIVE).annotate(last=Max("contacts__happened_on"))
    assert any(p.last < today - dt.timedelta(days=30) for p in quiet)
    assert Contact.objects.filter(went_along=True).exists()
    assert Contact.objects.filter(learned_skill=True).exists()
    assert Contact.objects.filter(taught_skill=True).exists()
    assert Contact.objects.filter(kind="accompanied_visit").exists()
    assert Person.objects.filter(skills__would_teach=True).exists()


@pytest.mark.slow
def test_demo_people_are_deterministic(db):
    call_command("demo")
    first = _snapshot()
    call_command("demo", "--reset")
    assert _snapshot() == first


@pytest.mark.parametrize("stories", STORIES.values(), ids=STORIES.keys())
def test_written_stories_have_dates_in_order(stories):
    for story in stories:
        days = [story.started, *(change.day for change in story.history)]
        assert days == sorted(days), story.name
        assert days[-1] <= 0, story.name
        for goal in story.goals:
            assert story.started <= goal.agreed <= 0, goal.text
            assert goal.review is None or goal.review >= goal.agreed, goal.text
            for step in goal.steps:
                if step.status == StepStatus.DONE:
                    assert goal.agreed <= step.day <= 0, step.text
        for barrier in story.barriers:
            days = [day for day, _, _ in barrier.history]
            assert days == sorted(days), barrier.kind
            assert all(story.started <= d <= 0 for d in days), barrier.kind
        assert all(story.started <= contact.day <= 0 for contact in story.contacts), story.name


@pytest.mark.slow
def test_demo_people_option_adds_generated_people_with_plans(db):
    call_command("demo", "--people", "200")
    assert Person.objects.count() == 24 + 200
    generated = Person.objects.exclude(local_id__startswith="RV-").exclude(
        local_id__startswith="BH-"
    )
    assert generated.count() == 200
    for team in Team.objects.all():
        assert generated.filter(team=team).count() == 100
    working = generated.exclude(status=Status.REFERRED)
    assert working.annotate(n=Count("goals")).filter(n=0).count() == 0
    assert working.annotate(n=Count("contacts")).filter(n=0).count() == 0
    assert Step.objects.filter(goal__person__in=generated).count() > 200
    assert generated.filter(status=Status.MOVED_ON).exists()
    returned = StatusChange.objects.filter(person__in=generated, kind=StatusChangeKind.RETURNED)
    assert returned.exists()
    for name in generated.values_list("preferred_name", flat=True):
        assert re.fullmatch(r"\w+( [A-Z]\.)?", name), name  # a first name, never a surname
    _assert_generated_dates_in_order(generated)


def _assert_generated_dates_in_order(people):
    today = timezone.localdate()
    contacts = Contact.objects.filter(person__in=people)
    assert not contacts.filter(happened_on__gt=today).exists()
    assert not contacts.filter(happened_on__lt=F("person__started_on")).exists()
    assert not Goal.objects.filter(person__in=people, review_on__lt=F("agreed_on")).exists()
    steps = Step.objects.filter(goal__person__in=people)
    assert not steps.filter(done_on__lt=F("goal__agreed_on")).exists()
    assert not steps.filter(done_on__gt=today).exists()


@pytest.mark.slow
def test_demo_generated_people_are_deterministic(db):
    call_command("demo", "--people", "30")
    first = _snapshot()
    call_command("demo", "--reset", "--people", "30")
    assert _snapshot() == first


def test_demo_people_adds_more_to_an_existing_demo(db):
    call_command("demo")
    call_command("demo", "--people", "10")
    call_command("demo", "--people", "10")
    assert Person.objects.count() == 24 + 20


@pytest.mark.slow
def test_demo_reset_removes_the_people_and_builds_them_again(db):
    call_command("demo", "--people", "40")
    call_command("demo", "--reset")
    assert Person.objects.count() == 24
    assert Team.objects.count() == 2
    assert not Contact.objects.filter(person__preferred_name__endswith=".").exists()


def test_demo_if_empty_with_people_keeps_existing_data(db, capsys):
    call_command("demo")
    call_command("demo", "--if-empty", "--people", "10")
    assert Person.objects.count() == 24
    assert "keeping it" in capsys.readouterr().out


def test_demo_if_empty_with_people_builds_an_empty_database(db):
    call_command("demo", "--if-empty", "--people", "10")
    assert Person.objects.count() == 24 + 10


def test_demo_people_refuses_a_negative_number(db):
    with pytest.raises(CommandError, match="whole number"):
        call_command("demo", "--people", "-5")
