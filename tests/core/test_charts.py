"""Every chart the app draws, with fixed inputs, compared byte for byte with a saved SVG.

The snapshots in tests/core/snapshots/charts/ were taken from the chart code before it became one
kit in core; a change to any chart's output fails here. When a change is meant (a new font, say),
run `CHART_SNAPSHOTS=update make test PYTEST_ARGS="tests/core/test_charts.py"`, look at the
difference in git and commit it with the change.
"""

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from connecting_people.core.charts import (
    ChangeChart,
    ChangeRow,
    ScoreChart,
    Series,
    band_areas,
    line_chart,
)
from connecting_people.core.charts.svg import FONT_FAMILY, TYPE_SCALE
from connecting_people.network.charts import network_over_time, team_over_time
from connecting_people.network.measures import NetworkState, Node, network_measures

SNAPSHOTS = Path(__file__).parent / "snapshots" / "charts"


def _measures(size, outside, supportive, on=dt.date(2026, 1, 1)):
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
    return network_measures(NetworkState(on=on, nodes=nodes))


def _dates(*days):
    return tuple(dt.date.fromisoformat(day) for day in days)


def _months(count):
    return tuple(dt.date(2024 + (m // 12), m % 12 + 1, 15) for m in range(count))


CHARTS = {
    "network-over-time": lambda: network_over_time(
        [
            ("1 Jan 2026", _measures(3, 1, 2)),
            ("1 Apr 2026", _measures(6, 2, 5)),
            ("1 Jul 2026", _measures(9, 4, 7)),
            ("1 Oct 2026", _measures(8, 4, 8)),
        ],
        id_prefix="over-time",
    ),
    "network-over-time-one-snapshot": lambda: network_over_time(
        [("12 Mar 2026", _measures(1, 1, 0))], id_prefix="single"
    ),
    "network-over-time-empty": lambda: network_over_time(
        [("1 Jan 2026", _measures(0, 0, 0)), ("2 Jan 2026", _measures(0, 0, 0))],
        id_prefix="empty",
    ),
    "team-over-time": lambda: team_over_time(
        [f"{month} 2026" for month in ("Jan", "Feb", "Mar", "Apr", "May", "Jun")]
        + [f"{month} 2026" for month in ("Jul", "Aug", "Sep", "Oct", "Nov", "Dec")],
        [0, 1, 3, 2, 2, 5, 4, 4, 6, 3, 7, 1],
        [0, 1, 4, 2, 3, 9, 6, 5, 11, 3, 12, 1],
    ),
    "team-over-time-two-years": lambda: team_over_time(
        [f"Month number {n}" for n in range(24)],
        [n % 7 for n in range(24)],
        [n * 13 for n in range(24)],
    ),
    "line-four-series-escaped": lambda: line_chart(
        title='<script>alert("x")</script> & more',
        description="Four lines that end together, one with a long name.",
        x_title="When & where",
        y_title='"Count"',
        x_labels=["a & b", "<b>", '"quoted"', "it's"],
        series=[
            Series("</text><script>", (1, 2.5, 5, 5)),
            Series("Two", (2, 2.25, 5, 5)),
            Series("A very long label that runs on and on past the margin", (3, 4, 5, 5)),
            Series("Four", (0, 0.5, 5, 5), ("none", "half", "five", "five")),
        ],
        id_prefix="escaped",
    ),
    "line-large-values": lambda: line_chart(
        title="Large",
        description="Values past the table of round steps.",
        x_title="X",
        y_title="Y",
        x_labels=["one", "two", "three"],
        series=[Series("Big", (1234.5, 8000, 7321)), Series("Small", (0, 10, 20))],
        id_prefix="large",
    ),
    "line-single-point": lambda: line_chart(
        title="One",
        description="A single point.",
        x_title="X",
        y_title="Y",
        x_labels=["1 Jan"],
        series=[Series("Size", (4,)), Series("Other", (7,))],
    ),
    "score-with-bands": lambda: ScoreChart(
        id_prefix="chart-ons4-anxious",
        title="How anxious you felt yesterday",
        description="Anxious (from 0 to 10, lower is better). 6 on 1 January 2026.",
        x_title="Date taken",
        low=0,
        high=10,
        dates=_dates("2026-01-01", "2026-02-14", "2026-04-01", "2026-07-01"),
        values=(6.0, None, 4.0, 2.5),
        bands=tuple(
            band_areas(
                [("Very low", 0, 1), ("Low", 2, 3), ("Medium", 4, 5), ("High", 6, 10)], 0, 10
            )
        ),
        style=3,
    ),
    "score-one-date": lambda: ScoreChart(
        id_prefix="chart-one",
        title="A & B <score>",
        description='One "value".',
        x_title="Date taken",
        low=3,
        high=9,
        dates=_dates("2026-03-05"),
        values=(5.0,),
        style=1,
    ),
    "score-many-dates": lambda: ScoreChart(
        id_prefix="chart-many",
        title="Monthly",
        description="Two years of monthly scores on a wide scale.",
        x_title="Date taken",
        low=-20,
        high=80,
        dates=_months(24),
        values=tuple(float((n * 7) % 60) for n in range(24)),
        bands=tuple(band_areas([("Below", -20, 19), ("Above & beyond", 21, 80)], -20, 80)),
        style=6,
    ),
    "score-one-value-of-two": lambda: ScoreChart(
        id_prefix="chart-gap",
        title="Gap",
        description="Only the second was worked out.",
        x_title="Date taken",
        low=0,
        high=1,
        dates=_dates("2026-01-01", "2026-01-01"),
        values=(None, 0.5),
        style=0,
    ),
    "change-rows": lambda: ChangeChart(
        id_prefix="change-0",
        title="Wellbeing: mean change from baseline",
        description="Five measures & their change.",
        x_title="Mean change from baseline (points)",
        rows=(
            ChangeRow("Satisfied", 1.25, 0.5, 2.0, ""),
            ChangeRow("Worthwhile <b>", -0.75, -1.5, 0.1, ""),
            ChangeRow("Happy", None, None, None, "Too few people to say"),
            ChangeRow("Anxious", -2.4, None, None, ""),
            ChangeRow("Lonely", 0.0, -0.25, 0.25, ""),
        ),
    ),
    "change-wide-reach": lambda: ChangeChart(
        id_prefix="change-1",
        title="Scores",
        description="Far out.",
        x_title="Mean change",
        rows=(ChangeRow("Total", 140.0, 90.5, 230.25, ""),),
    ),
    "change-small": lambda: ChangeChart(
        id_prefix="change-2",
        title="Small",
        description="Near zero.",
        x_title="Mean change",
        rows=(ChangeRow("Total", 0.1, -0.2, 0.4, ""),),
    ),
}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_svg_matches_its_snapshot(name):
    svg = str(CHARTS[name]().svg())
    path = SNAPSHOTS / f"{name}.svg"
    if os.environ.get("CHART_SNAPSHOTS") == "update":
        path.write_text(svg, encoding="utf-8")
    assert svg == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chart_names_the_products_font_and_sizes_its_words_on_the_type_scale(name):
    """Words inside an SVG do not take the page's font from GOV.UK Frontend's classes: without
    its own font-family a chart fell back to the browser's default serif (issue 16)."""
    svg = str(CHARTS[name]().svg())
    assert f'font-family="{FONT_FAMILY}"' in svg.split(">", 1)[0]
    sizes = {int(float(s)) for s in re.findall(r'font-size="([\d.]+)"', svg)}
    assert sizes <= set(TYPE_SCALE.values())
