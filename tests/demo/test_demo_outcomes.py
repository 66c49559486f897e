"""The demo's questionnaires: about two thirds of each team's people who started long enough ago
have a baseline and a 3-month follow-up (some a 6-month one), Maya always and Tomasz never; the
Riverside team's report has enough people to say something about ONS4; and the same each
build.

The demo is built once for the module, inside a transaction rolled back at the end.
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from connecting_people.core.models import Team
from connecting_people.outcomes import report
from connecting_people.outcomes.models import Instrument, Response, ResponseStatus
from connecting_people.people.models import Person
from connecting_people_demo import builders
from connecting_people_demo import outcomes as demo_outcomes


def _snapshot():
    return sorted(
        Response.objects.values_list(
            "person__local_id", "instrument__slug", "taken_on", "answers", "scores",
            "completed_by", "recorded_by__email",
        ),
        key=repr,
    )  # fmt: skip


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo")
        yield _snapshot()
        transaction.set_rollback(True)


@pytest.fixture
def demo(built, db):
    return built


def test_about_two_thirds_of_those_started_long_ago_have_questionnaires(demo):
    today = timezone.localdate()
    for team in Team.objects.filter(organisation__is_demo=True):
        eligible = [
            p
            for p in Person.objects.filter(team=team)
            if (today - p.started_on).days >= demo_outcomes.MIN_DAYS
            and p.preferred_name != demo_outcomes.FRESH
        ]
        answered = {p.pk for p in eligible if Response.objects.filter(person=p).exists()}
        assert 0.6 <= len(answered) / len(eligible) <= 0.75, team.name
    assert not Response.objects.filter(person__preferred_name=demo_outcomes.FRESH).exists()
    assert not Response.objects.exclude(status=ResponseStatus.COMPLETE).exists()


def test_maya_has_baseline_three_and_six_months_of_each(demo):
    maya = Person.objects.get(preferred_name=demo_outcomes.SHOWCASE)
    for slug in demo_outcomes.INSTRUMENTS:
        dates = list(
            Response.objects.filter(person=maya, instrument__slug=slug).values_list(
                "taken_on", flat=True
            )
        )
        assert len(dates) == 3, slug
        assert (dates[0] - maya.started_on).days <= 10
        assert 80 <= (dates[1] - dates[0]).days <= 110
    assert Response.objects.filter(person=maya, recorded_by=maya.keyworker).count() == 9


def test_every_response_was_taken_in_the_past_and_scored(demo):
    today = timezone.localdate()
    for taken_on, scored_at, scores in Response.objects.values_list(
        "taken_on", "scored_at", "scores"
    ):
        assert taken_on < today
        assert timezone.localtime(scored_at).date() == taken_on
        assert scores["complete"]


def test_the_riverside_report_has_enough_people_for_ons4_and_improves_on_average(demo):
    riverside = Team.objects.get(name__startswith="Riverside")
    found = report.change_report({riverside.pk})
    for row in found.rows:
        if row.measure.group == "ons4":
            assert row.n >= 5, row.measure.id
            assert not row.too_few
    satisfied = next(r for r in found.rows if r.measure.key == "ons4:satisfied")
    anxious = next(r for r in found.rows if r.measure.key == "ons4:anxious")
    assert satisfied.change.mean_change > 0
    assert anxious.change.mean_change < 0


def test_the_same_each_build(demo):
    builders.demo_remove()
    call_command("demo")
    assert _snapshot() == demo


def test_a_different_seed_gives_different_answers(demo):
    Response.objects.all().delete()
    teams = {t.name: t for t in Team.objects.filter(organisation__is_demo=True)}
    demo_outcomes.outcomes_build(teams=teams, today=timezone.localdate(), seed=1)
    assert _snapshot() != demo


def test_no_questionnaires_without_the_shipped_definitions(demo):
    Response.objects.all().delete()
    Instrument.objects.filter(slug="ucla3").update(is_current=False)
    teams = {t.name: t for t in Team.objects.filter(organisation__is_demo=True)}
    assert demo_outcomes.outcomes_build(teams=teams, today=dt.date.today()) == 0
