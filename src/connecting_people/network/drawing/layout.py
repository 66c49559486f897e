"""Where everything goes: rings, node sizes and angles, then the labels and the centre name."""

import math
from bisect import bisect_left
from collections.abc import Sequence

from django.utils.translation import get_language

from connecting_people.network.drawing.labels import _Grid, _label
from connecting_people.network.drawing.model import (
    CENTRE_R,
    EDGE,
    ELLIPSIS,
    FEELS_STYLES,
    KIND_ORDER,
    KIND_STYLES,
    LABEL_ARC,
    LABEL_FONT,
    LEVELS,
    MAX_OUTER,
    NODE_SIZES,
    RING_FONT,
    RING_ORDER,
    RING_R,
    Box,
    MapLayout,
    MapNode,
    PlacedNode,
    _words,
    clean_label,
    shorten,
    text_width,
)


def _sort_key(node: MapNode) -> tuple:
    return (RING_ORDER.index(node.ring), KIND_ORDER.index(node.kind), node.key, node.label,
            node.feels, node.inside_services, node.is_new, node.is_ended)  # fmt: skip


def _check(nodes: Sequence[MapNode]) -> None:
    for n in nodes:
        if n.kind not in KIND_STYLES or n.ring not in RING_ORDER or n.feels not in FEELS_STYLES:
            raise ValueError(f"unknown kind, ring or feels on map node {n.key!r}")


def _extent(node: MapNode, size: float) -> float:
    return size * 1.3 + 1 + (3.75 if node.inside_services else 0.0) + (3.5 if node.is_new else 0.0)


def _centre_radius(s: float) -> float:
    """The person's circle: it shrinks with the drawing, but keeps room for a short name."""
    return max(CENTRE_R * s, 30.0)


def _corridor(chip_half: float, reach: float, radius: float) -> float:
    """Half the angle kept clear at the top of a ring for the ring's name."""
    return math.asin(min(1.0, (chip_half + reach + 3) / radius))


def _slots(nodes: list[MapNode], size: float, roomy: bool, font: float) -> list[float]:
    """Room along the ring for each node: its own width and a little air, or room for a label."""
    arc = LABEL_ARC * font / LABEL_FONT if roomy else 0.0
    return [max(2 * _extent(n, size) + 2.5, arc) for n in nodes]


def _radii(rings: list[list[MapNode]], s: float, chip_half: float, node_sizes, font: float):
    """Ring radii and node size: the usual ones unless a ring is too crowded for them, when the
    rings move out (up to a limit) and then the nodes shrink."""
    for size in node_sizes:
        for roomy in (True, False):
            radii, prev = [], _centre_radius(s)
            for default, members in zip(RING_R, rings, strict=True):
                r = max(default * s, prev + (60 if members else 30) * s)
                if members:
                    total = sum(_slots(members, size, roomy, font))
                    reach = max(_extent(n, size) for n in members)
                    while r * (2 * math.pi - 2 * _corridor(chip_half, reach, r)) < total:
                        r += 2 * s
                radii.append(r)
                prev = r
            if radii[-1] <= MAX_OUTER * s:
                return tuple(radii), size, roomy
    return tuple(radii), size, roomy


def _spread(slots: list[float], radius: float, reach: float, chip_half: float, shift: float):
    """Angles for the nodes, clockwise from the top, each in the middle of its share of the ring."""
    half_gap = _corridor(chip_half, reach, radius)
    scale = (2 * math.pi - 2 * half_gap) / sum(slots)
    start, angles, done = math.pi / 2 - half_gap - shift * min(slots) * 0.45 * scale, [], 0.0
    for slot in slots:
        angles.append(start - (done + slot / 2) * scale)
        done += slot
    return angles


