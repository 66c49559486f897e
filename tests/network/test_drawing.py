"""The network map drawing: deterministic, never overlapping, readable without colour, escaped.

No database: the drawing is pure Python. Label boxes are measured here from the SVG itself, with
our own estimate of character widths (close to DejaVu Sans, a wide system font), so these tests
do not simply trust the drawing's own arithmetic.
"""

import random
import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connecting_people.network.drawing import (
    BANDS,
    FEELS_STYLES,
    KIND_STYLES,
    MUTED,
    TEXT,
    MapNode,
    draw_map,
    kind_swatch,
    layout_map,
    legend_items,
    map_text_alternative,
    overlapping_labels,
)
from connecting_people.network.vocab import Feels, Kind, Ring

SVG = "{http://www.w3.org/2000/svg}"
KINDS = [k.value for k in Kind]
RINGS = [r.value for r in Ring]
FEELS = [f.value for f in Feels]
# fmt: off
NAMES = ["Mum", "Dad", "Sam", "Aunt Sue", "Jo", "Knitting group", "Dr Patel", "St Mary's church",
         "Hearing Voices group", "Biscuit (dog)", "Zoë", "Mohammed-Ali", "Tom & Jerry", "WWWWWW",
         "Café regulars", "Allotment society", "Keyworker Lee", "Neighbour at number 12"]
# fmt: on


def node(key="a", label="Sam", kind="friend", ring="close", feels="supportive", **flags):
    return MapNode(
        key, label, kind, ring, feels, flags.get("inside", False), flags.get("new", False),
        flags.get("ended", False),
    )  # fmt: skip


def network(count, *, seed=0, rings=None, long=False):
    """A varied network: kinds, rings and feelings at random (seeded), some new and inside."""
    rnd = random.Random(seed)
    return [
        node(
            f"c{i:02d}",
            f"Somebody with a very long name indeed {i}" if long else rnd.choice(NAMES),
            rnd.choice(KINDS),
            rnd.choice(rings or RINGS),
            rnd.choice(FEELS),
            inside=rnd.random() < 0.3,
            new=rnd.random() < 0.2,
            ended=rnd.random() < 0.05,
        )
        for i in range(count)
    ]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check that it is valid XML


def node_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "cp-map__node " in g.get("class", "") + " "]


def char_em(ch: str) -> float:
    if ch in "iljI.,:;'|!":
        return 0.3
    if ch in " ftr()-/":
        return 0.4
    if ch in "mwMW%@":
        return 0.95
    if ch == "…":
        return 1.0
    return 0.74 if ch.isupper() or ch.isdigit() else 0.63


def label_boxes(root: ET.Element) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each visible label and the box its text takes up, measured from the SVG."""
    boxes = []
    for text in root.iter(f"{SVG}text"):
        if "cp-map__label" not in text.get("class", ""):
            continue
        size = float(text.get("font-size"))
        widths = [sum(char_em(ch) for ch in (text.text or "")) * size]
        for span in text:
            if "cp-map__label-line" in span.get("class", ""):  # the name's second line
                widths.append(sum(char_em(ch) for ch in span.text) * size)
            else:  # the bold "new" or "ended" after the name
                widths[-1] += sum(char_em(ch) for ch in span.text) * size * 1.08
        x, y, width = float(text.get("x")), float(text.get("y")), max(widths)
        left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor")]
        bottom = y + 0.24 * size + (len(widths) - 1) * 1.25 * size
        boxes.append((label_text(text), (left, y - 0.93 * size, left + width, bottom)))
    return boxes


def label_text(text: ET.Element) -> str:
    """A label's words as read: its lines joined by a space."""
    words = [text.text or ""]
    for span in text:
        line = "cp-map__label-line" in span.get("class", "")
        words.append((" " if line else "") + (span.text or ""))
    return "".join(words)


