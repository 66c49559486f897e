"""'This week': dated sessions and schedules that come round in the seven days from today."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connecting_people.directory.models import CommunityConnector, Session
from connecting_people.suggestions.profile import Profile
from connecting_people.suggestions.ranking import rank
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.ranking.week import connector_on, on_this_week, window
from connecting_people.suggestions.weights import WEIGHTS
from tests.directory.factories import ScheduleFactory, ServiceAtLocationFactory
from tests.factories import TeamFactory
from tests.suggestions.test_ranking import LEEDS, make_service

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)  # a Thursday: the window runs to Wednesday 2 December
LONDON = ZoneInfo("Europe/London")


def at(day: int, month: int = 12, hour: int = 19) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=LONDON)


def names(**options) -> set[str]:
    ranked = rank(Profile(point=LEEDS), team_id=None, today=TODAY, this_week=True, **options)
    return {r.name for r in ranked}


def test_window_is_seven_days_from_the_start_of_today():
    start, end = window(TODAY)
    assert (start, end) == (at(26, 11, 0), at(3, 12, 0))


def test_a_weekly_schedule_is_on_and_a_service_with_no_schedule_is_not():
    weekly = make_service("Weekly", point=LEEDS)
    ScheduleFactory(service=weekly, freq="WEEKLY", byday="MO")
    make_service("Days but no schedule", point=LEEDS, days=1)  # the facts alone do not say
    assert names() == {"Weekly"}


def test_every_other_week_counts_only_in_its_week():
    on = make_service("Fortnightly, this week", point=LEEDS)
    ScheduleFactory(
        service=on, freq="WEEKLY", interval=2, byday="MO", dtstart=dt.date(2026, 11, 16)
    )
    off = make_service("Fortnightly, next week", point=LEEDS)
    ScheduleFactory(
        service=off, freq="WEEKLY", interval=2, byday="MO", dtstart=dt.date(2026, 11, 23)
    )
    assert names() == {"Fortnightly, this week"}


def test_a_monthly_day_counts_only_when_it_falls_in_the_week():
    first = make_service("First Tuesday", point=LEEDS)
    ScheduleFactory(service=first, freq="MONTHLY", byday="1TU")  # 1 December
    second = make_service("Second Tuesday", point=LEEDS)
    ScheduleFactory(service=second, freq="MONTHLY", byday="2TU")  # 8 December
    assert names() == {"First Tuesday"}


def test_a_schedule_at_a_location_counts():
    service = make_service("At the hall", point=LEEDS)
    place = ServiceAtLocationFactory(service=service)
    ScheduleFactory(service=None, service_at_location=place, freq="WEEKLY", byday="WE")
    assert names() == {"At the hall"}


def test_an_unreadable_schedule_that_names_its_days_counts_as_the_facts_count_it():
    service = make_service("Tuesdays, somehow", point=LEEDS)
    ScheduleFactory(service=service, freq="", byday="TU")
    ended = make_service("Ended", point=LEEDS)
    ScheduleFactory(service=ended, freq="WEEKLY", byday="TU", valid_to=dt.date(2026, 11, 1))
    assert names() == {"Tuesdays, somehow"}


def test_a_dated_session_in_the_week_is_on_and_said():
    event = make_service("Winter fair", point=LEEDS)
    Session.objects.create(service=event, uid="fair-1", starts_at=at(1), title="Winter fair")
    Session.objects.create(service=event, uid="fair-2", starts_at=at(2))
    later = make_service("Later", point=LEEDS)
    Session.objects.create(service=later, uid="later", starts_at=at(3))  # the eighth day
    (fair,) = rank(Profile(point=LEEDS), team_id=None, today=TODAY, this_week=True)
    assert fair.name == "Winter fair"
    assert "On this week: Tuesday 1 December" in fair.reasons
    assert fair.contributions["this_week"] == WEIGHTS["this_week_session"]
    assert fair.score == pytest.approx(sum(fair.contributions.values()))


def test_without_this_week_a_session_is_neither_looked_for_nor_said():
    event = make_service("Winter fair", point=LEEDS)
    Session.objects.create(service=event, uid="fair-1", starts_at=at(1))
    (fair,) = rank(Profile(point=LEEDS), team_id=None, today=TODAY)
    assert "this_week" not in fair.contributions


def test_connectors_that_name_a_day_are_kept_and_asking_costs_one_query():
    team = TeamFactory()
    connector = CommunityConnector.objects.create
    connector(team=team, kind="person", name="Maureen", offers="Walks", when="Tuesdays, 10am")
    connector(team=team, kind="person", name="Ruth", offers="Company", when="By arrangement")
    connector(team=team, kind="person", name="Des", offers="Allotment", when="")
    weekly = make_service("Weekly", point=LEEDS)
    ScheduleFactory(service=weekly, freq="WEEKLY", byday="MO")
    Session.objects.create(service=weekly, uid="w", starts_at=at(1))
    make_service("Not on", point=LEEDS)
    profile = Profile(point=LEEDS)
    with CaptureQueriesContext(connection) as plain:
        rank(profile, team_id=team.pk, today=TODAY)
    with CaptureQueriesContext(connection) as asked:
        found = rank(profile, team_id=team.pk, today=TODAY, this_week=True)
    assert {r.name for r in found} == {"Weekly", "Maureen"}  # not Ruth nor Des: no day said
    assert {r.name for r in rank(profile, team_id=team.pk, today=TODAY)} >= {"Ruth", "Des"}
    assert len(asked) == len(plain) + 1


@pytest.mark.parametrize(
    ("when", "on"),
    [
        ("Tuesdays, 10am", True),
        ("Thursday afternoons", True),
        ("Thurs 8pm", True),
        ("Weekdays, by arrangement", True),
        ("Evenings and weekends", True),
        ("Most mornings around 8am", True),
        ("Every day", True),
        ("Daily", True),
        ("By arrangement", False),
        ("", False),
        ("Sat in the sun when it's dry", False),  # not a day named
    ],
)
def test_a_connector_is_on_this_week_when_its_words_name_a_day(when, on):
    assert connector_on(when) is on


def test_no_services_no_query():
    connector = Candidate(kind="connector", name="Maureen", connector_id=1, when="Mondays")
    with CaptureQueriesContext(connection) as queries:
        assert on_this_week([connector], TODAY) == [connector]
    assert len(queries) == 0


def test_a_service_not_in_the_database_is_simply_not_on():
    ghost = Candidate(kind="service", name="Gone", service_id=uuid.uuid4())
    assert on_this_week([ghost], TODAY) == []
