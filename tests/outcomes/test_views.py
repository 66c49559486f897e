"""Taking a questionnaire on screen: who may, starting one, saving and carrying on later,
finishing and the scores in plain words, answers still needed, conflicting saves, and
correcting a finished one."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.outcomes import services
from connecting_people.outcomes.models import CompletedBy, Response, ResponseStatus
from connecting_people.outcomes.selectors import instrument_version
from tests.factories import PersonFactory

TODAY = timezone.localdate()
ANSWERS = {
    "ons4": {"satisfied": 7, "worthwhile": 9, "happy": 4, "anxious": 1},
    "ucla3": {"lack_companionship": 2, "left_out": 1, "isolated": 3},
    "ons-lonely": {"lonely": 4},
}


@pytest.fixture
def person(cast):
    return PersonFactory(
        team=cast.team,
        preferred_name="Morwenna",
        keyworker=cast.practitioner,
        started_on=TODAY - dt.timedelta(days=20),
    )


def start(person, slug="ucla3", by=None, **kwargs):
    kwargs.setdefault("completed_by", CompletedBy.WITH_WORKER)
    response = services.response_start(
        person=person, instrument=instrument_version(slug), by=by, **kwargs
    )
    response.person = person
    return response


def complete(person, slug, by=None, **kwargs):
    response = start(person, slug, by=by, answers=ANSWERS[slug], **kwargs)
    return services.response_complete(response=response, by=by, version=response.version)


def url(name, response=None, *extra, person=None):
    if response is None:
        return reverse(f"outcomes:{name}", args=[person.pk])
    return reverse(f"outcomes:{name}", args=[response.person_id, response.pk, *extra])


def answers_post(version, action="save", **answers):
    return {"version": version, "action": action, **{f"q-{k}": v for k, v in answers.items()}}


# Who may ------------------------------------------------------------------------------------------


def _pages(person, response):
    return [
        url("page", person=person),
        url("start", person=person),
        url("answer", response),
        url("question", response, 1),
        url("check", response),
        url("result", complete(person, "ons4")),
    ]


@pytest.mark.parametrize("who", ["practitioner", "team_lead", "both_teams"])
def test_questionnaire_pages_open_for_the_team(sign_in, cast, person, who):
    client = sign_in(getattr(cast, who))
    for address in _pages(person, start(person)):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "Morwenna" in response.content.decode()


@pytest.mark.parametrize(
    "who", ["other_practitioner", "elsewhere_lead", "outsider", "evaluator", "org_admin"]
)
def test_questionnaire_pages_refused_to_others_and_audited(sign_in, cast, person, who):
    client = sign_in(getattr(cast, who))
    taken = start(person, answers={"left_out": 2})
    for address in _pages(person, taken):
        assert client.get(address).status_code == 404, address
    post = client.post(url("answer", taken), answers_post(taken.version, left_out=3))
    assert post.status_code == 404
    taken.refresh_from_db()
    assert taken.answers["left_out"] == 2
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).exists()


def test_questionnaire_pages_send_the_signed_out_to_sign_in(client, cast, person):
    for address in _pages(person, start(person)):
        response = client.get(address)
        assert response.status_code == 302
        assert "/login/" in response.url


def test_a_response_is_found_only_under_its_own_person(sign_in, cast, person):
    someone_else = PersonFactory(team=cast.team)
    theirs = start(someone_else)
    address = reverse("outcomes:answer", args=[person.pk, theirs.pk])
    assert sign_in(cast.practitioner).get(address).status_code == 404


# Starting -----------------------------------------------------------------------------------------


def test_start_offers_the_ready_ones_and_says_why_others_cannot_be_asked(sign_in, cast, person):
    html = sign_in(cast.practitioner).get(url("start", person=person)).content.decode()
    for ready in ('value="ons4"', 'value="ucla3"', 'value="ons-lonely"'):
        assert ready in html
    assert 'value="swemwbs"' not in html
    assert "The wording of the questions in SWEMWBS must be supplied by a licensed" in html
    assert "The person, on their own" in html
    assert "Entered from a paper copy" in html
    assert TODAY.strftime("%d/%m/%Y") in html  # the date starts as today


def test_start_from_a_due_link_picks_the_questionnaire(sign_in, cast, person):
    html = (
        sign_in(cast.practitioner)
        .get(url("start", person=person), {"instrument": "ucla3"})
        .content.decode()
    )
    chosen = re.findall(r'<input[^>]*name="instrument"[^>]*>', html)
    assert [tag for tag in chosen if " checked" in tag] == [
        next(tag for tag in chosen if 'value="ucla3"' in tag)
    ]


def _start_data(**changes):
    return {
        "instrument": "ucla3",
        "completed_by": CompletedBy.FROM_PAPER,
        "taken_on": (TODAY - dt.timedelta(days=3)).strftime("%d/%m/%Y"),
        "layout": "all",
        **changes,
    }


def test_starting_from_paper_keeps_the_date_on_the_form(sign_in, cast, person):
    response = sign_in(cast.practitioner).post(url("start", person=person), _start_data())
    taken = Response.objects.get(person=person)
    assert response.status_code == 302
    assert response.url == url("answer", taken)
    assert (taken.completed_by, taken.taken_on, taken.recorded_by) == (
        CompletedBy.FROM_PAPER,
        TODAY - dt.timedelta(days=3),
        cast.practitioner,
    )
    assert taken.instrument == instrument_version("ucla3")
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATED, target_type="outcomes.response", actor=cast.practitioner
    ).exists()


def test_starting_one_question_per_screen_goes_to_question_one(sign_in, cast, person):
    response = sign_in(cast.practitioner).post(
        url("start", person=person), _start_data(layout="one")
    )
    assert response.url == url("question", Response.objects.get(person=person), 1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"taken_on": (TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y")},
            "The date it was taken cannot be in the future",
        ),
        ({"taken_on": "31/02/2026"}, "Enter the date it was taken as a real date"),
        ({"completed_by": ""}, "Say how it is being completed"),
        ({"instrument": ""}, "Choose a questionnaire"),
        ({"instrument": "nonsense"}, "Choose one of the questionnaires listed"),
        (
            {"instrument": "swemwbs"},
            "The wording of the questions in SWEMWBS must be supplied by a licensed organisation "
            "before it can be asked.",
        ),
    ],
)
def test_starting_refused_with_a_plain_message(sign_in, cast, person, changes, message):
    response = sign_in(cast.practitioner).post(url("start", person=person), _start_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Response.objects.exists()


def test_a_date_before_they_started_is_refused_and_kept_as_typed(sign_in, cast, person):
    before = person.started_on - dt.timedelta(days=1)
    typed = f"{before.day}/{before.month}/{before.year}"  # as a person might type it
    response = sign_in(cast.practitioner).post(
        url("start", person=person), _start_data(taken_on=typed)
    )
    html = response.content.decode()
    start = person.started_on
    assert response.status_code == 200
    assert (
        "The date it was taken cannot be before they started with the team "
        f"({start.day} {start:%B %Y})" in html
    )
    assert f'value="{typed}"' in html
    chosen = re.findall(r'<input[^>]*name="instrument"[^>]*value="ucla3"[^>]*>', html)
    assert len(chosen) == 1
    assert " checked" in chosen[0]  # the rest is kept too
    assert html.count("cannot be before they started") == 2  # in the summary and by the field
    assert not Response.objects.exists()


# All on one page ----------------------------------------------------------------------------------


def test_save_and_finish_later_keeps_the_answers_to_carry_on(sign_in, cast, person):
    taken = start(person)
    client = sign_in(cast.practitioner)
    response = client.post(url("answer", taken), answers_post(taken.version, left_out=3))
    assert response.status_code == 302
    assert response.url == url("page", person=person) + "#started"
    taken.refresh_from_db()
    assert taken.answers == {"lack_companionship": None, "left_out": 3, "isolated": None}
    assert taken.status == ResponseStatus.IN_PROGRESS
    page = client.get(url("page", person=person)).content.decode()
    assert "Started and not finished" in page
    assert "1 of 3 questions answered" in page
    assert url("answer", taken) in page
    form = client.get(url("answer", taken)).content.decode()
    assert 'name="q-left_out" type="radio" value="3" checked' in form
    person_page = client.get(reverse("practice:person", args=[person.pk])).content.decode()
    assert "Carry on with Loneliness (three questions)" in person_page


def test_finishing_scores_it_and_shows_the_scores_in_plain_words(sign_in, cast, person):
    taken = start(person)
    client = sign_in(cast.practitioner)
    response = client.post(
        url("answer", taken), answers_post(taken.version, "finish", **ANSWERS["ucla3"])
    )
    taken.refresh_from_db()
    assert response.url == url("result", taken)
    assert taken.status == ResponseStatus.COMPLETE
    assert taken.score_value("total") == 6
    html = client.get(response.url).content.decode()
    assert "Finished. The scores are worked out and saved." in html
    assert "6, on a scale from 3 to 9" in html
    assert "a higher number means feeling lonely more often" in html
    assert "govuk-tag--blue" not in html  # UCLA-3 has no bands, and none is made up
    assert "Hughes ME, Waite LJ" in html  # cited as the licence asks
    assert "Some of the time" in html  # the answers, by their labels


def test_ons4_scores_each_question_with_its_band(sign_in, cast, person):
    taken = complete(person, "ons4")
    client = sign_in(cast.practitioner)
    page = client.get(url("page", person=person)).content.decode()
    assert "Life satisfaction:</span> 7 out of 10 — high" in page
    assert "Anxiety yesterday:</span> 1 out of 10 — very low" in page
    html = client.get(url("result", taken)).content.decode()
    for title, shown, band in [
        ("Life satisfaction", "7 out of 10", "High"),
        ("Feeling the things you do are worthwhile", "9 out of 10", "Very high"),
        ("Happiness yesterday", "4 out of 10", "Low"),
        ("Anxiety yesterday", "1 out of 10", "Very low"),
    ]:
        block = html[html.index(title) :]
        block = block[: block.index("</li>")]
        assert shown in block, title
        assert f">{band}</strong>" in block, title
    assert "Here a lower number is better." in html
    assert "Office for National Statistics" in html


def test_the_ons_question_is_shown_as_its_answer(sign_in, cast, person):
    taken = complete(person, "ons-lonely")
    html = sign_in(cast.practitioner).get(url("result", taken)).content.decode()
    assert "Some of the time" in html
    assert "it is not added to anything and has no band" in html


def test_finishing_with_answers_missing_says_which_and_keeps_the_rest(sign_in, cast, person):
    taken = start(person)
    response = sign_in(cast.practitioner).post(
        url("answer", taken), answers_post(taken.version, "finish", lack_companionship=2)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "To work out the scores, answer questions 2 and 3." in html
    assert "Everything answered so far is saved." in html
    # In the summary at the top, linking to the question, and beside the question itself.
    assert html.count("Question 2 is not answered yet") == 2
    assert html.count("Question 3 is not answered yet") == 2
    assert "Question 1 is not answered yet" not in html
    assert 'name="q-lack_companionship" type="radio" value="2" checked' in html
    taken.refresh_from_db()
    assert taken.answers["lack_companionship"] == 2
    assert taken.status == ResponseStatus.IN_PROGRESS
    # Showing their answers again is a read of them, audited like opening the page.
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, actor=cast.practitioner, target_id=str(person.pk)
    ).exists()


def test_ons4_finishes_with_a_question_unanswered_as_its_rule_allows(sign_in, cast, person):
    taken = start(person, "ons4")
    sign_in(cast.practitioner).post(
        url("answer", taken),
        answers_post(taken.version, "finish", satisfied=5, worthwhile=6, happy=8),
    )
    taken.refresh_from_db()
    assert taken.status == ResponseStatus.COMPLETE
    html = sign_in(cast.practitioner).get(url("result", taken)).content.decode()
    block = html[html.index("Anxiety yesterday") :]
    assert "Not answered" in block[: block.index("</li>")]


def test_finishing_nothing_answered_of_ons4_asks_for_one(sign_in, cast, person):
    taken = start(person, "ons4")
    html = (
        sign_in(cast.practitioner)
        .post(url("answer", taken), answers_post(taken.version, "finish"))
        .content.decode()
    )
    assert "To work out the scores, answer at least 1 more of questions 1, 2, 3 and 4." in html


def test_an_answer_that_is_not_one_of_the_options_is_refused(sign_in, cast, person):
    taken = start(person)
    html = (
        sign_in(cast.practitioner)
        .post(url("answer", taken), answers_post(taken.version, left_out=7))
        .content.decode()
    )
    assert "Choose one of the answers given" in html
    taken.refresh_from_db()
    assert taken.answers["left_out"] is None


def test_a_conflicting_save_is_refused_and_shows_both(sign_in, cast, person):
    taken = start(person, answers={"left_out": 1})
    loaded = taken.version
    services.response_save_answers(
        response=taken, by=cast.team_lead, answers={"left_out": 2}, version=loaded
    )
    response = sign_in(cast.practitioner).post(
        url("answer", taken), answers_post(loaded, "finish", **ANSWERS["ucla3"] | {"left_out": 3})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved changes while you were editing" in html
    assert "Question 2" in html
    assert "Some of the time" in html
    assert "Often" in html
    assert f'name="version" value="{loaded + 1}"' in html
    assert 'name="q-left_out" type="radio" value="3" checked' in html  # yours kept
    taken.refresh_from_db()
    assert (taken.answers["left_out"], taken.status) == (2, ResponseStatus.IN_PROGRESS)


# Correcting a finished one ------------------------------------------------------------------------


def test_correcting_a_finished_one_scores_it_again_and_is_audited(sign_in, cast, person):
    taken = complete(person, "ucla3")
    client = sign_in(cast.practitioner)
    form = client.get(url("answer", taken)).content.decode()
    assert "Correct the answers" in form
    assert "Save the corrections" in form
    response = client.post(
        url("answer", taken), answers_post(taken.version, **ANSWERS["ucla3"] | {"isolated": 1})
    )
    assert response.url == url("result", taken)
    taken.refresh_from_db()
    assert taken.score_value("total") == 4
    event = AuditEvent.objects.filter(target_type="outcomes.response").latest("pk")
    assert (event.action, event.actor, event.detail["changed"]) == (
        AuditAction.CHANGED,
        cast.practitioner,
        ["isolated"],
    )


def test_a_correction_that_leaves_it_unscorable_is_not_saved(sign_in, cast, person):
    taken = complete(person, "ucla3")
    answers = ANSWERS["ucla3"] | {"isolated": ""}
    html = (
        sign_in(cast.practitioner)
        .post(url("answer", taken), answers_post(taken.version, **answers))
        .content.decode()
    )
    assert "The corrections are not saved" in html
    assert "To work out the scores, answer question 3." in html
    taken.refresh_from_db()
    assert (taken.answers["isolated"], taken.score_value("total")) == (3, 6)


# One question per screen --------------------------------------------------------------------------


def test_one_question_per_screen_with_back_next_and_a_check(sign_in, cast, person):
    taken = start(person)
    client = sign_in(cast.practitioner)
    first = client.get(url("question", taken, 1)).content.decode()
    assert "Question 1 of 3" in first
    assert "How often do you feel that you lack companionship?" in first
    assert 'name="action" value="back"' not in first

    def post(number, action="next", **answer):
        taken.refresh_from_db()
        return client.post(
            url("question", taken, number), answers_post(taken.version, action, **answer)
        )

    assert post(1, lack_companionship=2).url == url("question", taken, 2)
    second = client.get(url("question", taken, 2)).content.decode()
    assert "Question 2 of 3" in second
    assert 'name="action" value="back"' in second
    assert post(2, "back", left_out=3).url == url("question", taken, 1)
    assert post(1, lack_companionship=2).url == url("question", taken, 2)
    assert post(2, left_out=3).url == url("question", taken, 3)
    assert post(3, isolated=1).url == url("check", taken)
    check = client.get(url("check", taken)).content.decode()
    assert "Check the answers" in check
    assert "3 of 3 questions answered" in check
    taken.refresh_from_db()
    response = client.post(url("check", taken), {"version": taken.version})
    taken.refresh_from_db()
    assert response.url == url("result", taken)
    assert (taken.status, taken.score_value("total")) == (ResponseStatus.COMPLETE, 6)
    # A finished one opens as the whole form, for corrections.
    assert client.get(url("question", taken, 1)).url == url("answer", taken)


def test_one_per_screen_save_for_later_and_out_of_range(sign_in, cast, person):
    taken = start(person)
    client = sign_in(cast.practitioner)
    response = client.post(
        url("question", taken, 2), answers_post(taken.version, "later", left_out=2)
    )
    assert response.url == url("page", person=person) + "#started"
    taken.refresh_from_db()
    assert taken.answers["left_out"] == 2
    assert client.get(url("question", taken, 4)).status_code == 404
    assert client.get(url("question", taken, 0)).status_code == 404


def test_checking_with_answers_missing_links_to_the_question(sign_in, cast, person):
    taken = start(person, answers={"lack_companionship": 1, "isolated": 2})
    response = sign_in(cast.practitioner).post(url("check", taken), {"version": taken.version})
    html = response.content.decode()
    assert "To work out the scores, answer question 2." in html
    assert f'<a href="{url("question", taken, 2)}">' in html
    assert "Everything answered so far is saved." in html
    taken.refresh_from_db()
    assert taken.status == ResponseStatus.IN_PROGRESS


def test_checking_after_someone_else_finished_is_a_conflict(sign_in, cast, person):
    taken = start(person, answers=ANSWERS["ucla3"])
    loaded = taken.version
    services.response_save_answers(
        response=taken, by=cast.team_lead, answers={"isolated": 1}, version=loaded
    )
    html = (
        sign_in(cast.practitioner).post(url("check", taken), {"version": loaded}).content.decode()
    )
    assert "Someone else saved changes while you were editing" in html
    # The check now shows their answer to question 3, to finish over the version now stored.
    rows = html[html.index("cp-answer-summary") :]
    assert "Hardly ever or never" in rows[rows.index("3. How often") :]
    assert f'name="version" value="{loaded + 1}"' in html
    taken.refresh_from_db()
    assert taken.status == ResponseStatus.IN_PROGRESS


# The measures page --------------------------------------------------------------------------------


def test_measures_page_shows_what_is_due_and_what_was_done(sign_in, cast, person):
    person.started_on = TODAY - dt.timedelta(days=100)
    person.save()
    complete(person, "ucla3", taken_on=TODAY - dt.timedelta(days=99))
    html = sign_in(cast.practitioner).get(url("page", person=person)).content.decode()
    due = html[html.index('id="due"') : html.index('id="done"')]
    assert "asks these questionnaires at the start and at 3, 6, 9 and 12 months" in due
    # UCLA-3 was taken at the start; the 3-month point (day ~92) is due now for all three.
    assert due.count("Due now (at 3 months)") == 3
    assert "Not taken at the start." in due  # ONS4 and the ONS question missed the baseline
    assert f"{url('start', person=person)}?instrument=ucla3" in due
    done = html[html.index('id="done"') :]
    assert "Loneliness score:</span> 6, on a scale from 3 to 9" in done
    assert "The person with their worker" in done


def test_measures_page_for_someone_who_moved_on_has_nothing_due(sign_in, cast, person):
    person.status = "moved_on"
    person.moved_on_on = TODAY
    person.destination = "other"
    person.save()
    html = sign_in(cast.practitioner).get(url("page", person=person)).content.decode()
    assert "Nothing is due while Morwenna is not being supported." in html


def test_carrying_on_one_per_screen_starts_at_the_first_question_not_answered(
    sign_in, cast, person
):
    taken = start(person, answers={"lack_companionship": 1})
    client = sign_in(cast.practitioner)
    assert url("question", taken, 2) in client.get(url("page", person=person)).content.decode()
    assert url("question", taken, 2) in client.get(url("answer", taken)).content.decode()


def test_measures_page_query_count_does_not_grow_with_the_responses(sign_in, cast, person):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = sign_in(cast.practitioner)
    complete(person, "ons4")
    start(person)
    client.get(url("page", person=person))
    with CaptureQueriesContext(connection) as few:
        client.get(url("page", person=person))
    for slug in ("ons4", "ucla3", "ons-lonely") * 10:
        complete(person, slug)
        start(person, slug)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url("page", person=person)).content.decode()
    assert html.count("See the scores") == 31
    assert len(many) == len(few)
