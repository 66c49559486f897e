"""How often a suggestion runs, in plain words (`ranking.often`): the phrase builder on many
RRULE-shaped schedules, dated sessions, and the days-and-times reason said with it."""

from __future__ import annotations

import datetime as dt

import pytest

from connecting_people.directory.models import Schedule
from connecting_people.directory.sessions.events import LONDON
from connecting_people.suggestions.ranking.often import (
    Times,
    free_words,
    how_often,
    is_every_week,
    schedule_words,
)

TODAY = dt.date(2026, 11, 26)  # a Thursday
TUESDAY = dt.date(2026, 11, 3)
AFTERNOON, MORNING, EVENING = dt.time(14), dt.time(10), dt.time(19, 30)


def rule(**fields) -> Schedule:
    fields.setdefault("dtstart", TUESDAY)
    return Schedule(**fields)


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"freq": "WEEKLY", "byday": "TU", "opens_at": AFTERNOON}, "every Tuesday afternoon"),
        ({"freq": "WEEKLY", "byday": "TU"}, "every Tuesday"),
        ({"freq": "WEEKLY"}, "every Tuesday"),  # its first date's day
        ({"freq": "WEEKLY", "dtstart": None}, "every week"),
        (
            {"freq": "WEEKLY", "byday": "TU,TH", "opens_at": MORNING},
            "every Tuesday and Thursday morning",
        ),
        ({"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU"}, "every day"),
        ({"freq": "WEEKLY", "interval": 2, "byday": "WE"}, "every other Wednesday"),
        (
            {"freq": "WEEKLY", "interval": 3, "byday": "FR", "opens_at": EVENING},
            "every 3 weeks, on Friday evening",
        ),
        ({"freq": "MONTHLY", "byday": "1MO"}, "first Monday of the month"),
        (
            {"freq": "MONTHLY", "byday": "1MO", "opens_at": AFTERNOON},
            "first Monday of the month, in the afternoon",
        ),
        ({"freq": "MONTHLY", "byday": "-1FR"}, "last Friday of the month"),
        ({"freq": "MONTHLY", "byday": "2TU,4TU"}, "second and fourth Tuesday of the month"),
        (
            {"freq": "MONTHLY", "interval": 2, "byday": "3WE"},
            "third Wednesday of every other month",
        ),
        ({"freq": "MONTHLY", "bymonthday": "15"}, "the 15th of each month"),
        ({"freq": "MONTHLY", "bymonthday": "1,15"}, "the 1st and 15th of each month"),
        ({"freq": "MONTHLY"}, "the 3rd of each month"),  # its first date's day
        ({"freq": "MONTHLY", "dtstart": None}, "once a month"),
        ({"freq": "MONTHLY", "byday": "TU"}, "every Tuesday"),  # every Tuesday of every month
        (
            {"freq": "WEEKLY", "byday": "TU", "count": 6},
            "every Tuesday, 6 times in all",
        ),
        (
            {"freq": "WEEKLY", "byday": "TU", "until": dt.date(2026, 12, 15)},
            "every Tuesday, until 15 December",
        ),
        (
            {"freq": "WEEKLY", "byday": "TU", "until": dt.date(2027, 3, 30)},
            "every Tuesday, until 30 March 2027",
        ),
        (
            {"freq": "WEEKLY", "byday": "SA", "dtstart": dt.date(2027, 1, 9)},
            "every Saturday, from 9 January 2027",
        ),
        ({"dtstart": dt.date(2026, 12, 12)}, "one day only: Saturday 12 December"),
        (
            {"dtstart": dt.date(2026, 12, 12), "opens_at": AFTERNOON},
            "one day only: Saturday 12 December, in the afternoon",
        ),
        (
            {"freq": "WEEKLY", "count": 1, "dtstart": dt.date(2026, 12, 12)},
            "one day only: Saturday 12 December",
        ),
        ({"freq": "WEEKLY", "byday": "XX"}, ""),  # unreadable: nothing said
        ({"dtstart": None}, ""),  # nothing known
    ],
)
def test_schedule_words(fields, said):
    assert schedule_words(rule(**fields), TODAY) == said


def test_only_a_weekly_rule_is_every_week():
    assert is_every_week(rule(freq="WEEKLY", byday="TU"))
    assert is_every_week(rule(freq="MONTHLY", byday="TU"))
    assert not is_every_week(rule(freq="WEEKLY", byday="TU", interval=2))
    assert not is_every_week(rule(freq="MONTHLY", byday="1TU"))
    assert not is_every_week(rule(freq="WEEKLY", count=1))
    assert not is_every_week(rule(dtstart=TODAY))


def at(day: dt.date, time: dt.time = AFTERNOON) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=LONDON)


def test_how_often_from_schedules_then_sessions():
    weekly = rule(freq="WEEKLY", byday="TU", opens_at=AFTERNOON)
    monthly = rule(freq="MONTHLY", byday="1MO")
    assert how_often(Times(schedules=(weekly,)), TODAY) == "Every Tuesday afternoon"
    assert how_often(Times(schedules=(weekly, monthly)), TODAY) == (
        "Every Tuesday afternoon and first Monday of the month"
    )
    one = Times(sessions=(at(dt.date(2026, 12, 12)),))
    assert how_often(one, TODAY) == "One day only: Saturday 12 December, in the afternoon"
    several = Times(sessions=(at(dt.date(2026, 12, 1)), at(dt.date(2026, 12, 12))))
    assert how_often(several, TODAY) == "On dates listed by the organiser"
    assert how_often(Times(schedules=(weekly,), sessions=one.sessions), TODAY) == (
        "Every Tuesday afternoon"  # a schedule says it better than its dates
    )
    assert how_often(Times(), TODAY) == ""


def test_when_youre_free_is_said_with_how_often():
    monthly = rule(freq="MONTHLY", byday="1MO", opens_at=AFTERNOON)
    assert free_words(Times(schedules=(monthly,)), ["MO"], TODAY) == (
        "First Monday of the month, in the afternoon, when you're free"
    )
    weekly = rule(freq="WEEKLY", byday="TU", opens_at=MORNING)
    both = Times(schedules=(weekly, monthly))
    assert free_words(both, ["TU"], TODAY) == "Every Tuesday morning, when you're free"
    one = Times(sessions=(at(dt.date(2026, 12, 12)),))
    assert free_words(one, ["SA"], TODAY) == (
        "One day only: Saturday 12 December, in the afternoon, when you're free"
    )
    several = Times(sessions=(at(dt.date(2026, 12, 1)), at(dt.date(2026, 12, 8))))
    assert free_words(several, ["TU"], TODAY) == (
        "On dates listed by the organiser, some on a Tuesday, when you're free"
    )
    assert free_words(Times(), ["TU"], TODAY) == ""
