import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connecting_people.directory.models import (
    CalendarFeed,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Session,
)
from connecting_people.directory.sessions.events import (
    CALENDAR,
    SCHEDULE,
    clock,
    describe_schedule,
    next_sessions,
    next_sessions_for,
)

LONDON = ZoneInfo("Europe/London")
# A Monday in winter, at 9am UK time.
MONDAY = dt.datetime(2025, 1, 6, 9, 0, tzinfo=LONDON)


def _service(name="Tuesday walk"):
    organisation = Organization.objects.create(name="Riverside Ramblers", description="Walks")
    return Service.objects.create(organization=organisation, name=name)


def _schedule(service, **fields):
    fields.setdefault("freq", "WEEKLY")
    fields.setdefault("opens_at", dt.time(10))
    fields.setdefault("closes_at", dt.time(12))
    return Schedule.objects.create(service=service, **fields)


def _starts(occurrences):
    return [o.starts_at.strftime("%a %d %b %H:%M") for o in occurrences]


@pytest.mark.django_db
def test_weekly_schedule_gives_the_next_three_tuesdays():
    service = _service()
    _schedule(service, byday="TU")
    sessions = next_sessions(service, after=MONDAY)
    assert _starts(sessions) == ["Tue 07 Jan 10:00", "Tue 14 Jan 10:00", "Tue 21 Jan 10:00"]
    first = sessions[0]
    assert first.ends_at == dt.datetime(2025, 1, 7, 12, 0, tzinfo=LONDON)
    assert first.title == "Tuesday walk"
    assert first.source == SCHEDULE
    assert first.starts_at.tzinfo == LONDON


@pytest.mark.django_db
def test_weekly_schedule_with_two_days_interleaves_them():
    service = _service()
    _schedule(service, byday="MO, th")
    assert _starts(next_sessions(service, after=MONDAY, limit=4)) == [
        "Mon 06 Jan 10:00",
        "Thu 09 Jan 10:00",
        "Mon 13 Jan 10:00",
        "Thu 16 Jan 10:00",
    ]


@pytest.mark.django_db
def test_fortnightly_counts_its_weeks_from_the_first_date():
    service = _service()
    _schedule(service, byday="WE", interval=2, dtstart=dt.date(2025, 1, 15))
    assert _starts(next_sessions(service, after=MONDAY)) == [
        "Wed 15 Jan 10:00",
        "Wed 29 Jan 10:00",
        "Wed 12 Feb 10:00",
    ]


@pytest.mark.django_db
def test_fortnightly_without_a_first_date_keeps_the_same_weeks():
    service = _service()
    _schedule(service, byday="WE", interval=2)
    first = _starts(next_sessions(service, after=MONDAY))
    again = _starts(next_sessions(service, after=MONDAY + dt.timedelta(days=1)))
    assert first == again
    sessions = next_sessions(service, after=MONDAY)
    gaps = {(b.starts_at - a.starts_at).days for a, b in itertools.pairwise(sessions)}
    assert gaps == {14}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("byday", "expected"),
    [
        ("1TU", ["Tue 07 Jan 19:00", "Tue 04 Feb 19:00", "Tue 04 Mar 19:00"]),
        ("-1FR", ["Fri 31 Jan 19:00", "Fri 28 Feb 19:00", "Fri 28 Mar 19:00"]),
        ("+2MO,4MO", ["Mon 13 Jan 19:00", "Mon 27 Jan 19:00", "Mon 10 Feb 19:00"]),
    ],
)
def test_monthly_by_nth_weekday(byday, expected):
    service = _service()
    _schedule(service, freq="MONTHLY", byday=byday, opens_at=dt.time(19), closes_at=dt.time(21))
    assert _starts(next_sessions(service, after=MONDAY, within_days=90)) == expected


@pytest.mark.django_db
def test_monthly_by_day_of_the_month():
    service = _service()
    _schedule(service, freq="MONTHLY", bymonthday="15")
    assert _starts(next_sessions(service, after=MONDAY, within_days=90)) == [
        "Wed 15 Jan 10:00",
        "Sat 15 Feb 10:00",
        "Sat 15 Mar 10:00",
    ]


@pytest.mark.django_db
def test_count_stops_the_schedule_after_that_many_times():
    service = _service()
    _schedule(service, byday="TU", dtstart=dt.date(2025, 1, 7), count=2)
    assert _starts(next_sessions(service, after=MONDAY, limit=5)) == [
        "Tue 07 Jan 10:00",
        "Tue 14 Jan 10:00",
    ]


@pytest.mark.django_db
def test_until_is_the_last_date_it_runs():
    service = _service()
    _schedule(service, byday="TU", until=dt.date(2025, 1, 14))
    assert _starts(next_sessions(service, after=MONDAY, limit=5)) == [
        "Tue 07 Jan 10:00",
        "Tue 14 Jan 10:00",
    ]