def overlapping(boxes):
    found = []
    for i, (name_a, a) in enumerate(boxes):
        for name_b, b in boxes[i + 1 :]:
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                found.append((name_a, name_b))
    return found


def assert_map_is_sound(nodes, size=640):
    """Valid XML; every label present (in full, or shortened with its full name in the node's
    title); no two labels overlap; no label touches a node, the centre or a ring's name."""
    root = parse(draw_map(nodes, title="Map", centre_label="Robin", size=size))
    groups = node_groups(root)
    assert len(groups) == len(nodes)
    for group in groups:
        title = group.find(f"{SVG}title").text
        shown = [t for t in group.iter(f"{SVG}text") if "cp-map__label" in t.get("class", "")]
        assert len(shown) == 1, f"no label shown for {title}"
        name = label_text(shown[0]).removesuffix(" new").removesuffix(" ended")
        assert title.startswith(name) or (name.endswith("…") and title.startswith(name[:-1]))
    boxes = label_boxes(root)
    assert overlapping(boxes) == []
    canvas = float(root.get("viewBox").split()[2])  # a crowded small map may use a larger canvas
    for _, (left, top, right, bottom) in boxes:
        assert min(left, top) >= 0
        assert max(right, bottom) <= canvas
    layout = layout_map(nodes, size=size, centre_label="Robin")
    assert overlapping_labels(layout) == []
    for p in layout.nodes:
        others = [q.node_box for q in layout.nodes if q is not p] + layout.fixed
        assert not any(
            p.box[0] < b[2] and b[0] < p.box[2] and p.box[1] < b[3] and b[1] < p.box[3]
            for b in others
        ), f"the label of {p.node.label} sits on a node or a ring's name"
    return root


# Determinism ---------------------------------------------------------------------------------


def test_draw_map_gives_identical_output_for_the_same_connections():
    nodes = network(40, seed=3)
    first = draw_map(nodes, title="Map", centre_label="Robin")
    assert isinstance(first, SafeString)
    assert draw_map(nodes, title="Map", centre_label="Robin") == first


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_draw_map_ignores_the_order_connections_come_in(seed):
    nodes = network(30, seed=seed)
    shuffled = list(nodes)
    random.Random(seed).shuffle(shuffled)
    assert draw_map(shuffled, title="M") == draw_map(nodes, title="M")


# Labels never overlap ------------------------------------------------------------------------


@pytest.mark.parametrize("count", range(1, 61))
def test_labels_never_overlap_for_1_to_60_connections(count):
    assert_map_is_sound(network(count, seed=count))


@pytest.mark.slow
@pytest.mark.parametrize("rings", [["close"], ["middle"], ["outer"], ["close", "middle"]])
@pytest.mark.parametrize("count", range(1, 61))
def test_labels_never_overlap_when_connections_crowd_some_rings(count, rings):
    assert_map_is_sound(network(count, seed=count, rings=rings))


@pytest.mark.parametrize("ring", RINGS)
def test_labels_never_overlap_with_60_long_labels_in_one_ring(ring):
    assert_map_is_sound(network(60, seed=9, rings=[ring], long=True))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("count", [45, 60])
def test_labels_never_overlap_in_busy_mixed_networks(count, seed):
    assert_map_is_sound(network(count, seed=100 + seed, long=seed % 2 == 1))


@pytest.mark.parametrize("size", [320, 480])
@pytest.mark.parametrize("count", [8, 16, 30, 60])
def test_labels_never_overlap_in_a_smaller_drawing(count, size):
    root = assert_map_is_sound(network(count, seed=count + size), size=size)
    assert float(root.get("viewBox").split()[2]) <= max(size, 640)


def test_a_small_drawing_keeps_its_size_when_the_labels_fit():
    root = parse(draw_map(network(6, seed=1), title="M", size=320))
    assert root.get("viewBox") == "0 0 320 320"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(labels=st.lists(st.text(min_size=0, max_size=60), min_size=1, max_size=25))
