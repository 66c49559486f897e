"""The person's own words (issue 14 §3): "I see it differently", kept beside what the worker
wrote and shown to the worker; and an update for the worker, audited as the person."""

import pytest
from django.urls import reverse

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people.models import DifferentView, OwnUpdate
from connecting_people.people.services import different_view_add, different_view_update
from tests.plans.factories import ContactFactory, GoalFactory, StepFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def words(own):
    own.goal = GoalFactory(person=own.robin, text="Get back to the choir")
    own.step = StepFactory(goal=own.goal, text="Ring the choir leader", notes="Robin was unsure")
    own.contact = ContactFactory(person=own.robin, what_happened="We went to the library.")
    own.sam_goal = GoalFactory(person=own.sam, text="Learn to swim")
    return own


def _differ(kind, pk):
    return reverse("portal:differ", args=[kind, pk])


@pytest.mark.parametrize("kind", ["goal", "step", "contact", "what_matters"])
def test_the_person_says_they_see_it_differently_and_both_are_kept(words, sign_in, kind):
    target = {"goal": words.goal, "step": words.step, "contact": words.contact}.get(kind)
    pk = target.pk if target else words.robin.pk
    client = sign_in(words.robin_user)
    assert client.get(_differ(kind, pk)).status_code == 200
    response = client.post(_differ(kind, pk), {"text": "I was keen, not unsure."})
    assert response.status_code == 302
    view = DifferentView.objects.get()
    assert (view.person, view.about_kind, view.about_id) == (words.robin, kind, pk)
    assert view.by == words.robin_user
    assert AuditEvent.objects.filter(
        actor=words.robin_user, action=AuditAction.CREATED, target_id=str(view.pk)
    ).exists()
    # The worker's words are untouched.
    words.step.refresh_from_db()
    assert words.step.notes == "Robin was unsure"
    page = client.get(reverse("portal:plan" if kind != "contact" else "portal:meetings"))
    assert "I was keen, not unsure." in page.content.decode()


def test_the_worker_sees_the_persons_view_beside_the_item(words, sign_in):
    DifferentView.objects.create(
        person=words.robin, about_kind="step", about_id=words.step.pk, text="I was keen"
    )
    DifferentView.objects.create(
        person=words.robin, about_kind="contact", about_id=words.contact.pk, text="It was fun"
    )
    client = sign_in(words.practitioner)
    goal_page = client.get(reverse("plans:goal", args=[words.robin.pk, words.goal.pk]))
    assert "Robin sees this differently:" in goal_page.content.decode()
    assert "I was keen" in goal_page.content.decode()
    contacts = client.get(reverse("plans:contacts", args=[words.robin.pk])).content.decode()
    assert "It was fun" in contacts


@pytest.mark.parametrize(
    ("kind", "which"),
    [("goal", "sam_goal"), ("what_matters", "sam"), ("goal", None), ("nonsense", "goal")],
)
def test_another_persons_record_or_an_unknown_kind_is_a_404(words, sign_in, kind, which):
    pk = getattr(words, which).pk if which else 999999
    client = sign_in(words.robin_user)
    assert client.get(_differ(kind, pk)).status_code == 404
    assert client.post(_differ(kind, pk), {"text": "Mine now"}).status_code == 404
    assert not DifferentView.objects.exists()
    assert AuditEvent.objects.filter(actor=words.robin_user, action=AuditAction.REFUSED).exists()


def test_a_view_with_no_words_says_what_to_write(words, sign_in):
    response = sign_in(words.robin_user).post(_differ("goal", words.goal.pk), {"text": "  "})
    assert "Write how you see it" in response.content.decode()
    assert not DifferentView.objects.exists()


def test_an_update_for_the_worker_is_saved_and_audited_as_the_person(words, sign_in):
    client = sign_in(words.robin_user)
    response = client.post(reverse("portal:update"), {"text": "The choir was lovely."})
    assert response.status_code == 302
    update = OwnUpdate.objects.get()
    assert (update.person, update.by, update.text) == (
        words.robin,
        words.robin_user,
        "The choir was lovely.",
    )
    event = AuditEvent.objects.get(actor=words.robin_user, action=AuditAction.CREATED)
    assert event.target_id == str(update.pk)
    assert "The choir was lovely." in client.get(reverse("portal:update")).content.decode()


def test_an_empty_update_is_refused_with_a_plain_message(words, sign_in):
    response = sign_in(words.robin_user).post(reverse("portal:update"), {"text": ""})
    assert "Write your update" in response.content.decode()
    assert not OwnUpdate.objects.exists()


def test_the_person_does_not_see_anothers_updates(words, sign_in):
    OwnUpdate.objects.create(person=words.sam, text="Sam's own news")
    page = sign_in(words.robin_user).get(reverse("portal:update")).content.decode()
    assert "Sam's own news" not in page


def test_changing_a_view_refuses_a_stale_version(words):
    view = different_view_add(
        person=words.robin, about_kind="goal", about_id=words.goal.pk, text="First", by=None
    )
    different_view_update(view=view, text="Second", version=1, by=words.robin_user)
    with pytest.raises(EditConflict):
        different_view_update(view=view, text="Stale", version=1, by=words.robin_user)
    view.refresh_from_db()
    assert (view.text, view.version) == ("Second", 2)
