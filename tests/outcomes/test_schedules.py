"""When questionnaires are due: dates worked out by hand (month ends included), the window from
two weeks before to four weeks after, overdue after it, and one response settling one point;
then the database side in a constant number of queries, and the team's own schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.outcomes import schedules, selectors, services
from connecting_people.outcomes.models import CompletedBy, MeasureSchedule
from connecting_people.outcomes.schedules import (
    DONE,
    DUE,
    OVERDUE,
    UPCOMING,
    Plan,
    add_months,
    instrument_due,
    person_due,
    points,
)
from tests.factories import PersonFactory

D = dt.date
START = D(2026, 8, 31)  # a month end: the follow-ups fall on shorter months' last days
SCHEDULE = points(START, (3, 6, 9, 12))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2027, 8, 31), 6, D(2028, 2, 29)),  # a leap year
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 5, 31), 3, D(2026, 8, 31)),
        (D(2026, 8, 31), 3, D(2026, 11, 30)),
        (D(2026, 11, 15), 3, D(2027, 2, 15)),  # across the new year
        (D(2026, 3, 10), 12, D(2027, 3, 10)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_points_from_a_month_end_with_their_windows():
    assert [(p.months, p.due_on) for p in SCHEDULE] == [
        (0, D(2026, 8, 31)),
        (3, D(2026, 11, 30)),
        (6, D(2027, 2, 28)),
        (9, D(2027, 5, 31)),
        (12, D(2027, 8, 31)),
    ]
    baseline, three, six = SCHEDULE[:3]
    assert (baseline.opens_on, baseline.closes_on, baseline.until) == (
        D(2026, 8, 17),
        D(2026, 9, 28),
        D(2026, 11, 16),
    )
    assert (three.opens_on, three.closes_on, three.until) == (
        D(2026, 11, 16),
        D(2026, 12, 28),
        D(2027, 2, 14),
    )
    assert (six.opens_on, six.closes_on) == (D(2027, 2, 14), D(2027, 3, 28))
    assert SCHEDULE[-1].until is None


def test_a_window_stops_where_the_next_one_opens_when_follow_ups_are_close():
    baseline, one, two = points(D(2026, 1, 31), (2, 1))  # given out of order
    assert (one.months, one.due_on, two.due_on) == (1, D(2026, 2, 28), D(2026, 3, 31))
    assert baseline.until == D(2026, 2, 14)
    assert baseline.closes_on == D(2026, 2, 13)  # not 28 February: the next window is open


def _state(today, *taken):
    return instrument_due("ons4", SCHEDULE, taken, today)


@pytest.mark.parametrize(
    ("today", "state", "months"),
    [
        (D(2026, 8, 16), UPCOMING, 0),  # the day before the baseline's window opens
        (D(2026, 8, 17), DUE, 0),  # two weeks before the start
        (D(2026, 9, 28), DUE, 0),  # four weeks after
        (D(2026, 9, 29), OVERDUE, 0),
        (D(2026, 11, 15), OVERDUE, 0),  # still overdue the day before the 3 months' window
        (D(2026, 11, 16), DUE, 3),
        (D(2027, 2, 14), DUE, 6),  # two weeks before 28 February
        (D(2027, 3, 28), DUE, 6),
        (D(2027, 3, 29), OVERDUE, 6),
        (D(2030, 1, 1), OVERDUE, 12),  # the last stays overdue until it is taken
    ],
)
def test_state_with_nothing_taken(today, state, months):
    found = _state(today)
    assert (found.state, found.point.months) == (state, months)


def test_missed_points_are_listed_once_the_next_window_opens():
    assert _state(D(2026, 11, 15)).missed == ()
    assert [p.months for p in _state(D(2026, 11, 16)).missed] == [0]
    assert [p.months for p in _state(D(2027, 6, 1), D(2026, 12, 1)).missed] == [0, 6]


def test_taking_it_in_the_window_settles_the_point_and_the_next_is_upcoming():
    found = _state(D(2026, 9, 1), D(2026, 9, 1))
    assert (found.state, found.point.months, found.point.due_on) == (
        UPCOMING,
        3,
        D(2026, 11, 30),
    )
    assert found.taken == ((SCHEDULE[0], D(2026, 9, 1)),)


def test_taking_it_late_still_settles_an_overdue_point():
    found = _state(D(2026, 10, 21), D(2026, 10, 20))
    assert (found.state, found.point.months) == (UPCOMING, 3)
    assert found.missed == ()


def test_one_response_settles_one_point_only():
    # 20 November falls in the 3 months' window, so it is not a late baseline.
    found = _state(D(2026, 11, 25), D(2026, 11, 20))
    assert (found.state, found.point.months) == (UPCOMING, 6)
    assert [p.months for p in found.missed] == [0]
    assert [point.months for point, _ in found.taken] == [3]


def test_the_last_day_of_a_window_counts_and_the_day_after_is_late():
    on_time = _state(D(2027, 3, 29), D(2027, 3, 28))
    assert (on_time.state, on_time.point.months) == (UPCOMING, 9)
    late = _state(D(2027, 3, 29))
    assert late.state == OVERDUE


def test_everything_taken_is_done():
    dates = [p.due_on for p in SCHEDULE]
    found = _state(D(2027, 9, 1), *dates)
    assert (found.state, found.point) == (DONE, None)
    assert found.missed == ()


def test_before_the_start_the_baseline_is_upcoming():
    found = _state(D(2026, 7, 1))
    assert (found.state, found.point.months) == (UPCOMING, 0)


def test_person_due_is_the_most_pressing_of_their_questionnaires():
    plan = Plan(months=(3,), instruments=("ons4", "ucla3", "ons-lonely"))
    taken = {"ons4": [D(2026, 9, 1)], "ucla3": [D(2026, 11, 25)]}
    due = person_due(START, taken, plan, D(2026, 12, 1))
    states = {i.slug: i.state for i in due.instruments}
    assert states == {"ons4": DUE, "ucla3": DONE, "ons-lonely": DUE}
    assert due.state == DUE
    later = person_due(START, taken, plan, D(2027, 1, 1))
    assert later.state == OVERDUE
    assert [i.slug for i in later.needing_attention] == ["ons4", "ons-lonely"]
    assert person_due(START, {}, Plan(months=(3,), instruments=()), D(2027, 1, 1)).state is None


# The database side --------------------------------------------------------------------------------


def _complete(person, slug, on, by=None):
    from connecting_people.outcomes.selectors import instrument_version
    from tests.outcomes.test_views import ANSWERS

    response = services.response_start(
        person=person,
        instrument=instrument_version(slug),
        by=by,
        completed_by=CompletedBy.WITH_WORKER,
        taken_on=on,
        answers=ANSWERS[slug],
    )
    return services.response_complete(response=response, by=by, version=response.version)


def test_due_for_people_uses_each_teams_schedule_in_two_queries(cast, django_assert_num_queries):
    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=400)
    fresh = PersonFactory(team=cast.team, started_on=today)
    old = PersonFactory(team=cast.other_team, started_on=long_ago)
    gone = PersonFactory(
        team=cast.team,
        started_on=long_ago,
        status="moved_on",
        moved_on_on=today,
        destination="other",
    )
    MeasureSchedule.objects.create(team=cast.other_team, months=[24], instruments=["ucla3"])
    _complete(fresh, "ons4", today)
    with django_assert_num_queries(2):
        due = selectors.due_for_people([fresh, old, gone], today=today)
    assert {i.slug: i.state for i in due[fresh.pk].instruments} == {
        "ons4": UPCOMING,
        "ucla3": DUE,
        "ons-lonely": DUE,
    }
    # The other team asks UCLA-3 only, at the start and at 24 months: the baseline is overdue.
    [ucla] = due[old.pk].instruments
    assert (ucla.slug, ucla.state, ucla.point.months) == ("ucla3", OVERDUE, 0)
    assert due[gone.pk] is None
    assert selectors.due_for_people([], today=today) == {}


def test_people_with_measures_filters_in_three_queries(cast, django_assert_num_queries):
    from connecting_people.people.models import Person

    today = timezone.localdate()
    fresh = PersonFactory(team=cast.team, started_on=today)
    late = PersonFactory(team=cast.team, started_on=today - dt.timedelta(days=60))
    settled = PersonFactory(team=cast.team, started_on=today)
    for slug in schedules.DEFAULT_INSTRUMENTS:
        _complete(settled, slug, today)
    people = Person.objects.filter(team=cast.team)
    with django_assert_num_queries(3):
        due = selectors.people_with_measures(people, (DUE, OVERDUE), today=today)
    assert sorted(due) == sorted([fresh.pk, late.pk])
    assert selectors.people_with_measures(people, (OVERDUE,), today=today) == [late.pk]


# The team's schedule ------------------------------------------------------------------------------


def test_schedule_save_creates_then_changes_with_versions_and_audits(cast):
    saved = services.schedule_save(
        team=cast.team, by=cast.team_lead, months=[12, 6], instruments=["ucla3"], version=0
    )
    assert (saved.months, saved.instruments, saved.version) == ([6, 12], ["ucla3"], 1)
    assert saved.plan == Plan(months=(6, 12), instruments=("ucla3",))
    services.schedule_save(
        team=cast.team, by=cast.team_lead, months=[3], instruments=["ons4"], version=1
    )
    saved.refresh_from_db()
    assert (saved.months, saved.version, saved.updated_by) == ([3], 2, cast.team_lead)
    events = AuditEvent.objects.filter(target_type="outcomes.measureschedule").order_by("pk")
    assert [(e.action, e.team_id) for e in events] == [
        (AuditAction.CREATED, cast.team.pk),
        (AuditAction.CHANGED, cast.team.pk),
    ]
    with pytest.raises(EditConflict):
        services.schedule_save(
            team=cast.team, by=cast.team_lead, months=[9], instruments=[], version=1
        )
    with pytest.raises(EditConflict):  # someone set it up while this form was open
        services.schedule_save(
            team=cast.team, by=cast.team_lead, months=[9], instruments=[], version=0
        )


@pytest.mark.parametrize(
    ("months", "instruments", "field"),
    [
        ([0, 3], ["ons4"], "months"),
        ([3, 3], ["ons4"], "months"),
        ([121], ["ons4"], "months"),
        ([3], ["swemwbs"], "instruments"),  # no wording, so it cannot be asked
        ([3], ["nonsense"], "instruments"),
    ],
)
def test_schedule_save_refuses_what_cannot_be_scheduled(cast, months, instruments, field):
    with pytest.raises(ValidationError) as refused:
        services.schedule_save(
            team=cast.team, by=cast.team_lead, months=months, instruments=instruments, version=0
        )
    assert field in refused.value.message_dict
    assert not MeasureSchedule.objects.exists()