def test_any_labels_at_all_give_valid_xml_and_no_overlaps(labels):
    nodes = [
        node(f"k{i}", label, KINDS[i % 12], RINGS[i % 3], FEELS[i % 3], new=i % 4 == 0)
        for i, label in enumerate(labels)
    ]
    assert_map_is_sound(nodes)


def test_short_labels_are_shown_in_full():
    root = parse(draw_map([node("a", "Mum"), node("b", "Jo", ring="outer")], title="M"))
    assert sorted(text for text, _ in label_boxes(root)) == ["Jo", "Mum"]


def test_crowded_labels_are_shortened_with_the_full_name_kept_in_the_title():
    nodes = network(60, seed=9, rings=["close"], long=True)
    root = parse(draw_map(nodes, title="M"))
    shortened = [t for t, _ in label_boxes(root) if "…" in t]
    assert shortened
    titles = [g.find(f"{SVG}title").text for g in node_groups(root)]
    assert all(any(t.startswith(n.label) for t in titles) for n in nodes)


# Kind, feeling, services, new and ended: never colour alone ----------------------------------


def _shape_of(group: ET.Element) -> tuple[str, tuple, str]:
    """The shape's element, its outline scaled to a unit box (so size and place drop out), fill."""
    shape = next(e for e in group if "cp-map__shape" in e.get("class", ""))
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d", ""))]
    points = list(zip(numbers[::2], numbers[1::2], strict=False))
    if points:
        xs, ys = [x for x, _ in points], [y for _, y in points]
        w, h = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
        points = [(round((x - min(xs)) / w, 1), round((y - min(ys)) / h, 1)) for x, y in points]
    return shape.tag, tuple(points), shape.get("fill")


def test_each_kind_has_its_own_shape_and_colour():
    nodes = [node(k, k, k, RINGS[i % 3]) for i, k in enumerate(KINDS)]
    root = parse(draw_map(nodes, title="M"))
    shapes = {_shape_of(g)[:2] for g in node_groups(root)}
    colours = {_shape_of(g)[2] for g in node_groups(root)}
    assert len(shapes) == len(KINDS) == len(colours)
    assert len({style.shape for style in KIND_STYLES.values()}) == len(KINDS)


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("background", ["#ffffff", *BANDS])
def test_colours_have_enough_contrast(background):
    for style in KIND_STYLES.values():
        assert _contrast(style.colour, background) >= 3  # WCAG 1.4.11, non-text
    assert _contrast(TEXT, background) >= 4.5
    assert _contrast(MUTED, background) >= 4.5


def test_how_it_feels_shows_as_the_line_style():
    nodes = [node(f, f, ring="middle", feels=f) for f in FEELS]
    root = parse(draw_map(nodes, title="M"))
    lines = {
        line.get("class").split("--")[1]: line
        for line in root.iter(f"{SVG}line")
        if "cp-map__line " in line.get("class") + " "
    }
    assert set(lines) == set(FEELS)
    dashes = {f: lines[f].get("stroke-dasharray") for f in FEELS}
    assert dashes["supportive"] is None
    assert len(set(dashes.values())) == 3
    widths = {f: float(lines[f].get("stroke-width")) for f in FEELS}
    assert widths["supportive"] > max(widths["mixed"], widths["difficult"])
    assert len({lines[f].get("stroke") for f in FEELS}) == 1  # the same colour: style says it
    assert len(FEELS_STYLES) == 3


def test_inside_services_shows_as_a_double_outline():
    root = parse(draw_map([node("a", inside=True), node("b", ring="outer")], title="M"))
    inside, outside = node_groups(root)
    assert inside.find(f"{SVG}*[@class='cp-map__outline']") is not None
    assert outside.find(f"{SVG}*[@class='cp-map__outline']") is None
    assert "inside services" in inside.find(f"{SVG}title").text


