"""No template holds anything a strict Content Security Policy blocks (issue 15): no inline
script or event handler, no style attribute or style element. Scripts live in static files and
styles in the Sass (assets/scss)."""

from pathlib import Path

import pytest

from tests.inline import inline_bits

ROOT = Path(__file__).resolve().parents[1] / "src" / "connecting_people"
TEMPLATES = sorted(ROOT.glob("**/templates/**/*.html"))
SNAPSHOTS = sorted((Path(__file__).parent / "core" / "snapshots" / "charts").glob("*.svg"))


def test_there_are_templates_and_charts_to_check():
    assert len(TEMPLATES) > 20
    assert len(SNAPSHOTS) > 5


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_inline_script_or_style(template):
    assert inline_bits(template.read_text()) == []


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: p.name)
def test_chart_svg_has_no_inline_style(snapshot):
    assert inline_bits(snapshot.read_text()) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("<script>alert(1)</script>", "inline script"),
        ('<script type="module">import "x";</script>', "inline script"),
        ('<script src="/static/a.js">go()</script>', "inline script"),
        ('<button type="button" onclick="go()">Go</button>', "event handler"),
        ("<body\n    onload='go()'>", "event handler"),
        ('<span class="bar" style="width: 5%"></span>', "style attribute"),
        ("<svg><style>rect { fill: red; }</style></svg>", "style element"),
        ('<div hx-on:click="go()"></div>', "hx-on handler"),
        ('<a href="javascript:go()">Go</a>', "javascript: address"),
    ],
)
def test_the_scan_finds_each_inline_kind(source, found):
    assert [bit.split(":")[0] for bit in inline_bits(source)] == [found.split(":")[0]]


@pytest.mark.parametrize(
    "source",
    [
        '<script src="/static/dist/js/htmx.min.js" defer></script>',
        '<script type="application/json" id="data">{"a": 1}</script>',
        '<p class="govuk-body">Ring them on a Monday: one style suits all.</p>',
        '<button data-cp-print class="govuk-button">Print</button>',
        '<a href="/person/1/">Sam</a>',
        "{# <script>old()</script> #}",
    ],
)
def test_the_scan_lets_external_scripts_and_plain_markup_through(source):
    assert inline_bits(source) == []
