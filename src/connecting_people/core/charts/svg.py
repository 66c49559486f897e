"""The pieces every chart is drawn from: the SVG envelope, numbers, scales, axes, lines, markers.

Nothing here knows what a chart is about. Every coordinate is written with one decimal place, so
the same input gives the same bytes every time, and every word is escaped before it goes in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
# One type scale for every chart and the map, in px at the size they are drawn for: small (axis
# labels, ring names, most chart words), body (map labels on the map's own page) and large.
TYPE_SCALE = {"small": 14, "body": 16, "large": 19}
FONT = TYPE_SCALE["small"]
# The product's own font (assets/scss/app.scss, $govuk-font-family), given inside the SVG too, so
# its words never fall back to the browser's default serif (a presentation attribute, which the
# Content Security Policy allows, where an inline style would not be).
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
INK = "#0b0c0c"
GRID = "#b1b4b6"

# (colour, dash pattern, marker): each at least 4.5:1 against white. A series differs from the
# others in all three, never by colour alone.
STYLES = (
    ("#00665e", "", "circle"),
    ("#1d70b8", "8 5", "square"),
    ("#912b88", "2 4", "triangle"),
    ("#505a5f", "10 4 2 4", "diamond"),
)
# Each later line is drawn thinner, with a smaller marker, over the ones before: when two
# series have the same values (everyone on the map feels supportive), both stay visible.
WEIGHTS = ((6.0, 8.0), (3.5, 6.0), (2.5, 4.5), (2.0, 3.5))  # (line width, marker size)

Point = tuple[float, float]


def coord(value: float) -> str:
    """A coordinate with one decimal place, so the output is byte-for-byte repeatable."""
    return f"{value:.1f}"


def number(value: float) -> str:
    """A value as people read it: 4, not 4.0; 2.5 to one decimal place."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def opening(*, id_prefix: str, title: str, description: str, height: int) -> list[str]:
    """The start of a chart: an `img` for screen readers, named by its title and description."""
    p = id_prefix
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cp-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{p}-title {p}-desc" '
        f'font-size="{FONT}" font-family="{FONT_FAMILY}">',
        f'<title id="{p}-title">{escape(title)}</title>',
        f'<desc id="{p}-desc">{escape(description)}</desc>',
    ]


def closing(parts: list[str]) -> SafeString:
    """The chart's pieces joined and closed, as markup a template can show."""
    return mark_safe("".join([*parts, "</svg>"]))  # noqa: S308 - every text in the parts is escaped


def nice_top(largest: float) -> tuple[int, int]:
    """A round top for an axis from zero at or above `largest`, and the step between its ticks."""
    if largest <= 0:
        return 1, 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if math.ceil(largest / step) <= 6:
            return math.ceil(largest / step) * step, step
    step = 10 ** math.ceil(math.log10(largest / 6))
    return math.ceil(largest / step) * step, step


def ticks(low: float, high: float) -> list[float]:
    """Round values from `low` to `high` for a fixed scale, ten steps at most."""
    span = high - low
    step = 1.0
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100):
        step = float(candidate)
        if span / candidate <= 10:
            break
    found = []
    value = math.ceil(low / step) * step
    while value <= high + 1e-9:
        found.append(value)
        value += step
    return found


def axes(left: int, top: int, plot_w: float, plot_h: float) -> str:
    """The y axis up the left of the plot and the x axis along its foot."""
    return (
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{coord(top + plot_h)}" stroke="{INK}"/>'
        f'<line x1="{left}" y1="{coord(top + plot_h)}" x2="{coord(left + plot_w)}" '
        f'y2="{coord(top + plot_h)}" stroke="{INK}"/>'
    )


def axis_title(x: float, y: int, text: str) -> str:
    """A bold title centred on x, such as the one under the x axis."""
    return (
        f'<text x="{coord(x)}" y="{y}" text-anchor="middle" font-weight="bold" '
        f'fill="{INK}">{escape(text)}</text>'
    )


def x_labels(labels: Sequence[str], xs: Sequence[float], y: float, plot_w: float) -> list[str]:
    """The labels under the x axis at xs, leaving out every other one (or more) when they would
    run into each other; counted back from the last, which is always shown."""
    need = 7.5 * max(len(label) for label in labels) + 12
    every = max(1, math.ceil(len(labels) * need / plot_w))
    shown = set(range(len(labels) - 1, -1, -every))
    return [
        f'<text x="{coord(x)}" y="{coord(y)}" text-anchor="middle" fill="{INK}">'
        f"{escape(label)}</text>"
        for i, (label, x) in enumerate(zip(labels, xs, strict=True))
        if i in shown
    ]


def marker(shape: str, x: float, y: float, colour: str, r: float) -> str:
    """A filled marker of about radius r (the diamond is hollow, to differ from the square)."""
    if shape == "circle":
        return f'<circle cx="{coord(x)}" cy="{coord(y)}" r="{coord(r)}" fill="{colour}"/>'
    if shape == "square":
        side = r * 1.7
        return (
            f'<rect x="{coord(x - side / 2)}" y="{coord(y - side / 2)}" width="{coord(side)}" '
            f'height="{coord(side)}" fill="{colour}"/>'
        )
    if shape == "triangle":
        points = (
            f"{coord(x)},{coord(y - r)} {coord(x + r)},{coord(y + r * 0.8)} "
            f"{coord(x - r)},{coord(y + r * 0.8)}"
        )
        return f'<polygon points="{points}" fill="{colour}"/>'
    points = (
        f"{coord(x)},{coord(y - r)} {coord(x + r)},{coord(y)} {coord(x)},{coord(y + r)} "
        f"{coord(x - r)},{coord(y)}"
    )
    return f'<polygon points="{points}" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'


def trace(points: Sequence[Point], style: tuple[str, str, str], weight: tuple[float, float]) -> str:
    """One series: a line through the points in its colour and dash pattern (none for a single
    point), and its marker at each point."""
    colour, dashes, shape = style
    width, size = weight
    parts = []
    if len(points) > 1:
        dash = f' stroke-dasharray="{dashes}"' if dashes else ""
        path = " ".join(f"{coord(x)},{coord(y)}" for x, y in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" '
            f'stroke-width="{coord(width)}"{dash}/>'
        )
    parts += [marker(shape, x, y, colour, size) for x, y in points]
    return "".join(parts)
