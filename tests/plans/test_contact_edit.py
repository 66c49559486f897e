"""Changing a logged contact: same questions and checks as logging one, versioned and audited."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.plans import services
from connecting_people.plans.models import Contact, ContactKind
from tests.network.factories import ConnectionFactory
from tests.plans.factories import ContactFactory, PersonFactory, days_ago
from tests.suggestions.factories import SuggestionFactory

REFUSED = ["other_practitioner", "elsewhere_lead", "outsider", "evaluator", "org_admin"]


def _date(days=0):
    return days_ago(days).strftime("%d/%m/%Y")


def _url(contact):
    return reverse("plans:contact_edit", args=[contact.person_id, contact.pk])


def _form(contact, **changes):
    """What the edit page posts back when nothing is touched, with `changes` typed over it."""
    data = {
        "version": str(contact.version),
        "happened_on": contact.happened_on.strftime("%d/%m/%Y"),
        "kind": contact.kind,
        "duration_minutes": "" if contact.duration_minutes is None else contact.duration_minutes,
        "what_happened": contact.what_happened,
        "follow_ups": contact.follow_ups,
        "people_met": contact.people_met,
    }
    return {**data, **changes}


# The page ---------------------------------------------------------------------------------------


def test_each_contact_on_the_list_has_a_change_link(sign_in, cast, plan):
    html = sign_in(cast.practitioner).get(reverse("plans:contacts", args=[plan.person.pk]))
    html = html.content.decode()
    assert f'href="{_url(plan.contact)}"' in html
    assert f'id="contact-{plan.contact.pk}"' in html
    assert '<span class="govuk-visually-hidden"> the contact on' in html


def test_the_edit_form_starts_with_what_was_logged(sign_in, cast, person):
    contact = ContactFactory(
        person=person,
        happened_on=days_ago(3),
        kind=ContactKind.ACCOMPANIED_VISIT,
        duration_minutes=75,
        what_happened="Went to the library craft group",
        people_met="Jo",
        learned_skill=True,
    )
    html = sign_in(cast.practitioner).get(_url(contact)).content.decode()
    assert "Change a contact" in html
    assert f'value="{_date(3)}"' in html
    assert 'value="accompanied_visit" checked>' in html
    assert 'value="meeting">' in html
    assert 'value="75"' in html
    assert "Went to the library craft group" in html
    assert 'name="version" value="1"' in html
    assert 'value="learned_skill" checked>' in html
    assert 'value="went_along">' in html


@pytest.mark.parametrize("who", ["practitioner", "team_lead", "both_teams"])
def test_the_persons_team_can_change_a_contact(sign_in, cast, plan, who):
    data = _form(
        plan.contact,
        happened_on=_date(5),
        kind="phone_or_video",
        what_happened="  A long call about the choir  ",
        engagement=["taught_skill"],
    )
    response = sign_in(getattr(cast, who)).post(_url(plan.contact), data)
    assert response.status_code == 302
    assert response.url.endswith(f"#contact-{plan.contact.pk}")
    contact = Contact.objects.get(pk=plan.contact.pk)
    assert (contact.happened_on, contact.kind) == (days_ago(5), "phone_or_video")
    assert contact.what_happened == "A long call about the choir"
    assert (contact.went_along, contact.learned_skill, contact.taught_skill) == (
        False,
        False,
        True,
    )
    assert contact.version == 2


@pytest.mark.parametrize("who", REFUSED)
def test_others_cannot_see_or_change_a_contact(sign_in, cast, plan, who):
    client = sign_in(getattr(cast, who))
    assert client.get(_url(plan.contact)).status_code == 404
    response = client.post(_url(plan.contact), _form(plan.contact, what_happened="Sneaky"))
    assert response.status_code == 404
    assert b"walking group" not in response.content
    assert Contact.objects.get(pk=plan.contact.pk).what_happened == plan.contact.what_happened
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGED).exists()


def test_signed_out_are_sent_to_sign_in(client, plan):
    for response in (client.get(_url(plan.contact)), client.post(_url(plan.contact), {})):
        assert response.status_code == 302
        assert reverse("account_login") in response.url
    assert Contact.objects.get(pk=plan.contact.pk).version == 1


def test_someone_elses_contact_is_not_found_under_this_persons_address(sign_in, cast, plan):
    theirs = ContactFactory(person=PersonFactory(team=cast.team), what_happened="Not Sam's")
    url = reverse("plans:contact_edit", args=[plan.person.pk, theirs.pk])
    client = sign_in(cast.practitioner)
    assert client.get(url).status_code == 404
    assert client.post(url, _form(theirs, what_happened="Moved")).status_code == 404
    assert Contact.objects.get(pk=theirs.pk).what_happened == "Not Sam's"
    refusals = AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=cast.practitioner)
    assert [e.detail for e in refusals] == [{"model": "plans.contact", "pk": str(theirs.pk)}] * 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"happened_on": _date(-1)}, "The date cannot be in the future"),
        ({"happened_on": "yesterday"}, "Enter the date of the contact as a real date"),
        ({"happened_on": ""}, "Enter the date of the contact, like"),
        ({"duration_minutes": "0"}, "must be at least 1 minute"),
        ({"duration_minutes": "1441"}, "1,440 minutes (a whole day) or less"),
        ({"duration_minutes": "an hour"}, "Enter how long it was as a whole number of minutes"),
        ({"what_happened": "   "}, "Describe what happened"),
        ({"kind": ""}, "Choose what kind of contact it was"),
        ({"kind": "party"}, "Choose “What kind of contact was it?” from the list"),
    ],
)
def test_changing_with_a_mistake_says_what_to_fix_and_keeps_what_was_typed(
    sign_in, cast, plan, changes, message
):
    data = _form(plan.contact, people_met="Typed just now", follow_ups="Ring the café", **changes)
    response = sign_in(cast.practitioner).post(_url(plan.contact), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Error: Change a contact" in html
    assert "Typed just now" in html
    assert "Ring the café" in html
    stored = Contact.objects.get(pk=plan.contact.pk)
    assert (stored.version, stored.people_met) == (1, "")
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGED).exists()


def test_two_people_changing_the_same_contact_second_is_refused(cast, plan):
    url = _url(plan.contact)
    first, second = Client(), Client()
    first.force_login(cast.practitioner)
    second.force_login(cast.team_lead)
    for client in (first, second):
        assert client.get(url).status_code == 200
    assert first.post(url, _form(plan.contact, what_happened="Met at the café")).status_code == 302
    refused = second.post(url, _form(plan.contact, what_happened="Met at the park"))
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Someone else saved changes while you were editing" in html
    assert "Met at the café" in html  # theirs, in the differences
    assert "Met at the park" in html  # yours, kept in the form
    assert 'name="version" value="2"' in html  # saving again is over what they saved
    assert Contact.objects.get(pk=plan.contact.pk).what_happened == "Met at the café"
    again = second.post(url, _form(plan.contact, version="2", what_happened="Met at the park"))
    assert again.status_code == 302
    assert Contact.objects.get(pk=plan.contact.pk).what_happened == "Met at the park"


def test_contact_list_still_costs_the_same_queries_with_change_links(sign_in, cast, person):
    client = sign_in(cast.practitioner)
    url = reverse("plans:contacts", args=[person.pk])
    ContactFactory(person=person, recorded_by=cast.practitioner)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        html = client.get(url).content.decode()
    for _ in range(30):
        ContactFactory(person=person, recorded_by=cast.team_lead)
    with CaptureQueriesContext(connection) as many:
        more = client.get(url).content.decode()
    assert len(few) == len(many)
    assert html.count("/edit/") == 1
    assert more.count("/edit/") == 20


# The service ------------------------------------------------------------------------------------


def test_changing_a_contact_is_audited_with_the_field_names_only(cast, plan):
    services.contact_update(
        contact=plan.contact,
        changes={"what_happened": "Secret words about Sam", "people_met": "Jo", "kind": "meeting"},
        version=1,
        by=cast.practitioner,
    )
    event = AuditEvent.objects.get(action=AuditAction.CHANGED, target_type="plans.contact")
    assert event.actor == cast.practitioner
    assert event.target_id == str(plan.contact.pk)
    assert sorted(event.detail["fields"]) == ["people_met", "what_happened"]  # kind was the same
    assert "Secret" not in str(event.detail)
    assert "Jo" not in str(event.detail)


def test_a_stale_version_is_refused_with_the_differences(cast, plan):
    services.contact_update(
        contact=plan.contact, changes={"duration_minutes": 30}, version=1, by=cast.practitioner
    )
    stale = Contact.objects.get(pk=plan.contact.pk)
    with pytest.raises(EditConflict) as refused:
        services.contact_update(
            contact=stale, changes={"duration_minutes": 45}, version=1, by=cast.team_lead
        )
    [difference] = refused.value.differences
    assert (difference.field, difference.theirs, difference.yours) == ("duration_minutes", 30, 45)
    assert Contact.objects.get(pk=plan.contact.pk).duration_minutes == 30
    assert AuditEvent.objects.filter(action=AuditAction.CHANGED).count() == 1


def test_the_service_checks_as_logging_does(cast, plan):
    with pytest.raises(services.ValidationError) as refused:
        services.contact_update(
            contact=plan.contact,
            changes={"happened_on": days_ago(-1), "duration_minutes": 2000, "what_happened": " "},
            version=1,
            by=cast.practitioner,
        )
    assert set(refused.value.message_dict) == {"happened_on", "duration_minutes", "what_happened"}
    with pytest.raises(TypeError):
        services.contact_update(
            contact=plan.contact, changes={"person": None}, version=1, by=cast.practitioner
        )
    assert Contact.objects.get(pk=plan.contact.pk).version == 1


# Records linked to the contact ------------------------------------------------------------------


def test_the_date_can_move_earlier_than_a_connection_it_brought(cast, plan):
    ConnectionFactory(person=plan.person, began_with_contact=plan.contact, started_on=days_ago(1))
    services.contact_update(
        contact=plan.contact, changes={"happened_on": days_ago(4)}, version=1, by=cast.practitioner
    )
    assert Contact.objects.get(pk=plan.contact.pk).happened_on == days_ago(4)


def test_the_date_cannot_move_after_a_connection_it_brought_began(sign_in, cast, person):
    contact = ContactFactory(person=person, happened_on=days_ago(10))
    ConnectionFactory(person=person, began_with_contact=contact, started_on=days_ago(10))
    ConnectionFactory(person=person, began_with_contact=contact, started_on=None)
    response = sign_in(cast.practitioner).post(
        _url(contact), _form(contact, happened_on=_date(2), what_happened="Typo fixed")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "A connection on their map began at this contact" in html
    assert "Typo fixed" in html
    assert Contact.objects.get(pk=contact.pk).happened_on == days_ago(10)
    # Everything else can still be put right, keeping the date.
    fixed = sign_in(cast.practitioner).post(_url(contact), _form(contact, what_happened="Typo"))
    assert fixed.status_code == 302
    assert Contact.objects.get(pk=contact.pk).what_happened == "Typo"


def test_a_contact_logged_by_a_tried_suggestion_keeps_its_date(cast, person):
    contact = ContactFactory(person=person, happened_on=days_ago(6))
    SuggestionFactory(person=person, contact=contact, status_on=days_ago(6))
    with pytest.raises(services.ValidationError) as refused:
        services.contact_update(
            contact=contact, changes={"happened_on": days_ago(5)}, version=1, by=cast.practitioner
        )
    assert "linked to a suggestion" in refused.value.message_dict["happened_on"][0]
    services.contact_update(
        contact=contact,
        changes={"happened_on": days_ago(6), "follow_ups": "Ask how the second visit went"},
        version=1,
        by=cast.practitioner,
    )
    stored = Contact.objects.get(pk=contact.pk)
    assert (stored.happened_on, stored.follow_ups) == (days_ago(6), "Ask how the second visit went")
