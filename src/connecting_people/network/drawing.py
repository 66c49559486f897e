"""The network map, drawn on the server as an inline SVG: no database, no JavaScript.

The person sits in the centre with three rings round them: close, middle and outer. Each
connection sits on its ring. Its kind shows as a shape, a colour and words (the legend, and each
node's title); how it feels shows as the style of the line to it (solid, dashed, dotted); a double
outline marks a connection inside health and social care services; a thick ring and the word "new"
mark a new one. Shapes and line styles carry the meaning, so it prints in black and white.

The layout is deterministic (the same connections in any order give the same bytes):

1. Nodes are sorted by ring, kind and key, and spread round their ring, each with room for its
   marks (and for a label, when the rings have it to give), leaving the top of each ring clear for
   the ring's name. A crowded ring moves out, and on the busiest maps the nodes shrink.
2. Each ring is turned a little so that the lines to it miss the nodes on the rings inside it.
3. Labels are placed with a collision check: each label's box (from a generous estimate of its
   width) must keep clear of every other label, every node, the centre and the ring names. A label
   goes in the first free place from a short list: outside its node, inside, beside it, then a
   line or more further away, joined to its node by a fine line. All labels get the longest common
   length at which they all fit (found by halving); then the shortened ones grow together, a step
   at a time, while there is room. A shortened label ends in an ellipsis, and the node's title
   always holds the full name, for hover and for anyone reading the markup.
4. A label that still finds no room moves a few neighbours aside; failing that, the layout is
   tried again with smaller nodes. Labels never overlap: the check makes sure of it.
"""

import math
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from connecting_people.network.vocab import Feels, Kind, Ring

# Colours: each kind's colour is at least 4.4:1 against white and against the palest band tint,
# so white-on-colour and colour-on-white both pass WCAG 1.4.11 (3:1) with room to spare.
TEXT, MUTED, TRACK, BRAND, WHITE = "#0b0c0c", "#505a5f", "#6f777b", "#00665e", "#ffffff"
BANDS = ("#e6f0ef", "#eef5f4", "#f7faf9")  # close, middle and outer bands, from the centre out


@dataclass(frozen=True)
class KindStyle:
    shape: str
    colour: str


KIND_STYLES: dict[str, KindStyle] = {
    Kind.FAMILY.value: KindStyle("house", "#a8430a"),
    Kind.PARTNER.value: KindStyle("heart", "#b0164a"),
    Kind.FRIEND.value: KindStyle("star", "#1d70b8"),
    Kind.NEIGHBOUR.value: KindStyle("square", "#4d6b00"),
    Kind.COLLEAGUE.value: KindStyle("diamond", "#4c2c92"),
    Kind.PEER.value: KindStyle("triangle", "#8a5300"),
    Kind.WORKER.value: KindStyle("cross", "#505a5f"),
    Kind.GROUP.value: KindStyle("hexagon", "#00703c"),
    Kind.FAITH.value: KindStyle("dome", "#912b88"),
    Kind.ONLINE.value: KindStyle("screen", "#003078"),
    Kind.PET.value: KindStyle("triangle-down", "#6b4a2b"),
    Kind.OTHER.value: KindStyle("circle", "#0b0c0c"),
}
# How it feels: (stroke width, dash pattern, line cap). Supportive is the boldest line.
FEELS_STYLES: dict[str, tuple[float, str, str]] = {
    Feels.SUPPORTIVE.value: (3.5, "", "butt"),
    Feels.MIXED.value: (2.25, "9 5", "butt"),
    Feels.DIFFICULT.value: (2.75, "0.1 6", "round"),
}
RING_ORDER = [r.value for r in Ring]
KIND_ORDER = [k.value for k in Kind]

# Geometry, in units of a 640-wide drawing (scaled by size / 640). Text is not scaled: labels are
# 13 units high whatever the size, so at the usual size they show at 13px.
CENTRE_R, RING_R, MAX_OUTER = 42.0, (108.0, 172.0, 236.0), 250.0
LABEL_FONT, LABEL_HEIGHT, RING_FONT, GAP, EDGE = 13.0, 16.25, 12.0, 2.0, 3.0
NODE_SIZES = (10.0, 9.0, 8.0, 7.0, 6.5, 6.0, 5.5)  # tried in turn until the rings fit
LABEL_ARC = 30.0  # room along a ring that one label likes to have, when the rings can give it
LEVELS = (18, 14, 11, 9, 7, 5, 4, 3, 2, 1)  # characters kept before an ellipsis, tried in turn
ELLIPSIS = "…"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

Box = tuple[float, float, float, float]  # left, top, right, bottom
# A place for a label: its anchor point, how far the box grows back from it (0 to 1 of its width
# and height), the text-anchor, and the fine line back to the node when it is not beside it.
Spot = tuple[float, float, float, float, str, tuple[float, float, float, float] | None]


