"""A service's next sessions: its HSDS schedules expanded, merged with dated calendar sessions.

    next_sessions(service) -> [Occurrence(starts_at, ends_at, title, where, source), ...]
    next_sessions_for(services) -> {service.id: [...]}   (two queries, whatever the page size)
    describe_schedule(schedule) -> "Every Tuesday, 10am to 12 noon"

Schedules are RFC 5545 recurrence rules (as HSDS 3.0 has them) and are expanded with
dateutil's rrule. Times are local to the service: Europe/London unless the schedule gives a UTC
offset, so a 10am group stays at 10am when the clocks change. A schedule that cannot be
expanded (no frequency, a day we cannot read) is left out, never an error.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from connecting_people.directory.fit import day_names
from connecting_people.directory.models import Schedule, Service, Session

LONDON = ZoneInfo("Europe/London")
# When a schedule says neither when it starts nor from when it is valid, its weeks count from
# here (a Monday), so "every other week" lands on the same weeks every time it is expanded.
ANCHOR = dt.date(2024, 1, 1)
SCHEDULE, CALENDAR = "schedule", "calendar"

_WEEKDAYS = {
    "MO": rrule.MO,
    "TU": rrule.TU,
    "WE": rrule.WE,
    "TH": rrule.TH,
    "FR": rrule.FR,
    "SA": rrule.SA,
    "SU": rrule.SU,
}
_FREQUENCIES = {"WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY}
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


@dataclass(frozen=True)
class Occurrence:
    """One coming session of a service, from its schedule or from a calendar feed."""

    starts_at: dt.datetime  # aware, in Europe/London
    ends_at: dt.datetime | None
    title: str
    where: str
    source: str  # SCHEDULE or CALENDAR

    @property
    def all_day(self) -> bool:
        """A whole-day event: from midnight to a later midnight."""
        return (
            self.ends_at is not None
            and self.starts_at.time() == dt.time(0)
            and self.ends_at.time() == dt.time(0)
            and self.ends_at > self.starts_at
        )


class UnreadableScheduleError(ValueError):
    """The schedule's recurrence cannot be understood, so it is left out."""


def next_sessions(
    service: Service,
    *,
    after: dt.datetime | None = None,
    limit: int = 3,
    within_days: int = 60,
) -> list[Occurrence]:
    """The service's next `limit` sessions starting from `after` (now) within `within_days`."""
    return next_sessions_for([service], after=after, limit=limit, within_days=within_days)[
        service.id
    ]


def next_sessions_for(
    services: Iterable[Service],
    *,
    after: dt.datetime | None = None,
    limit: int = 3,
    within_days: int = 60,
) -> dict[uuid.UUID, list[Occurrence]]:
    """Next sessions for a page of services, in two queries (schedules, then sessions)."""
    by_id = {service.id: service for service in services}
    start = (after or timezone.now()).astimezone(LONDON)
    end = start + dt.timedelta(days=within_days)
    found: dict[uuid.UUID, list[Occurrence]] = {service_id: [] for service_id in by_id}
    if not by_id:
        return found
    for schedule in _schedules_for(by_id):
        service_id = schedule.service_id or schedule.service_at_location.service_id
        found[service_id] += schedule_occurrences(
            schedule, start=start, end=end, title=by_id[service_id].name
        )
    sessions = Session.objects.filter(
        service_id__in=by_id, starts_at__gte=start, starts_at__lt=end
    ).order_by("starts_at", "pk")
    for session in sessions:
        found[session.service_id].append(_from_session(session, by_id[session.service_id]))
    return {service_id: _merge(found[service_id], limit) for service_id in by_id}


def _schedules_for(by_id: dict[uuid.UUID, Service]) -> list[Schedule]:
    return list(
        Schedule.objects.filter(
            Q(service_id__in=by_id)
            | Q(service_id__isnull=True, service_at_location__service_id__in=by_id)
        )
        .select_related("location", "service_at_location__location")
        .order_by("pk")
    )


def _from_session(session: Session, service: Service) -> Occurrence:
    return Occurrence(
        starts_at=session.starts_at.astimezone(LONDON),
        ends_at=session.ends_at.astimezone(LONDON) if session.ends_at else None,
        title=session.title or service.name,
        where=session.where,
        source=CALENDAR,
    )


def _merge(occurrences: list[Occurrence], limit: int) -> list[Occurrence]:
    """In time order; a calendar session wins over a schedule's occurrence at the same time."""
    chosen: dict[dt.datetime, Occurrence] = {}
    for occurrence in sorted(occurrences, key=lambda o: (o.starts_at, o.source != CALENDAR)):
        chosen.setdefault(occurrence.starts_at, occurrence)
    return list(chosen.values())[: max(0, limit)]


