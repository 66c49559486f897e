"""A line chart: a few series over the same points, each named by a label at the end of its line.

Each series differs in three ways, never by colour alone: its colour, its line style (solid,
dashed, dotted) and its marker shape (circle, square, triangle, diamond). The page shows the same
numbers in a table beneath the chart (`rows`; templates/network/_chart.html).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString

from connecting_people.core.charts.svg import (
    FONT,
    GRID,
    INK,
    STYLES,
    WEIGHTS,
    WIDTH,
    axes,
    axis_title,
    closing,
    coord,
    nice_top,
    number,
    opening,
    trace,
    x_labels,
)

HEIGHT = 320
TOP, BOTTOM, LEFT = 24, 64, 64
LABEL_GAP = FONT + 2  # the least distance between two direct labels, so they never overlap
CHAR_WIDTH = 8.6  # a generous width for a bold character at FONT, to leave room for labels


@dataclass(frozen=True)
class Series:
    """One line: a label and a value for each point (texts, if given, are what the table shows)."""

    label: str
    values: tuple[float, ...]
    texts: tuple[str, ...] = ()

    def cells(self) -> tuple[str, ...]:
        return self.texts or tuple(number(v) for v in self.values)


@dataclass(frozen=True)
class LineChart:
    title: str
    description: str
    x_title: str
    y_title: str
    x_labels: tuple[str, ...]
    series: tuple[Series, ...]
    id_prefix: str = "chart"
    styles: tuple[tuple[str, str, str], ...] = field(default=STYLES, repr=False)
    scale_top: float | None = None  # the axis runs to at least this (a score out of 100: 100)

    def __post_init__(self) -> None:
        if len(self.series) > min(len(self.styles), len(WEIGHTS)):
            raise ValueError(f"at most {len(self.styles)} series can be told apart")
        if not self.x_labels:
            raise ValueError("a chart needs at least one point")
        if any(len(s.values) != len(self.x_labels) for s in self.series):
            raise ValueError("every series needs one value for each point")

    def rows(self) -> list[tuple[str, tuple[str, ...]]]:
        """The table under the chart: one row per point, one cell per series."""
        cells = [s.cells() for s in self.series]
        return [(label, tuple(c[i] for c in cells)) for i, label in enumerate(self.x_labels)]

    def svg(self) -> SafeString:
        return draw_line_chart(self)


def line_chart(
    *,
    title: str,
    description: str,
    x_title: str,
    y_title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    id_prefix: str = "chart",
    scale_top: float | None = None,
) -> LineChart:
    """A chart of a few series over the same points (at most four series); the axis runs to
    `scale_top` when given (for a score with a fixed top), else just above the largest value."""
    return LineChart(
        title=title,
        description=description,
        x_title=x_title,
        y_title=y_title,
        x_labels=tuple(x_labels),
        series=tuple(series),
        id_prefix=id_prefix,
        scale_top=scale_top,
    )


def _spread(wanted: list[float], low: float, high: float) -> list[float]:
    """Move label positions apart (keeping their order) so no two are closer than LABEL_GAP."""
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    placed = [0.0] * len(wanted)
    floor = low
    for i in order:
        placed[i] = max(wanted[i], floor)
        floor = placed[i] + LABEL_GAP
    overflow = max(placed, default=low) - high
    if overflow > 0:  # pushed past the bottom: shift everything up, but not past the top
        placed = [max(low, p - overflow) for p in placed]
    return placed


def draw_line_chart(chart: LineChart) -> SafeString:
    """The chart as an inline SVG element, escaped throughout."""
    longest = max((len(s.label) for s in chart.series), default=0)
    right = min(240, 24 + CHAR_WIDTH * longest)
    plot_w, plot_h = WIDTH - LEFT - right, HEIGHT - TOP - BOTTOM
    largest = max((v for s in chart.series for v in s.values), default=0)
    top_value, step = nice_top(max(largest, chart.scale_top or 0))
    count = len(chart.x_labels)

    def x_at(i: int) -> float:
        return LEFT + (plot_w / 2 if count == 1 else plot_w * i / (count - 1))

    def y_at(v: float) -> float:
        return TOP + plot_h * (1 - v / top_value)

    out = opening(
        id_prefix=chart.id_prefix,
        title=chart.title,
        description=chart.description,
        height=HEIGHT,
    )
    for tick in range(0, top_value + 1, step):
        y = y_at(tick)
        out.append(
            f'<line x1="{LEFT}" y1="{coord(y)}" x2="{coord(LEFT + plot_w)}" y2="{coord(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{coord(y + 5)}" text-anchor="end" fill="{INK}">{tick}</text>'
        )
    out.append(axes(LEFT, TOP, plot_w, plot_h))
    xs = [x_at(i) for i in range(count)]
    out += x_labels(chart.x_labels, xs, TOP + plot_h + 20, plot_w)
    out.append(
        axis_title(LEFT + plot_w / 2, HEIGHT - 12, chart.x_title)
        + f'<text transform="translate(18 {coord(TOP + plot_h / 2)}) rotate(-90)" '
        f'text-anchor="middle" font-weight="bold" fill="{INK}">{escape(chart.y_title)}</text>'
    )
    ends = [y_at(s.values[-1]) + 5 for s in chart.series if s.values]
    label_ys = _spread(ends, TOP + 5, TOP + plot_h + 5)
    for index, (series, label_y) in enumerate(zip(chart.series, label_ys, strict=False)):
        out.append(_series(chart, series, index, x_at, y_at, label_y))
    return closing(out)


def _series(
    chart: LineChart,
    series: Series,
    index: int,
    x_at: Callable[[int], float],
    y_at: Callable[[float], float],
    label_y: float,
) -> str:
    colour = chart.styles[index][0]
    points = [(x_at(i), y_at(v)) for i, v in enumerate(series.values)]
    return (
        f'<g class="cp-chart__series" data-series="{index}">'
        + trace(points, chart.styles[index], WEIGHTS[index])
        + f'<text x="{coord(points[-1][0] + 12)}" y="{coord(label_y)}" fill="{colour}" '
        f'font-weight="bold">{escape(series.label)}</text></g>'
    )
