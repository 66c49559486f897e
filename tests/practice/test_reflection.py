"""Practice reflection: the questions as data, scoring, the quarter, and the pages (who may open
them, saving, clashes, a constant number of queries)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.practice.reflection import selectors
from connecting_people.practice.reflection.models import (
    Reflection,
    ReflectionArea,
    ReflectionQuestion,
    Scale,
)
from connecting_people.practice.reflection.periods import Quarter, quarter_from_key, quarter_of
from tests.plans.factories import PersonFactory

TODAY = timezone.localdate()
NOW = quarter_of(TODAY)


def _all_answers(questions, value=Scale.OFTEN):
    return {f"question_{q.pk}": str(int(value)) for q in questions}


def _reflection(team, quarter, value, **extra):
    questions = selectors.questions_to_answer(team)
    answers = {str(q.pk): int(value) for q in questions}
    return Reflection.objects.create(
        team=team, period_start=quarter.start, answers=answers, version=1, **extra
    )


# ── The questions, as data ────────────────────────────────────────────────────────────────────
def test_the_app_starts_with_four_areas_of_three_to_five_questions(db):
    areas = list(ReflectionArea.objects.all())
    assert [a.key for a in areas] == ["agency", "worker", "practice", "person"]
    for area in areas:
        assert 3 <= area.questions.filter(organisation=None).count() <= 5


def test_no_question_claims_to_be_the_published_fidelity_scale(db):
    for question in ReflectionQuestion.objects.all():
        assert "fidelity" not in question.text.lower()


def test_a_team_answers_the_apps_questions_until_its_organisation_has_its_own(cast):
    built_in = selectors.questions_to_answer(cast.team)
    assert built_in
    assert all(q.organisation_id is None for q in built_in)
    area = ReflectionArea.objects.get(key="agency")
    own = ReflectionQuestion.objects.create(
        area=area, organisation=cast.organisation, text="We run a monthly community lunch."
    )
    assert selectors.questions_to_answer(cast.team) == [own]
    # Another organisation's questions are never asked of this team, nor this one's of theirs.
    assert own not in selectors.questions_to_answer(cast.elsewhere_team)
    own.in_use = False
    own.save()
    assert selectors.questions_to_answer(cast.team) == built_in


# ── Scoring ───────────────────────────────────────────────────────────────────────────────────
def test_an_areas_score_is_its_answers_out_of_the_most_they_could_be(cast):
    questions = [q for q in selectors.questions_to_answer(cast.team) if q.area.key == "worker"]
    answers = {str(q.pk): v for q, v in zip(questions, [3, 2, 1, 0], strict=True)}
    reflection = Reflection(team=cast.team, period_start=NOW.start, answers=answers)
    worker = next(s for s in selectors.score(reflection, questions) if s.area.key == "worker")
    assert (worker.answered, worker.points, worker.percent) == (4, 6, 50)


def test_answers_to_a_question_taken_out_of_use_still_count_and_strangers_do_not(cast):
    question = ReflectionQuestion.objects.filter(area__key="person", organisation=None).first()
    reflection = _reflection(cast.team, NOW, Scale.NEARLY_ALWAYS)
    reflection.answers["999999"] = 3  # a question that no longer exists
    reflection.answers[str(question.pk)] = 0
    reflection.save()
    question.in_use = False
    question.save()
    [result] = selectors.team_results(cast.team)
    person = next(s for s in result.scores if s.area.key == "person")
    assert (person.answered, person.points) == (4, 9)


def test_an_area_with_no_answers_has_no_score_rather_than_nought(cast):
    reflection = Reflection(team=cast.team, period_start=NOW.start, answers={})
    scores = selectors.score(reflection, selectors.questions_to_answer(cast.team))
    assert [s.percent for s in scores] == [None] * 4


# ── Quarters ──────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("day", "key", "label"),
    [
        (dt.date(2026, 1, 1), "2026-q1", "January to March 2026"),
        (dt.date(2026, 12, 31), "2026-q4", "October to December 2026"),
        (dt.date(2025, 8, 15), "2025-q3", "July to September 2025"),
    ],
)
def test_a_day_falls_in_its_quarter(day, key, label):
    quarter = quarter_of(day)
    assert (quarter.key, quarter.label) == (key, label)
    assert quarter_from_key(key) == quarter
    assert quarter.start <= day <= quarter.end


@pytest.mark.parametrize("key", ["2026-q5", "2026-q0", "26-q1", "1999-q1", "2026-Q1x", ""])
def test_only_a_real_quarter_key_names_a_quarter(key):
    assert quarter_from_key(key) is None


def test_the_quarter_after_the_last_runs_into_the_next_year():
    assert Quarter(dt.date(2026, 10, 1)).following().start == dt.date(2027, 1, 1)


# ── Who may open the pages ────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("name", ["reflection:overview", "reflection:take"])
@pytest.mark.parametrize(("who", "status"), [("practitioner", 200), ("team_lead", 200)])
def test_anyone_in_the_team_opens_the_reflection(sign_in, cast, name, who, status):
    assert sign_in(getattr(cast, who)).get(reverse(name)).status_code == status


@pytest.mark.parametrize("name", ["reflection:overview", "reflection:take"])
@pytest.mark.parametrize("who", ["outsider", "org_admin", "evaluator"])
def test_someone_in_no_team_is_refused_and_it_is_recorded(sign_in, cast, name, who):
    user = getattr(cast, who)
    assert sign_in(user).get(reverse(name)).status_code == 404
    assert AuditEvent.objects.filter(actor=user, action=AuditAction.REFUSED).exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("reflection:overview"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_another_teams_answers_are_never_shown(sign_in, cast):
    _reflection(cast.other_team, NOW, Scale.NEARLY_ALWAYS, notes="Southern secret plan")
    client = sign_in(cast.practitioner)
    html = client.get(reverse("reflection:result", kwargs={"period": NOW.key})).content.decode()
    assert "did not take a reflection" in html
    assert "Southern secret plan" not in html
    assert "Southern secret plan" not in client.get(reverse("reflection:overview")).content.decode()


@pytest.mark.parametrize("period", ["nonsense", "2026-q7", NOW.following().key])
def test_a_quarter_that_is_not_real_or_not_yet_here_is_not_found(sign_in, cast, period):
    url = reverse("reflection:result", kwargs={"period": period})
    assert sign_in(cast.practitioner).get(url).status_code == 404


# ── Taking it ─────────────────────────────────────────────────────────────────────────────────
def test_a_practitioner_starts_the_teams_reflection_for_this_quarter(sign_in, cast):
    questions = selectors.questions_to_answer(cast.team)
    data = {"version": "0", "notes": "Visit the allotment society.", **_all_answers(questions)}
    response = sign_in(cast.practitioner).post(reverse("reflection:take"), data)
    assert response.url == reverse("reflection:result", kwargs={"period": NOW.key})
    reflection = Reflection.objects.get(team=cast.team)
    assert reflection.period_start == NOW.start
    assert set(reflection.answers.values()) == {int(Scale.OFTEN)}
    assert reflection.notes == "Visit the allotment society."
    assert AuditEvent.objects.filter(actor=cast.practitioner, action=AuditAction.CREATED).exists()


def test_a_reflection_missing_answers_is_not_saved_and_says_what_to_do(sign_in, cast):
    questions = selectors.questions_to_answer(cast.team)
    data = {"version": "0", **_all_answers(questions[1:])}
    response = sign_in(cast.practitioner).post(reverse("reflection:take"), data)
    assert response.status_code == 200
    assert "Choose an answer for this question." in response.content.decode()
    assert response.content.decode().count("checked") == len(questions) - 1  # kept as typed
    assert not Reflection.objects.exists()


def test_a_second_member_changes_the_teams_answers_for_the_quarter(sign_in, cast):
    reflection = _reflection(cast.team, NOW, Scale.NOT_YET)
    data = {"version": "1", **_all_answers(selectors.questions_to_answer(cast.team), Scale.OFTEN)}
    sign_in(cast.team_lead).post(reverse("reflection:take"), data)
    reflection.refresh_from_db()
    assert (reflection.version, set(reflection.answers.values())) == (2, {2})
    assert Reflection.objects.count() == 1


@pytest.mark.parametrize("stale_version", ["0", "1"])
def test_saving_over_someone_elses_answers_is_refused_not_overwritten(sign_in, cast, stale_version):
    reflection = _reflection(cast.team, NOW, Scale.NOT_YET)
    reflection.version = 2
    reflection.save()
    questions = selectors.questions_to_answer(cast.team)
    data = {"version": stale_version, **_all_answers(questions, Scale.NEARLY_ALWAYS)}
    response = sign_in(cast.practitioner).post(reverse("reflection:take"), data)
    assert response.status_code == 200
    assert "Someone else saved changes" in response.content.decode()
    assert 'name="version" value="2"' in response.content.decode()  # the next save goes through
    reflection.refresh_from_db()
    assert set(reflection.answers.values()) == {0}


# ── What the pages show ───────────────────────────────────────────────────────────────────────
def test_the_overview_shows_the_latest_scores_a_chart_and_says_the_questions_are_ours(
    sign_in, cast
):
    _reflection(cast.team, quarter_of(NOW.start - dt.timedelta(days=1)), Scale.NOW_AND_THEN)
    _reflection(cast.team, NOW, Scale.NEARLY_ALWAYS)
    html = sign_in(cast.practitioner).get(reverse("reflection:overview")).content.decode()
    assert '<span class="govuk-!-font-weight-bold">100</span>' in html
    assert 'role="img"' in html  # the chart, with its table of numbers beneath
    assert "33%" in html
    assert ">100</text>" in html  # a score's axis runs to 100, whatever the scores
    assert html.count("up 67") == 4  # each area, against the quarter before
    assert "not the research team's fidelity scale" in html
    assert "Change this quarter's answers" in html


def test_one_reflection_has_no_chart_yet_as_there_is_nothing_to_compare(sign_in, cast):
    _reflection(cast.team, NOW, Scale.OFTEN)
    html = sign_in(cast.practitioner).get(reverse("reflection:overview")).content.decode()
    assert "reflection-chart" not in html
    assert "a chart here will show how the scores have changed" in html


def test_the_overview_before_any_reflection_invites_the_first(sign_in, cast):
    html = sign_in(cast.practitioner).get(reverse("reflection:overview")).content.decode()
    assert "has not taken a reflection yet" in html
    assert "Start this quarter's reflection" in html


def test_the_indicators_stand_beside_the_reflection(sign_in, cast):
    PersonFactory(team=cast.team)
    _reflection(cast.team, NOW, Scale.OFTEN)
    html = sign_in(cast.practitioner).get(reverse("reflection:overview")).content.decode()
    assert "Has a network map" in html
    assert "0 of 1" in html
    assert f'href="{reverse("indicators:team")}"' in html


def test_the_overview_costs_the_same_queries_however_many_reflections(sign_in, cast):
    client = sign_in(cast.practitioner)
    quarter = NOW
    _reflection(cast.team, quarter, Scale.OFTEN)
    client.get(reverse("reflection:overview"))  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("reflection:overview")).status_code == 200
    for _ in range(9):
        quarter = quarter_of(quarter.start - dt.timedelta(days=1))
        _reflection(cast.team, quarter, Scale.NOW_AND_THEN)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("reflection:overview")).status_code == 200
    assert len(many) == len(few)


def test_a_quarters_page_lists_every_answer_under_its_area(sign_in, cast):
    _reflection(cast.team, NOW, Scale.NOW_AND_THEN, notes="Ask the library about a reading group")
    url = reverse("reflection:result", kwargs={"period": NOW.key})
    html = sign_in(cast.practitioner).get(url).content.decode()
    first = selectors.questions_to_answer(cast.team)[0]
    assert first.text.replace("'", "&#x27;") in html
    assert html.count("Now and then") >= len(selectors.questions_to_answer(cast.team))
    assert "Ask the library about a reading group" in html


@pytest.mark.parametrize(("then", "now", "change"), [(1, 3, 67), (3, 0, -100), (2, 2, 0)])
def test_each_areas_change_is_against_the_reflection_before(cast, then, now, change):
    before = quarter_of(NOW.start - dt.timedelta(days=1))
    _reflection(cast.team, before, Scale(then))
    _reflection(cast.team, NOW, Scale(now))
    earlier, latest = selectors.team_results(cast.team)
    assert {row.change for row in selectors.compared(latest, earlier)} == {change}
    assert {row.change for row in selectors.compared(latest, None)} == {None}


def test_a_fall_reads_as_down_and_no_change_as_the_same(sign_in, cast):
    before = quarter_of(NOW.start - dt.timedelta(days=1))
    _reflection(cast.team, before, Scale.NEARLY_ALWAYS)
    latest = _reflection(cast.team, NOW, Scale.NOT_YET)
    client = sign_in(cast.practitioner)
    assert "down 100" in client.get(reverse("reflection:overview")).content.decode()
    latest.answers = dict.fromkeys(latest.answers, 3)
    latest.save()
    assert "the same" in client.get(reverse("reflection:overview")).content.decode()
