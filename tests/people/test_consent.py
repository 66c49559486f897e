"""Consent records (issue 15): dated answers, kept as history; one source of truth for research."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people import services
from connecting_people.people.models import Consent, Person
from connecting_people.people.selectors import consent_current
from tests.factories import PersonFactory

D = dt.date


@pytest.fixture
def person(cast):
    return PersonFactory(team=cast.team, preferred_name="Ayo", keyworker=cast.practitioner)


def _record(person, by, **fields):
    defaults = {"kind": "text", "given": True, "on": D(2024, 5, 1), "note": ""}
    return services.consent_record(person=person, by=by, **defaults | fields)


def test_each_change_is_a_new_row_and_the_history_is_kept(cast, person):
    _record(person, cast.practitioner, given=True, on=D(2024, 5, 1))
    _record(person, cast.practitioner, given=False, on=D(2024, 6, 1), note="Asked us to stop")
    rows = list(person.consents.values_list("kind", "given", "on"))
    assert rows == [("text", True, D(2024, 5, 1)), ("text", False, D(2024, 6, 1))]
    now = {c.kind.value: c.latest for c in consent_current(person)}
    assert (now["text"].given, now["text"].on) == (False, D(2024, 6, 1))
    assert now["email"] is None
    assert now["third_party"] is None
    assert (
        AuditEvent.objects.filter(action=AuditAction.CREATED, target_type="people.consent").count()
        == 2
    )


def test_research_consent_is_the_one_source_of_truth_for_research(cast, person):
    _record(person, cast.practitioner, kind="research", given=False)
    person.refresh_from_db()
    assert person.research_opt_out is True
    assert person.version == 2  # a record form opened before cannot put it back silently
    assert not Person.objects.in_research().filter(pk=person.pk).exists()
    _record(person, cast.practitioner, kind="research", given=True, on=D(2024, 7, 1))
    person.refresh_from_db()
    assert person.research_opt_out is False


def test_an_older_answer_recorded_late_does_not_overrule_the_latest(cast, person):
    _record(person, cast.practitioner, kind="research", given=False, on=D(2024, 6, 1))
    _record(person, cast.practitioner, kind="research", given=True, on=D(2024, 1, 1))
    person.refresh_from_db()
    assert person.research_opt_out is True
    now = {c.kind.value: c.latest for c in consent_current(person)}
    assert now["research"].given is False
    assert person.consents.count() == 2


def test_people_already_left_out_of_research_have_it_in_their_history(cast, person):
    from django.apps import apps

    migration = importlib.import_module("connecting_people.people.migrations.0005_consent")
    Person.objects.filter(pk=person.pk).update(research_opt_out=True)
    PersonFactory(team=cast.team)  # in research: nothing to carry over
    migration.carry_over_research_opt_out(apps, None)
    consent = Consent.objects.get()
    assert (consent.person, consent.kind, consent.given) == (person, "research", False)


def test_the_record_forms_research_box_is_written_into_the_history(sign_in, cast, person):
    data = {"preferred_name": "Ayo", "keyworker": cast.practitioner.pk, "version": 1}
    client = sign_in(cast.practitioner)
    client.post(reverse("people:edit", args=[person.pk]), data | {"research_opt_out": "on"})
    consent = Consent.objects.get(person=person)
    assert (consent.kind, consent.given, consent.on) == ("research", False, timezone.localdate())
    assert consent.recorded_by == cast.practitioner


def test_a_future_date_is_refused(cast, person):
    with pytest.raises(ValidationError):
        _record(person, cast.practitioner, on=timezone.localdate() + dt.timedelta(days=1))
    assert not Consent.objects.exists()


def test_the_person_page_shows_each_kind_with_its_date(sign_in, cast, person):
    _record(person, cast.practitioner, kind="email", given=True, on=D(2024, 5, 1))
    html = sign_in(cast.practitioner).get(person.get_absolute_url()).content.decode()
    assert "Being contacted by email" in html
    assert "Agreed on 1 May 2024" in html
    assert html.count("Not asked yet") == 3
    assert reverse("people:consent", args=[person.pk]) + "?kind=email" in html


def test_the_form_records_a_change(sign_in, cast, person):
    url = reverse("people:consent", args=[person.pk])
    client = sign_in(cast.practitioner)
    data = {"kind": "research", "given": "no", "on": "3/2/2024", "note": "Told me on the phone"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    consent = Consent.objects.get()
    assert (consent.kind, consent.given) == ("research", False)
    assert consent.note == "Told me on the phone"
    assert "Told me on the phone" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"given": "yes", "on": "3/2/2024"}, "Choose what the consent is for"),
        ({"kind": "telepathy", "given": "yes", "on": "3/2/2024"}, "Choose one of the kinds"),
        ({"kind": "email", "on": "3/2/2024"}, "Say whether they agree"),
        ({"kind": "email", "given": "maybe", "on": "3/2/2024"}, "Say whether they agree"),
        ({"kind": "email", "given": "yes", "on": "1/1/2999"}, "cannot be in the future"),
        ({"kind": "email", "given": "yes", "on": "3/2/2024", "note": "x" * 1001}, "1000"),
    ],
)
def test_the_form_refuses_bad_input_plainly(sign_in, cast, person, data, message):
    response = sign_in(cast.practitioner).post(reverse("people:consent", args=[person.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consent.objects.exists()