def test_a_new_connection_has_a_thick_ring_and_the_word_new():
    root = parse(draw_map([node("a", "Sam", new=True), node("b", "Jo", ring="outer")], title="M"))
    new, old = node_groups(root)
    assert new.find(f"{SVG}circle[@class='cp-map__halo']").get("stroke-width") == "2.5"
    assert "".join(new.find(f"{SVG}text").itertext()) == "Sam new"
    assert old.find(f"{SVG}circle[@class='cp-map__halo']") is None


def test_an_ended_connection_is_hollow_dashed_and_has_no_line():
    root = parse(draw_map([node("a", "Sam", ended=True)], title="M"))
    (group,) = node_groups(root)
    shape = next(e for e in group if "cp-map__shape" in e.get("class", ""))
    assert shape.get("fill") == "#ffffff"
    assert shape.get("stroke-dasharray")
    assert "".join(group.find(f"{SVG}text").itertext()) == "Sam ended"
    assert not [line for line in root.iter(f"{SVG}line") if "cp-map__line" in line.get("class")]


# Escaping and valid markup -------------------------------------------------------------------


def test_labels_are_escaped():
    nodes = [node("a", "<script>alert('hi')</script>"), node("b", "Tom & Jerry", ring="middle")]
    svg = draw_map(nodes, title="Ann's <map>", centre_label="Rob & <b>in</b>")
    assert "<script" not in svg
    assert "<b>" not in svg
    root = parse(svg)
    titles = [g.find(f"{SVG}title").text for g in node_groups(root)]
    assert titles[0].startswith("<script>alert('hi')</script>")
    assert titles[1].startswith("Tom & Jerry")
    assert root.find(f"{SVG}title").text == "Ann's <map>"
    assert "Tom & Jerry" in [t for t, _ in label_boxes(root)]


def test_control_characters_and_blank_labels_still_give_valid_xml():
    nodes = [node("a", "Sa\x00m\x1b\n"), node("b", "   ", ring="outer"), node("c", "\ud800x")]
    root = assert_map_is_sound(nodes)
    assert {t for t, _ in label_boxes(root)} == {"Sa m", "?", "x"}


def test_the_svg_is_labelled_by_its_own_title_and_description():
    root = parse(draw_map([node()], title="Robin's map", description="Words", id_prefix="then"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "then-title then-desc"
    assert root.find(f"{SVG}title").get("id") == "then-title"
    assert root.find(f"{SVG}desc").get("id") == "then-desc"
    assert root.find(f"{SVG}desc").text == "Words"
    assert root.get("viewBox") == "0 0 640 640"
    assert root.get("width") is None  # it scales with the page, down to 320px wide


def test_two_maps_on_one_page_have_their_own_ids():
    then = draw_map([node()], title="Then", id_prefix="map-then")
    now = draw_map([node()], title="Now", id_prefix="map-now")
    ids = re.findall(r' id="([^"]+)"', then + now)
    assert len(ids) == len(set(ids)) == 4


@pytest.mark.parametrize("prefix", ["", "1map", 'a"b', "a b", "<x>"])
def test_an_unsafe_id_prefix_is_refused(prefix):
    with pytest.raises(ValueError, match="id_prefix"):
        draw_map([], title="M", id_prefix=prefix)


def test_an_unknown_kind_ring_or_feeling_is_refused():
    with pytest.raises(ValueError, match="unknown"):
        draw_map([node(kind="enemy")], title="M")


def test_text_is_at_least_12px_and_there_are_no_inline_styles():
    svg = draw_map(network(60, seed=5), title="M", centre_label="Alexandra-Josephine")
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes
    assert min(sizes) >= 12
    assert "style=" not in svg


def test_a_long_centre_name_is_shortened_with_the_full_name_in_a_title():
    root = parse(draw_map([], title="M", centre_label="Bartholomew-Maximilian Fotheringham"))
    centre = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "cp-map__centre")
    assert centre.find(f"{SVG}title").text == "Bartholomew-Maximilian Fotheringham"
    assert centre.find(f"{SVG}text").text.endswith("…")


# The empty map and the words -----------------------------------------------------------------


def test_an_empty_map_shows_the_person_and_three_named_rings():
    root = parse(draw_map([], title="Robin's map", centre_label="Robin"))
    assert node_groups(root) == []
    names = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "cp-map__ring-name"]
    assert names == ["Close", "Middle", "Outer"]
    assert len([c for c in root.iter(f"{SVG}circle") if "cp-map__track" in c.get("class", "")]) == 3
    centre = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "cp-map__centre-name"]
    assert centre == ["Robin"]
    assert root.find(f"{SVG}desc").text == (
        "Robin has no connections on the map yet. The three rings are ready."
    )


