"""Every list page on a phone and on a desktop (issue 16 §3, §4), on the demo data, in one browser
page: at 320, 360 and 1280 px no table cell is narrower than its longest word, the page is never
wider than the screen, a table wider than its box scrolls inside its own region with its key
column held in place (and at 1280 no table scrolls at all). On the network map's page the
labels show at least at the body text size (16 px at 1280, 14 px at 360), in the product's font,
with no line from the person through any label; a tap on a person goes to their row.

The pages come from URL names; a person's pages are Bernie's, whose map is the demo's largest.
"""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import serious_accessibility_problems, sign_in

WIDTHS = (320, 360, 1280)
WIDE = 1000  # at and above this width no table should need to scroll

# (URL name, its person's argument, if it is about one, and a query string).
LIST_PAGES = [
    ("practice:caseload", None, "?view=team"),
    ("reminders:list", None, ""),
    ("directory:to_check", None, ""),
    ("team:page", None, ""),
    ("team:organisation", None, ""),
    ("indicators:team", None, ""),
    ("reflection:overview", None, ""),
    ("trail:search", None, "?person={pk}"),
    ("erasure:waiting", None, ""),
    ("directory:browse", None, ""),
    ("directory:suggestions", None, ""),
    ("directory:connectors", None, ""),
    ("directory:terms", None, ""),
    ("outcomes:report", None, ""),
    ("outcomes:schedule", None, ""),
    ("suggestions_team:working", None, ""),
    ("network:team", None, ""),
    ("accounts:organisations", None, ""),
    ("practice:looked", "pk", ""),
    ("practice:history", "pk", ""),
    ("plans:contacts", "person_pk", ""),
    ("network:map", "person_pk", ""),
    ("network:compare", "person_pk", ""),
    ("outcomes:page", "person_pk", ""),
    ("outcomes:change", "person_pk", ""),
    ("practice:updates", "pk", ""),
    ("team:stories", "person_pk", ""),
    ("suggestions:page", "person_pk", ""),
    ("indicators:worker", "user_pk", ""),
    ("accounts:team", "team_pk", ""),
]

# The person's own pages (issue 14), for Maya, who has her own account in the demo.
PORTAL_PAGES = [
    "portal:home",
    "portal:plan",
    "portal:map",
    "portal:ideas",
    "portal:questionnaires",
    "portal:who_looked",
    "portal:meetings",
    "portal:moving_on",
]

# Run in the page: what is wrong with its tables and width, one line each.
MEASURE = """(wide) => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    problems.push(`the page is ${root.scrollWidth}px wide on a ${window.innerWidth}px screen`);
  }
  const ink = document.createElement("canvas").getContext("2d");
  const pieces = (text) => text.split(/\\s+|(?<=[-\\u2013\\u2014\\/])/).filter(Boolean);
  const widest = (text, style) => {
    ink.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    return pieces(text).reduce((best, word) => {
      const width = ink.measureText(word).width;
      return width > best[0] ? [width, word] : best;
    }, [0, ""]);
  };
  const tiny = (el) => el && el.getBoundingClientRect().width <= 1;
  for (const cell of document.querySelectorAll("main td, main th")) {
    // Not shown, or visually hidden (the header row of a stacked table is there to be read out).
    if (!cell.getClientRects().length) continue;
    if ([cell, cell.parentElement, cell.closest("thead")].some(tiny)) continue;
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    let most = [0, ""];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const parent = walker.currentNode.parentElement;
      if (parent.closest(".govuk-visually-hidden")) continue;
      const found = widest(walker.currentNode.data, getComputedStyle(parent));
      if (found[0] > most[0]) most = found;
    }
    const label = getComputedStyle(cell, "::before");
    if (label.content.startsWith('"')) {
      const found = widest(JSON.parse(label.content), label);
      if (found[0] > most[0]) most = found;
    }
    if (most[0] > room + 1) {
      problems.push(`"${most[1]}" (${Math.round(most[0])}px) in a ${Math.round(room)}px cell`);
    }
  }
  for (const box of document.querySelectorAll("main .cp-table-scroll")) {
    if (box.scrollWidth <= box.clientWidth + 1) continue;
    const name = box.getAttribute("aria-label") || box.getAttribute("aria-labelledby");
    if (wide) problems.push(`a table scrolls sideways on a wide screen (${name})`);
    else if (!box.querySelector(".cp-table--key")) {
      problems.push(`a table scrolls sideways with no key column held in place (${name})`);
    }
  }
  return problems;
}"""

# Run on the map's page: the map shown, its labels' sizes on the screen and their font, and each
# label crossed by a line from the person (measured with the browser's own text boxes).
MAP = """() => {
  const svg = [...document.querySelectorAll("svg.cp-map")].find((s) => s.getClientRects().length);
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const labels = [...svg.querySelectorAll("text.cp-map__label")];
  const lines = [...svg.querySelectorAll("line.cp-map__line")].map((l) =>
    ["x1", "y1", "x2", "y2"].map((k) => l[k].baseVal.value));
  const meets = ([x1, y1, x2, y2], b) => {
    let low = 0, high = 1;
    const dx = x2 - x1, dy = y2 - y1;
    for (const [p, q] of [[-dx, x1 - b.x], [dx, b.x + b.width - x1],
                          [-dy, y1 - b.y], [dy, b.y + b.height - y1]]) {
      if (p === 0) { if (q < 0) return false; continue; }
      const t = q / p;
      if (p < 0) low = Math.max(low, t); else high = Math.min(high, t);
      if (low > high) return false;
    }
    return true;
  };
  return {
    sizes: labels.map((t) => parseFloat(t.getAttribute("font-size")) * scale),
    fonts: [...new Set(labels.map((t) => getComputedStyle(t).fontFamily))],
    crossed: labels.filter((t) => lines.some((l) => meets(l, t.getBBox())))
      .map((t) => t.textContent),
    cut: labels.filter((t) => t.textContent.includes("\\u2026")).map((t) => t.textContent),
  };
}"""


