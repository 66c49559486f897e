"""The person's plan in their own space (issue 14 §2, §3): they see it, change what matters,
mark their own steps done, add interests; each change versioned and audited as the person; and
another person's records are the same 404 as missing ones."""

import pytest
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people.models import DifferentView, OwnUpdate, Person
from connecting_people.plans.models import StepStatus, WhoChoice
from tests.plans.factories import GoalFactory, InterestFactory, StepFactory, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(own):
    own.robin.keyworker = own.practitioner
    own.robin.what_matters = "Being near the sea"
    own.robin.save()
    own.goal = GoalFactory(person=own.robin, text="Get back to the choir")
    own.mine = StepFactory(goal=own.goal, text="Ring the choir leader", who=WhoChoice.PERSON)
    own.theirs = StepFactory(goal=own.goal, text="Find the bus times", who=WhoChoice.WORKER)
    own.sam_goal = GoalFactory(person=own.sam, text="Learn to swim")
    own.sam_step = StepFactory(goal=own.sam_goal, text="Buy goggles", who=WhoChoice.PERSON)
    InterestFactory(person=own.sam, description="Chess club")
    return own


def _audited(user, action, target) -> bool:
    return AuditEvent.objects.filter(actor=user, action=action, target_id=str(target.pk)).exists()


def test_the_home_page_shows_what_matters_next_steps_and_the_worker(plans, sign_in):
    page = sign_in(plans.robin_user).get(reverse("portal:home")).content.decode()
    assert "Being near the sea" in page
    assert "Ring the choir leader" in page
    assert "You do this" in page
    assert "Find the bus times" in page
    assert "Your worker does this" in page
    assert "Your worker is Pat Practitioner." in page
    assert "Buy goggles" not in page


def test_the_plan_shows_only_the_persons_own(plans, sign_in):
    page = sign_in(plans.robin_user).get(reverse("portal:plan")).content.decode()
    assert "Get back to the choir" in page
    assert "Learn to swim" not in page
    assert "Chess club" not in page
    # Only the step the person does has the button to mark it done.
    assert reverse("portal:step_done", args=[plans.mine.pk]) in page
    assert reverse("portal:step_done", args=[plans.theirs.pk]) not in page


def test_changing_what_matters_is_versioned_and_audited_as_the_person(plans, sign_in):
    client = sign_in(plans.robin_user)
    version = plans.robin.version
    response = client.post(
        reverse("portal:what_matters"), {"version": version, "what_matters": "My dog"}
    )
    assert response.status_code == 302
    plans.robin.refresh_from_db()
    assert plans.robin.what_matters == "My dog"
    assert _audited(plans.robin_user, AuditAction.CHANGED, plans.robin)


