"""Leaving someone out of research: a tick box on their record, audited and versioned like the rest
of it, shown on their page. (That the exports then leave them out is tested in tests/research and
tests/network.)"""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people.forms import PersonForm
from connecting_people.people.models import Person
from tests.factories import PersonFactory

LABEL = "Leave them out of research"
HINT = "Their answers and map are never included in research exports."
TICKED = re.compile(r'<input[^>]*name="research_opt_out"[^>]*\schecked')


@pytest.fixture
def person(cast):
    return PersonFactory(team=cast.team, preferred_name="Ayo", keyworker=cast.practitioner)


def _edit(client, person, **fields):
    data = {"preferred_name": "Ayo", "keyworker": person.keyworker_id or "", "version": 1}
    return client.post(reverse("people:edit", args=[person.pk]), data | fields)


def _changes():
    return AuditEvent.objects.filter(action=AuditAction.CHANGED, target_type="people.person")


def test_nobody_is_left_out_of_research_unless_asked(db):
    person = PersonFactory()
    assert person.research_opt_out is False
    assert list(Person.objects.in_research()) == [person]
    Person.objects.filter(pk=person.pk).update(research_opt_out=True)
    assert not Person.objects.in_research().exists()


def test_edit_form_offers_it_in_plain_words(sign_in, cast, person):
    html = sign_in(cast.practitioner).get(reverse("people:edit", args=[person.pk])).content
    html = html.decode()
    assert LABEL in html
    assert HINT in html
    assert "The team still sees them as usual." in html
    assert 'type="checkbox" name="research_opt_out"' in html
    assert 'aria-describedby="id_research_opt_out-hint"' in html
    assert not TICKED.search(html)


def test_ticking_it_leaves_them_out_and_is_audited(sign_in, cast, person):
    response = _edit(sign_in(cast.practitioner), person, research_opt_out="on")
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.research_opt_out, person.version) == (True, 2)
    event = _changes().get()
    assert event.actor == cast.practitioner
    assert event.detail == {"fields": ["research_opt_out"]}


def test_unticking_it_brings_them_back_and_is_audited(sign_in, cast, person):
    Person.objects.filter(pk=person.pk).update(research_opt_out=True)
    page = sign_in(cast.practitioner).get(reverse("people:edit", args=[person.pk]))
    assert TICKED.search(page.content.decode())  # the form shows what is saved
    assert _edit(sign_in(cast.practitioner), person).status_code == 302  # box left empty
    person.refresh_from_db()
    assert person.research_opt_out is False
    assert _changes().get().detail == {"fields": ["research_opt_out"]}


def test_saving_other_changes_leaves_it_as_it_was(sign_in, cast, person):
    Person.objects.filter(pk=person.pk).update(research_opt_out=True)
    _edit(sign_in(cast.practitioner), person, pronouns="he/him", research_opt_out="on")
    person.refresh_from_db()
    assert person.research_opt_out is True
    assert _changes().get().detail == {"fields": ["pronouns"]}


def test_it_can_be_ticked_when_adding_someone(sign_in, cast):
    sign_in(cast.practitioner).post(
        reverse("people:create"),
        {"preferred_name": "Jordan", "started_on": "1/11/2026", "research_opt_out": "on"},
    )
    assert Person.objects.get(preferred_name="Jordan").research_opt_out is True


def test_a_stale_save_is_refused_keeping_the_tick_and_saying_what_differs(cast, person):
    first, second = Client(), Client()
    first.force_login(cast.practitioner)
    second.force_login(cast.team_lead)
    url = reverse("people:edit", args=[person.pk])
    assert _edit(first, person, research_opt_out="on").status_code == 302
    refused = _edit(second, person, pronouns="they/them")  # opened before: version 1, box empty
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Someone else saved changes while you were editing" in html
    differences = {d.field: d for d in refused.context["conflict"].differences}
    assert (differences["research_opt_out"].theirs, differences["research_opt_out"].yours) == (
        "Yes",
        "No",
    )
    person.refresh_from_db()
    assert (person.research_opt_out, person.pronouns, person.version) == (True, "", 2)
    # What the second person typed is kept, and the first person's tick is not undone silently.
    form = refused.context["form"]
    assert (form["pronouns"].value(), form["research_opt_out"].value()) == ("they/them", False)
    assert form["version"].value() == "2"
    assert second.get(url).status_code == 200


def test_a_stale_tick_is_refused_too(cast, person):
    first, second = Client(), Client()
    first.force_login(cast.practitioner)
    second.force_login(cast.team_lead)
    assert _edit(first, person, pronouns="he/him").status_code == 302
    refused = _edit(second, person, research_opt_out="on")
    assert refused.status_code == 200
    form = refused.context["form"]
    assert form["research_opt_out"].value() is True  # kept as they ticked it
    person.refresh_from_db()
    assert person.research_opt_out is False
    again = _edit(second, person, pronouns="he/him", research_opt_out="on", version="2")
    assert again.status_code == 302
    person.refresh_from_db()
    assert (person.research_opt_out, person.version) == (True, 3)


@pytest.mark.parametrize("who", ["other_practitioner", "elsewhere_lead", "outsider", "evaluator"])
def test_nobody_outside_the_team_can_change_it(sign_in, cast, person, who):
    response = _edit(sign_in(getattr(cast, who)), person, research_opt_out="on")
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.research_opt_out is False
    assert not _changes().exists()
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED).count() == 1


def test_form_cleans_the_tick_to_true_or_false(cast, person):
    ticked = PersonForm(
        {"preferred_name": "Ayo", "research_opt_out": "on"}, instance=person, team=cast.team
    )
    assert ticked.is_valid(), ticked.errors
    assert ticked.cleaned_data["research_opt_out"] is True
    empty = PersonForm({"preferred_name": "Ayo"}, instance=person, team=cast.team)
    assert empty.is_valid(), empty.errors
    assert empty.cleaned_data["research_opt_out"] is False


def test_person_page_line_shows_only_when_they_are_left_out(db):
    person = PersonFactory()
    assert render_to_string("people/_research_opt_out.html", {"person": person}).strip() == ""
    person.research_opt_out = True
    line = render_to_string("people/_research_opt_out.html", {"person": person})
    assert "Left out of research" in line
    assert reverse("people:edit", args=[person.pk]) + "#id_research_opt_out" in line


def test_their_page_says_they_are_left_out_of_research(sign_in, cast, person):
    client = sign_in(cast.practitioner)
    url = reverse("practice:person", args=[person.pk])
    assert "Left out of research" not in client.get(url).content.decode()
    Person.objects.filter(pk=person.pk).update(research_opt_out=True)
    assert "Left out of research" in client.get(url).content.decode()
