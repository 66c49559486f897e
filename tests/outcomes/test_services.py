"""Taking a measure: starting, saving answers as they come, completing; every change audited,
conflicting saves refused, and instruments without their wording refused with the reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.outcomes import loading, services
from connecting_people.outcomes.models import (
    CompletedBy,
    Instrument,
    InstrumentSource,
    Response,
    ResponseStatus,
)
from connecting_people.outcomes.selectors import instrument_version, responses_for
from tests.outcomes.helpers import shipped_data
from tests.plans.factories import PersonFactory


@pytest.fixture
def person(cast):
    started = timezone.localdate() - dt.timedelta(days=200)
    return PersonFactory(team=cast.team, preferred_name="Morwenna", started_on=started)


def _start(person, by, slug="ucla3", **kwargs):
    kwargs.setdefault("completed_by", CompletedBy.WITH_WORKER)
    return services.response_start(
        person=person, instrument=instrument_version(slug), by=by, **kwargs
    )


def _events(response):
    return list(
        AuditEvent.objects.filter(target_type="outcomes.response", target_id=str(response.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_response_start_records_who_how_and_audits_without_answers(cast, person):
    response = _start(person, cast.practitioner, answers={"left_out": 2})

    assert response.status == ResponseStatus.IN_PROGRESS
    assert response.recorded_by == cast.practitioner
    assert response.completed_by == CompletedBy.WITH_WORKER
    assert response.taken_on == timezone.localdate()
    assert response.answers == {"lack_companionship": None, "left_out": 2, "isolated": None}
    event = AuditEvent.objects.get(target_type="outcomes.response", target_id=str(response.pk))
    assert (event.action, event.actor, event.team) == (
        AuditAction.CREATED,
        cast.practitioner,
        cast.team,
    )
    assert event.detail == {
        "instrument": "ucla3",
        "version": 1,
        "completed_by": "with_worker",
        "answered": ["left_out"],
        "subject": person.pk,
    }
    assert event.target_label == f"measure response {response.pk}"


def test_save_answers_one_at_a_time_then_complete(cast, person):
    response = _start(person, cast.practitioner, completed_by=CompletedBy.PERSON)
    for item, value in [("lack_companionship", 1), ("left_out", 3), ("isolated", 2)]:
        services.response_save_answers(
            response=response, by=cast.practitioner, answers={item: value}, version=response.version
        )
    services.response_complete(response=response, by=cast.practitioner, version=response.version)

    response.refresh_from_db()
    assert response.status == ResponseStatus.COMPLETE
    assert response.scores["scores"]["total"]["value"] == 6
    assert response.scores["version"] == 1
    assert response.scored_with == instrument_version("ucla3")
    assert response.scored_at is not None
    assert response.version == 5
    assert _events(response) == ["created", "changed", "changed", "changed", "changed"]
    last = AuditEvent.objects.filter(target_id=str(response.pk)).order_by("pk").last()
    assert last.detail == {
        "instrument": "ucla3",
        "version": 1,
        "completed": True,
        "subject": person.pk,
    }
    second = AuditEvent.objects.filter(target_id=str(response.pk)).order_by("pk")[2]
    assert second.detail == {"instrument": "ucla3", "changed": ["left_out"], "subject": person.pk}


def test_complete_refused_while_questions_are_unanswered(cast, person):
    response = _start(person, cast.practitioner, answers={"lack_companionship": 1})
    with pytest.raises(ValidationError) as caught:
        services.response_complete(response=response, by=cast.practitioner, version=1)
    assert caught.value.message_dict == {
        "left_out": [
            "Loneliness (three questions) can only be scored when every question is answered. "
            "Not answered: question 2 (left_out), question 3 (isolated)."
        ]
    }
    response.refresh_from_db()
    assert response.status == ResponseStatus.IN_PROGRESS
    assert _events(response) == ["created"]


def test_invalid_answers_refused_by_question(cast, person):
    response = _start(person, cast.practitioner)
    with pytest.raises(ValidationError) as caught:
        services.response_save_answers(
            response=response,
            by=cast.practitioner,
            answers={"left_out": 7, "colour": 1},
            version=response.version,
        )
    assert caught.value.message_dict == {
        "colour": [
            "Loneliness (three questions) has no question 'colour' (its questions are "
            "lack_companionship, left_out, isolated)."
        ],
        "left_out": [
            "7 is not one of the answers to question 2 (left_out): the answers are 1, 2, 3."
        ],
    }
    with pytest.raises(ValidationError):
        _start(person, cast.practitioner, answers={"isolated": "often"})


def test_per_question_instruments_complete_with_what_was_answered(cast, person):
    response = _start(person, cast.practitioner, slug="ons4", answers={"satisfied": 8})
    services.response_complete(response=response, by=cast.practitioner, version=1)
    response.refresh_from_db()
    assert response.score_value("satisfied") == 8
    assert response.scores["scores"]["satisfied"]["band"]["label"] == "High"
    assert response.score_value("anxious") is None
    assert response.scores["complete"] is False


def test_correcting_a_complete_response_scores_it_again(cast, person):
    response = _start(
        person, cast.practitioner, slug="ons4", answers={"satisfied": 8, "anxious": 1}
    )
    services.response_complete(response=response, by=cast.practitioner, version=1)
    services.response_save_answers(
        response=response, by=cast.team_lead, answers={"anxious": 7}, version=2
    )
    response.refresh_from_db()
    assert response.score_value("anxious") == 7
    assert response.scores["scores"]["anxious"]["band"]["id"] == "high"
    with pytest.raises(ValidationError, match="No question was answered"):
        services.response_save_answers(
            response=response,
            by=cast.team_lead,
            answers={"anxious": None, "satisfied": None},
            version=3,
        )
    response.refresh_from_db()
    assert response.answers["satisfied"] == 8


def test_conflicting_saves_are_refused(cast, person):
    response = _start(person, cast.practitioner)
    stale = Response.objects.get(pk=response.pk)
    services.response_save_answers(
        response=response, by=cast.practitioner, answers={"left_out": 1}, version=1
    )
    with pytest.raises(EditConflict) as caught:
        services.response_save_answers(
            response=stale, by=cast.team_lead, answers={"left_out": 3}, version=1
        )
    assert caught.value.differences[0].field == "answers"
    stale.refresh_from_db()
    assert stale.answers["left_out"] == 1
    with pytest.raises(EditConflict):
        services.response_complete(response=stale, by=cast.team_lead, version=1)


def test_a_completed_response_cannot_be_completed_twice(cast, person):
    response = _start(
        person, cast.practitioner, answers={"lack_companionship": 1, "left_out": 1, "isolated": 1}
    )
    services.response_complete(response=response, by=cast.practitioner, version=1)
    with pytest.raises(ValidationError, match="already been completed"):
        services.response_complete(response=response, by=cast.practitioner, version=2)


def test_instruments_without_wording_cannot_be_started(cast, person):
    with pytest.raises(ValidationError) as caught:
        _start(person, cast.practitioner, slug="swemwbs")
    assert caught.value.message_dict["instrument"] == [
        "The wording of the questions in SWEMWBS must be supplied by a licensed organisation "
        "before it can be asked."
    ]
    assert not Response.objects.exists()


def test_only_the_current_version_can_be_started(cast, person):
    old = instrument_version("ucla3")
    changed = shipped_data("ucla3")
    changed["notes"] += " Revised."
    loading.load(changed, source=InstrumentSource.LOADED)
    old.refresh_from_db()
    with pytest.raises(ValidationError, match="A newer version of this questionnaire is in use"):
        services.response_start(
            person=person, instrument=old, by=cast.practitioner, completed_by=CompletedBy.PERSON
        )


def test_start_checks_how_and_when(cast, person):
    with pytest.raises(ValidationError) as caught:
        _start(
            person,
            cast.practitioner,
            completed_by="telepathy",
            taken_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert set(caught.value.message_dict) == {"completed_by", "taken_on"}


def test_from_paper_with_an_earlier_date(cast, person):
    day = timezone.localdate() - dt.timedelta(days=30)
    response = _start(
        person,
        cast.practitioner,
        slug="ons-lonely",
        completed_by=CompletedBy.FROM_PAPER,
        taken_on=day,
        answers={"lonely": 4},
    )
    services.response_complete(response=response, by=cast.practitioner, version=1)
    response.refresh_from_db()
    assert (response.taken_on, response.completed_by) == (day, "from_paper")
    assert response.scores["items"]["lonely"]["label"] == "Some of the time"


def test_responses_for_lists_one_persons_responses_oldest_first(
    cast, person, django_assert_num_queries
):
    other = PersonFactory(team=cast.other_team)
    later = _start(person, cast.practitioner, slug="ons4")
    earlier = _start(
        person, cast.practitioner, taken_on=timezone.localdate() - dt.timedelta(days=90)
    )
    _start(other, cast.other_practitioner)

    with django_assert_num_queries(1):
        found = [(r.pk, r.instrument.slug) for r in responses_for(person)]
    assert found == [(earlier.pk, "ucla3"), (later.pk, "ons4")]


def test_database_keeps_one_current_version_per_instrument(db):
    current = instrument_version("ucla3")
    with pytest.raises(IntegrityError), transaction.atomic():
        Instrument.objects.create(
            slug="ucla3",
            version=2,
            title="x",
            short_title="x",
            definition={},
            content_hash="0" * 64,
            source=InstrumentSource.LOADED,
            is_current=True,
        )
    assert current.is_current


def test_database_refuses_a_complete_response_without_scores(cast, person):
    response = _start(person, cast.practitioner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.filter(pk=response.pk).update(status=ResponseStatus.COMPLETE)


# The date taken and the person's start ------------------------------------------------------------


def _day(day):
    return f"{day.day} {day:%B %Y}"


def test_a_date_before_the_person_started_is_refused_naming_the_start(cast, person):
    started = person.started_on
    with pytest.raises(ValidationError) as caught:
        _start(person, cast.practitioner, taken_on=started - dt.timedelta(days=1))
    assert caught.value.message_dict == {
        "taken_on": [
            f"The date it was taken cannot be before they started with the team ({_day(started)})"
        ]
    }
    assert not Response.objects.exists()
    assert _start(person, cast.practitioner, taken_on=started).taken_on == started  # the day itself


def test_someone_who_starts_later_cannot_be_asked_today(cast):
    later = PersonFactory(team=cast.team, started_on=timezone.localdate() + dt.timedelta(days=7))
    with pytest.raises(ValidationError) as caught:
        _start(later, cast.practitioner)
    assert "cannot be before they started with the team" in caught.value.message_dict["taken_on"][0]


def test_completing_with_a_date_before_the_start_is_refused(cast, person):
    response = _start(
        person, cast.practitioner, answers={"lack_companionship": 1, "left_out": 1, "isolated": 1}
    )
    with pytest.raises(ValidationError) as caught:
        services.response_complete(
            response=response,
            by=cast.practitioner,
            version=response.version,
            taken_on=person.started_on - dt.timedelta(days=10),
        )
    assert caught.value.message_dict["taken_on"] == [
        f"The date it was taken cannot be before they started with the team "
        f"({_day(person.started_on)})"
    ]
    response.refresh_from_db()
    assert response.status == ResponseStatus.IN_PROGRESS
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.response_complete(
            response=response,
            by=cast.practitioner,
            version=response.version,
            taken_on=timezone.localdate() + dt.timedelta(days=1),
        )
    earlier = person.started_on + dt.timedelta(days=3)
    services.response_complete(
        response=response, by=cast.practitioner, version=response.version, taken_on=earlier
    )
    response.refresh_from_db()
    assert (response.status, response.taken_on) == (ResponseStatus.COMPLETE, earlier)