def test_a_clash_on_what_matters_is_shown_and_nothing_is_overwritten(plans, sign_in):
    client = sign_in(plans.robin_user)
    stale = plans.robin.version
    Person.objects.filter(pk=plans.robin.pk).update(
        what_matters="The worker's words", version=stale + 1
    )
    response = client.post(
        reverse("portal:what_matters"), {"version": stale, "what_matters": "My words"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your worker changed this while you were writing" in page
    assert "My words" in page  # what they typed is kept
    plans.robin.refresh_from_db()
    assert plans.robin.what_matters == "The worker's words"


def test_the_person_marks_their_own_step_done_with_a_note(plans, sign_in):
    client = sign_in(plans.robin_user)
    url = reverse("portal:step_done", args=[plans.mine.pk])
    response = client.post(url, {"version": plans.mine.version, "note": "They said yes!"})
    assert response.status_code == 302
    plans.mine.refresh_from_db()
    assert plans.mine.status == StepStatus.DONE
    assert plans.mine.done_on is not None
    assert plans.mine.notes == ""  # the worker's notes are untouched
    assert _audited(plans.robin_user, AuditAction.CHANGED, plans.mine)
    update = OwnUpdate.objects.get(person=plans.robin)
    assert (update.text, update.about_kind, update.about_id) == (
        "They said yes!",
        "step",
        plans.mine.pk,
    )
    assert _audited(plans.robin_user, AuditAction.CREATED, update)


def test_a_step_the_worker_does_is_not_marked_by_the_person(plans, sign_in):
    client = sign_in(plans.robin_user)
    url = reverse("portal:step_done", args=[plans.theirs.pk])
    assert "The one who does this step will mark it done." in client.get(url).content.decode()
    response = client.post(url, {"version": plans.theirs.version, "note": ""})
    assert response.status_code == 200
    plans.theirs.refresh_from_db()
    assert plans.theirs.status == StepStatus.TO_DO


def test_a_stale_step_is_not_marked_done_and_the_clash_is_shown(plans, sign_in):
    client = sign_in(plans.robin_user)
    stale = plans.mine.version
    type(plans.mine).objects.filter(pk=plans.mine.pk).update(text="Ring Jo", version=stale + 1)
    response = client.post(
        reverse("portal:step_done", args=[plans.mine.pk]), {"version": stale, "note": "Done"}
    )
    assert response.status_code == 200
    assert "This step was changed while you had the page open" in response.content.decode()
    plans.mine.refresh_from_db()
    assert plans.mine.status == StepStatus.TO_DO
    assert not OwnUpdate.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_persons_step_is_the_same_404_as_a_missing_one(plans, sign_in, method):
    client = sign_in(plans.robin_user)
    data = {"version": plans.sam_step.version} if method == "post" else None
    theirs = getattr(client, method)(reverse("portal:step_done", args=[plans.sam_step.pk]), data)
    missing = getattr(client, method)(reverse("portal:step_done", args=[999999]), data)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content
    plans.sam_step.refresh_from_db()
    assert plans.sam_step.status == StepStatus.TO_DO
    assert (
        AuditEvent.objects.filter(actor=plans.robin_user, action=AuditAction.REFUSED).count() == 2
    )


def test_the_person_adds_an_interest(plans, sign_in):
    client = sign_in(plans.robin_user)
    response = client.post(
        reverse("portal:interest_add"), {"description": "Pottery", "when": "would_like_to_try"}
    )
    assert response.status_code == 302
    interest = plans.robin.interests.get()
    assert interest.description == "Pottery"
    assert _audited(plans.robin_user, AuditAction.CREATED, interest)


def test_an_interest_without_words_says_what_to_write(plans, sign_in):
    response = sign_in(plans.robin_user).post(
        reverse("portal:interest_add"), {"description": "", "when": "do_now"}
    )
    assert "Write what it is, like swimming or cooking" in response.content.decode()
    assert not plans.robin.interests.exists()


def test_next_steps_put_the_soonest_first(plans, sign_in):
    StepFactory(goal=plans.goal, text="Soonest step", who=WhoChoice.TOGETHER, target_on=days_ago(0))
    page = sign_in(plans.robin_user).get(reverse("portal:home")).content.decode()
    assert page.index("Soonest step") < page.index("Ring the choir leader")


def test_the_home_page_takes_few_queries(plans, sign_in, django_assert_max_num_queries):
    client = sign_in(plans.robin_user)
    for n in range(10):
        StepFactory(goal=plans.goal, text=f"More {n}")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("portal:home")).status_code == 200


def test_the_persons_menu_leads_to_each_part_of_their_space(plans, sign_in):
    page = sign_in(plans.robin_user).get(reverse("portal:plan")).content.decode()
    for name in ("portal:home", "portal:plan", "portal:meetings", "portal:update"):
        assert f'href="{reverse(name)}"' in page
    assert 'aria-current="page"' in page


def test_the_plan_page_takes_few_queries(plans, sign_in, django_assert_max_num_queries):
    client = sign_in(plans.robin_user)
    for n in range(5):
        goal = GoalFactory(person=plans.robin, text=f"Goal {n}")
        StepFactory(goal=goal, text=f"Step of goal {n}")
    with django_assert_max_num_queries(16):
        assert client.get(reverse("portal:plan")).status_code == 200


def test_the_worker_sees_the_persons_view_of_what_matters(plans, sign_in):
    DifferentView.objects.create(
        person=plans.robin, about_kind="what_matters", about_id=plans.robin.pk, text="The sea!"
    )
    page = sign_in(plans.practitioner).get(reverse("practice:person", args=[plans.robin.pk]))
    assert "Robin sees this differently:" in page.content.decode()
    assert "The sea!" in page.content.decode()