@dataclass(frozen=True)
class MapNode:
    key: str  # stable id
    label: str  # the name the person chose; user input, escaped when drawn
    kind: str  # vocab.Kind value
    ring: str  # vocab.Ring value
    feels: str  # vocab.Feels value
    inside_services: bool
    is_new: bool = False  # highlighted: new since the snapshot it is compared with
    is_ended: bool = False  # drawn hollow and dashed, with no line (then-and-now only)


@dataclass
class PlacedNode:
    """A node where the layout put it, and its label (text is "" when nothing fitted)."""

    node: MapNode
    x: float
    y: float
    angle: float
    size: float  # the shape's radius
    extent: float  # half the side of the square that holds the shape and its marks
    name: str = ""  # the label, cleaned
    text: str = ""  # the label as shown: the name, or the start of it and an ellipsis
    flag: str = ""  # "new" or "ended", in bold after the label
    flag_width: float = 0.0
    show_flag: bool = True  # only the most crowded maps leave the word out (the marks stay)
    box: Box | None = None
    anchor: str = "middle"
    leader: tuple[float, float, float, float] | None = None
    spots: list[Spot] = field(default_factory=list)
    far_spots: list[Spot] = field(default_factory=list)
    limit: float = 637.0  # the furthest right or down a label may reach
    texts: dict[int, str] = field(default_factory=dict)  # the label cut to each length in LEVELS

    @property
    def node_box(self) -> Box:
        e = self.extent
        return (self.x - e, self.y - e, self.x + e, self.y + e)


@dataclass
class MapLayout:
    size: int
    centre: float
    radii: tuple[float, ...]
    nodes: list[PlacedNode]
    fixed: list[Box] = field(default_factory=list)  # the centre and the ring names
    chips: list[tuple[str, Box]] = field(default_factory=list)
    centre_text: str = ""
    centre_font: float = 16.0


@lru_cache(maxsize=2048)
def _char_width(ch: str) -> float:
    """Roughly how wide a character is, in ems: on the wide side of DejaVu Sans, one of the widest
    of the fonts a system-ui stack may find, so the real text is never wider than its box."""
    if unicodedata.east_asian_width(ch) in "WF" or ch in "…—":
        return 1.05
    if ch in "iljI.,:;'|!`":
        return 0.36
    if ch in ' ftr()[]{}"-/':
        return 0.46
    if ch in "mwMW@%":
        return 1.02
    if ch.isupper() or ch.isdigit():
        return 0.82 if ch in "OQGCDHNU" else 0.77
    return 0.66


def text_width(text: str, font_size: float, *, bold: bool = False) -> float:
    """A generous estimate of how wide `text` is, so boxes built from it are never too small."""
    return sum(map(_char_width, text)) * font_size * (1.1 if bold else 1.0)


