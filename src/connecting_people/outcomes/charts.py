"""Charts of questionnaire scores, drawn on the server as accessible SVG (as network/charts.py).

- `score_chart`: one score over time on its own scale, with the definition's bands drawn as
  shaded horizontal regions, each named at the right. Bands come only from the definition.
- `change_chart`: for the team report, the mean change of each measure with its 95% confidence
  interval as whiskers either side, and a line at no change.

Each series keeps the network charts' styles: its colour, line style and marker shape, never
colour alone. Every SVG has `role="img"`, a title and a description, and the page shows the same
numbers in a table beneath it. The output is the same every time for the same input.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from connecting_people.network.charts import STYLES, WEIGHTS
from connecting_people.network.charts import _marker as marker

WIDTH = 640
FONT = 14
BAND_FILLS = ("#f3f2f1", "#ffffff")
INK = "#0b0c0c"
GRID = "#b1b4b6"
DASHED_GRID = f'stroke="{GRID}" stroke-width="1" stroke-dasharray="3 4"'


def _f(value: float) -> str:
    return f"{value:.1f}"


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


@dataclass(frozen=True)
class BandArea:
    label: str
    low: float  # where its region starts and ends on the axis (between two bands: halfway)
    high: float


@dataclass(frozen=True)
class ScoreChart:
    """One score over time: dates, values (None where not worked out), and its scale."""

    id_prefix: str
    title: str
    description: str
    low: float
    high: float
    dates: tuple[dt.date, ...]
    values: tuple[float | None, ...]
    bands: tuple[BandArea, ...] = ()
    style: int = 0

    def svg(self) -> SafeString:
        return draw_score_chart(self)


def band_areas(
    bands: Sequence[tuple[str, float, float]], low: float, high: float
) -> list[BandArea]:
    """Regions for bands given as (label, lowest value, highest value) in order: a boundary
    between two bands falls halfway across the gap (4.5 between "0 to 4" and "5 to 6")."""
    areas = []
    for n, (label, lowest, highest) in enumerate(bands):
        start = low if n == 0 else (bands[n - 1][2] + lowest) / 2
        end = high if n == len(bands) - 1 else (highest + bands[n + 1][1]) / 2
        areas.append(BandArea(label, max(low, start), min(high, end)))
    return areas


def _ticks(low: float, high: float) -> list[float]:
    span = high - low
    step = 1.0
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100):
        step = float(candidate)
        if span / candidate <= 10:
            break
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(value)
        value += step
    return ticks


def draw_score_chart(chart: ScoreChart) -> SafeString:
    """The chart as an inline SVG element, escaped throughout."""
    height, top, bottom, left = 260, 16, 56, 48
    right = 24 + max((len(b.label) for b in chart.bands), default=0) * 8
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    span = chart.high - chart.low
    p = chart.id_prefix

    def y_at(v: float) -> float:
        return top + plot_h * (1 - (v - chart.low) / span)

    first, last = chart.dates[0], chart.dates[-1]
    days = (last - first).days

    def x_at(day: dt.date) -> float:
        margin = 16
        if days == 0:
            return left + plot_w / 2
        return left + margin + (plot_w - 2 * margin) * (day - first).days / days

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cp-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{p}-title {p}-desc" '
        f'font-size="{FONT}" font-family="inherit">',
        f'<title id="{p}-title">{escape(chart.title)}</title>',
        f'<desc id="{p}-desc">{escape(chart.description)}</desc>',
    ]
    for n, band in enumerate(chart.bands):
        y_top, y_bottom = y_at(band.high), y_at(band.low)
        out.append(
            f'<rect x="{left}" y="{_f(y_top)}" width="{_f(plot_w)}" '
            f'height="{_f(y_bottom - y_top)}" fill="{BAND_FILLS[n % 2]}" stroke="{GRID}" '
            f'stroke-width="1" stroke-dasharray="4 3"/>'
            f'<text x="{_f(left + plot_w + 8)}" y="{_f((y_top + y_bottom) / 2 + 5)}" '
            f'fill="{INK}">{escape(band.label)}</text>'
        )
    for tick in _ticks(chart.low, chart.high):
        y = y_at(tick)
        out.append(
            f'<line x1="{left - 4}" y1="{_f(y)}" x2="{left}" y2="{_f(y)}" stroke="{INK}"/>'
            f'<text x="{left - 8}" y="{_f(y + 5)}" text-anchor="end" fill="{INK}">'
            f"{_number(tick)}</text>"
        )
    out.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{_f(top + plot_h)}" stroke="{INK}"/>'
        f'<line x1="{left}" y1="{_f(top + plot_h)}" x2="{_f(left + plot_w)}" '
        f'y2="{_f(top + plot_h)}" stroke="{INK}"/>'
    )
    out += _date_labels(chart.dates, x_at, top + plot_h + 20, plot_w)
    out.append(
        f'<text x="{_f(left + plot_w / 2)}" y="{height - 8}" text-anchor="middle" '
        f'font-weight="bold" fill="{INK}">{escape(_("Date taken"))}</text>'
    )
    out.append(_line(chart, x_at, y_at))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def _date_labels(dates: Sequence[dt.date], x_at: object, y: float, plot_w: float) -> list[str]:
    labels = [date_format(day, "M Y") for day in dates]
    need = 7.5 * max(len(label) for label in labels) + 12
    every = max(1, math.ceil(len(labels) * need / plot_w))
    shown = set(range(len(labels) - 1, -1, -every))
    out = []
    for i, (day, label) in enumerate(zip(dates, labels, strict=True)):
        if i in shown:
            x = x_at(day)  # type: ignore[operator]
            out.append(
                f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="middle" fill="{INK}">'
                f"{escape(label)}</text>"
            )
    return out


def _line(chart: ScoreChart, x_at: object, y_at: object) -> str:
    colour, dashes, shape = STYLES[chart.style % len(STYLES)]
    width, size = WEIGHTS[1]
    points = [
        (x_at(day), y_at(value))  # type: ignore[operator]
        for day, value in zip(chart.dates, chart.values, strict=True)
        if value is not None
    ]
    parts = ['<g class="cp-chart__series">']
    if len(points) > 1:
        dash = f' stroke-dasharray="{dashes}"' if dashes else ""
        path = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" '
            f'stroke-width="{_f(width)}"{dash}/>'
        )
    parts += [marker(shape, x, y, colour, size) for x, y in points]
    parts.append("</g>")
    return "".join(parts)


# The team report's chart -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    """One measure's mean change and interval (None for both when too few people to say)."""

    label: str
    mean: float | None
    low: float | None
    high: float | None
    note: str  # shown instead of a whisker when there is none, e.g. "Too few people to say"


