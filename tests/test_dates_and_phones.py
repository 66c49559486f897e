"""Dates and lengths that make sense, and phone numbers checked (issue 16, section 6).

A contact, a map snapshot or a questionnaire dated before the person started with the team, or
in the future, is refused by the service itself (whichever screen or import calls it) with a
plain message; so are a contact's words over their limits; and a phone number must have the
shape of a UK or international number.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from connecting_people.core.phones import phone_ok, validate_phone
from connecting_people.network import services as network
from connecting_people.outcomes import services as outcomes
from connecting_people.outcomes.models import CompletedBy
from connecting_people.outcomes.selectors import instrument_version
from connecting_people.plans import services as plans
from connecting_people.plans.forms import ContactForm
from tests.factories import PersonFactory

TODAY = timezone.localdate()
STARTED = TODAY - dt.timedelta(days=30)


@pytest.fixture
def person(cast):
    return PersonFactory(team=cast.team, started_on=STARTED)


def _contact(person, by, **changes):
    fields = {"happened_on": TODAY, "kind": "meeting", "what_happened": "We met."} | changes
    return plans.contact_log(person=person, by=by, **fields)


@pytest.mark.django_db
def test_a_contact_before_they_started_is_refused(cast, person):
    with pytest.raises(ValidationError) as refused:
        _contact(person, cast.practitioner, happened_on=STARTED - dt.timedelta(days=1))
    [message] = refused.value.message_dict["happened_on"]
    assert message.startswith("The date cannot be before they started with the team (")
    assert _contact(person, cast.practitioner, happened_on=STARTED).happened_on == STARTED


@pytest.mark.django_db
def test_a_contact_moved_to_before_the_start_is_refused(cast, person):
    contact = _contact(person, cast.practitioner)
    with pytest.raises(ValidationError) as refused:
        plans.contact_update(
            contact=contact,
            changes={"happened_on": STARTED - dt.timedelta(days=3)},
            version=contact.version,
            by=cast.practitioner,
        )
    assert "before they started" in refused.value.message_dict["happened_on"][0]


@pytest.mark.django_db
def test_a_contact_in_the_future_is_refused(cast, person):
    with pytest.raises(ValidationError) as refused:
        _contact(person, cast.practitioner, happened_on=TODAY + dt.timedelta(days=1))
    assert refused.value.message_dict["happened_on"] == ["The date cannot be in the future"]


@pytest.mark.django_db
def test_a_snapshot_before_they_started_is_refused(cast, person):
    with pytest.raises(ValidationError, match="before they started with the team"):
        network.snapshot_take(
            person=person,
            taken_on=STARTED - dt.timedelta(days=1),
            kind="baseline",
            by=cast.practitioner,
        )
    assert network.snapshot_take(
        person=person, taken_on=STARTED, kind="baseline", by=cast.practitioner
    )


@pytest.mark.django_db
@pytest.mark.parametrize("days", [-1, 1])
def test_a_questionnaire_before_the_start_or_in_the_future_is_refused(cast, person, days):
    taken_on = STARTED - dt.timedelta(days=1) if days < 0 else TODAY + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        outcomes.response_start(
            person=person,
            instrument=instrument_version("ons4"),
            by=cast.practitioner,
            completed_by=CompletedBy.WITH_WORKER,
            taken_on=taken_on,
        )


@pytest.mark.django_db
def test_people_they_met_has_a_sensible_limit_in_the_form_and_the_service(cast, person):
    form = ContactForm(
        {"happened_on": TODAY.strftime("%d/%m/%Y"), "kind": "meeting", "what_happened": "x"}
        | {"people_met": "J" * 505}
    )
    assert not form.is_valid()
    assert form.errors["people_met"] == [
        "Keep “People they met” to 500 characters or fewer (it has 505)"
    ]
    with pytest.raises(ValidationError) as refused:
        _contact(person, cast.practitioner, people_met="J" * 501)
    assert refused.value.message_dict["people_met"] == [
        "Keep “People they met” to 500 characters or fewer (it has 501)"
    ]


@pytest.mark.parametrize(
    "number",
    [
        "0113 496 0000",
        "01134960000",
        "07700 900123",
        "0800 123 4567",
        "020 7946 0018",
        "+44 113 496 0000",
        "+44 (0)113 496 0000",
        "0044 20 7946 0018",
        "+353 1 234 5678",
        "+1 (212) 555-0199",
        "0113 496 0000 ext 12",
        "0113-496-0000",
    ],
)
def test_phone_numbers_people_write_are_accepted(number):
    assert phone_ok(number)
    validate_phone(number)


@pytest.mark.parametrize(
    "number",
    [
        "123",
        "0113 496",
        "0113 496 0000 0000",
        "+44 0113 496 0000",
        "ring Jo",
        "0113 496 000O",
        "44+113 496 0000",
        "+12",
        "+1234567890123456",
        "(0113 496 0000",
        "9" * 41,
    ],
)
def test_shapes_that_are_not_phone_numbers_are_refused_plainly(number):
    assert not phone_ok(number)
    with pytest.raises(ValidationError) as refused:
        validate_phone(number)
    assert refused.value.messages == [
        "Enter a phone number, like 0113 496 0000 or +44 113 496 0000"
    ]


@pytest.mark.django_db
def test_an_idea_tried_before_they_started_is_refused_on_its_date(sign_in, cast, person):
    from django.urls import reverse

    from connecting_people.suggestions.models import Suggestion

    suggestion = Suggestion.objects.create(person=person, idea="Parkrun")
    before = STARTED - dt.timedelta(days=2)
    response = sign_in(cast.practitioner).post(
        reverse("suggestions:tried", args=[person.pk, suggestion.pk]),
        {"tried_on": before.strftime("%d/%m/%Y"), "version": suggestion.version},
    )
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["tried_on"][0]
        .startswith("The date cannot be before they started with the team (")
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "suggested"
