# ruff: noqa: S608 (table and column names are our own constants; values go only in parameters)
"""How often a suggestion runs, in plain words, from its schedules and dated sessions.

"Every Tuesday afternoon", "every other Wednesday", "first Monday of the month, in the
afternoon", "one day only: Saturday 12 December", "on dates listed by the organiser". A
person free on Tuesdays hears "when you're free" of a monthly or one-off session only with
how often it runs ("First Monday of the month, in the afternoon, when you're free"): a
Tuesday-afternoon reason alone would promise every Tuesday.

`say_how_often` reads the schedules and next dated sessions of the chosen results only (one
query, for the top N, not for every candidate), sets each one's `often` and puts the frequency
into the reason the days-and-times signal gave. `schedule_words` and `how_often` are pure, for
the phrase builder's tests.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from connecting_people.directory.fit import day_names
from connecting_people.directory.models import Schedule, ServiceAtLocation, Session
from connecting_people.directory.models.search import DAY_BITS, TIME_BITS
from connecting_people.directory.sessions.events import (
    LONDON,
    UnreadableScheduleError,
    _and_list,
    _nth_days,
    _ordinal_day,
    _parts,
    _weekday,
    schedule_rule,
)
from connecting_people.suggestions.ranking import signals
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.ranking.sources import db_uuids

if TYPE_CHECKING:
    from connecting_people.suggestions.profile import Profile
    from connecting_people.suggestions.ranking import Ranked

CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
AHEAD_DAYS = 92  # dated sessions read this far ahead: enough to say one date, or several
NOON, FIVE_PM = dt.time(12), dt.time(17)


@dataclass(frozen=True)
class Times:
    """What is known of when one suggestion runs: its schedules and next dated sessions."""

    schedules: tuple[Schedule, ...] = ()
    sessions: tuple[dt.datetime, ...] = ()  # UK time, soonest first


def part_of_day(time: dt.time | None) -> str:
    """ "morning", "afternoon" or "evening" for a start time (as `facts_rules` counts them);
    "" when not known."""
    if time is None:
        return ""
    if time < NOON:
        return _("morning")
    if time < FIVE_PM:
        return _("afternoon")
    return _("evening")


def _date(day: dt.date, today: dt.date) -> str:
    """ "Saturday 12 December", with the year when it is not this year's."""
    return formats.date_format(day, "l j F" if day.year == today.year else "l j F Y")


def _short_date(day: dt.date, today: dt.date) -> str:
    return formats.date_format(day, "j F" if day.year == today.year else "j F Y")


def one_day(day: dt.date, time: dt.time | None, today: dt.date) -> str:
    """ "one day only: Saturday 12 December, in the afternoon"."""
    said = _("one day only: %(date)s") % {"date": _date(day, today)}
    if part := part_of_day(time):
        said = _("%(when)s, in the %(part)s") % {"when": said, "part": part}
    return said


def schedule_days(schedule: Schedule) -> list[str]:
    """The days of the week it runs on ("TU"): its BYDAY, else its first date's day."""
    days = []
    for part in _parts(schedule.byday or ""):
        try:
            days.append(CODES[_weekday(part).weekday])
        except UnreadableScheduleError:
            continue
    first = schedule.dtstart or schedule.valid_from
    if not days and first and not (schedule.bymonthday or "").strip():
        days = [CODES[first.weekday()]]
    return list(dict.fromkeys(days))


def is_every_week(schedule: Schedule) -> bool:
    """It comes round every week on its days (so "Tuesdays" alone would be true of it)."""
    freq = (schedule.freq or "").upper()
    if (schedule.count or 0) == 1 or max(1, schedule.interval or 1) != 1:
        return False
    if freq == "WEEKLY":
        return True
    days = [_weekday(p) for p in _parts(schedule.byday or "") if _readable_day(p)]
    return freq == "MONTHLY" and bool(days) and not any(d.n for d in days)


def _readable_day(part: str) -> bool:
    try:
        _weekday(part)
    except UnreadableScheduleError:
        return False
    return True


def schedule_words(schedule: Schedule, today: dt.date) -> str:
    """How often one schedule runs, in plain words starting in lower case ("every Tuesday
    afternoon"); "" when it cannot be read."""
    freq = (schedule.freq or "").upper()
    first = schedule.dtstart or schedule.valid_from
    if (not freq or schedule.count == 1) and first:
        return one_day(first, schedule.opens_at, today)
    try:
        schedule_rule(schedule)
    except UnreadableScheduleError:
        return ""
    interval = max(1, schedule.interval or 1)
    if freq == "WEEKLY" or is_every_week(schedule):
        said = _weekly(schedule, interval)
    else:
        said = _monthly(schedule, interval)
    return _with_bounds(said, schedule, today)