def _clash(angles: list[float], inner: list[tuple[float, float, float]]) -> float:
    """How near the lines to these angles pass the nodes on the inner rings (up to 6 units: any
    further is far enough). `inner` holds (angle, radius, extent), sorted by angle in [0, 2pi)."""
    worst, keys = 6.0, [a for a, _, _ in inner]
    for a in angles:
        a %= 2 * math.pi
        at = bisect_left(keys, a)
        for step in (1, -1):  # look each way round the ring until the nodes are well clear
            k = at if step == 1 else at - 1
            for _look in range(len(inner)):
                angle, radius, extent = inner[k % len(inner)]
                turn = abs((a - angle + math.pi) % (2 * math.pi) - math.pi)
                if turn > 0.5:
                    break
                worst = min(worst, radius * math.sin(turn) - extent)
                k += step
    return worst


def _place_nodes(
    rings: list[list[MapNode]], radii, size: float, roomy: bool, c: float, chip_half: float,
    font: float,
):  # fmt: skip
    placed: list[PlacedNode] = []
    inner: list[tuple[float, float, float]] = []
    for members, radius in zip(rings, radii, strict=True):
        if not members:
            continue
        reach = max(_extent(n, size) for n in members)
        slots = _slots(members, size, roomy, font)
        best = max(  # turn the ring a little so lines to it miss the nodes on the inner rings
            (0.0, 1.0, -1.0, 0.5, -0.5),
            key=lambda f: _clash(_spread(slots, radius, reach, chip_half, f), inner),
        )
        here = []
        for node, a in zip(members, _spread(slots, radius, reach, chip_half, best), strict=True):
            x, y = c + radius * math.cos(a), c - radius * math.sin(a)
            here.append(PlacedNode(node, x, y, a, size, _extent(node, size)))
        placed += here
        inner = sorted(inner + [(p.angle % (2 * math.pi), radius, p.extent) for p in here])
    return placed


def layout_map(
    nodes: Sequence[MapNode],
    *,
    size: int = 640,
    centre_label: str = "",
    label_font: float = LABEL_FONT,
    flag_words: bool = True,
) -> MapLayout:
    """Where everything goes. The same nodes, in any order, always give the same layout.

    Each label shows the whole name, on one line or two, where there is room, and keeps clear of
    the lines from the person to each node: those lines are obstacles, like the nodes. When a
    name would be cut short, it tries again with smaller nodes (which leaves more room for words),
    then lets labels sit over the lines (their white halo keeps them readable), and takes the
    layout that cuts fewest names short. When a label finds no room at all, it tries, for a
    drawing smaller than the usual 640, a larger canvas (the drawing still fits its box on the
    page; its words come out smaller). Without `flag_words` (the map on a phone), a new
    connection is marked by its thick ring alone, not the word "new" too.
    No test or trial of up to 60 connections has needed more than that; if one ever did, a label
    with no room would show only in its node's title."""
    _check(nodes)
    ordered = sorted(nodes, key=_sort_key)
    rings = [[n for n in ordered if n.ring == r] for r in RING_ORDER]
    larger = (round(size * f) for f in (1.25, 1.5) if size * f < 640)
    canvases = sorted({size, max(size, 640), *larger})
    for canvas in canvases:
        # Every label placed: the fewest names cut short wins, then labels clear of the lines.
        placed: list[tuple[int, bool, int, MapLayout]] = []
        for keep_clear in (True, False) if len(nodes) <= CLEAR_UP_TO else (False,):
            for smallest in (0, 2, 4):
                layout = _layout(
                    rings, canvas, centre_label, NODE_SIZES[smallest:], label_font, keep_clear,
                    flag_words,
                )  # fmt: skip
                if all(p.box is not None for p in layout.nodes):
                    placed.append((_cut_short(layout), not keep_clear, smallest, layout))
                    if not placed[-1][0]:
                        break
            if placed and not min(placed, key=lambda found: found[:3])[0]:
                break
        if placed:
            return min(placed, key=lambda found: found[:3])[3]
    return layout