def boxes_overlap(a: Box, b: Box, gap: float = 0.0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def overlapping_labels(layout: MapLayout) -> list[tuple[str, str]]:
    """Every pair of labels whose boxes meet, checked pair by pair: always empty. The layout
    keeps to it as it goes; this is the plain check for tests and benchmarks."""
    placed = [(p.text, p.box) for p in layout.nodes if p.box is not None]
    return [
        (a, b) for i, (a, box_a) in enumerate(placed) for b, box_b in placed[i + 1 :]
        if boxes_overlap(box_a, box_b)
    ]  # fmt: skip


class _Grid:
    """Boxes bucketed by cell, so checking a box against the drawing costs a handful of tests.
    Each box has an owner (a node's index, or -1 for the fixed pieces) and says if it is a label."""

    def __init__(self, cell: float, limit: float) -> None:
        self.cell, self.limit = cell, limit
        self.cells: dict[tuple[int, int], list[tuple[int, Box, bool]]] = {}

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        c = self.cell
        rows = range(int(box[1] // c), int(box[3] // c) + 1)
        return [(i, j) for i in range(int(box[0] // c), int(box[2] // c) + 1) for j in rows]

    def add(self, box: Box, owner: int = -1, label: bool = True) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append((owner, box, label))

    def remove(self, box: Box, owner: int) -> None:
        for key in self._keys(box):
            self.cells[key].remove((owner, box, True))

    def in_the_way(self, box: Box, owner: int) -> set[tuple[int, bool]]:
        """The owners of the boxes that come within GAP of `box`, other than `owner`'s own."""
        left, top, right, bottom = box[0] - GAP, box[1] - GAP, box[2] + GAP, box[3] + GAP
        c, found = self.cell, set()
        for i in range(int(left // c), int(right // c) + 1):
            for j in range(int(top // c), int(bottom // c) + 1):
                for other, b, label in self.cells.get((i, j), ()):
                    clear = b[2] <= left or right <= b[0] or b[3] <= top or bottom <= b[1]
                    if not clear and other != owner:
                        found.add((other, label))
        return found

    def free(self, box: Box, owner: int) -> bool:
        """Whether `box` keeps at least GAP clear of every box but the owner's own."""
        left, top, right, bottom = box[0] - GAP, box[1] - GAP, box[2] + GAP, box[3] + GAP
        c, cells = self.cell, self.cells
        for i in range(int(left // c), int(right // c) + 1):
            for j in range(int(top // c), int(bottom // c) + 1):
                for other, b, _label in cells.get((i, j), ()):
                    clear = b[2] <= left or right <= b[0] or b[3] <= top or bottom <= b[1]
                    if not clear and other != owner:
                        return False
        return True


def clean_label(label: str) -> str:
    """The label as drawn: control characters gone, white space collapsed, never empty."""
    return " ".join(_UNSAFE.sub(" ", str(label)).split()) or "?"


def shorten(text: str, chars: int) -> str:
    """The first `chars` characters and an ellipsis (never for the sake of one character)."""
    return text if len(text) <= chars + 1 else text[:chars].rstrip() + ELLIPSIS


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


def _slots(nodes: list[MapNode], size: float, roomy: bool) -> list[float]:
    """Room along the ring for each node: its own width and a little air, or room for a label."""
    return [max(2 * _extent(n, size) + 2.5, LABEL_ARC if roomy else 0.0) for n in nodes]


def _radii(rings: list[list[MapNode]], s: float, chip_half: float, node_sizes=NODE_SIZES):
    """Ring radii and node size: the usual ones unless a ring is too crowded for them, when the
    rings move out (up to a limit) and then the nodes shrink."""
    for size in node_sizes:
        for roomy in (True, False):
            radii, prev = [], _centre_radius(s)
            for default, members in zip(RING_R, rings, strict=True):
                r = max(default * s, prev + (60 if members else 30) * s)
                if members:
                    total = sum(_slots(members, size, roomy))
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
    rings: list[list[MapNode]], radii, size: float, roomy: bool, c: float, chip_half: float
):
    placed: list[PlacedNode] = []
    inner: list[tuple[float, float, float]] = []
    for members, radius in zip(rings, radii, strict=True):
        if not members:
            continue
        reach = max(_extent(n, size) for n in members)
        slots = _slots(members, size, roomy)
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


def _compass(count: int) -> list[tuple[float, float]]:
    return [
        (math.cos(k * 2 * math.pi / count), math.sin(k * 2 * math.pi / count)) for k in range(count)
    ]


NEAR_WAYS, FAR_WAYS = _compass(8), _compass(12)


def _spots(p: PlacedNode, far: bool) -> list[Spot]:
    """Places for a label, best first. Near: outside the node, inside, or beside it. Far: up to
    three lines away in twelve directions, nearest first, joined to the node by a fine line."""
    ux, uy = math.cos(p.angle), -math.sin(p.angle)
    ways = sorted(FAR_WAYS if far else NEAR_WAYS, key=lambda d: -(d[0] * ux + d[1] * uy))
    if far:
        moves = [(d, tier) for tier in (1, 2, 3) for d in [(ux, uy), (-ux, -uy), *ways]]
    else:
        moves = [((ux, uy), 0), ((-ux, -uy), 0), *((d, 0) for d in ways[1:-1])]
    spots = []
    for (dx, dy), tier in moves:
        dist = p.extent + 2.5 + tier * (LABEL_HEIGHT + GAP + 1)
        fx, fy = max(-1.0, min(1.0, dx / 0.5)), max(-1.0, min(1.0, dy / 0.5))
        anchor = "start" if fx >= 0.5 else "end" if fx <= -0.5 else "middle"
        px, py = p.x + dx * dist, p.y + dy * dist
        leader = (p.x + dx * p.extent, p.y + dy * p.extent, px, py) if tier else None
        spots.append((px, py, (1 - fx) / 2, (1 - fy) / 2, anchor, leader))
    return spots


def _boxes(p: PlacedNode, chars: int, far: bool) -> Iterable[tuple[Box, str, tuple | None]]:
    """The label's box at each of its places, best first, leaving out any off the drawing.
    The far places are only worked out when the near ones are all taken."""
    width = text_width(p.texts[chars], LABEL_FONT) + 2  # a unit of air each side
    width += p.flag_width if p.show_flag else 0.0
    for near in (True, False) if far else (True,):
        if near and not p.spots:
            p.spots = _spots(p, far=False)
        elif not near and not p.far_spots:
            p.far_spots = _spots(p, far=True)
        for px, py, grow_x, grow_y, anchor, leader in p.spots if near else p.far_spots:
            left, top = px - width * grow_x, py - LABEL_HEIGHT * grow_y
            if left >= EDGE and top >= EDGE and max(left + width, top + LABEL_HEIGHT) <= p.limit:
                yield (left, top, left + width, top + LABEL_HEIGHT), anchor, leader


def _try_label(p: PlacedNode, chars: int, grid: _Grid, owner: int, far: bool = True) -> bool:
    """Put the label, cut to `chars`, in the first free place for it; say whether it went in."""
    for box, anchor, leader in _boxes(p, chars, far):
        if grid.free(box, owner):
            p.text, p.box, p.anchor, p.leader = p.texts[chars], box, anchor, leader
            grid.add(box, owner)
            return True
    return False


def _make_room(nodes: list[PlacedNode], owner: int, grid: _Grid) -> bool:
    """For a label with nowhere to go: find a place where only a few other labels are in the way,
    move them elsewhere, and put it there. Say whether that worked (if not, nothing changes)."""
    p = nodes[owner]
    for show_flag in (True, False) if p.flag else (True,):
        p.show_flag = show_flag
        if _make_room_at(nodes, owner, grid):
            return True
    p.show_flag = True
    return False


def _make_room_at(nodes: list[PlacedNode], owner: int, grid: _Grid) -> bool:
    p = nodes[owner]
    for box, anchor, leader in _boxes(p, LEVELS[-1], far=True):
        in_the_way = grid.in_the_way(box, owner)
        if len(in_the_way) > 3 or not all(label for _, label in in_the_way):
            continue
        moved = sorted(other for other, _ in in_the_way)
        kept = {other: _unplace(nodes[other], other, grid) for other in moved}
        p.text, p.box, p.anchor, p.leader = p.texts[LEVELS[-1]], box, anchor, leader
        grid.add(box, owner)
        placed = []
        for other in moved:
            if not _try_label(nodes[other], LEVELS[-1], grid, other):
                break
            placed.append(other)
        else:
            return True
        for other in [owner, *placed]:
            _unplace(nodes[other], other, grid)
        for other, (text, old_box, old_anchor, old_leader) in kept.items():
            q = nodes[other]
            q.text, q.box, q.anchor, q.leader = text, old_box, old_anchor, old_leader
            grid.add(old_box, other)
    return False


def _unplace(p: PlacedNode, owner: int, grid: _Grid) -> tuple:
    """Take the label off the drawing; give back what it was, to put it back if need be."""
    kept = p.text, p.box, p.anchor, p.leader
    if p.box is not None:
        grid.remove(p.box, owner)
    p.text, p.box, p.leader = "", None, None
    return kept


def _unlabel(nodes: Sequence[PlacedNode], grid: _Grid) -> None:
    for owner, p in enumerate(nodes):
        _unplace(p, owner, grid)


def _label_all(nodes: list[PlacedNode], order: list[int], grid: _Grid, chars: int) -> bool:
    """Label every node at one length, in the given order. When one will not fit, take them all
    away again and move that node to the front of the order: it is the hardest to place."""
    for at, owner in enumerate(order):
        if not _try_label(nodes[owner], chars, grid, owner):
            _unlabel(nodes, grid)
            order.insert(0, order.pop(at))
            return False
    return True


def _label(nodes: list[PlacedNode], grid: _Grid) -> None:
    """Every label the same length if they can be (it looks calmer): the longest length at which
    all of them fit, found by halving. Then the labels still shortened grow together, a step at a
    time, while there is room, staying beside their nodes if they are beside them."""
    levels, seen = [], set()
    for chars in LEVELS:  # only the lengths that shorten some name: the others would do the same
        texts = tuple(p.texts[chars] for p in nodes)
        if texts not in seen:
            seen.add(texts)
            levels.append(chars)
    order = list(range(len(nodes)))
    if _label_all(nodes, order, grid, levels[0]):  # the usual case: every name fits in full
        return
    found, low, high = None, 1, len(levels) - 1
    while low <= high:
        mid = (low + high) // 2
        if _label_all(nodes, order, grid, levels[mid]):
            found, high = [(p.text, p.box, p.anchor, p.leader) for p in nodes], mid - 1
            _unlabel(nodes, grid)
        else:
            low = mid + 1
    if found:
        for owner, (p, (text, box, anchor, leader)) in enumerate(zip(nodes, found, strict=True)):
            p.text, p.box, p.anchor, p.leader = text, box, anchor, leader
            if box is not None:  # always, as every label fitted at this length
                grid.add(box, owner)
    else:
        _label_shortest(nodes, order, grid, levels[-1])
    growing = [owner for owner, p in enumerate(nodes) if p.text != p.name]
    while growing:
        growing = [owner for owner in growing if _grow(nodes[owner], owner, grid)]


def _label_shortest(nodes: list[PlacedNode], order: list[int], grid: _Grid, chars: int) -> None:
    """Not all of them fit even at the shortest: place each at that length, the hardest first,
    trying again with any left out moved to the front; then make room for any still left out."""
    missing: list[int] = []
    for attempt in range(4):
        if attempt:
            _unlabel(nodes, grid)
            order = missing + [owner for owner in order if owner not in missing]
        for owner in order:
            _try_label(nodes[owner], chars, grid, owner)
        missing = [owner for owner in order if nodes[owner].box is None]
        if not missing:
            return
    for owner in missing:
        _make_room(nodes, owner, grid)


def _shown(text: str, p: PlacedNode) -> int:
    """How many characters of the name `text` shows."""
    return len(text) - 1 if text != p.name and text.endswith(ELLIPSIS) else len(text)


def _grow(p: PlacedNode, owner: int, grid: _Grid) -> bool:
    """Show one step more of the label if there is room; say whether it could grow again.
    A label with no place yet tries each length, shortest first, anywhere near its node."""
    now = _shown(p.text, p)
    longer = [n for n in reversed(LEVELS) if _shown(p.texts[n], p) > now]
    if p.box is None:
        return any(_try_label(p, n, grid, owner) for n in longer) and p.text != p.name
    if not longer:
        return False
    old = p.box, p.text, p.anchor, p.leader
    grid.remove(p.box, owner)
    if _try_label(p, longer[0], grid, owner, far=p.leader is not None):
        return p.text != p.name
    p.box, p.text, p.anchor, p.leader = old
    grid.add(p.box, owner)
    return False


def layout_map(nodes: Sequence[MapNode], *, size: int = 640, centre_label: str = "") -> MapLayout:
    """Where everything goes. The same nodes, in any order, always give the same layout.

    On a map so crowded that a label finds no room at all, it tries again with smaller nodes
    (which leaves more room for words), then, for a drawing smaller than the usual 640, on a
    larger canvas (the drawing still fits its box on the page; its words come out smaller).
    No test or trial of up to 60 connections has needed more than that; if one ever did, a label
    with no room would show only in its node's title."""
    _check(nodes)
    ordered = sorted(nodes, key=_sort_key)
    rings = [[n for n in ordered if n.ring == r] for r in RING_ORDER]
    larger = (round(size * f) for f in (1.25, 1.5) if size * f < 640)
    canvases = sorted({size, max(size, 640), *larger})
    for canvas in canvases:
        for smallest in (0, 2, 4):
            layout = _layout(rings, canvas, centre_label, NODE_SIZES[smallest:])
            if all(p.box is not None for p in layout.nodes):
                return layout
    return layout


def _layout(rings: list[list[MapNode]], size: int, centre_label: str, node_sizes) -> MapLayout:
    words = _words(get_language())
    s, c = size / 640, size / 2
    chip_w = max(text_width(words[r], RING_FONT, bold=True) for r in RING_ORDER) + 14
    radii, node_size, roomy = _radii(rings, s, chip_w / 2, node_sizes)
    placed = _place_nodes(rings, radii, node_size, roomy, c, chip_w / 2)
    layout = MapLayout(size, c, radii, placed)
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
        grid.add(p.node_box, i, label=False)
        p.name, p.limit = clean_label(p.node.label), size - EDGE
        p.texts = {chars: shorten(p.name, chars) for chars in LEVELS}
        p.flag = words["ended"] if p.node.is_ended else words["new"] if p.node.is_new else ""
        p.flag_width = text_width(" " + p.flag, LABEL_FONT, bold=True) if p.flag else 0.0
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


@lru_cache(maxsize=32)
def _words(language: str | None) -> dict[str, str]:
    """The drawing's own words, translated once per language (gettext is slow in a loop)."""
    return {
        **{k.value: str(k.label) for k in Kind},
        **{r.value: str(r.label) for r in Ring},
        "ring-close": _("close ring"),
        "ring-middle": _("middle ring"),
        "ring-outer": _("outer ring"),
        "feels-supportive": _("feels supportive"),
        "feels-mixed": _("feels mixed"),
        "feels-difficult": _("feels difficult"),
        "inside": _("inside services"),
        "outside": _("outside services"),
        "new": _("new"),
        "ended": _("ended"),
    }


# Drawing ---------------------------------------------------------------------------------------


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


def _describe(node: MapNode, words: dict[str, str]) -> str:
    parts = [
        words[node.kind],
        words[f"ring-{node.ring}"],
        words[f"feels-{node.feels}"],
        words["inside" if node.inside_services else "outside"],
    ]
    parts += [words[flag] for flag in ("new", "ended") if getattr(node, f"is_{flag}")]
    return f"{clean_label(node.label)}: {', '.join(parts)}"


def _node_svg(p: PlacedNode, words: dict[str, str]) -> str:
    node, style = p.node, KIND_STYLES[p.node.kind]
    state = " cp-map__node--inside" if node.inside_services else ""
    state += " cp-map__node--new" if node.is_new else ""
    state += " cp-map__node--ended" if node.is_ended else ""
    out = [f'<g class="cp-map__node cp-map__node--{node.kind}{state}">']
    out.append(f"<title>{escape(_describe(node, words))}</title>")
    if node.is_new:
        halo = p.size * 1.3 + (3.75 if node.inside_services else 0.0) + 2.2
        out.append(
            f'<circle class="cp-map__halo" cx="{_n(p.x)}" cy="{_n(p.y)}" r="{_n(halo)}" '
            f'fill="none" stroke="{BRAND}" stroke-width="2.5"/>'
        )
    if node.inside_services:
        paint = f'class="cp-map__outline" fill="none" stroke="{style.colour}" stroke-width="1.5"'
        out.append(shape_svg(style.shape, p.x, p.y, p.size + 2.3, paint))
    if node.is_ended:
        paint = (f'class="cp-map__shape" fill="{WHITE}" stroke="{style.colour}" '
                 'stroke-width="2" stroke-dasharray="3 2"')  # fmt: skip
    else:
        paint = f'class="cp-map__shape" fill="{style.colour}" stroke="{WHITE}" stroke-width="1.5"'
    out.append(shape_svg(style.shape, p.x, p.y, p.size, paint))
    if p.box is not None:
        out.append(_label_svg(p, p.box))
    out.append("</g>")
    return "".join(out)


def _label_svg(p: PlacedNode, box: Box) -> str:
    left, top, right, _bottom = box
    x = left + 1 if p.anchor == "start" else right - 1 if p.anchor == "end" else (left + right) / 2
    baseline = top + LABEL_FONT * 1.25 / 2 + LABEL_FONT * 0.35
    muted = p.node.is_ended
    flag = ""
    if p.flag and p.show_flag:
        colour = MUTED if muted else BRAND
        flag = (f'<tspan class="cp-map__flag" font-weight="700" fill="{colour}">'
                f" {escape(p.flag)}</tspan>")  # fmt: skip
    return (
        f'<text class="cp-map__label{" cp-map__label--ended" if muted else ""}" x="{_n(x)}" '
        f'y="{_n(baseline)}" text-anchor="{p.anchor}" font-size="{_n(LABEL_FONT)}" '
        f'fill="{MUTED if muted else TEXT}" stroke="{WHITE}" stroke-width="3.5" '
        f'stroke-linejoin="round" paint-order="stroke">{escape(p.text)}{flag}</text>'
    )


def _line_svg(p: PlacedNode, c: float, r0: float, thin: float) -> str:
    width, dashes, cap = FEELS_STYLES[p.node.feels]
    width *= thin
    ux, uy = math.cos(p.angle), -math.sin(p.angle)
    dist = math.hypot(p.x - c, p.y - c) - p.size * 1.1
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    return (
        f'<line class="cp-map__line cp-map__line--{p.node.feels}" x1="{_n(c + ux * r0)}" '
        f'y1="{_n(c + uy * r0)}" x2="{_n(c + ux * dist)}" y2="{_n(c + uy * dist)}" '
        f'stroke="{MUTED}" stroke-width="{_n(width)}" stroke-linecap="{cap}"{dash}/>'
    )


def draw_map(
    nodes: Sequence[MapNode],
    *,
    title: str,
    description: str = "",
    centre_label: str = "",
    size: int = 640,
    id_prefix: str = "map",
) -> SafeString:
    """The map as an inline SVG, labelled by its own title and description for screen readers.
    `description` defaults to map_text_alternative(); `id_prefix` keeps two maps' ids apart."""
    if not _ID.match(id_prefix):
        raise ValueError("id_prefix must start with a letter and hold only letters, digits, - or _")
    layout = layout_map(nodes, size=size, centre_label=centre_label)
    desc = description or map_text_alternative(nodes, centre_label=centre_label)
    words = _words(get_language())
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cp-map" viewBox="0 0 {layout.size} '
        f'{layout.size}" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" focusable="false">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(desc)}</desc>',
        *_rings_svg(layout),
        *_lines_svg(layout),
        *_centre_svg(layout, centre_label),
        *_ring_names_svg(layout),
        '<g class="cp-map__nodes">',
        *(_node_svg(p, words) for p in layout.nodes),
        "</g></svg>",
    ]
    return mark_safe("".join(svg))  # noqa: S308 - every piece of user text in it is escaped


def _rings_svg(layout: MapLayout) -> list[str]:
    """The three bands (tinted, darkest in the middle) and the ring lines the nodes sit on."""
    c, (r1, r2, r3) = layout.centre, layout.radii
    out = ['<g class="cp-map__rings">']
    edges = (r3 + 31 * layout.size / 640, (r2 + r3) / 2, (r1 + r2) / 2)
    for ring, edge, tint in reversed(list(zip(RING_ORDER, reversed(edges), BANDS, strict=True))):
        out.append(
            f'<circle class="cp-map__band cp-map__band--{ring}" cx="{_n(c)}" cy="{_n(c)}" '
            f'r="{_n(edge)}" fill="{tint}"/>'
        )
    for ring, radius in zip(RING_ORDER, layout.radii, strict=True):
        out.append(
            f'<circle class="cp-map__track cp-map__track--{ring}" cx="{_n(c)}" cy="{_n(c)}" '
            f'r="{_n(radius)}" fill="none" stroke="{TRACK}" stroke-width="1.25"/>'
        )
    out.append("</g>")
    return out


def _lines_svg(layout: MapLayout) -> list[str]:
    """A line from the person to each connection (none to an ended one), and the fine lines
    from nodes to labels that sit a little away from them."""
    thin = 0.75 if len(layout.nodes) > 30 else 1.0  # many lines: lighter, so the map stays calm
    r0 = _centre_radius(layout.size / 640)
    out = ['<g class="cp-map__lines">']
    out += [_line_svg(p, layout.centre, r0, thin) for p in layout.nodes if not p.node.is_ended]
    out += [
        f'<line class="cp-map__leader" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
        f'stroke="{TRACK}" stroke-width="1"/>'
        for x1, y1, x2, y2 in (p.leader for p in layout.nodes if p.leader)
    ]
    out.append("</g>")
    return out


def _ring_names_svg(layout: MapLayout) -> list[str]:
    out = ['<g class="cp-map__ring-names">']
    for name, (left, top, right, bottom) in layout.chips:
        out.append(
            f'<rect class="cp-map__chip" x="{_n(left)}" y="{_n(top)}" width="{_n(right - left)}" '
            f'height="{_n(bottom - top)}" rx="9" fill="{WHITE}" stroke="{TRACK}" stroke-width="1"/>'
            f'<text class="cp-map__ring-name" x="{_n(layout.centre)}" y="{_n(bottom - 5.5)}" '
            f'text-anchor="middle" font-size="{_n(RING_FONT)}" font-weight="700" fill="{MUTED}">'
            f"{escape(name)}</text>"
        )
    out.append("</g>")
    return out


def _centre_svg(layout: MapLayout, centre_label: str) -> list[str]:
    """The person in the middle, with their name (and in full in a title, if it is shortened)."""
    c, r0 = layout.centre, _centre_radius(layout.size / 640)
    out = ['<g class="cp-map__centre">']
    if layout.centre_text.endswith(ELLIPSIS):
        out.append(f"<title>{escape(clean_label(centre_label))}</title>")
    out.append(
        f'<circle class="cp-map__person" cx="{_n(c)}" cy="{_n(c)}" r="{_n(r0)}" fill="{BRAND}"/>'
    )
    if layout.centre_text:
        font = layout.centre_font
        out.append(
            f'<text class="cp-map__centre-name" x="{_n(c)}" y="{_n(c + font * 0.35)}" '
            f'text-anchor="middle" font-size="{_n(font)}" font-weight="700" fill="{WHITE}">'
            f"{escape(layout.centre_text)}</text>"
        )
    out.append("</g>")
    return out


# Words -----------------------------------------------------------------------------------------


def map_text_alternative(nodes: Sequence[MapNode], *, centre_label: str) -> str:
    """The map in one plain paragraph, for its description and for anyone not looking at it."""
    name = clean_label(centre_label) if centre_label.strip() else _("This person")
    current = [n for n in nodes if not n.is_ended]
    ended = len(nodes) - len(current)
    total = len(current)
    if not total:
        text = _("%(name)s has no connections on the map yet. The three rings are ready.")
        sentences = [text % {"name": name}]
    else:
        sentences = [_where(name, current), _outside(current), _feels(current)]
        new = sum(n.is_new for n in current)
        if new:
            sentences.append(ngettext("%(n)d is new.", "%(n)d are new.", new) % {"n": new})
    if ended:
        sentences.append(
            ngettext("%(n)d connection has ended.", "%(n)d connections have ended.", ended)
            % {"n": ended}
        )
    return " ".join(sentences)


def _where(name: str, current: list[MapNode]) -> str:
    total = len(current)
    counts = {ring: sum(n.ring == ring for n in current) for ring in RING_ORDER}
    if total == 1:
        one = {
            "close": _("%(name)s has 1 connection, a close one."),
            "middle": _("%(name)s has 1 connection, in the middle ring."),
            "outer": _("%(name)s has 1 connection, further out."),
        }
        return one[current[0].ring] % {"name": name}
    only = [ring for ring, count in counts.items() if count == total]
    if only:
        where = {"close": _("close"), "middle": _("in the middle ring"), "outer": _("further out")}
        text = ngettext(
            "%(name)s has %(n)d connection, all %(where)s.",
            "%(name)s has %(n)d connections, all %(where)s.",
            total,
        )
        return text % {"name": name, "n": total, "where": where[only[0]]}
    phrases = {
        "close": lambda n: ngettext("%(n)d close", "%(n)d close", n),
        "middle": lambda n: ngettext("%(n)d in the middle ring", "%(n)d in the middle ring", n),
        "outer": lambda n: ngettext("%(n)d further out", "%(n)d further out", n),
    }
    parts = [phrases[r](count) % {"n": count} for r, count in counts.items() if count]
    text = ngettext(
        "%(name)s has %(n)d connection: %(parts)s.",
        "%(name)s has %(n)d connections: %(parts)s.",
        total,
    )
    return text % {"name": name, "n": total, "parts": get_text_list(parts, _("and"))}


def _outside(current: list[MapNode]) -> str:
    total, outside = len(current), sum(not n.inside_services for n in current)
    if outside == 0:
        return ngettext(
            "It is part of health and social care services.",
            "All of them are part of health and social care services.",
            total,
        )
    if outside == total > 1:
        return _("All of them are outside services.")
    text = ngettext("%(n)d is outside services.", "%(n)d are outside services.", outside)
    return text % {"n": outside}


def _feels(current: list[MapNode]) -> str:
    words = {
        "supportive": lambda n: ngettext("%(n)d supportive", "%(n)d supportive", n),
        "mixed": lambda n: ngettext("%(n)d mixed", "%(n)d mixed", n),
        "difficult": lambda n: ngettext("%(n)d difficult", "%(n)d difficult", n),
    }
    counts = [(feels, sum(n.feels == feels for n in current)) for feels in words]
    parts = [words[feels](count) % {"n": count} for feels, count in counts if count]
    text = ngettext("How it feels: %(parts)s.", "How they feel: %(parts)s.", len(current))
    return text % {"parts": get_text_list(parts, _("and"))}


# The legend ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendItem:
    key: str
    label: str
    swatch: SafeString  # a small decorative SVG (hidden from screen readers: the label says it)


@dataclass(frozen=True)
class LegendGroup:
    key: str
    title: str
    items: list[LegendItem]


def _swatch(body: str, width: int = 32, height: int = 28) -> SafeString:
    return mark_safe(  # noqa: S308 - built from our own constants only
        f'<svg class="cp-map-legend__swatch" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-hidden="true" '
        f'focusable="false">{body}</svg>'
    )


def kind_swatch(kind: str) -> SafeString:
    """The kind's shape in its colour, for a legend or a table row beside the map."""
    style = KIND_STYLES[kind]
    return _swatch(shape_svg(style.shape, 16, 14, 9, f'fill="{style.colour}"'))


def legend_items(nodes: Iterable[MapNode] | None = None) -> list[LegendGroup]:
    """What each mark on the map means; given nodes, only the marks those nodes use."""
    shown = None if nodes is None else list(nodes)
    kinds = {n.kind for n in shown} if shown is not None else set(KIND_STYLES)
    feels = {n.feels for n in shown if not n.is_ended} if shown is not None else set(FEELS_STYLES)
    groups = []
    if kinds:
        items = [
            LegendItem(k.value, str(k.label), kind_swatch(k.value)) for k in Kind if k in kinds
        ]
        groups.append(LegendGroup("kind", _("Kind of connection"), items))
    if feels:
        words = {
            "supportive": _("Supportive: a solid line"),
            "mixed": _("Mixed: a dashed line"),
            "difficult": _("Difficult: a dotted line"),
        }
        items = [LegendItem(f, words[f], _feels_swatch(f)) for f in FEELS_STYLES if f in feels]
        groups.append(LegendGroup("feels", _("How it feels"), items))
    marks = _marks(shown)
    if marks:
        groups.append(LegendGroup("marks", _("Other marks"), marks))
    return groups


def _feels_swatch(feels: str) -> SafeString:
    width, dashes, cap = FEELS_STYLES[feels]
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    return _swatch(
        f'<line x1="3" y1="14" x2="45" y2="14" stroke="{MUTED}" stroke-width="{_n(width)}" '
        f'stroke-linecap="{cap}"{dash}/>',
        width=48,
    )


def _marks(shown: list[MapNode] | None) -> list[LegendItem]:
    def used(test) -> bool:
        return shown is None or any(test(n) for n in shown)

    dark = f'fill="{TEXT}" stroke="{WHITE}" stroke-width="1.5"'
    items = []
    if used(lambda n: n.inside_services):
        body = shape_svg("circle", 16, 14, 11, f'fill="none" stroke="{TEXT}" stroke-width="1.5"')
        body += shape_svg("circle", 16, 14, 7.5, dark)
        label = _("Double outline: part of health and social care services")
        items.append(LegendItem("inside", label, _swatch(body)))
    if used(lambda n: n.is_new):
        body = f'<circle cx="16" cy="14" r="11.5" fill="none" stroke="{BRAND}" stroke-width="3"/>'
        body += shape_svg("circle", 16, 14, 6.5, dark)
        label = _("Thick ring and the word “new”: a new connection")
        items.append(LegendItem("new", label, _swatch(body)))
    if used(lambda n: n.is_ended):
        body = shape_svg(
            "circle", 16, 14, 8, f'fill="{WHITE}" stroke="{TEXT}" stroke-width="2" '
            'stroke-dasharray="3 2"'
        )  # fmt: skip
        label = _("Hollow, dashed and with no line: a connection that has ended")
        items.append(LegendItem("ended", label, _swatch(body)))
    return items