@pytest.mark.django_db
def test_valid_to_in_the_past_gives_nothing():
    service = _service()
    _schedule(service, byday="TU", valid_to=dt.date(2024, 12, 31))
    assert next_sessions(service, after=MONDAY) == []


@pytest.mark.django_db
def test_valid_from_in_the_future_starts_then():
    service = _service()
    _schedule(service, byday="TU", valid_from=dt.date(2025, 1, 20))
    assert _starts(next_sessions(service, after=MONDAY, limit=1)) == ["Tue 21 Jan 10:00"]


@pytest.mark.django_db
def test_times_stay_ten_oclock_local_when_the_clocks_change():
    service = _service()
    _schedule(service, byday="SA,SU,MO")
    # The clocks go forward at 1am on Sunday 30 March 2025.
    sessions = next_sessions(service, after=dt.datetime(2025, 3, 28, tzinfo=LONDON))
    assert _starts(sessions) == ["Sat 29 Mar 10:00", "Sun 30 Mar 10:00", "Mon 31 Mar 10:00"]
    utc_hours = [s.starts_at.astimezone(dt.UTC).hour for s in sessions]
    assert utc_hours == [10, 9, 9]


@pytest.mark.django_db
def test_a_utc_offset_is_respected_and_shown_in_uk_time():
    service = _service()
    _schedule(service, byday="TU", timezone=1.0)  # 10am at UTC+1 is 9am in a UK winter
    assert _starts(next_sessions(service, after=MONDAY, limit=1)) == ["Tue 07 Jan 09:00"]


@pytest.mark.django_db
def test_within_days_limits_how_far_ahead():
    service = _service()
    _schedule(service, freq="MONTHLY", byday="1TU")
    assert _starts(next_sessions(service, after=MONDAY, within_days=20)) == ["Tue 07 Jan 10:00"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"freq": ""},
        {"byday": "TUESDAY"},
        {"byday": "9TU", "freq": "MONTHLY"},
        {"byday": "0TU", "freq": "MONTHLY"},
        {"bymonthday": "fifteenth", "freq": "MONTHLY"},
        {"bymonthday": "40", "freq": "MONTHLY"},
        {"byday": "TU", "timezone": 30.0},
    ],
)
def test_schedules_that_cannot_be_read_are_left_out(fields):
    service = _service()
    _schedule(service, **fields)
    _schedule(service, byday="FR")
    sessions = next_sessions(service, after=MONDAY, limit=2)
    assert _starts(sessions) == ["Fri 10 Jan 10:00", "Fri 17 Jan 10:00"]


@pytest.mark.django_db
def test_schedule_without_times_starts_at_midnight_with_no_end():
    service = _service()
    _schedule(service, byday="TU", opens_at=None, closes_at=None)
    first = next_sessions(service, after=MONDAY, limit=1)[0]
    assert first.starts_at == dt.datetime(2025, 1, 7, tzinfo=LONDON)
    assert first.ends_at is None


@pytest.mark.django_db
def test_evening_running_past_midnight_ends_the_next_day():
    service = _service()
    _schedule(service, byday="FR", opens_at=dt.time(22), closes_at=dt.time(1))
    first = next_sessions(service, after=MONDAY, limit=1)[0]
    assert first.ends_at == dt.datetime(2025, 1, 11, 1, 0, tzinfo=LONDON)


@pytest.mark.django_db
def test_schedule_at_a_location_says_where():
    service = _service()
    hall = Location.objects.create(location_type="physical", name="St Anne's church hall")
    online = Location.objects.create(location_type="virtual")
    at_hall = ServiceAtLocation.objects.create(service=service, location=hall)
    Schedule.objects.create(
        service_at_location=at_hall, freq="WEEKLY", byday="TU", opens_at=dt.time(10)
    )
    _schedule(service, byday="TH", location=online)
    sessions = next_sessions(service, after=MONDAY, limit=2)
    assert [s.where for s in sessions] == ["St Anne's church hall", "Online"]


@pytest.mark.django_db
def test_calendar_sessions_merge_with_schedules_in_time_order():
    service = _service()
    _schedule(service, byday="TU")
    feed = CalendarFeed.objects.create(service=service, url="https://example.org/cal.ics")
    Session.objects.create(
        service=service,
        feed=feed,
        uid="fair",
        title="Summer fair",
        starts_at=dt.datetime(2025, 1, 11, 14, tzinfo=LONDON),
        where="Victoria Park",
    )
    Session.objects.create(
        service=service, uid="old", starts_at=dt.datetime(2025, 1, 1, 14, tzinfo=LONDON)
    )
    sessions = next_sessions(service, after=MONDAY, limit=3)
    assert _starts(sessions) == ["Tue 07 Jan 10:00", "Sat 11 Jan 14:00", "Tue 14 Jan 10:00"]
    assert [s.source for s in sessions] == [SCHEDULE, CALENDAR, SCHEDULE]
    assert (sessions[1].title, sessions[1].where) == ("Summer fair", "Victoria Park")


