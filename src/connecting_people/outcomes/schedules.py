"""When questionnaires are due: a baseline at the start, then follow-ups months later. Pure: no
Django, no database, so every date can be worked out by hand in the tests.

Each point on the schedule (the baseline, then each follow-up) falls due on its date and may be
taken from two weeks before it to four weeks after it (its window). After the window it is
overdue, until it is taken or the next point's window opens; then it is missed and the next one
counts. A questionnaire completed any time from the window's opening until the next window opens
settles that point (late, if after the window), so one response settles one point at most.

    points(dt.date(2026, 8, 31), (3, 6))  # due 31 Aug 2026, 30 Nov 2026, 28 Feb 2027
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from dateutil.relativedelta import relativedelta

DUE_BEFORE_DAYS = 14  # a point can be taken from two weeks before its date
DUE_AFTER_DAYS = 28  # ... to four weeks after it; overdue from the day after
DEFAULT_MONTHS = (3, 6, 9, 12)
DEFAULT_INSTRUMENTS = ("ons4", "ucla3", "ons-lonely")
MAX_MONTHS = 120  # ten years: a follow-up further off than that is surely a typing slip
MAX_POINTS = 24

DUE = "due"
OVERDUE = "overdue"
UPCOMING = "upcoming"
DONE = "done"
# Which state speaks loudest when a person has several questionnaires.
URGENCY = (OVERDUE, DUE, UPCOMING, DONE)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day when it is shorter
    (31 August + 6 months is 28 February, or the 29th in a leap year)."""
    return day + relativedelta(months=months)


@dataclass(frozen=True)
class Plan:
    """A team's schedule: follow-ups this many months after the start, for these instruments."""

    months: tuple[int, ...] = DEFAULT_MONTHS
    instruments: tuple[str, ...] = DEFAULT_INSTRUMENTS

    def keeping(self, slugs: Collection[str]) -> Plan:
        """The same plan asking only the instruments in `slugs`: those the team's organisation
        may use, so nothing it cannot ask is ever due."""
        return replace(self, instruments=tuple(s for s in self.instruments if s in slugs))


DEFAULT_PLAN = Plan()


@dataclass(frozen=True)
class Point:
    months: int  # 0 for the baseline
    due_on: dt.date
    opens_on: dt.date  # first day it can be taken
    closes_on: dt.date  # last day it is due; overdue from the day after
    until: dt.date | None  # the next point's window opens here (None after the last point)

    @property
    def is_baseline(self) -> bool:
        return self.months == 0

    def settled_by(self, day: dt.date) -> bool:
        return self.opens_on <= day and (self.until is None or day < self.until)


@dataclass(frozen=True)
class InstrumentDue:
    """Where one questionnaire stands on a person's schedule today."""

    slug: str
    state: str  # DUE, OVERDUE, UPCOMING or DONE
    point: Point | None  # the point due, overdue or coming next (None when all are done)
    missed: tuple[Point, ...]  # earlier points nobody took
    taken: tuple[tuple[Point, dt.date], ...]  # points settled, with the date that settled each


@dataclass(frozen=True)
class PersonDue:
    """Every scheduled questionnaire for one person; `state` is the most pressing of them."""

    instruments: tuple[InstrumentDue, ...]

    @property
    def state(self) -> str | None:
        states = {i.state for i in self.instruments}
        return next((s for s in URGENCY if s in states), None)

    @property
    def needing_attention(self) -> tuple[InstrumentDue, ...]:
        """Those due or overdue, overdue first."""
        return tuple(
            sorted(
                (i for i in self.instruments if i.state in (DUE, OVERDUE)),
                key=lambda i: URGENCY.index(i.state),
            )
        )


def points(start: dt.date, months: Iterable[int]) -> tuple[Point, ...]:
    """The baseline on the start date, then one point per follow-up, in order."""
    dates = [(m, add_months(start, m)) for m in sorted({0, *months})]
    opens = [due - dt.timedelta(days=DUE_BEFORE_DAYS) for _, due in dates]
    found = []
    for n, (m, due) in enumerate(dates):
        until = opens[n + 1] if n + 1 < len(dates) else None
        closes = due + dt.timedelta(days=DUE_AFTER_DAYS)
        if until is not None and closes >= until:
            closes = until - dt.timedelta(days=1)
        found.append(Point(m, due, opens[n], closes, until))
    return tuple(found)


def instrument_due(
    slug: str, schedule: Sequence[Point], taken: Iterable[dt.date], today: dt.date
) -> InstrumentDue:
    """Where one questionnaire stands today, given the dates it was completed on."""
    dates = sorted(taken)
    settled = {
        n: next((d for d in dates if point.settled_by(d)), None) for n, point in enumerate(schedule)
    }
    current = max((n for n, p in enumerate(schedule) if p.opens_on <= today), default=-1)
    missed = tuple(schedule[n] for n in range(current) if settled[n] is None)
    done = tuple((schedule[n], d) for n, d in settled.items() if d is not None)
    point: Point | None
    if current < 0:
        state, point = UPCOMING, schedule[0]
    elif settled[current] is not None:
        point = schedule[current + 1] if current + 1 < len(schedule) else None
        state = DONE if point is None else UPCOMING
    else:
        point = schedule[current]
        state = DUE if today <= point.closes_on else OVERDUE
    return InstrumentDue(slug, state, point, missed, done)


def person_due(
    start: dt.date,
    taken: Mapping[str, Iterable[dt.date]],
    plan: Plan,
    today: dt.date,
) -> PersonDue:
    """Every questionnaire on the plan for someone who started on `start`, as it stands today.

    `taken` maps an instrument id to the dates it was completed on (in-progress ones left out).
    """
    schedule = points(start, plan.months)
    return PersonDue(
        tuple(
            instrument_due(slug, schedule, taken.get(slug, ()), today) for slug in plan.instruments
        )
    )