def _weekly(schedule: Schedule, interval: int) -> str:
    """ "every Tuesday afternoon", "every other Wednesday", "every 3 weeks, on Friday"."""
    names = day_names()
    days = schedule_days(schedule)
    part = part_of_day(schedule.opens_at)
    if len(days) == 7:
        said = _("every day")
        return _("%(when)s, in the %(part)s") % {"when": said, "part": part} if part else said
    listed = _and_list([names[d] for d in days])
    if not listed:
        said = _("every week") if interval == 1 else _("every %(n)d weeks") % {"n": interval}
        return _("%(when)s, in the %(part)s") % {"when": said, "part": part} if part else said
    day_part = f"{listed} {part}" if part else listed
    if interval == 1:
        return _("every %(days)s") % {"days": day_part}
    if interval == 2:
        return _("every other %(days)s") % {"days": day_part}
    return ngettext("every %(n)d week, on %(days)s", "every %(n)d weeks, on %(days)s", interval) % {
        "n": interval,
        "days": day_part,
    }


def _monthly(schedule: Schedule, interval: int) -> str:
    """ "first Monday of the month", "last Friday of every other month", "the 15th of each
    month", each with ", in the afternoon" when its start is known."""
    months = _("the month") if interval == 1 else _month_phrase(interval)
    days = [_weekday(part) for part in _parts(schedule.byday or "")]
    month_days = [int(part) for part in _parts(schedule.bymonthday or "")]
    first = schedule.dtstart or schedule.valid_from
    if days and all(day.n for day in days):
        said = _("%(days)s of %(months)s") % {"days": _nth_days(days), "months": months}
    elif days:  # every such weekday, in every other month (every month is said as weekly)
        listed = _and_list([day_names()[CODES[d.weekday]] for d in days])
        said = _("every %(days)s, in %(months)s") % {"days": listed, "months": months}
    elif month_days or first:
        on = month_days or ([first.day] if first else [])
        listed = _and_list([_ordinal_day(d) for d in on])
        each = _("each month") if interval == 1 else months
        said = _("the %(days)s of %(months)s") % {"days": listed, "months": each}
    else:
        said = _("once a month") if interval == 1 else months
    if part := part_of_day(schedule.opens_at):
        said = _("%(when)s, in the %(part)s") % {"when": said, "part": part}
    return said


def _month_phrase(interval: int) -> str:
    if interval == 2:
        return _("every other month")
    return ngettext("every %(n)d month", "every %(n)d months", interval) % {"n": interval}


def _with_bounds(said: str, schedule: Schedule, today: dt.date) -> str:
    """With when it starts (when that is still to come), how many times in all, and when it
    ends."""
    first = schedule.dtstart or schedule.valid_from
    if first and first > today:
        said = _("%(when)s, from %(date)s") % {"when": said, "date": _short_date(first, today)}
    if schedule.count:
        said = ngettext(
            "%(when)s, %(n)d time in all", "%(when)s, %(n)d times in all", schedule.count
        ) % {"when": said, "n": schedule.count}
    ends = [d for d in (None if schedule.count else schedule.until, schedule.valid_to) if d]
    if ends:
        said = _("%(when)s, until %(date)s") % {
            "when": said,
            "date": _short_date(min(ends), today),
        }
    return said


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def how_often(times: Times, today: dt.date) -> str:
    """How often it runs, said on its own ("Every Tuesday afternoon"; two schedules joined
    by "and"); from dated sessions when no schedule says: one day only, or on dates listed by
    the organiser; "" when nothing is known."""
    phrases = list(dict.fromkeys(p for s in times.schedules if (p := schedule_words(s, today))))
    if phrases:
        return capital(_and_list(phrases[:2]))
    return capital(_from_sessions(times.sessions, today))


def _from_sessions(sessions: Sequence[dt.datetime], today: dt.date) -> str:
    if not sessions:
        return ""
    if len({s.date() for s in sessions}) == 1:
        return one_day(sessions[0].date(), sessions[0].time(), today)
    return _("on dates listed by the organiser")


def free_words(times: Times, fit_days: Sequence[str], today: dt.date) -> str:
    """The days-and-times reason with how often it runs: "Every Tuesday morning, when you're
    free", "First Monday of the month, in the afternoon, when you're free"; "" when nothing
    says how often (the reason is then said with "ask how often")."""
    fitting = [s for s in times.schedules if not fit_days or set(schedule_days(s)) & set(fit_days)]
    phrases = list(dict.fromkeys(p for s in fitting if (p := schedule_words(s, today))))
    if phrases:
        return _("%(often)s, when you're free") % {"often": capital(_and_list(phrases[:2]))}
    dated = [s for s in times.sessions if not fit_days or CODES[s.weekday()] in fit_days]
    if len({s.date() for s in dated}) == 1:
        return _("%(often)s, when you're free") % {
            "often": capital(one_day(dated[0].date(), dated[0].time(), today))
        }
    if dated:
        day = day_names()[CODES[dated[0].weekday()]]
        return _("On dates listed by the organiser, some on a %(day)s, when you're free") % {
            "day": day
        }
    return ""


# The one query, and the results ----------------------------------------------------------------


SCHEDULE_COLUMNS = (
    "freq", "interval", "byday", "bymonthday", "dtstart", "valid_from", "valid_to", "until",
    "count", "opens_at",
)  # fmt: skip
DATES, TIMES = ("dtstart", "valid_from", "valid_to", "until"), ("opens_at",)


