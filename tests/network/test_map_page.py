"""The map at its best on its own page (issue 16 §4): labels never cut short, never crossed by a
line, big enough to read at the size the map is shown, and a tap on a person goes to their row.

The geometry is checked here, in Python, against the drawing's own layout and the SVG it writes;
tests/browser/test_phone_widths.py measures the words' size in a real browser.
"""

import json
import random
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from connecting_people.core.charts.svg import FONT_FAMILY
from connecting_people.network.drawing import ELLIPSIS, MapNode, draw_map, layout_map
from connecting_people.network.selectors import MAP_PAGE, map_page_drawing
from tests.network.test_drawing import SVG, label_boxes, network, node, parse

LARGEST = json.loads((Path(__file__).parent / "fixtures/demo_largest_map.json").read_text())
# Where the page shows each drawing (assets/scss: the two-thirds column at 1280, the full width
# less the page's margins on a phone) and the least size its words must show at there, in px.
SHOWN = {"wide": (610, 16.0), "phone": (330, 14.0)}


def largest() -> list[MapNode]:
    return [MapNode(**n) for n in LARGEST["nodes"]]


def segment_meets_box(line, box) -> bool:
    """Whether the segment (x1, y1, x2, y2) touches the box (left, top, right, bottom): clipped
    against the box's four sides (Liang-Barsky)."""
    x1, y1, x2, y2 = line
    left, top, right, bottom = box
    dx, dy, low, high = x2 - x1, y2 - y1, 0.0, 1.0
    for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def lines_through_labels(svg: str) -> list[tuple[str, tuple]]:
    """Each (label, line) where a line from the person to a node passes through a label's box,
    read from the SVG itself: the lines' ends and the labels' boxes as drawn."""
    root = parse(svg)
    lines = [
        tuple(float(line.get(k)) for k in ("x1", "y1", "x2", "y2"))
        for line in root.iter(f"{SVG}line")
        if "cp-map__line " in line.get("class", "") + " "
    ]
    return [
        (name, line)
        for name, box in label_boxes(root)
        for line in lines
        if segment_meets_box(line, box)
    ]


def test_segment_meets_box_can_tell_a_miss_from_a_hit():
    box = (10, 10, 20, 20)
    assert segment_meets_box((0, 15, 30, 15), box)  # straight through
    assert segment_meets_box((0, 0, 12, 12), box)  # ends inside
    assert not segment_meets_box((0, 0, 30, 5), box)  # passes above
    assert not segment_meets_box((0, 30, 30, 21), box)  # passes below, sloping
    assert not segment_meets_box((0, 25, 25, 50), box)  # nowhere near
    assert not segment_meets_box((0, 25, 14, 39), box)  # beside the corner, pointing away


@pytest.mark.parametrize("width", MAP_PAGE)
def test_no_line_crosses_a_label_on_the_demos_largest_map(width):
    size, font = MAP_PAGE[width]
    layout = layout_map(
        largest(), size=size, centre_label=LARGEST["centre"], label_font=font,
        flag_words=width == "wide",
    )  # fmt: skip
    assert layout.lines_kept_clear
    crossings = [
        (p.text, i)
        for p in layout.nodes
        for i, line in layout.spokes.items()
        if segment_meets_box(line, p.box)
    ]
    assert crossings == []


@pytest.mark.parametrize("width", MAP_PAGE)
def test_no_line_crosses_a_label_in_the_drawn_svg_of_the_demos_largest_map(width):
    size, font = MAP_PAGE[width]
    svg = draw_map(
        largest(), title="Map", centre_label=LARGEST["centre"], size=size, label_font=font,
        flag_words=width == "wide",
    )  # fmt: skip
    assert lines_through_labels(svg) == []


@pytest.mark.parametrize("width", MAP_PAGE)
def test_the_demos_largest_map_shows_every_name_in_full(width):
    size, font = MAP_PAGE[width]
    layout = layout_map(
        largest(), size=size, centre_label=LARGEST["centre"], label_font=font,
        flag_words=width == "wide",
    )  # fmt: skip
    shown = {p.name: p.text.replace("\n", " ") for p in layout.nodes}
    assert all(text == name for name, text in shown.items()), shown
    assert not any(text.endswith(ELLIPSIS) for text in shown.values())


@pytest.mark.parametrize("width", MAP_PAGE)
def test_map_page_labels_show_at_least_the_body_text_size_where_the_map_is_shown(width):
    size, font = MAP_PAGE[width]
    shown_at, least = SHOWN[width]
    root = parse(draw_map(largest(), title="M", size=size, label_font=font))
    canvas = float(root.get("viewBox").split()[2])
    labels = [t for t in root.iter(f"{SVG}text") if "cp-map__label" in t.get("class")]
    sizes = {float(t.get("font-size")) for t in labels}
    assert sizes == {font}
    assert font * shown_at / canvas >= least


