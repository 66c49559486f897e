"""Quarters: the period a team reflects on. A quarter is named in addresses as `2026-q4`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import formats

DASH = "\u2013"  # an en dash, between the first and last month
KEY = re.compile(r"^(?P<year>\d{4})-q(?P<quarter>[1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    start: dt.date

    @property
    def key(self) -> str:
        return f"{self.start.year}-q{(self.start.month - 1) // 3 + 1}"

    @property
    def end(self) -> dt.date:
        return self.following().start - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """'October to December 2026'."""
        first = formats.date_format(self.start, "F")
        last = formats.date_format(self.end, "F Y")
        return f"{first} to {last}"

    @property
    def short_label(self) -> str:
        """'Oct to Dec 2026' with an en dash for 'to', for a chart's axis."""
        return f"{formats.date_format(self.start, 'M')}{DASH}{formats.date_format(self.end, 'M Y')}"

    def following(self) -> Quarter:
        month = self.start.month + 3
        year = self.start.year + (month > 12)
        return Quarter(dt.date(year, (month - 1) % 12 + 1, 1))


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1))


def quarter_from_key(key: str) -> Quarter | None:
    """The quarter a key such as `2026-q4` names, or None for anything else."""
    found = KEY.match(key)
    if not found:
        return None
    year, quarter = int(found["year"]), int(found["quarter"])
    if year < 2000:
        return None
    return Quarter(dt.date(year, (quarter - 1) * 3 + 1, 1))