@functools.cache
def _times_sql(n: int) -> str:
    """Each of `n` services' schedules (its own, or its places') and dated sessions in a
    window, in one statement: plain SQL, as `sources` reads the candidates, since the ORM's
    union of two annotated querysets cost more to build than the ranking's scoring."""
    q = connection.ops.quote_name
    schedule, place, session = (
        Schedule._meta.db_table,
        ServiceAtLocation._meta.db_table,
        Session._meta.db_table,
    )
    columns = ", ".join(f"s.{q(column)}" for column in SCHEDULE_COLUMNS)  # named as the fields
    empty = ", ".join("NULL" for _ in SCHEDULE_COLUMNS)
    marks = ", ".join(["%s"] * n)
    moment = Session._meta.get_field("starts_at").db_type(connection)  # typed for PostgreSQL
    return (
        f"SELECT s.service_id, CAST(NULL AS {moment}), {columns} FROM {schedule} s "
        f"WHERE s.service_id IN ({marks}) "
        f"UNION ALL SELECT p.service_id, NULL, {columns} FROM {schedule} s "
        f"JOIN {place} p ON p.id = s.service_at_location_id "
        f"WHERE s.service_id IS NULL AND p.service_id IN ({marks}) "
        f"UNION ALL SELECT e.service_id, e.starts_at, {empty} FROM {session} e "
        f"WHERE e.service_id IN ({marks}) AND e.starts_at >= %s AND e.starts_at < %s"
    )


def read_times(ids: Iterable[uuid.UUID], today: dt.date) -> dict[uuid.UUID, Times]:
    """Each service's schedules and its dated sessions in the next AHEAD_DAYS: one query."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    start = dt.datetime.combine(today, dt.time(0), tzinfo=LONDON)
    keys = db_uuids(ids)
    window = [
        connection.ops.adapt_datetimefield_value(start),
        connection.ops.adapt_datetimefield_value(start + dt.timedelta(days=AHEAD_DAYS)),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_times_sql(len(ids)), [*keys, *keys, *keys, *window])
        rows = cursor.fetchall()
    schedules: dict[uuid.UUID, list[Schedule]] = defaultdict(list)
    sessions: dict[uuid.UUID, list[dt.datetime]] = defaultdict(list)
    for service_id, at, *rule in rows:
        service_id = service_id if isinstance(service_id, uuid.UUID) else uuid.UUID(service_id)
        if at is not None:
            sessions[service_id].append(_moment(at).astimezone(LONDON))
        else:
            fields = dict(zip(SCHEDULE_COLUMNS, rule, strict=True))
            for name in DATES:
                fields[name] = _day(fields[name])
            fields["opens_at"] = _clock(fields["opens_at"])
            fields["byday"] = fields["byday"] or ""
            fields["bymonthday"] = fields["bymonthday"] or ""
            fields["freq"] = fields["freq"] or ""
            schedules[service_id].append(Schedule(**fields))
    return {
        i: Times(schedules=tuple(schedules.get(i, ())), sessions=tuple(sorted(sessions.get(i, ()))))
        for i in ids
        if i in schedules or i in sessions
    }


def _day(value: dt.date | str | None) -> dt.date | None:
    """A date as the database gives it (SQLite: text)."""
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _clock(value: dt.time | str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if isinstance(value, str) else value


def _moment(value: dt.datetime | str) -> dt.datetime:
    """A moment as the database gives it (SQLite: UTC text without an offset)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def say_how_often(
    found: list[Ranked], candidates: Sequence[Candidate], profile: Profile, today: dt.date
) -> None:
    """For the chosen results: how often each runs (`Ranked.often`), and the days-and-times
    reason said with it, or with "ask how often" when nothing says (one query)."""
    ids = [r.service_id for r in found if r.service_id]
    if not ids:
        return
    times = read_times(ids, today)
    by_id = {c.service_id: c for c in candidates if c.service_id in set(ids)}
    ctx = _when_context(profile)
    for ranked in found:
        if ranked.service_id is None:
            continue
        known = times.get(ranked.service_id, Times())
        ranked.often = how_often(known, today)
        c = by_id.get(ranked.service_id)
        if c is None or "when" not in ranked.contributions:
            continue
        said = signals.when(profile, c, ctx)[1]
        if said not in ranked.reasons:
            continue
        fit_days = [d for d, bit in DAY_BITS.items() if c.days & bit & ctx.day_mask]
        often = free_words(known, fit_days, today)
        if often:
            ranked.often_said = True
        else:
            often = _("%(when)s — ask how often it runs") % {"when": said}
        ranked.reasons[ranked.reasons.index(said)] = often


def _when_context(profile: Profile) -> signals.Context:
    """Only what the days-and-times signal reads."""
    return signals.Context(
        interest_words=frozenset(),
        skill_words=frozenset(),
        no_interests=not profile.interests,
        language=get_language(),
        day_mask=sum(DAY_BITS[d] for d in profile.free_days if d in DAY_BITS),
        time_mask=sum(TIME_BITS[t] for t in profile.free_times if t in TIME_BITS),
    )