# Keeping labels clear of the lines takes a few more tries at the layout: on the busiest maps
# (whose lines are drawn lighter) the labels' white halo is enough, and the page stays quick.
CLEAR_UP_TO = 30


def _cut_short(layout: MapLayout) -> int:
    """How many labels end in an ellipsis, not showing the whole name."""
    return sum(p.text.endswith(ELLIPSIS) and p.text != p.name for p in layout.nodes)


def spoke(p: PlacedNode, c: float, r0: float) -> tuple[float, float, float, float]:
    """The line from the edge of the person's circle to just short of the node's shape."""
    ux, uy = math.cos(p.angle), -math.sin(p.angle)
    dist = math.hypot(p.x - c, p.y - c) - p.size * 1.1
    return (c + ux * r0, c + uy * r0, c + ux * dist, c + uy * dist)


def _along(line: tuple[float, float, float, float], half: float = 2.5) -> list[Box]:
    """Small squares along a line, so close together (no more than `half` apart on either side of
    each point) that any box the line passes through meets one of them."""
    x1, y1, x2, y2 = line
    steps = max(1, math.ceil(math.hypot(x2 - x1, y2 - y1) / half))
    points = ((x1 + (x2 - x1) * k / steps, y1 + (y2 - y1) * k / steps) for k in range(steps + 1))
    return [(x - half, y - half, x + half, y + half) for x, y in points]


def _layout(
    rings: list[list[MapNode]],
    size: int,
    centre_label: str,
    node_sizes,
    font: float = LABEL_FONT,
    keep_clear: bool = False,
    flag_words: bool = True,
) -> MapLayout:
    words = _words(get_language())
    s, c = size / 640, size / 2
    chip_w = max(text_width(words[r], RING_FONT, bold=True) for r in RING_ORDER) + 14
    radii, node_size, roomy = _radii(rings, s, chip_w / 2, node_sizes, font)
    placed = _place_nodes(rings, radii, node_size, roomy, c, chip_w / 2, font)
    layout = MapLayout(size, c, radii, placed, label_font=font, lines_kept_clear=keep_clear)
    r0 = _centre_radius(s)
    layout.fixed.append((c - r0, c - r0, c + r0, c + r0))
    for ring, radius in zip(RING_ORDER, radii, strict=True):
        box = (c - chip_w / 2, c - radius - 10, c + chip_w / 2, c - radius + 10)
        layout.chips.append((words[ring], box))
        layout.fixed.append(box)
    _fit_centre(layout, clean_label(centre_label) if centre_label.strip() else "", r0)
    grid = _Grid(56.0, size - EDGE)
    for box in layout.fixed:
        grid.add(box, label=False)
    for i, p in enumerate(layout.nodes):
        if not p.node.is_ended:  # an ended connection has no line
            layout.spokes[i] = spoke(p, c, r0)
            for box in _along(layout.spokes[i]) if keep_clear else ():
                grid.add(box, label=False)
    for i, p in enumerate(layout.nodes):
        grid.add(p.node_box, i, label=False)
        p.name, p.limit, p.font = clean_label(p.node.label), size - EDGE, font
        p.texts = {chars: shorten(p.name, chars) for chars in LEVELS}
        p.flag = words["ended"] if p.node.is_ended else words["new"] if p.node.is_new else ""
        p.flag = p.flag if flag_words else ""
        p.flag_width = text_width(" " + p.flag, font, bold=True) if p.flag else 0.0
    _label(layout.nodes, grid)
    return layout


def _fit_centre(layout: MapLayout, name: str, radius: float) -> None:
    room = 2 * radius - 12
    for font in (16.0, 15.0, 14.0, 13.0, 12.0):
        if text_width(name, font, bold=True) <= room:
            layout.centre_text, layout.centre_font = name, font
            return
    chars = len(name)
    while chars > 1 and text_width(shorten(name, chars), 12.0, bold=True) > room:
        chars -= 1
    layout.centre_text, layout.centre_font = shorten(name, chars), 12.0