def schedule_occurrences(
    schedule: Schedule, *, start: dt.datetime, end: dt.datetime, title: str = ""
) -> list[Occurrence]:
    """The schedule's occurrences starting in [start, end); none when it cannot be read."""
    try:
        rule, zone = schedule_rule(schedule)
    except UnreadableScheduleError:
        return []
    # The rule runs in the schedule's own wall-clock time; a day either side covers any offset.
    low = start.astimezone(zone).replace(tzinfo=None) - dt.timedelta(days=1)
    high = end.astimezone(zone).replace(tzinfo=None) + dt.timedelta(days=1)
    where = _where(schedule)
    occurrences = []
    for naive in rule.between(low, high, inc=True):
        if not _in_validity(schedule, naive.date()):
            continue
        starts_at = naive.replace(tzinfo=zone).astimezone(LONDON)
        if start <= starts_at < end:
            occurrences.append(
                Occurrence(
                    starts_at=starts_at,
                    ends_at=_ends_at(schedule, naive, zone),
                    title=title,
                    where=where,
                    source=SCHEDULE,
                )
            )
    return occurrences


def schedule_rule(schedule: Schedule) -> tuple[rrule.rrule, dt.tzinfo]:
    """The dateutil rule (in naive wall-clock time) and the time zone it runs in."""
    freq = _FREQUENCIES.get((schedule.freq or "").upper())
    if freq is None:
        raise UnreadableScheduleError("no frequency")
    first = schedule.dtstart or schedule.valid_from or ANCHOR
    opens = schedule.opens_at or dt.time(0)
    options: dict = {
        "dtstart": dt.datetime.combine(first, opens),
        "interval": max(1, schedule.interval or 1),
    }
    if schedule.byday.strip():
        options["byweekday"] = [_weekday(part) for part in _parts(schedule.byday)]
    if schedule.bymonthday.strip():
        options["bymonthday"] = [_month_day(part) for part in _parts(schedule.bymonthday)]
    if schedule.count:
        options["count"] = schedule.count
    elif schedule.until:
        options["until"] = dt.datetime.combine(schedule.until, dt.time.max)
    if schedule.wkst in _WEEKDAYS:
        options["wkst"] = _WEEKDAYS[schedule.wkst]
    try:
        return rrule.rrule(freq, **options), _zone(schedule)
    except (ValueError, TypeError, OverflowError) as error:
        raise UnreadableScheduleError(str(error)) from error


def _parts(text: str) -> list[str]:
    return [part.strip().upper() for part in text.split(",") if part.strip()]


def _weekday(text: str) -> rrule.weekday:
    match = _BYDAY.match(text)
    if not match:
        raise UnreadableScheduleError(f"not a day: {text!r}")
    day = _WEEKDAYS[match.group(2)]
    if match.group(1) is None:
        return day
    nth = int(match.group(1))
    if nth == 0 or abs(nth) > 5:
        raise UnreadableScheduleError(f"not a week of the month: {text!r}")
    return day(nth)


def _month_day(text: str) -> int:
    try:
        day = int(text)
    except ValueError:
        raise UnreadableScheduleError(f"not a day of the month: {text!r}") from None
    if day == 0 or abs(day) > 31:
        raise UnreadableScheduleError(f"not a day of the month: {text!r}")
    return day


def _zone(schedule: Schedule) -> dt.tzinfo:
    """A UTC offset in hours when the schedule gives one; UK local time when it does not."""
    if schedule.timezone is None:
        return LONDON
    if abs(schedule.timezone) > 14:
        raise UnreadableScheduleError("not a time zone")
    return dt.timezone(dt.timedelta(hours=schedule.timezone))


def _in_validity(schedule: Schedule, day: dt.date) -> bool:
    if schedule.valid_from and day < schedule.valid_from:
        return False
    return not (schedule.valid_to and day > schedule.valid_to)


def _ends_at(schedule: Schedule, starts: dt.datetime, zone: dt.tzinfo) -> dt.datetime | None:
    if schedule.closes_at is None or schedule.opens_at is None:
        return None
    ends = dt.datetime.combine(starts.date(), schedule.closes_at)
    if ends <= starts:  # runs past midnight
        ends += dt.timedelta(days=1)
    return ends.replace(tzinfo=zone).astimezone(LONDON)


def _where(schedule: Schedule) -> str:
    location = schedule.location or (
        schedule.service_at_location.location if schedule.service_at_location else None
    )
    if location is None:
        return ""
    if location.name:
        return location.name
    return _("Online") if location.location_type == "virtual" else ""


# Plain words for a schedule ------------------------------------------------------------------


def _nth_names() -> dict[int, str]:
    return {
        1: _("first"),
        2: _("second"),
        3: _("third"),
        4: _("fourth"),
        5: _("fifth"),
        -1: _("last"),
        -2: _("second to last"),
    }


