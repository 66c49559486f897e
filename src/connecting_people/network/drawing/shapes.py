"""The shapes that mark each kind of connection, as SVG, and number formatting for SVG."""

import math
from collections.abc import Iterable


def _n(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _points(pts: Iterable[tuple[float, float]], x: float, y: float, r: float) -> str:
    return "M" + " L".join(f"{_n(x + px * r)} {_n(y + py * r)}" for px, py in pts) + " Z"


def _polygon(corners: int, radius: float, start: float) -> list[tuple[float, float]]:
    return [
        (radius * math.cos(start + k * 2 * math.pi / corners),
         radius * math.sin(start + k * 2 * math.pi / corners))
        for k in range(corners)
    ]  # fmt: skip


_STAR = [
    ((1.3 if k % 2 == 0 else 0.55) * math.cos(-math.pi / 2 + k * math.pi / 5),
     (1.3 if k % 2 == 0 else 0.55) * math.sin(-math.pi / 2 + k * math.pi / 5))
    for k in range(10)
]  # fmt: skip
_HALF_HEART = [(0, 1.15), (-0.45, 0.8), (-1.25, 0.3), (-1.25, -0.3), (-1.25, -0.95), (-0.5, -1.2)]
# A start point and four curves (three points each): down the left half, then its mirror image.
_HEART = [*_HALF_HEART, (0, -0.6), *((-px, py) for px, py in reversed(_HALF_HEART))]
_OUTLINES = {
    "house": [(0, -1.2), (1.05, -0.25), (1.05, 1.0), (-1.05, 1.0), (-1.05, -0.25)],
    "star": _STAR,
    "square": [(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)],
    "diamond": [(0, -1.25), (1.25, 0), (0, 1.25), (-1.25, 0)],
    "triangle": [(0, -1.2), (1.2, 0.9), (-1.2, 0.9)],
    "triangle-down": [(0, 1.2), (1.2, -0.9), (-1.2, -0.9)],
    "hexagon": _polygon(6, 1.1, math.pi / 6),
    "cross": [
        (-0.38, -1.15), (0.38, -1.15), (0.38, -0.38), (1.15, -0.38), (1.15, 0.38), (0.38, 0.38),
        (0.38, 1.15), (-0.38, 1.15), (-0.38, 0.38), (-1.15, 0.38), (-1.15, -0.38), (-0.38, -0.38),
    ],
}  # fmt: skip


def shape_svg(shape: str, x: float, y: float, r: float, paint: str) -> str:
    """One shape centred on (x, y), about `r` in radius, with `paint` as its attributes."""
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" {paint}/>'
    if shape == "screen":
        w, h = 1.3 * r, 0.85 * r
        return (f'<rect x="{_n(x - w)}" y="{_n(y - h)}" width="{_n(2 * w)}" height="{_n(2 * h)}"'
                f' rx="{_n(0.35 * r)}" {paint}/>')  # fmt: skip
    if shape == "dome":
        base, top = y + 0.65 * r, 1.25 * r
        return (f'<path d="M{_n(x - top)} {_n(base)} A{_n(top)} {_n(top)} 0 0 1 {_n(x + top)}'
                f' {_n(base)} Z" {paint}/>')  # fmt: skip
    if shape == "heart":
        pairs = iter(f"{_n(x + px * r)} {_n(y + py * r)}" for px, py in _HEART)
        d = (
            "M"
            + next(pairs)
            + "".join(f" C{next(pairs)} {next(pairs)} {next(pairs)}" for _curve in range(4))
        )
        return f'<path d="{d} Z" {paint}/>'
    return f'<path d="{_points(_OUTLINES[shape], x, y, r)}" {paint}/>'