def test_text_alternative_sums_up_the_map():
    nodes = [
        *[node(f"c{i}", ring="close", inside=i == 0) for i in range(3)],
        *[node(f"m{i}", ring="middle", feels="mixed", new=i < 2, inside=i < 2) for i in range(4)],
        node("o1", ring="outer", feels="difficult"),
    ]
    assert map_text_alternative(nodes, centre_label="Robin") == (
        "Robin has 8 connections: 3 close, 4 in the middle ring and 1 further out. "
        "5 are outside services. How they feel: 3 supportive, 4 mixed and 1 difficult. "
        "2 are new."
    )


@pytest.mark.parametrize(
    ("nodes", "expected"),
    [
        ([node(ring="middle")], "Robin has 1 connection, in the middle ring. "
         "1 is outside services. How it feels: 1 supportive."),
        ([node("a", inside=True), node("b", inside=True)], "Robin has 2 connections, all close. "
         "All of them are part of health and social care services. "
         "How they feel: 2 supportive."),
        ([node("a", ring="outer"), node("b", ring="outer", ended=True)],
         "Robin has 1 connection, further out. 1 is outside services. "
         "How it feels: 1 supportive. 1 connection has ended."),
        ([node("a", ended=True)], "Robin has no connections on the map yet. The three rings are "
         "ready. 1 connection has ended."),
    ],
)  # fmt: skip
def test_text_alternative_reads_well_for_small_maps(nodes, expected):
    assert map_text_alternative(nodes, centre_label="Robin") == expected


def test_text_alternative_without_a_name():
    assert map_text_alternative([], centre_label="").startswith("This person has no connections")


# The legend ----------------------------------------------------------------------------------


def test_the_legend_explains_every_kind_feeling_and_mark():
    groups = {group.key: group for group in legend_items()}
    assert [item.key for item in groups["kind"].items] == KINDS
    assert [item.key for item in groups["feels"].items] == FEELS
    assert [item.key for item in groups["marks"].items] == ["inside", "new", "ended"]
    for group in groups.values():
        for item in group.items:
            assert item.label
            parse(item.swatch)


def test_the_legend_can_show_only_what_a_map_uses():
    groups = {g.key: g for g in legend_items([node(kind="pet", feels="mixed", new=True)])}
    assert [item.key for item in groups["kind"].items] == ["pet"]
    assert [item.key for item in groups["feels"].items] == ["mixed"]
    assert [item.key for item in groups["marks"].items] == ["new"]
    assert legend_items([]) == []


def test_the_legend_partial_shows_each_mark_with_its_words():
    html = render_to_string("network/_map_legend.html", {"legend": legend_items()})
    assert html.count("cp-map-legend__swatch") == 12 + 3 + 3
    assert "Difficult: a dotted line" in html
    assert 'aria-hidden="true"' in html
    assert "<h3" in html


def test_a_kind_swatch_is_its_shape_in_its_colour():
    swatch = kind_swatch("partner")
    assert KIND_STYLES["partner"].colour in swatch
    parse(swatch)
