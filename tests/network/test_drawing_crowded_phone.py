"""A crowded map on a phone (issue 16): every name whole and clear of the lines to each node.

Twelve people as the demo's largest map has them (three rings, eight on the outer one), drawn
as the map page draws it for a phone: before, one name ("St Anne's choir") could be whole only
if labels sat over the lines, so the drawing let six of them do so.
"""

from __future__ import annotations

from connecting_people.network.drawing.layout import layout_map
from connecting_people.network.drawing.model import ELLIPSIS, MapNode
from connecting_people.network.selectors import MAP_PAGE

CROWDED = [
    ("Kath", "family", "close", "supportive", False),
    ("Chris", "worker", "middle", "supportive", True),
    ("Pat", "friend", "middle", "supportive", False),
    ("Tony", "family", "middle", "supportive", False),
    ("Father Michael", "faith", "outer", "supportive", False),
    ("Gaming social", "group", "outer", "supportive", False),
    ("Lego club", "group", "outer", "supportive", False),
    ("Lenny at 16", "neighbour", "outer", "supportive", False),
    ("Margaret", "group", "outer", "supportive", False),
    ("Mrs P. at 14", "neighbour", "outer", "supportive", False),
    ("St Anne's choir", "group", "outer", "supportive", False),
    ("Walk and talk group", "group", "outer", "supportive", False),
]


def _meets(line: tuple[float, float, float, float], box: tuple[float, ...]) -> bool:
    """Whether the line passes through the box (Liang-Barsky clipping)."""
    x1, y1, x2, y2 = line
    low, high, dx, dy = 0.0, 1.0, x2 - x1, y2 - y1
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        low, high = (max(low, t), high) if p < 0 else (low, min(high, t))
        if low > high:
            return False
    return True


def test_a_crowded_map_on_a_phone_keeps_every_name_whole_and_clear_of_the_lines():
    nodes = [
        MapNode(key=str(n), label=label, kind=kind, ring=ring, feels=feels,
                inside_services=inside)
        for n, (label, kind, ring, feels, inside) in enumerate(CROWDED)
    ]  # fmt: skip
    size, font = MAP_PAGE["phone"]
    layout = layout_map(nodes, size=size, centre_label="Bernie", label_font=font,
                        flag_words=False)  # fmt: skip

    assert layout.size == size
    assert layout.lines_kept_clear
    assert [p.text for p in layout.nodes if p.text.endswith(ELLIPSIS)] == []
    crossed = [
        p.name for p in layout.nodes
        if p.box is not None and any(_meets(line, p.box) for line in layout.spokes.values())
    ]  # fmt: skip
    assert crossed == []
