"""The over-time charts: valid, escaped, the same every time, never told apart by colour alone."""

import datetime as dt
import itertools
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from connecting_people.core.charts.line import LABEL_GAP, Series, line_chart
from connecting_people.core.charts.svg import STYLES, nice_top
from connecting_people.network.charts import network_over_time, team_over_time
from connecting_people.network.measures import NetworkState, Node, network_measures

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well-formed


def _chart(**changes):
    fields = {
        "title": "The network over time",
        "description": "From 3 to 9 connections.",
        "x_title": "Snapshot",
        "y_title": "Connections",
        "x_labels": ["1 Jan 2026", "1 Apr 2026", "1 Jul 2026"],
        "series": [
            Series("All connections", (3, 6, 9)),
            Series("Outside services", (1, 2, 4)),
            Series("Supportive", (2, 5, 7)),
        ],
        "id_prefix": "over-time",
        **changes,
    }
    return line_chart(**fields)


def _measures(size, outside, supportive):
    nodes = tuple(
        Node(
            key=str(n),
            kind="friend",
            inside_services=n >= outside,
            ring="close",
            feels="supportive" if n < supportive else "mixed",
        )
        for n in range(size)
    )
    return network_measures(NetworkState(on=dt.date(2026, 1, 1), nodes=nodes))


def test_chart_is_valid_svg_labelled_for_screen_readers():
    root = _parse(_chart().svg())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "over-time-title over-time-desc"
    assert root.find(f"{SVG}title").get("id") == "over-time-title"
    assert root.find(f"{SVG}title").text == "The network over time"
    assert root.find(f"{SVG}desc").text == "From 3 to 9 connections."


def test_chart_labels_its_axes_and_each_line_directly():
    texts = [t.text for t in _parse(_chart().svg()).iter(f"{SVG}text")]
    for words in ("Snapshot", "Connections", "1 Jan 2026", "1 Jul 2026"):
        assert words in texts
    for label in ("All connections", "Outside services", "Supportive"):
        assert label in texts


def test_each_series_differs_by_line_style_and_marker_not_only_colour():
    root = _parse(_chart().svg())
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cp-chart__series"]
    assert len(groups) == 3
    dashes, markers, colours = set(), set(), set()
    for group in groups:
        line = group.find(f"{SVG}polyline")
        dashes.add(line.get("stroke-dasharray"))
        colours.add(line.get("stroke"))
        markers.add(
            tuple(sorted({child.tag for child in group} - {f"{SVG}polyline", f"{SVG}text"}))
        )
    assert len(dashes) == len(colours) == 3
    assert len(markers) == 3  # a circle, a square and a triangle
    assert len({style[2] for style in STYLES}) == len(STYLES)


def test_chart_escapes_every_text():
    svg = _chart(
        title='<script>alert("x")</script>',
        x_labels=["a & b", "<b>", '"quoted"'],
        series=[Series("</text><script>", (1, 2, 3))],
        id_prefix="over-time",
    ).svg()
    assert "<script>" not in svg
    root = _parse(svg)  # still well-formed
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "a & b" in texts
    assert "</text><script>" in texts


def test_chart_is_the_same_every_time():
    assert _chart().svg() == _chart().svg()


def test_direct_labels_never_overlap_even_when_the_lines_end_together():
    chart = _chart(
        series=[Series("One", (1, 5, 5)), Series("Two", (2, 5, 5)), Series("Three", (3, 5, 5))]
    )
    root = _parse(chart.svg())
    ys = sorted(
        float(g.find(f"{SVG}text").get("y"))
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "cp-chart__series"
    )
    assert all(b - a >= LABEL_GAP for a, b in itertools.pairwise(ys))


def test_a_single_point_is_drawn_as_markers_without_lines():
    root = _parse(_chart(x_labels=["1 Jan"], series=[Series("Size", (4,))]).svg())
    assert root.find(f".//{SVG}polyline") is None
    assert root.find(f".//{SVG}circle") is not None


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"series": [Series(str(n), (1, 2, 3)) for n in range(5)]}, "at most 4"),
        ({"series": [Series("Short", (1, 2))]}, "one value for each point"),
        ({"x_labels": [], "series": []}, "at least one point"),
    ],
)
def test_chart_refuses_what_it_cannot_draw_clearly(changes, problem):
    with pytest.raises(ValueError, match=problem):
        _chart(**changes)


@pytest.mark.parametrize(
    ("largest", "top", "step"), [(0, 1, 1), (3, 3, 1), (7, 8, 2), (9, 10, 2), (41, 50, 10)]
)
def test_y_axis_tops_out_at_a_round_number(largest, top, step):
    assert nice_top(largest) == (top, step)


def test_network_over_time_charts_size_outside_and_supportive_with_shares_in_the_table():
    chart = network_over_time(
        [("1 Jan 2026", _measures(9, 4, 6)), ("1 Jul 2026", _measures(10, 6, 8))],
        id_prefix="over-time",
    )
    assert [s.label for s in chart.series] == ["All connections", "Outside services", "Supportive"]
    assert chart.rows() == [
        ("1 Jan 2026", ("9", "4 of 9 (44%)", "6")),
        ("1 Jul 2026", ("10", "6 of 10 (60%)", "8")),
    ]
    assert "9 to 10 connections" in chart.description
    html = render_to_string("network/_chart.html", {"chart": chart})
    assert "4 of 9 (44%)" in html
    assert 'aria-labelledby="over-time-table-caption"' in html


def test_team_over_time_counts_only():
    chart = team_over_time(["Jan 2026", "Feb 2026"], [1, 2], [1, 3])
    assert [s.values for s in chart.series] == [(1, 3), (1, 2)]
    assert "4 new connections outside services" in chart.description
    assert "most people in one month was 2" in chart.description
