"""Line charts drawn on the server as accessible SVG: no JavaScript, the same output every time.

Each series differs in three ways, never by colour alone: its colour, its line style (solid,
dashed, dotted) and its marker shape (circle, square, triangle, diamond), and it is named by a
label at the end of its line. The SVG has `role="img"` with a title and a description, and the
page shows the same numbers in a table beneath it (templates/network/_chart.html).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from connecting_people.network.measures import Measures

WIDTH, HEIGHT = 640, 320
TOP, BOTTOM, LEFT = 24, 64, 64
FONT = 14
LABEL_GAP = FONT + 2  # the least distance between two direct labels, so they never overlap
CHAR_WIDTH = 8.6  # a generous width for a bold character at FONT, to leave room for labels

# (colour, dash pattern, marker): each at least 4.5:1 against white.
STYLES = (
    ("#00665e", "", "circle"),
    ("#1d70b8", "8 5", "square"),
    ("#912b88", "2 4", "triangle"),
    ("#505a5f", "10 4 2 4", "diamond"),
)
# Each later line is drawn thinner, with a smaller marker, over the ones before: when two
# series have the same values (everyone on the map feels supportive), both stay visible.
WEIGHTS = ((6.0, 8.0), (3.5, 6.0), (2.5, 4.5), (2.0, 3.5))  # (line width, marker size)


@dataclass(frozen=True)
class Series:
    """One line: a label and a value for each point (texts, if given, are what the table shows)."""

    label: str
    values: tuple[float, ...]
    texts: tuple[str, ...] = ()

    def cells(self) -> tuple[str, ...]:
        return self.texts or tuple(_number(v) for v in self.values)


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


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _f(value: float) -> str:
    """Coordinates with one decimal place, so the output is byte-for-byte repeatable."""
    return f"{value:.1f}"


def nice_top(largest: float) -> tuple[int, int]:
    """A round top for the y axis at or above `largest`, and the step between its ticks."""
    if largest <= 0:
        return 1, 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if math.ceil(largest / step) <= 6:
            return math.ceil(largest / step) * step, step
    step = 10 ** math.ceil(math.log10(largest / 6))
    return math.ceil(largest / step) * step, step


def _marker(shape: str, x: float, y: float, colour: str, r: float) -> str:
    """A filled marker of about radius r (the diamond is hollow, to differ from the square)."""
    if shape == "circle":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{colour}"/>'
    if shape == "square":
        side = r * 1.7
        return (
            f'<rect x="{_f(x - side / 2)}" y="{_f(y - side / 2)}" width="{_f(side)}" '
            f'height="{_f(side)}" fill="{colour}"/>'
        )
    if shape == "triangle":
        points = f"{_f(x)},{_f(y - r)} {_f(x + r)},{_f(y + r * 0.8)} {_f(x - r)},{_f(y + r * 0.8)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    points = f"{_f(x)},{_f(y - r)} {_f(x + r)},{_f(y)} {_f(x)},{_f(y + r)} {_f(x - r)},{_f(y)}"
    return f'<polygon points="{points}" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'


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
    p = chart.id_prefix
    longest = max((len(s.label) for s in chart.series), default=0)
    right = min(240, 24 + CHAR_WIDTH * longest)
    plot_w, plot_h = WIDTH - LEFT - right, HEIGHT - TOP - BOTTOM
    top_value, step = nice_top(max((v for s in chart.series for v in s.values), default=0))
    count = len(chart.x_labels)

    def x_at(i: int) -> float:
        return LEFT + (plot_w / 2 if count == 1 else plot_w * i / (count - 1))

    def y_at(v: float) -> float:
        return TOP + plot_h * (1 - v / top_value)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cp-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="{p}-title {p}-desc" '
        f'font-size="{FONT}" font-family="inherit">',
        f'<title id="{p}-title">{escape(chart.title)}</title>',
        f'<desc id="{p}-desc">{escape(chart.description)}</desc>',
    ]
    for tick in range(0, top_value + 1, step):
        y = y_at(tick)
        out.append(
            f'<line x1="{LEFT}" y1="{_f(y)}" x2="{_f(LEFT + plot_w)}" y2="{_f(y)}" '
            f'stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{_f(y + 5)}" text-anchor="end" fill="#0b0c0c">{tick}</text>'
        )
    out.append(
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{_f(TOP + plot_h)}" stroke="#0b0c0c"/>'
        f'<line x1="{LEFT}" y1="{_f(TOP + plot_h)}" x2="{_f(LEFT + plot_w)}" '
        f'y2="{_f(TOP + plot_h)}" stroke="#0b0c0c"/>'
    )
    # Leave out every other x label (or more) when they would run into each other.
    need = 7.5 * max(len(label) for label in chart.x_labels) + 12
    every = max(1, math.ceil(count * need / plot_w))
    shown = set(range(count - 1, -1, -every))  # counted back from the latest, always shown
    for i, label in enumerate(chart.x_labels):
        if i in shown:
            out.append(
                f'<text x="{_f(x_at(i))}" y="{_f(TOP + plot_h + 20)}" text-anchor="middle" '
                f'fill="#0b0c0c">{escape(label)}</text>'
            )
    out.append(
        f'<text x="{_f(LEFT + plot_w / 2)}" y="{HEIGHT - 12}" text-anchor="middle" '
        f'font-weight="bold" fill="#0b0c0c">{escape(chart.x_title)}</text>'
        f'<text transform="translate(18 {_f(TOP + plot_h / 2)}) rotate(-90)" '
        f'text-anchor="middle" font-weight="bold" fill="#0b0c0c">{escape(chart.y_title)}</text>'
    )
    ends = [y_at(s.values[-1]) + 5 for s in chart.series if s.values]
    label_ys = _spread(ends, TOP + 5, TOP + plot_h + 5)
    for index, (series, label_y) in enumerate(zip(chart.series, label_ys, strict=False)):
        out.append(_series(chart, series, index, x_at, y_at, label_y))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def _series(
    chart: LineChart,
    series: Series,
    index: int,
    x_at: Callable[[int], float],
    y_at: Callable[[float], float],
    label_y: float,
) -> str:
    colour, dashes, shape = chart.styles[index]
    width, size = WEIGHTS[index]
    points = [(x_at(i), y_at(v)) for i, v in enumerate(series.values)]
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    path = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
    parts = [f'<g class="cp-chart__series" data-series="{index}">']
    if len(points) > 1:
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" '
            f'stroke-width="{_f(width)}"{dash}/>'
        )
    parts += [_marker(shape, x, y, colour, size) for x, y in points]
    last_x = points[-1][0]
    parts.append(
        f'<text x="{_f(last_x + 12)}" y="{_f(label_y)}" fill="{colour}" '
        f'font-weight="bold">{escape(series.label)}</text></g>'
    )
    return "".join(parts)


def line_chart(
    *,
    title: str,
    description: str,
    x_title: str,
    y_title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    id_prefix: str = "chart",
) -> LineChart:
    """A chart of a few series over the same points (at most four series)."""
    return LineChart(
        title=title,
        description=description,
        x_title=x_title,
        y_title=y_title,
        x_labels=tuple(x_labels),
        series=tuple(series),
        id_prefix=id_prefix,
    )


def _share(part: int, whole: int) -> str:
    if not whole:
        return _("none")
    return _("%(part)s of %(whole)s (%(percent)s%%)") % {
        "part": part,
        "whole": whole,
        "percent": round(100 * part / whole),
    }


def network_over_time(points: Sequence[tuple[str, Measures]], *, id_prefix: str) -> LineChart:
    """How big the person's network was at each snapshot, how much of it was outside services
    and how much of it felt supportive."""
    first, last = points[0][1], points[-1][1]
    description = _(
        "From %(first)s to %(last)s: %(size_then)s to %(size_now)s connections, "
        "%(outside_then)s to %(outside_now)s outside services, "
        "%(supportive_then)s to %(supportive_now)s supportive."
    ) % {
        "first": points[0][0],
        "last": points[-1][0],
        "size_then": first.size,
        "size_now": last.size,
        "outside_then": first.outside_services,
        "outside_now": last.outside_services,
        "supportive_then": first.supportive,
        "supportive_now": last.supportive,
    }
    if len(points) == 1:
        description = ngettext(
            "One snapshot, on %(date)s: %(size)s connection, %(outside)s outside services, "
            "%(supportive)s supportive.",
            "One snapshot, on %(date)s: %(size)s connections, %(outside)s outside services, "
            "%(supportive)s supportive.",
            first.size,
        ) % {
            "date": points[0][0],
            "size": first.size,
            "outside": first.outside_services,
            "supportive": first.supportive,
        }
    measures = [m for _label, m in points]
    return line_chart(
        title=_("The network over time"),
        description=description,
        x_title=_("Snapshot"),
        y_title=_("Connections"),
        x_labels=[label for label, _m in points],
        series=[
            Series(_("All connections"), tuple(m.size for m in measures)),
            Series(
                _("Outside services"),
                tuple(m.outside_services for m in measures),
                tuple(_share(m.outside_services, m.size) for m in measures),
            ),
            Series(_("Supportive"), tuple(m.supportive for m in measures)),
        ],
        id_prefix=id_prefix,
    )


def team_over_time(
    months: Sequence[str], people: Sequence[int], connections: Sequence[int]
) -> LineChart:
    """Month by month: how many people made a new connection outside services, and how many
    such connections there were. Counts only, never who."""
    return line_chart(
        title=_("New connections outside services, month by month"),
        description=_(
            "Over the %(count)s months from %(first)s to %(last)s, people made %(connections)s "
            "new connections outside services. The most people in one month was %(people)s."
        )
        % {
            "count": len(months),
            "first": months[0],
            "last": months[-1],
            "connections": sum(connections),
            "people": max(people, default=0),
        },
        x_title=_("Month"),
        y_title=_("Count"),
        x_labels=months,
        series=[
            Series(_("New connections"), tuple(connections)),
            Series(_("People"), tuple(people)),
        ],
        id_prefix="team-chart",
    )
