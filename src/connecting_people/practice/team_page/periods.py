"""The periods the team page counts over: this month and this quarter so far, and the last whole
quarter (what the organisation view shows, so that a count for another team never slides a day
at a time). Pure: no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    """From `since` to `until`, both days included."""

    since: dt.date
    until: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.since <= day <= self.until


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the calendar quarter `day` is in (January, April, July, October)."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def this_month(today: dt.date) -> Period:
    return Period(today.replace(day=1), today)


def this_quarter(today: dt.date) -> Period:
    return Period(quarter_start(today), today)


def last_quarter(today: dt.date) -> Period:
    """The whole calendar quarter before the one `today` is in."""
    until = quarter_start(today) - dt.timedelta(days=1)
    return Period(quarter_start(until), until)
