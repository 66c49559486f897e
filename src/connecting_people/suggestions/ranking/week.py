"""'This week': which candidates are on in the seven days from today, in one query.

A service is on this week when it has a dated session (a calendar feed's `Session`) in those
days, or one of its schedules comes round in them: weekly, every other week (counted from its
first date, as `directory.events` expands it) or on a day of the month. A schedule that cannot
be expanded but names its days ("TU") counts as on, as the search facts count it. The team's
connectors say when in their own words: one is kept when those words name a day of the week
("Tuesdays, 10am"; in seven days every day comes round), weekdays or weekends, or say it is
daily ("every day", "most mornings"); one that says nothing of when, or only "by arrangement"
with no day, is left out, since nothing says it is on this week. ("First Saturday of the
month" names a day and is kept: their words are not read more closely than that.)

The query reads the candidates' dated sessions in the window and their schedules together
(a UNION), so asking for "this week" costs one query, whatever the number of candidates.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict

from django.db.models import (
    CharField,
    DateField,
    DateTimeField,
    F,
    FloatField,
    IntegerField,
    Q,
    TimeField,
    Value,
)
from django.db.models.functions import Coalesce

from connecting_people.directory.models import Schedule, Session
from connecting_people.directory.search.facts_rules import BYDAY
from connecting_people.directory.sessions.events import LONDON, schedule_occurrences
from connecting_people.suggestions.ranking.candidate import Candidate

DAYS = 7
# A connector's "when" that says it comes round in any seven days.
ON_SOME_DAY = re.compile(
    r"\b(mon|tues|wednes|thurs|fri|satur|sun)days?\b|\b(tues|weds|thurs)\b"
    r"|\bweek(day|end)s?\b|\bdaily\b|\bevery\s+day\b|\beveryday\b"
    r"|\bmost\s+(days|mornings|afternoons|evenings|nights)\b",
    re.IGNORECASE,
)
SCHEDULE_FIELDS = (
    "freq", "interval", "byday", "bymonthday", "dtstart", "valid_from", "valid_to", "until",
    "count", "wkst", "opens_at", "timezone",
)  # fmt: skip
NOTHING = {
    "freq": Value("", CharField()),
    "interval": Value(None, IntegerField()),
    "byday": Value("", CharField()),
    "bymonthday": Value("", CharField()),
    "dtstart": Value(None, DateField()),
    "valid_from": Value(None, DateField()),
    "valid_to": Value(None, DateField()),
    "until": Value(None, DateField()),
    "count": Value(None, IntegerField()),
    "wkst": Value("", CharField()),
    "opens_at": Value(None, TimeField()),
    "timezone": Value(None, FloatField()),
}


def window(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the start of `today` to the start of the eighth day, in UK time."""
    start = dt.datetime.combine(today, dt.time(0), tzinfo=LONDON)
    return start, start + dt.timedelta(days=DAYS)


def on_this_week(candidates: list[Candidate], today: dt.date) -> list[Candidate]:
    """The candidates on this week, each service's first dated session day noted; connectors
    by their own words (`connector_on`)."""
    ids = [c.service_id for c in candidates if c.kind == "service" and c.service_id]
    sessions, schedules = _read(ids, today)
    start, end = window(today)
    kept = []
    for c in candidates:
        if c.kind != "service" or c.service_id is None:
            if connector_on(c.when):
                kept.append(c)
            continue
        dated = sessions.get(c.service_id)
        if dated is not None:
            c.session_on = dated
            kept.append(c)
        elif any(_comes_round(s, start, end) for s in schedules.get(c.service_id, ())):
            kept.append(c)
    return kept


def connector_on(when: str) -> bool:
    """A connector's words for when name a day, weekdays or weekends, or say daily."""
    return bool(ON_SOME_DAY.search(when))


def _read(
    ids: list[uuid.UUID], today: dt.date
) -> tuple[dict[uuid.UUID, dt.date], dict[uuid.UUID, list[Schedule]]]:
    """The first dated session day in the window and the schedules, of each service: one query."""
    if not ids:
        return {}, {}
    start, end = window(today)
    dated = (
        Session.objects.filter(service_id__in=ids, starts_at__gte=start, starts_at__lt=end)
        .annotate(of=F("service_id"), at=F("starts_at"), **NOTHING)
        .order_by()
        .values_list("of", "at", *SCHEDULE_FIELDS)
    )
    schedules = (
        Schedule.objects.filter(
            Q(service_id__in=ids)
            | Q(service_id__isnull=True, service_at_location__service_id__in=ids)
        )
        .annotate(
            of=Coalesce("service_id", "service_at_location__service_id"),
            at=Value(None, DateTimeField()),
            **{f"s_{name}": F(name) for name in SCHEDULE_FIELDS},
        )
        .order_by()
        .values_list("of", "at", *(f"s_{name}" for name in SCHEDULE_FIELDS))
    )
    sessions: dict[uuid.UUID, dt.date] = {}
    found: dict[uuid.UUID, list[Schedule]] = defaultdict(list)
    for service_id, at, *rule in dated.union(schedules, all=True):
        service_id = service_id if isinstance(service_id, uuid.UUID) else uuid.UUID(service_id)
        if at is not None:
            day = at.astimezone(LONDON).date()
            sessions[service_id] = min(day, sessions.get(service_id, day))
        else:
            found[service_id].append(Schedule(**dict(zip(SCHEDULE_FIELDS, rule, strict=True))))
    return sessions, found


def _comes_round(schedule: Schedule, start: dt.datetime, end: dt.datetime) -> bool:
    """The schedule has an occurrence in [start, end); or, unreadable, it names its days."""
    if schedule_occurrences(schedule, start=start, end=end):
        return True
    if (schedule.freq or "").upper() in ("WEEKLY", "MONTHLY"):
        return False  # read, and not in the window
    return any(BYDAY.search(part) for part in (schedule.byday or "").upper().split(","))