@pytest.mark.parametrize("seed", range(12))
def test_a_map_whose_labels_keep_clear_has_no_line_through_any_label(seed):
    """The layout's promise, checked from outside on varied maps: when it says the labels keep
    clear of the lines, no line from the person passes through any label's box."""
    rnd = random.Random(seed)
    nodes = [n for n in network(rnd.randint(3, 14), seed=seed) if not n.is_ended]
    layout = layout_map(nodes, label_font=17.0)
    if not layout.lines_kept_clear:
        pytest.skip("this map is too crowded to keep every label clear of the lines")
    boxes = [p.box for p in layout.nodes]
    assert not any(segment_meets_box(line, box) for line in layout.spokes.values() for box in boxes)


def test_a_long_name_goes_on_two_lines_rather_than_being_cut_short():
    names = ["Neighbour at number twelve", "Hearing Voices group", "Allotment society"]
    nodes = [node(f"k{i}", name, ring="close") for i, name in enumerate(names)]
    root = parse(draw_map(nodes, title="M", size=320, label_font=16.0))
    texts = [t for t in root.iter(f"{SVG}text") if "cp-map__label" in t.get("class")]
    assert not any(ELLIPSIS in "".join(t.itertext()) for t in texts)
    two = [t for t in texts if t.find(f"{SVG}tspan") is not None]
    assert two, "the longest names would not fit on one line at this size"
    for text in two:
        second = text.find(f"{SVG}tspan")
        assert "cp-map__label-line" in second.get("class")
        assert second.get("x") == text.get("x")  # each line starts at the label's own x
        assert float(second.get("dy")) == pytest.approx(16.0 * 1.25)


def test_every_svg_names_the_products_font():
    svg = draw_map([node()], title="M")
    assert parse(svg).get("font-family") == FONT_FAMILY
    assert FONT_FAMILY.endswith("sans-serif")
    assert not re.search(r"(^|, )serif", FONT_FAMILY)  # never the browser's default serif


def test_a_tap_on_a_person_goes_to_their_row_in_the_table():
    html = draw_map([node("42", "Mum")], title="M", link="connection-")
    stack = parse(html)
    assert stack.get("class") == "cp-map-stack"
    image, taps = stack
    assert image.get("role") == "img"
    assert image.find(f".//{SVG}a") is None  # a link inside an image would be lost to a reader
    assert taps.get("class") == "cp-map-taps"
    assert taps.get("aria-hidden") == "true"  # the same table is the next thing on the page
    assert taps.get("viewBox") == image.get("viewBox")  # lies exactly over the map
    link = taps.find(f"{SVG}a")
    assert link.get("href") == "#connection-42"
    assert link.get("tabindex") == "-1"
    layout = layout_map([node("42", "Mum")])
    rects = [tuple(float(r.get(k)) for k in ("x", "y", "width", "height")) for r in link]
    (p,) = layout.nodes
    for left, top, right, bottom in (p.node_box, p.box):  # the node and its label
        assert any(
            x <= left + 0.1 and y <= top + 0.1 and x + w >= right - 0.1 and y + h >= bottom - 0.1
            for x, y, w, h in rects
        )


def test_without_a_link_the_nodes_are_not_links():
    assert "<a " not in draw_map([node()], title="M")


def test_an_unsafe_link_is_refused():
    with pytest.raises(ValueError, match="link must start with a letter"):
        draw_map([node()], title="M", link='x" onclick="alert(1)')


def test_on_a_phone_the_word_new_gives_way_to_the_thick_ring():
    nodes = [node("a", "Mum", new=True)]
    wide = draw_map(nodes, title="M")
    phone = draw_map(nodes, title="M", flag_words=False)
    assert "cp-map__flag" in wide
    assert "cp-map__flag" not in phone
    assert "cp-map__halo" in phone  # the thick ring still marks it
    group = next(g for g in parse(phone).iter(f"{SVG}g") if "cp-map__node " in g.get("class"))
    assert group.find(f"{SVG}title").text.endswith("new")  # and its title says so


def test_the_map_page_draws_one_map_for_a_wide_screen_and_one_for_a_phone():
    drawing = map_page_drawing(SimpleNamespace(preferred_name="Bernie"), largest())
    html = str(drawing["map"])
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="cp-map"') == 2
    assert 'class="cp-map-at cp-map-at--wide"' in html
    assert 'class="cp-map-at cp-map-at--phone"' in html
    assert 'id="map-title"' in html  # the two drawings' ids kept apart
    assert 'id="map-phone-title"' in html
    assert html.count('href="#connection-') == 2 * len(largest())
    assert drawing["legend"]
    assert "Bernie" in drawing["text"]


def test_the_map_page_draws_nothing_for_an_empty_map():
    assert map_page_drawing(SimpleNamespace(preferred_name="Bernie"), []) == {
        "map": "",
        "text": "",
        "legend": [],
    }
