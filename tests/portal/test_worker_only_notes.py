"""Worker-only notes (issue 14 §5): a practitioner keeps a step's notes or a contact's notes from
the person's space, always with a reason; everything else is shown; both sides are told."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from connecting_people.plans import services
from connecting_people.plans.models import Contact
from tests.plans.factories import ContactFactory, GoalFactory, StepFactory, days_ago

pytestmark = pytest.mark.django_db

SECRET = "News from the landlord about the flat"


@pytest.fixture
def notes(own):
    own.goal = GoalFactory(person=own.robin, text="Find a new flat")
    own.step = StepFactory(
        goal=own.goal,
        text="Look at the list",
        notes=SECRET,
        hidden_from_person=True,
        hidden_reason="It came from someone else",
    )
    own.shown_step = StepFactory(goal=own.goal, text="Ring the council", notes="Ask for Jo")
    own.contact = ContactFactory(
        person=own.robin,
        what_happened=SECRET,
        hidden_from_person=True,
        hidden_reason="It came from someone else",
    )
    own.shown = ContactFactory(person=own.robin, what_happened="We had tea at the cafe.")
    return own


@pytest.mark.parametrize("name", ["portal:home", "portal:plan", "portal:meetings", "portal:update"])
def test_a_worker_only_note_is_never_in_the_persons_pages(notes, sign_in, name):
    page = sign_in(notes.robin_user).get(reverse(name)).content.decode()
    assert SECRET not in page
    assert "It came from someone else" not in page


def test_everything_else_is_shown_and_the_person_is_told(notes, sign_in):
    client = sign_in(notes.robin_user)
    plan = client.get(reverse("portal:plan")).content.decode()
    assert "Ask for Jo" in plan
    assert "They may keep a few notes just for the team" in plan
    meetings = client.get(reverse("portal:meetings")).content.decode()
    assert "We had tea at the cafe." in meetings
    assert "Your worker keeps the notes of this one for the team." in meetings


def test_a_worker_only_note_cannot_be_reached_through_see_it_differently(notes, sign_in):
    client = sign_in(notes.robin_user)
    assert (
        client.get(reverse("portal:differ", args=["contact", notes.contact.pk])).status_code == 404
    )
    page = client.get(reverse("portal:differ", args=["step", notes.step.pk])).content.decode()
    assert "Look at the list" in page
    assert SECRET not in page


def test_staff_see_that_a_note_is_not_shown_and_why(notes, sign_in):
    client = sign_in(notes.practitioner)
    goal = client.get(reverse("plans:goal", args=[notes.robin.pk, notes.goal.pk])).content.decode()
    assert "Not shown to Robin:" in goal
    assert "It came from someone else" in goal
    contacts = client.get(reverse("plans:contacts", args=[notes.robin.pk])).content.decode()
    assert "Not shown to Robin" in contacts


def test_the_staff_form_says_the_person_reads_everything_else(notes, sign_in):
    page = sign_in(notes.practitioner).get(reverse("plans:contact_log", args=[notes.robin.pk]))
    assert "The person can read everything you write here in their own space" in (
        page.content.decode()
    )


def test_the_staff_form_needs_a_reason_when_the_box_is_ticked(notes, sign_in):
    client = sign_in(notes.practitioner)
    url = reverse("plans:contact_log", args=[notes.robin.pk])
    data = {
        "happened_on": days_ago(1).strftime("%d/%m/%Y"),
        "kind": "meeting",
        "what_happened": "A call from the GP",
        "hidden_from_person": "on",
        "hidden_reason": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Say why this note is not shown to the person" in response.content.decode()
    assert not Contact.objects.filter(what_happened="A call from the GP").exists()
    response = client.post(url, data | {"hidden_reason": "From the GP"})
    assert response.status_code == 302
    saved = Contact.objects.get(what_happened="A call from the GP")
    assert (saved.hidden_from_person, saved.hidden_reason) == (True, "From the GP")


def test_the_step_form_keeps_a_note_from_the_person_with_a_reason(notes, sign_in):
    client = sign_in(notes.practitioner)
    url = reverse("plans:step_edit", args=[notes.robin.pk, notes.goal.pk, notes.shown_step.pk])
    data = {
        "version": notes.shown_step.version,
        "text": "Ring the council",
        "who": "person",
        "notes": "Jo said no",
        "hidden_from_person": "on",
        "hidden_reason": "Jo asked us not to",
    }
    assert client.post(url, data).status_code == 302
    notes.shown_step.refresh_from_db()
    assert notes.shown_step.hidden_from_person
    page = sign_in(notes.robin_user).get(reverse("portal:plan")).content.decode()
    assert "Jo said no" not in page


def test_the_services_refuse_a_hidden_note_without_a_reason(notes):
    with pytest.raises(ValidationError, match="Say why"):
        services.step_add(
            goal=notes.goal, text="A step", who="worker", hidden_from_person=True, by=None
        )
    with pytest.raises(ValidationError, match="Say why"):
        services.contact_update(
            contact=notes.shown,
            changes={"hidden_from_person": True},
            version=notes.shown.version,
            by=None,
        )


def test_showing_a_note_again_clears_its_reason(notes):
    contact = services.contact_update(
        contact=notes.contact,
        changes={"hidden_from_person": False},
        version=notes.contact.version,
        by=notes.practitioner,
    )
    assert (contact.hidden_from_person, contact.hidden_reason) == (False, "")
