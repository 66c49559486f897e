"""Discarding a questionnaire started by mistake: only one not yet complete, only over the version
the worker saw, audited without the answers, and only for the person's own team."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.outcomes import services
from connecting_people.outcomes.models import CompletedBy, Response
from connecting_people.outcomes.selectors import instrument_version
from tests.factories import PersonFactory

TODAY = timezone.localdate()
UCLA3 = {"lack_companionship": 2, "left_out": 1, "isolated": 3}


@pytest.fixture
def person(cast):
    return PersonFactory(
        team=cast.team,
        preferred_name="Morwenna",
        keyworker=cast.practitioner,
        started_on=TODAY - dt.timedelta(days=30),
    )


def start(person, answers=None, slug="ucla3"):
    response = services.response_start(
        person=person,
        instrument=instrument_version(slug),
        by=None,
        completed_by=CompletedBy.WITH_WORKER,
        taken_on=TODAY - dt.timedelta(days=2),
        answers=answers,
    )
    response.person = person
    return response


def complete(person):
    response = start(person, UCLA3)
    return services.response_complete(response=response, by=None, version=response.version)


def url(response, name="discard"):
    return reverse(f"outcomes:{name}", args=[response.person_id, response.pk])


def _deleted_events(response):
    return AuditEvent.objects.filter(
        action=AuditAction.DELETED, target_type="outcomes.response", target_id=str(response.pk)
    )


# The service --------------------------------------------------------------------------------------


def test_discarding_a_started_one_deletes_it_and_audits_without_answers(cast, person):
    response = start(person, {"left_out": 3})
    pk = response.pk
    services.response_discard(response=response, by=cast.practitioner, version=response.version)

    assert not Response.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETED, target_id=str(pk))
    assert (event.actor, event.team, event.target_type) == (
        cast.practitioner,
        cast.team,
        "outcomes.response",
    )
    assert event.detail == {
        "instrument": "ucla3",
        "version": 1,
        "answered": 1,
        "questions": 3,
        "subject": person.pk,
    }
    assert event.target_label == f"measure response {pk}"  # no title, no answers


def test_a_complete_one_cannot_be_discarded(cast, person):
    response = complete(person)
    with pytest.raises(ValidationError, match="finished, so it cannot be discarded"):
        services.response_discard(response=response, by=cast.practitioner, version=response.version)
    assert Response.objects.filter(pk=response.pk).exists()
    assert not _deleted_events(response).exists()


def test_discarding_over_a_version_someone_else_saved_is_refused(cast, person):
    response = start(person, {"left_out": 1})
    seen = response.version
    services.response_save_answers(
        response=response, by=cast.team_lead, answers={"isolated": 2}, version=seen
    )
    with pytest.raises(EditConflict):
        services.response_discard(response=response, by=cast.practitioner, version=seen)
    response.refresh_from_db()
    assert response.answers["isolated"] == 2
    assert not _deleted_events(response).exists()
    pk = response.pk
    services.response_discard(response=response, by=cast.practitioner, version=response.version)
    assert not Response.objects.filter(pk=pk).exists()


def test_one_completed_since_the_page_was_loaded_is_refused_as_complete(cast, person):
    response = start(person, UCLA3)
    seen = response.version
    services.response_complete(response=response, by=cast.team_lead, version=seen)
    stale = Response.objects.get(pk=response.pk)
    stale.status = "in_progress"  # as the worker's page still shows it
    with pytest.raises(ValidationError, match="cannot be discarded"):
        services.response_discard(response=stale, by=cast.practitioner, version=seen)
    assert Response.objects.get(pk=response.pk).is_complete


# The pages ----------------------------------------------------------------------------------------


def test_the_questionnaire_and_measures_pages_link_to_discarding(sign_in, cast, person):
    response = start(person)
    client = sign_in(cast.practitioner)
    assert url(response) in client.get(url(response, "answer")).content.decode()
    page = client.get(reverse("outcomes:page", args=[person.pk])).content.decode()
    started = page[page.index('id="started"') : page.index('id="due"')]
    assert url(response) in started
    finished = complete(person)
    assert url(finished) not in client.get(url(finished, "answer")).content.decode()


def test_the_confirmation_says_what_will_be_lost(sign_in, cast, person):
    response = start(person, {"left_out": 3, "isolated": 1})
    html = sign_in(cast.practitioner).get(url(response)).content.decode()
    assert "Discard Loneliness (three questions)?" in html
    assert "Morwenna" in html
    assert "2 of 3 questions answered" in html
    assert "The 2 answers given so far will be deleted for good." in html
    assert "the wrong questionnaire, the wrong date, or the wrong person" in html
    assert "not the answers" in html
    assert f'name="version" value="{response.version}"' in html
    assert "govuk-button--warning" in html
    assert Response.objects.filter(pk=response.pk).exists()  # looking deletes nothing


def test_nothing_answered_says_so(sign_in, cast, person):
    html = sign_in(cast.practitioner).get(url(start(person))).content.decode()
    assert "No questions have been answered yet." in html


def test_confirming_discards_it_and_says_so_on_the_measures_page(sign_in, cast, person):
    response = start(person, {"left_out": 3})
    client = sign_in(cast.practitioner)
    posted = client.post(url(response), {"version": response.version})
    assert posted.status_code == 302
    assert posted.url == reverse("outcomes:page", args=[person.pk])
    assert not Response.objects.filter(pk=response.pk).exists()
    assert _deleted_events(response).get().actor == cast.practitioner
    html = client.get(posted.url).content.decode()
    day = TODAY - dt.timedelta(days=2)
    started = f"{day.day} {day:%B %Y}"
    assert (
        f"Discarded. Loneliness (three questions), started on {started}, and its answers are "
        "deleted." in html
    )
    assert "govuk-notification-banner--success" in html
    assert "Started and not finished" not in html


def test_a_stale_confirmation_is_refused_and_shows_what_it_has_now(sign_in, cast, person):
    response = start(person, {"left_out": 1})
    seen = response.version
    services.response_save_answers(
        response=response, by=cast.team_lead, answers={"isolated": 2}, version=seen
    )
    client = sign_in(cast.practitioner)
    refused = client.post(url(response), {"version": seen})
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Someone else saved answers while you were looking" in html
    assert "Nothing has been discarded. It now has 2 of 3 questions answered." in html
    assert f'name="version" value="{seen + 1}"' in html
    assert Response.objects.filter(pk=response.pk).exists()
    # Shown again: a read of the person, audited like opening the page.
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, actor=cast.practitioner, target_id=str(person.pk)
    ).exists()
    assert client.post(url(response), {"version": seen + 1}).status_code == 302
    assert not Response.objects.filter(pk=response.pk).exists()


def test_a_complete_one_is_refused_with_the_way_to_correct_it(sign_in, cast, person):
    response = complete(person)
    client = sign_in(cast.practitioner)
    html = client.get(url(response)).content.decode()
    assert "This questionnaire cannot be discarded" in html
    assert "If an answer is wrong, correct it" in html
    assert url(response, "answer") in html
    assert 'name="version"' not in html  # nothing to confirm
    posted = client.post(url(response), {"version": response.version})
    assert posted.status_code == 200
    assert "This questionnaire cannot be discarded" in posted.content.decode()
    assert Response.objects.filter(pk=response.pk).exists()
    assert not _deleted_events(response).exists()


def test_a_form_without_its_version_discards_nothing(sign_in, cast, person):
    response = start(person)
    assert sign_in(cast.practitioner).post(url(response), {}).status_code == 200
    assert Response.objects.filter(pk=response.pk).exists()


# Who may ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["practitioner", "team_lead", "both_teams"])
def test_the_team_may_discard(sign_in, cast, person, who):
    response = start(person)
    client = sign_in(getattr(cast, who))
    assert client.get(url(response)).status_code == 200
    assert client.post(url(response), {"version": response.version}).status_code == 302
    assert not Response.objects.filter(pk=response.pk).exists()


@pytest.mark.parametrize(
    "who", ["other_practitioner", "elsewhere_lead", "outsider", "evaluator", "org_admin"]
)
def test_everyone_else_is_refused_and_audited(sign_in, cast, person, who):
    response = start(person, {"left_out": 2})
    client = sign_in(getattr(cast, who))
    assert client.get(url(response)).status_code == 404
    assert client.post(url(response), {"version": response.version}).status_code == 404
    assert Response.objects.filter(pk=response.pk).exists()
    assert not _deleted_events(response).exists()
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).exists()


def test_the_signed_out_are_sent_to_sign_in(client, cast, person):
    response = start(person)
    for answer in (client.get(url(response)), client.post(url(response), {"version": 1})):
        assert answer.status_code == 302
        assert "/login/" in answer.url
    assert Response.objects.filter(pk=response.pk).exists()


def test_a_response_is_discarded_only_under_its_own_person(sign_in, cast, person):
    theirs = start(PersonFactory(team=cast.team, started_on=TODAY - dt.timedelta(days=30)))
    address = reverse("outcomes:discard", args=[person.pk, theirs.pk])
    client = sign_in(cast.practitioner)
    assert client.post(address, {"version": theirs.version}).status_code == 404
    assert Response.objects.filter(pk=theirs.pk).exists()