@pytest.mark.django_db
def test_a_calendar_session_at_the_same_time_as_the_schedule_is_shown_once():
    service = _service()
    _schedule(service, byday="TU")
    Session.objects.create(
        service=service,
        uid="walk",
        title="Tuesday walk: the canal path",
        starts_at=dt.datetime(2025, 1, 7, 10, tzinfo=LONDON),
    )
    sessions = next_sessions(service, after=MONDAY, limit=2)
    assert [(s.source, s.title) for s in sessions] == [
        (CALENDAR, "Tuesday walk: the canal path"),
        (SCHEDULE, "Tuesday walk"),
    ]


@pytest.mark.django_db
def test_sessions_for_keep_each_service_apart():
    walk, choir = _service("Walk"), _service("Choir")
    _schedule(walk, byday="TU")
    _schedule(choir, byday="TH")
    found = next_sessions_for([walk, choir], after=MONDAY, limit=1)
    assert _starts(found[walk.id]) == ["Tue 07 Jan 10:00"]
    assert _starts(found[choir.id]) == ["Thu 09 Jan 10:00"]
    assert next_sessions_for([], after=MONDAY) == {}


def _queries_for(services):
    with CaptureQueriesContext(connection) as queries:
        next_sessions_for(services, after=MONDAY)
    return len(queries)


@pytest.mark.django_db
def test_sessions_for_a_page_cost_the_same_queries_for_2_or_20_services():
    services = []
    for i in range(20):
        service = _service(f"Group {i}")
        hall = Location.objects.create(location_type="physical", name=f"Hall {i}")
        at = ServiceAtLocation.objects.create(service=service, location=hall)
        _schedule(service, byday="MO", location=hall)
        Schedule.objects.create(service_at_location=at, freq="MONTHLY", byday="1FR")
        Session.objects.create(service=service, uid=str(i), starts_at=MONDAY + dt.timedelta(1))
        services.append(service)
    assert _queries_for(services[:2]) == _queries_for(services) == 2


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"byday": "TU"}, "Every Tuesday, 10am to 12 noon"),
        ({"byday": "MO,WE,FR"}, "Every Monday, Wednesday and Friday, 10am to 12 noon"),
        ({"byday": "MO,TU,WE,TH,FR", "closes_at": dt.time(16)}, "Monday to Friday, 10am to 4pm"),
        ({"byday": "SA,SU", "opens_at": None}, "Every Saturday and Sunday"),
        ({"byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": None}, "Every day"),
        (
            {"freq": "MONTHLY", "byday": "1MO", "opens_at": dt.time(19), "closes_at": dt.time(21)},
            "First Monday of the month, 7pm to 9pm",
        ),
        (
            {"byday": "WE", "interval": 2, "opens_at": None, "closes_at": None},
            "Every other Wednesday",
        ),
        ({"byday": "TH", "interval": 3, "opens_at": None}, "Every 3 weeks on Thursday"),
        (
            {"freq": "MONTHLY", "byday": "-1FR", "closes_at": None},
            "Last Friday of the month, from 10am",
        ),
        (
            {"freq": "MONTHLY", "byday": "2TU,4TU"},
            "Second and fourth Tuesday of the month, 10am to 12 noon",
        ),
        (
            {"freq": "MONTHLY", "byday": "1SA", "interval": 2, "opens_at": None},
            "First Saturday of every other month",
        ),
        ({"freq": "MONTHLY", "bymonthday": "15", "opens_at": None}, "On the 15th of the month"),
        ({"freq": "MONTHLY", "bymonthday": "-1", "opens_at": None}, "On the last day of the month"),
        (
            {"byday": "SA", "opens_at": dt.time(9, 30), "closes_at": dt.time(0)},
            "Every Saturday, 9:30am to 12 midnight",
        ),
        (
            {"byday": "TU", "opens_at": None, "until": dt.date(2025, 7, 22)},
            "Every Tuesday, until 22 July 2025",
        ),
        ({"freq": "", "description": "Most Saturdays in summer"}, "Most Saturdays in summer"),
        ({"byday": "FUNDAY", "description": "Ring to ask"}, "Ring to ask"),
        ({"freq": "", "description": ""}, ""),
    ],
)
def test_describe_schedule_in_plain_words(fields, words):
    fields = {"freq": "WEEKLY", "opens_at": dt.time(10), "closes_at": dt.time(12), **fields}
    assert describe_schedule(Schedule(**fields)) == words


def test_describe_weekly_without_days_uses_the_first_date():
    schedule = Schedule(freq="WEEKLY", dtstart=dt.date(2025, 1, 8))
    assert describe_schedule(schedule) == "Every Wednesday"
    assert describe_schedule(Schedule(freq="WEEKLY")) == "Every week"


@pytest.mark.parametrize(
    ("time", "words"),
    [(dt.time(10), "10am"), (dt.time(19, 30), "7:30pm"), (dt.time(12, 15), "12:15pm")],
)
def test_clock_says_times_as_people_do(time, words):
    assert clock(time) == words
