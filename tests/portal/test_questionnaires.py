"""My questionnaires (issue 14): the person's questionnaires over time in plain words, and
answering those that are due, on their own, through the outcomes services."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.outcomes import services
from connecting_people.outcomes.models import CompletedBy, MeasureSchedule, Response
from connecting_people.outcomes.selectors import instrument_version

pytestmark = pytest.mark.django_db

ONS4 = {"satisfied": 7, "worthwhile": 6, "happy": 8, "anxious": 2}


def _answers(values):
    return {f"q-{key}": value for key, value in values.items()}


def _taken(person, by, slug, answers, days_ago, completed_by=CompletedBy.WITH_WORKER):
    response = services.response_start(
        person=person,
        instrument=instrument_version(slug),
        by=by,
        completed_by=completed_by,
        taken_on=timezone.localdate() - dt.timedelta(days=days_ago),
        answers=answers,
    )
    return services.response_complete(response=response, by=by, version=response.version)


def _start(client, slug="ons4"):
    return client.post(reverse("portal:questionnaire_start"), {"instrument": slug})


@pytest.fixture
def sam(own):
    """Sam started with the team 200 days ago: the six-month questionnaires are due."""
    own.sam.started_on = timezone.localdate() - dt.timedelta(days=200)
    own.sam.save(update_fields=["started_on"])
    return own


def test_the_questionnaires_due_are_offered(own, sign_in):
    html = sign_in(own.sam_user).get(reverse("portal:questionnaires")).content.decode()
    assert "Personal wellbeing" in html
    assert html.count("Answer now") == 3  # the default schedule's three, all due at the start


def test_nothing_is_due_once_i_have_moved_on(own, sign_in):
    # They can keep signing in for a while after moving on (issue 14, the moving on pack).
    own.sam.status, own.sam.destination = "moved_on", "beyond_services"
    own.sam.moved_on_on = timezone.localdate()
    own.sam.save(update_fields=["status", "destination", "moved_on_on"])
    client = sign_in(own.sam_user)
    html = client.get(reverse("portal:questionnaires")).content.decode()
    assert "Nothing to answer just now." in html
    assert "Answer now" not in html
    _start(client)
    assert not Response.objects.filter(person=own.sam).exists()


def test_answering_one_that_is_due_starts_it_as_mine_on_my_own(own, sign_in):
    response = _start(sign_in(own.sam_user))
    started = Response.objects.get(person=own.sam)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:questionnaire_answer", args=[started.pk])
    assert (started.completed_by, started.recorded_by) == (CompletedBy.PERSON, own.sam_user)
    assert AuditEvent.objects.filter(
        actor=own.sam_user, action=AuditAction.CREATED, target_id=str(started.pk)
    ).exists()


def test_answering_again_carries_on_the_one_already_started(own, sign_in):
    client = sign_in(own.sam_user)
    first = _start(client)["Location"]
    assert _start(client)["Location"] == first
    assert Response.objects.filter(person=own.sam).count() == 1


@pytest.mark.parametrize("slug", ["swemwbs", "no-such-thing", ""])
def test_only_a_questionnaire_that_is_due_and_may_be_asked_can_be_started(own, sign_in, slug):
    # The team asks SWEMWBS too, but its wording is not licensed here: it is never offered.
    MeasureSchedule.objects.create(team=own.team, months=[3], instruments=["ons4", "swemwbs"])
    client = sign_in(own.sam_user)
    assert "Warwick" not in client.get(reverse("portal:questionnaires")).content.decode()
    response = _start(client, slug)
    assert response.status_code == 302
    assert not Response.objects.filter(person=own.sam).exists()
    html = client.get(response["Location"]).content.decode()
    assert "That questionnaire is not due for you now." in html


def test_finishing_scores_it_and_shows_it_in_my_answers_over_time(own, sign_in):
    client = sign_in(own.sam_user)
    answer_url = _start(client)["Location"]
    started = Response.objects.get(person=own.sam)
    response = client.post(
        answer_url, {"version": started.version, "action": "finish", **_answers(ONS4)}
    )
    started.refresh_from_db()
    assert started.is_complete
    assert started.score_value("satisfied") == 7
    assert response["Location"] == f"{reverse('portal:questionnaires')}#change-ons4"
    assert AuditEvent.objects.filter(
        actor=own.sam_user, action=AuditAction.CHANGED, target_id=str(started.pk)
    ).exists()
    html = client.get(response["Location"]).content.decode()
    assert "Finished. Thank you for answering." in html
    assert "7 out of 10" in html
    assert "A higher number is better." in html  # the staff pages' own honest wording


def test_finishing_with_answers_missing_says_which_and_keeps_the_rest(own, sign_in):
    client = sign_in(own.sam_user)
    answer_url = _start(client, "ucla3")["Location"]  # scored only when every one is answered
    started = Response.objects.get(person=own.sam)
    response = client.post(
        answer_url, {"version": started.version, "action": "finish", "q-left_out": 2}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "To work out the scores, answer questions 1 and 3." in html
    assert "Your answers so far are saved." in html
    started.refresh_from_db()
    assert not started.is_complete
    assert started.answers["left_out"] == 2


def test_a_made_up_answer_is_refused_in_plain_words(own, sign_in):
    client = sign_in(own.sam_user)
    answer_url = _start(client)["Location"]
    started = Response.objects.get(person=own.sam)
    response = client.post(
        answer_url, {"version": started.version, "action": "save", "q-satisfied": 99}
    )
    assert "Choose one of the answers given" in response.content.decode()


def test_saving_for_later_keeps_the_answers(own, sign_in):
    client = sign_in(own.sam_user)
    answer_url = _start(client)["Location"]
    started = Response.objects.get(person=own.sam)
    response = client.post(answer_url, {"version": started.version, "action": "save", "q-happy": 9})
    assert response["Location"] == f"{reverse('portal:questionnaires')}#started"
    started.refresh_from_db()
    assert (started.is_complete, started.answers["happy"]) == (False, 9)
    assert "Carry on" in client.get(response["Location"]).content.decode()


def test_a_clash_with_answers_saved_since_is_shown_and_nothing_is_overwritten(own, sign_in):
    client = sign_in(own.sam_user)
    answer_url = _start(client)["Location"]
    started = Response.objects.get(person=own.sam)
    loaded = started.version
    services.response_save_answers(
        response=started, by=own.sam_user, answers={"happy": 3}, version=loaded
    )  # from another tab
    response = client.post(answer_url, {"version": loaded, "action": "save", "q-happy": 9})
    html = response.content.decode()
    assert "Someone else saved changes while you were editing" in html
    assert "Question 3" in html
    started.refresh_from_db()
    assert started.answers["happy"] == 3


def test_one_started_with_my_worker_is_finished_with_them(own, sign_in):
    with_worker = services.response_start(
        person=own.sam,
        instrument=instrument_version("ons4"),
        by=own.practitioner,
        completed_by=CompletedBy.WITH_WORKER,
    )
    client = sign_in(own.sam_user)
    url = reverse("portal:questionnaire_answer", args=[with_worker.pk])
    response = client.post(url, {"version": with_worker.version, **_answers(ONS4)})
    assert response["Location"] == f"{reverse('portal:questionnaires')}#started"
    with_worker.refresh_from_db()
    assert with_worker.answers["satisfied"] is None
    html = client.get(response["Location"]).content.decode()
    assert "You started this one with your worker. Finish it together." in html


def test_my_answers_over_time_say_what_changed_in_plain_words(sam, sign_in):
    _taken(sam.sam, sam.practitioner, "ons4", {**ONS4, "satisfied": 4}, days_ago=190)
    _taken(sam.sam, sam.practitioner, "ons4", ONS4, days_ago=3)
    html = sign_in(sam.sam_user).get(reverse("portal:questionnaires")).content.decode()
    assert "Your life satisfaction score went from 4" in html
    assert "a change for the better" in html
    assert "We say better or worse only for a change of 2 or more points" in html


@pytest.mark.parametrize("whose", ["robin", "kit"])
def test_someone_elses_questionnaire_is_the_same_404_as_a_missing_one(own, sign_in, whose):
    theirs = services.response_start(
        person=getattr(own, whose),
        instrument=instrument_version("ons4"),
        by=own.practitioner,
        completed_by=CompletedBy.PERSON,
    )
    client = sign_in(own.sam_user)
    url = reverse("portal:questionnaire_answer", args=[theirs.pk])
    missing = reverse("portal:questionnaire_answer", args=[theirs.pk + 1000])
    assert client.get(url).status_code == 404
    assert client.get(missing).status_code == 404
    post = {"version": theirs.version, "action": "finish", **_answers(ONS4)}
    assert client.post(url, post).status_code == 404
    theirs.refresh_from_db()
    assert theirs.answers["satisfied"] is None
    assert AuditEvent.objects.filter(actor=own.sam_user, action=AuditAction.REFUSED).count() == 3


def test_my_questionnaires_take_the_same_queries_however_many(
    sam, sign_in, django_assert_max_num_queries
):
    _taken(sam.sam, sam.practitioner, "ons4", ONS4, days_ago=190)
    client = sign_in(sam.sam_user)
    client.get(reverse("portal:questionnaires"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("portal:questionnaires"))
    for days in (150, 100, 60, 10):
        _taken(sam.sam, sam.practitioner, "ons4", ONS4, days_ago=days)
        _taken(
            sam.sam,
            sam.practitioner,
            "ucla3",
            {"lack_companionship": 1, "left_out": 1, "isolated": 1},
            days_ago=days,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("portal:questionnaires"))