def describe_schedule(schedule: Schedule) -> str:
    """The schedule in plain words, such as "First Monday of the month, 7pm to 9pm"."""
    try:
        schedule_rule(schedule)
        when = _describe_days(schedule)
    except UnreadableScheduleError:
        when = ""
    if not when:
        return schedule.description.strip()
    parts = [when]
    hours = describe_hours(schedule.opens_at, schedule.closes_at)
    if hours:
        parts.append(hours)
    last = _last_date(schedule)
    if last:
        parts.append(_("until %(date)s") % {"date": formats.date_format(last, "j F Y")})
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def _last_date(schedule: Schedule) -> dt.date | None:
    dates = [d for d in (schedule.until if not schedule.count else None, schedule.valid_to) if d]
    return min(dates) if dates else None


def _describe_days(schedule: Schedule) -> str:
    interval = max(1, schedule.interval or 1)
    if schedule.freq == "WEEKLY":
        return _describe_weekly(schedule, interval)
    return _describe_monthly(schedule, interval)


def _describe_weekly(schedule: Schedule, interval: int) -> str:
    days = [_weekday(part) for part in _parts(schedule.byday)]
    names = day_names()
    codes = list(names)
    if days:
        day_list = _and_list([names[codes[day.weekday]] for day in days])
    else:
        first = schedule.dtstart or schedule.valid_from
        day_list = names[codes[first.weekday()]] if first else ""
    if interval == 1:
        run = sorted({day.weekday for day in days})
        if len(run) == 7:
            return _("every day")
        if len(run) >= 3 and run == list(range(run[0], run[-1] + 1)):
            return _("%(first)s to %(last)s") % {
                "first": names[codes[run[0]]],
                "last": names[codes[run[-1]]],
            }
        return _("every %(days)s") % {"days": day_list} if day_list else _("every week")
    if interval == 2:
        return _("every other %(days)s") % {"days": day_list} if day_list else _("fortnightly")
    every = ngettext("every %(n)d week", "every %(n)d weeks", interval) % {"n": interval}
    return _("%(every)s on %(days)s") % {"every": every, "days": day_list} if day_list else every


def _describe_monthly(schedule: Schedule, interval: int) -> str:
    months = _month_phrase(interval)
    days = [_weekday(part) for part in _parts(schedule.byday)]
    if days and all(day.n for day in days):
        return _("%(days)s of %(months)s") % {"days": _nth_days(days), "months": months}
    if days:
        names = day_names()
        codes = list(names)
        listed = _and_list([names[codes[day.weekday]] for day in days])
        if interval == 1:
            return _("every %(days)s") % {"days": listed}
        return _("every %(days)s, %(months)s") % {"days": listed, "months": months}
    month_days = [_month_day(part) for part in _parts(schedule.bymonthday)]
    if not month_days:
        first = schedule.dtstart or schedule.valid_from
        month_days = [first.day] if first else []
    if not month_days:
        return _("once a month") if interval == 1 else months
    listed = _and_list([_ordinal_day(day) for day in month_days])
    return _("on the %(days)s of %(months)s") % {"days": listed, "months": months}


def _month_phrase(interval: int) -> str:
    if interval == 1:
        return _("the month")
    if interval == 2:
        return _("every other month")
    return ngettext("every %(n)d month", "every %(n)d months", interval) % {"n": interval}


def _nth_days(days: Sequence[rrule.weekday]) -> str:
    """ "first and third Tuesday", or "first Monday and last Friday" when the days differ."""
    names, nths = day_names(), _nth_names()
    codes = list(names)
    if len({day.weekday for day in days}) == 1:
        ordinals = _and_list([nths.get(day.n, str(day.n)) for day in days])
        return f"{ordinals} {names[codes[days[0].weekday]]}"
    return _and_list([f"{nths.get(day.n, str(day.n))} {names[codes[day.weekday]]}" for day in days])


def _ordinal_day(day: int) -> str:
    if day == -1:
        return _("last day")
    if day == -2:
        return _("second to last day")
    if day < 0:
        return _("day %(n)d from the end") % {"n": -day}
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def describe_hours(opens: dt.time | None, closes: dt.time | None) -> str:
    """ "10am to 12 noon", "from 7pm", or "" when no time is given."""
    if opens and closes:
        return _("%(opens)s to %(closes)s") % {"opens": clock(opens), "closes": clock(closes)}
    if opens:
        return _("from %(opens)s") % {"opens": clock(opens)}
    return ""


def clock(time: dt.time) -> str:
    """A time as people say it: 10am, 7:30pm, 12 noon, 12 midnight."""
    if time.hour == 12 and time.minute == 0:
        return _("12 noon")
    if time.hour == 0 and time.minute == 0:
        return _("12 midnight")
    hour = time.hour % 12 or 12
    minutes = f":{time.minute:02d}" if time.minute else ""
    return f"{hour}{minutes}{_('am') if time.hour < 12 else _('pm')}"
