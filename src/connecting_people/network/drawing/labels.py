"""Label placement on the map: the collision grid, the places a label may go, and the search."""

import math
from collections.abc import Iterable, Sequence

from connecting_people.network.drawing.model import (
    EDGE,
    ELLIPSIS,
    GAP,
    LEVELS,
    Box,
    MapLayout,
    PlacedNode,
    Spot,
    label_lines,
    text_width,
)


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
        dist = p.extent + 2.5 + tier * (p.font * 1.25 + GAP + 1)
        fx, fy = max(-1.0, min(1.0, dx / 0.5)), max(-1.0, min(1.0, dy / 0.5))
        anchor = "start" if fx >= 0.5 else "end" if fx <= -0.5 else "middle"
        px, py = p.x + dx * dist, p.y + dy * dist
        leader = (p.x + dx * p.extent, p.y + dy * p.extent, px, py) if tier else None
        spots.append((px, py, (1 - fx) / 2, (1 - fy) / 2, anchor, leader))
    return spots


def _boxes(p: PlacedNode, chars: int, far: bool) -> Iterable[tuple[Box, str, tuple | None]]:
    """The label's box at each of its places, best first, leaving out any off the drawing.
    The far places are only worked out when the near ones are all taken."""
    lines = label_lines(p.texts[chars])
    widths = [text_width(line, p.font) + 2 for line in lines]  # a unit of air each side
    widths[-1] += p.flag_width if p.show_flag else 0.0  # "new" follows the last line
    width, height = max(widths), p.font * 1.25 * len(lines)
    for near in (True, False) if far else (True,):
        if near and not p.spots:
            p.spots = _spots(p, far=False)
        elif not near and not p.far_spots:
            p.far_spots = _spots(p, far=True)
        for px, py, grow_x, grow_y, anchor, leader in p.spots if near else p.far_spots:
            left, top = px - width * grow_x, py - height * grow_y
            if left >= EDGE and top >= EDGE and max(left + width, top + height) <= p.limit:
                yield (left, top, left + width, top + height), anchor, leader


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


def _make_room_at(
    nodes: list[PlacedNode], owner: int, grid: _Grid, chars: int = LEVELS[-1]
) -> bool:
    p = nodes[owner]
    for box, anchor, leader in _boxes(p, chars, far=True):
        in_the_way = grid.in_the_way(box, owner)
        if len(in_the_way) > 3 or not all(label for _, label in in_the_way):
            continue
        moved = sorted(other for other, _ in in_the_way)
        kept = {other: _unplace(nodes[other], other, grid) for other in moved}
        p.text, p.box, p.anchor, p.leader = p.texts[chars], box, anchor, leader
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
    cut = [owner for owner, p in enumerate(nodes) if p.text.endswith(ELLIPSIS) and p.text != p.name]
    for owner in cut if len(cut) <= WHOLE_BY_MOVING_UP_TO else ():
        _whole_by_moving_others(nodes, owner, grid)
        growing = [other for other, q in enumerate(nodes) if q.text != q.name]
        while growing:  # those moved out of its way grow again where they now are
            growing = [other for other in growing if _grow(nodes[other], other, grid)]


# A map with only a few names cut short is nearly there: each gets a try at moving the labels in
# its way. One with more is crowded throughout (those tries would not find room, only time).
WHOLE_BY_MOVING_UP_TO = 3


def _whole_by_moving_others(nodes: list[PlacedNode], owner: int, grid: _Grid) -> bool:
    """A name still cut short: show it whole (on one line or two) where only a few other labels
    are in the way, if they can all go elsewhere; else leave it as it was."""
    p = nodes[owner]
    kept = _unplace(p, owner, grid)
    for chars in dict.fromkeys(LEVELS[:2]):
        if _shown(p.texts[chars], p) > _shown(kept[0], p) and _make_room_at(
            nodes, owner, grid, chars
        ):
            return True
    p.text, p.box, p.anchor, p.leader = kept
    grid.add(p.box, owner)
    return False


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
    # The whole name (on one line or two) if there is room for it, else one step longer.
    whole = [n for n in LEVELS[:2] if _shown(p.texts[n], p) > now]
    for chars in dict.fromkeys([*whole, longer[0]]):
        if _try_label(p, chars, grid, owner, far=p.leader is not None):
            return _shown(p.text, p) < len(p.name)
    p.box, p.text, p.anchor, p.leader = old
    grid.add(p.box, owner)
    return False
