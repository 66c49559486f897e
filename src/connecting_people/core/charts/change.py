"""Changes with their uncertainty: for each row, a dot at the mean change and whiskers out to
the ends of its confidence interval, either side of a line at no change.

Each row keeps one of the line chart's styles (colour and marker shape, never colour alone); a
row with nothing to draw says why in words instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString

from connecting_people.core.charts.svg import (
    GRID,
    INK,
    STYLES,
    WIDTH,
    axis_title,
    closing,
    coord,
    marker,
    number,
    opening,
)

DASHED_GRID = f'stroke="{GRID}" stroke-width="1" stroke-dasharray="3 4"'
# A white outline drawn under the letters, so the gridlines and the zero line that a long label
# crosses do not run through its words.
HALO = ' stroke="#ffffff" stroke-width="5" stroke-linejoin="round" paint-order="stroke"'


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

    def x_at(v: float) -> float:
        return left + plot_w * (v + reach) / (2 * reach)

    out = opening(
        id_prefix=chart.id_prefix, title=chart.title, description=chart.description, height=height
    )
    axis_y = top + row_h * len(chart.rows)
    for tick in (-reach, -reach / 2, 0.0, reach / 2, reach):
        x = x_at(tick)
        text = ("+" if tick > 0 else "") + number(tick).replace("-", "\u2212")
        stroke = f'stroke="{INK}" stroke-width="2"' if tick == 0 else DASHED_GRID
        out.append(
            f'<line x1="{coord(x)}" y1="{top}" x2="{coord(x)}" y2="{coord(axis_y)}" {stroke}/>'
            f'<text x="{coord(x)}" y="{coord(axis_y + 20)}" text-anchor="middle" fill="{INK}">'
            f"{escape(text)}</text>"
        )
    out.append(axis_title(left + plot_w / 2, height - 8, chart.x_title))
    for n, row in enumerate(chart.rows):
        out.append(_change_row(row, n, top + row_h * n, x_at, left))
    return closing(out)


def _change_row(
    row: ChangeRow, n: int, y0: float, x_at: Callable[[float], float], left: float
) -> str:
    colour, _dashes, shape = STYLES[n % len(STYLES)]
    parts = [
        f'<g class="cp-chart__series"><text x="{left}" y="{coord(y0 + 18)}" font-weight="bold" '
        f'fill="{INK}"{HALO}>{escape(row.label)}</text>'
    ]
    y = y0 + 38
    if row.mean is None:
        parts.append(
            f'<text x="{left}" y="{coord(y + 5)}" fill="{INK}"{HALO}>{escape(row.note)}</text>'
        )
    else:
        if row.low is not None and row.high is not None:
            x1, x2 = x_at(row.low), x_at(row.high)
            parts.append(
                f'<line x1="{coord(x1)}" y1="{coord(y)}" x2="{coord(x2)}" y2="{coord(y)}" '
                f'stroke="{colour}" stroke-width="3"/>'
                f'<line x1="{coord(x1)}" y1="{coord(y - 8)}" x2="{coord(x1)}" '
                f'y2="{coord(y + 8)}" stroke="{colour}" stroke-width="3"/>'
                f'<line x1="{coord(x2)}" y1="{coord(y - 8)}" x2="{coord(x2)}" '
                f'y2="{coord(y + 8)}" stroke="{colour}" stroke-width="3"/>'
            )
        parts.append(marker(shape, x_at(row.mean), y, colour, 7))
    parts.append("</g>")
    return "".join(parts)
