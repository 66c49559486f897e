"""Coarsening: dates to the month, dates of birth to an age band, values to CSV cells."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from connecting_people.core.cells import safe_cell

# (lowest age in the band, its name), youngest first; the last band has no upper end.
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "under 18"),
    (18, "18-24"),
    (25, "25-34"),
    (35, "35-44"),
    (45, "45-54"),
    (55, "55-64"),
    (65, "65-74"),
    (75, "75+"),
)
DECIMALS = 4


def month(day: dt.date | None) -> str:
    """The month of a date as YYYY-MM, or blank."""
    return "" if day is None else f"{day.year:04d}-{day.month:02d}"


def months_between(start: dt.date | None, end: dt.date | None) -> int | None:
    """Whole calendar months from the month of `start` to the month of `end` (month numbers only,
    so it says nothing the two months do not)."""
    if start is None or end is None:
        return None
    return (end.year - start.year) * 12 + end.month - start.month


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(born: dt.date | None, day: dt.date | None) -> str:
    """The age band someone was in on a day (blank when the date of birth is not known)."""
    if born is None or day is None:
        return ""
    age = age_on(born, day)
    if age < 0:
        return ""
    return next(name for low, name in reversed(AGE_BANDS) if age >= low)


def cell(value: object) -> str:
    """One CSV cell: blank for None, true/false, decimals to at most 4 places, no line breaks, and
    text a spreadsheet would run as a formula quoted (core/cells.py); numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | Decimal):
        text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return safe_cell(" ".join(value.split())) if isinstance(value, str) else str(value)