@dataclass(frozen=True)
class ChangeChart:
    id_prefix: str
    title: str
    description: str
    x_title: str
    rows: tuple[ChangeRow, ...]

    def svg(self) -> SafeString:
        return draw_change_chart(self)


def _reach(rows: Sequence[ChangeRow]) -> float:
    """How far either side of no change the axis goes: a round number past every whisker."""
    furthest = max(
        (abs(v) for r in rows for v in (r.mean, r.low, r.high) if v is not None), default=0.0
    )
    for candidate in (0.5, 1, 2, 3, 5, 10, 20, 25, 50, 100):
        if furthest <= candidate:
            return float(candidate)
    return float(math.ceil(furthest / 100) * 100)


def draw_change_chart(chart: ChangeChart) -> SafeString:
    """Each row: its name, then a dot at the mean change and whiskers to the interval's ends."""
    row_h, top, bottom, left, right = 58, 8, 56, 24, 24
    height = top + row_h * len(chart.rows) + bottom
    plot_w = WIDTH - left - right
    reach = _reach(chart.rows)
    p = chart.id_prefix

    def x_at(v: float) -> float:
        return left + plot_w * (v + reach) / (2 * reach)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cp-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{p}-title {p}-desc" '
        f'font-size="{FONT}" font-family="inherit">',
        f'<title id="{p}-title">{escape(chart.title)}</title>',
        f'<desc id="{p}-desc">{escape(chart.description)}</desc>',
    ]
    axis_y = top + row_h * len(chart.rows)
    for tick in (-reach, -reach / 2, 0.0, reach / 2, reach):
        x = x_at(tick)
        text = ("+" if tick > 0 else "") + _number(tick).replace("-", "\u2212")
        stroke = f'stroke="{INK}" stroke-width="2"' if tick == 0 else DASHED_GRID
        out.append(
            f'<line x1="{_f(x)}" y1="{top}" x2="{_f(x)}" y2="{_f(axis_y)}" {stroke}/>'
            f'<text x="{_f(x)}" y="{_f(axis_y + 20)}" text-anchor="middle" fill="{INK}">'
            f"{escape(text)}</text>"
        )
    out.append(
        f'<text x="{_f(left + plot_w / 2)}" y="{height - 8}" text-anchor="middle" '
        f'font-weight="bold" fill="{INK}">{escape(chart.x_title)}</text>'
    )
    for n, row in enumerate(chart.rows):
        out.append(_change_row(row, n, top + row_h * n, x_at, left))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


# A white outline drawn under the letters, so the gridlines and the zero line that a long label
# crosses do not run through its words.
HALO = ' stroke="#ffffff" stroke-width="5" stroke-linejoin="round" paint-order="stroke"'


def _change_row(row: ChangeRow, n: int, y0: float, x_at: object, left: float) -> str:
    colour, _dashes, shape = STYLES[n % len(STYLES)]
    parts = [
        f'<g class="cp-chart__series"><text x="{left}" y="{_f(y0 + 18)}" font-weight="bold" '
        f'fill="{INK}"{HALO}>{escape(row.label)}</text>'
    ]
    y = y0 + 38
    if row.mean is None:
        parts.append(
            f'<text x="{left}" y="{_f(y + 5)}" fill="{INK}"{HALO}>{escape(row.note)}</text>'
        )
    else:
        if row.low is not None and row.high is not None:
            x1, x2 = x_at(row.low), x_at(row.high)  # type: ignore[operator]
            parts.append(
                f'<line x1="{_f(x1)}" y1="{_f(y)}" x2="{_f(x2)}" y2="{_f(y)}" '
                f'stroke="{colour}" stroke-width="3"/>'
                f'<line x1="{_f(x1)}" y1="{_f(y - 8)}" x2="{_f(x1)}" y2="{_f(y + 8)}" '
                f'stroke="{colour}" stroke-width="3"/>'
                f'<line x1="{_f(x2)}" y1="{_f(y - 8)}" x2="{_f(x2)}" y2="{_f(y + 8)}" '
                f'stroke="{colour}" stroke-width="3"/>'
            )
        parts.append(marker(shape, x_at(row.mean), y, colour, 7))  # type: ignore[operator]
    parts.append("</g>")
    return "".join(parts)