def _bernie(page) -> int:
    page.goto(reverse("practice:caseload") + "?view=team")
    href = page.get_by_role("link", name="Bernie", exact=True).get_attribute("href")
    return int(href.strip("/").split("/")[-1])


def _pk_in_link(page, pattern: str) -> int:
    """The number just after `pattern` in the first link on the page that has one there."""
    for href in page.locator(f"a[href*='{pattern}']").evaluate_all("a => a.map(l => l.href)"):
        found = re.search(re.escape(pattern) + r"(\d+)/", href)
        if found:
            return int(found.group(1))
    raise AssertionError(f"no link to {pattern}N/ on {page.url}")


def _arguments(page) -> dict[str, int]:
    """Each URL argument's value: Bernie, Sam's own indicators, and Priya's team."""
    page.goto(reverse("indicators:team"))
    worker = _pk_in_link(page, "/indicators/workers/")
    page.goto(reverse("team:page"))
    team = _pk_in_link(page, "/teams/")
    pk = _bernie(page)
    return {"pk": pk, "person_pk": pk, "user_pk": worker, "team_pk": team}


def _address(name: str, argument: str | None, query: str, values: dict[str, int]) -> str:
    pk = values["pk"]
    kwargs = {("pk" if argument == "team_pk" else argument): values[argument]} if argument else {}
    return reverse(name, kwargs=kwargs) + query.format(pk=pk)


def _measure_every_width(page, addresses: list[tuple[str, str]]) -> list[str]:
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name, address in addresses:
            response = page.goto(address)
            assert response.ok, f"{name} answered {response.status}"
            problems += [f"{name} at {width}px: {p}" for p in page.evaluate(MEASURE, width >= WIDE)]
    return problems


def test_every_list_page_fits_a_phone_and_a_desktop_with_no_word_broken(page):
    sign_in(page, "priya@riverside.example")
    values = _arguments(page)
    addresses = [(name, _address(name, *rest, values)) for name, *rest in LIST_PAGES]
    assert _measure_every_width(page, addresses) == []


def test_the_persons_own_pages_fit_a_phone_and_a_desktop_with_no_word_broken(page):
    sign_in(page, "maya@riverside.example")
    addresses = [(name, reverse(name)) for name in PORTAL_PAGES]
    assert _measure_every_width(page, addresses) == []


def test_the_map_reads_well_at_1280_and_on_a_phone_and_a_tap_shows_the_person(page):
    sign_in(page, "priya@riverside.example")
    map_url = reverse("network:map", kwargs={"person_pk": _bernie(page)})
    for width, least in ((1280, 16.0), (360, 14.0)):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(map_url)
        found = page.evaluate(MAP)
        assert min(found["sizes"]) >= least, f"labels at {width}px: {found['sizes']}"
        assert all("serif" not in font.split(",")[0] for font in found["fonts"]), found["fonts"]
        assert found["crossed"] == [], f"lines through labels at {width}px"
        assert found["cut"] == [], f"names cut short at {width}px"
        assert serious_accessibility_problems(page) == []

    # On the phone, a tap on a person on the map goes to their row, with all they are.
    page.locator(".cp-map-at--phone a.cp-map__link").first.locator("rect").last.click()
    row = page.locator(".cp-connections tbody tr:target")
    expect(row).to_be_visible()
    expect(row.locator("th")).not_to_be_empty()


# Run on a page: each map shown on it, with its labels' smallest size on the screen.
SMALL_MAPS = """() => [...document.querySelectorAll("main svg.cp-map")]
  .filter((svg) => svg.getClientRects().length)
  .map((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const labels = [...svg.querySelectorAll("text.cp-map__label")];
    return {
      map: svg.getAttribute("aria-labelledby").split(" ")[0],
      smallest: Math.min(...labels.map((t) => parseFloat(t.getAttribute("font-size")) * scale)),
      labels: labels.length,
    };
  })"""


OPEN_EVERY_FOLD = "() => document.querySelectorAll('main details').forEach((d) => (d.open = true))"


def test_the_smaller_maps_show_their_labels_at_the_body_text_size(page):
    """Then and now, a snapshot, the person's page's map and the person's own map: at 1280 the
    labels show at least at 16px, on a phone (360) at least at 14px, as on the map's own page."""
    sign_in(page, "priya@riverside.example")
    bernie = _bernie(page)
    page.goto(reverse("network:map", kwargs={"person_pk": bernie}))
    snapshot = _pk_in_link(page, "/network/snapshots/")
    addresses = [
        reverse("network:compare", kwargs={"person_pk": bernie}),
        reverse("network:snapshot", kwargs={"person_pk": bernie, "pk": snapshot}),
        reverse("practice:person", kwargs={"pk": bernie}),
    ]
    found = _too_small(page, addresses)
    page.context.clear_cookies()
    sign_in(page, "maya@riverside.example")
    found += _too_small(page, [reverse("portal:map")])
    assert found == []


def _too_small(page, addresses: list[str]) -> list:
    found = []
    for width, least in ((1280, 16.0), (360, 14.0)):
        page.set_viewport_size({"width": width, "height": 800})
        for address in addresses:
            page.goto(address)
            page.evaluate(OPEN_EVERY_FOLD)
            maps = page.evaluate(SMALL_MAPS)
            assert maps, f"no map shown on {address} at {width}px"
            found += [(address, width, m) for m in maps if m["smallest"] < least]
            assert all(m["labels"] for m in maps), maps
    return found
