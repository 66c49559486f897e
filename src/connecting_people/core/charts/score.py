"""A score over time on its own fixed scale, with the scale's bands drawn as shaded regions.

Each band is named at the right of the plot; the bands come from whoever asks for the chart (for
questionnaires, only from the definition). The single line keeps one of the line chart's styles:
its colour, line style and marker shape, never colour alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString

from connecting_people.core.charts.svg import (
    GRID,
    INK,
    STYLES,
    WEIGHTS,
    WIDTH,
    axes,
    axis_title,
    closing,
    coord,
    number,
    opening,
    ticks,
    trace,
    x_labels,
)

BAND_FILLS = ("#f3f2f1", "#ffffff")


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
    x_title: str
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


def draw_score_chart(chart: ScoreChart) -> SafeString:
    """The chart as an inline SVG element, escaped throughout."""
    height, top, bottom, left = 260, 16, 56, 48
    right = 24 + max((len(b.label) for b in chart.bands), default=0) * 8
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    span = chart.high - chart.low

    def y_at(v: float) -> float:
        return top + plot_h * (1 - (v - chart.low) / span)

    first, last = chart.dates[0], chart.dates[-1]
    days = (last - first).days

    def x_at(day: dt.date) -> float:
        margin = 16
        if days == 0:
            return left + plot_w / 2
        return left + margin + (plot_w - 2 * margin) * (day - first).days / days

    out = opening(
        id_prefix=chart.id_prefix, title=chart.title, description=chart.description, height=height
    )
    for n, band in enumerate(chart.bands):
        y_top, y_bottom = y_at(band.high), y_at(band.low)
        out.append(
            f'<rect x="{left}" y="{coord(y_top)}" width="{coord(plot_w)}" '
            f'height="{coord(y_bottom - y_top)}" fill="{BAND_FILLS[n % 2]}" stroke="{GRID}" '
            f'stroke-width="1" stroke-dasharray="4 3"/>'
            f'<text x="{coord(left + plot_w + 8)}" y="{coord((y_top + y_bottom) / 2 + 5)}" '
            f'fill="{INK}">{escape(band.label)}</text>'
        )
    for tick in ticks(chart.low, chart.high):
        y = y_at(tick)
        out.append(
            f'<line x1="{left - 4}" y1="{coord(y)}" x2="{left}" y2="{coord(y)}" stroke="{INK}"/>'
            f'<text x="{left - 8}" y="{coord(y + 5)}" text-anchor="end" fill="{INK}">'
            f"{number(tick)}</text>"
        )
    out.append(axes(left, top, plot_w, plot_h))
    labels = [date_format(day, "M Y") for day in chart.dates]
    out += x_labels(labels, [x_at(day) for day in chart.dates], top + plot_h + 20, plot_w)
    out.append(axis_title(left + plot_w / 2, height - 8, chart.x_title))
    points = [
        (x_at(day), y_at(value))
        for day, value in zip(chart.dates, chart.values, strict=True)
        if value is not None
    ]
    style = STYLES[chart.style % len(STYLES)]
    out.append(f'<g class="cp-chart__series">{trace(points, style, WEIGHTS[1])}</g>')
    return closing(out)
