"""axe-core on every page, at 320, 360 and 1280 px (issue 16, Quality).

Each member of the demo who works in it (a team lead, a practitioner, an evaluator) and a person
in their own space signs in, and the test walks every page they can reach by following the links
on the pages they see, from their home page and a few starting points. A page is opened once per
kind of address (the numbers in it and the order of its query stripped), so the walk stays quick:
one browser, one page, each address once per width. Signed out, the sign-in pages and the public
statements; and the error pages (404, 403, a form sent without its security check, one too big).

A page fails on any serious or critical finding, on content outside a landmark ("region") and on
a heading level skipped ("heading-order", only "moderate" to axe, but it leaves a gap in the
outline people move around by). Its title and main heading, as shown, must be in sentence case
(tests/sentence_case.py; the names the page shows in its links and cells count as proper nouns).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from playwright.sync_api import expect

from connecting_people_demo.builders import DEMO_DOMAIN
from tests.browser.conftest import sign_in
from tests.sentence_case import title_case_words

WIDTHS = (320, 360, 1280)
ALWAYS = {"region", "heading-order"}
# No page is walked twice for each of these; more pages than this for one member is a walk gone
# astray (a link in every row of a long list that the pattern does not fold together).
MOST_PAGES = 120

# Addresses never opened: signing out, downloads, the admin, the JSON API, the health check.
NOT_PAGES = re.compile(
    r"^/(account/logout|admin|api|healthz|static|media|__)"
    r"|/export/|/download/|/subject-access/|\.(csv|json|pdf|zip|svg|png)$"
)

# Where each member starts, beyond the links on their home page.
STAFF_STARTS = ["/", "/people/?view=team", "/account/settings/"]
PERSON_STARTS = ["/my/"]
SIGNED_OUT = [
    "/account/login/",
    "/account/password/reset/",
    "/my/sign-in/",
    "/my/start/",
    "/about/",
    "/privacy/",
    "/accessibility/",
]

# The page's title and main heading, and the names it shows in its links, cells, captions and
# banner, and in its form's boxes (a person's, a team's, a connection's: proper nouns a title
# may hold).
TITLES = """() => ({
  titles: [document.title.split(" \u2013 ").slice(0, -1).join(" \u2013 ") || document.title,
           ...[...document.querySelectorAll("h1")].map((h) => h.textContent)],
  names: [...document.querySelectorAll(
    "header, main a, main td, main th[scope=row], main dd, main [class*=caption], main option"
  )].map((e) => e.textContent).concat(
    [...document.querySelectorAll("main input")].map((e) => e.value)
  ).join(" ").match(/[A-Z][\\w'\u2019.-]*/g) || [],
})"""

LINKS = """() => [...document.querySelectorAll("a[href]")]
  .map((a) => new URL(a.getAttribute("href"), location.href))
  .filter((u) => u.origin === location.origin)
  .map((u) => u.pathname + u.search)"""

# A form sent without its security check, or one too big for the server: the answer is drawn in
# the page as the browser would after sending it.
SEND = """async ([path, size]) => {
  const body = new URLSearchParams({ words: "x".repeat(size) });
  const answer = await fetch(path, { method: "POST", body, credentials: "same-origin" });
  const html = await answer.text();
  document.open(); document.write(html); document.close();
  return answer.status;
}"""


# An answer drawn here, shown in the served page as if the server had sent it.
SHOW = "(html) => { document.open(); document.write(html); document.close(); }"


def _kind_of(address: str) -> str:
    """The kind of page an address is: its path with every number as N, and its query's names
    (so each person's page, or each sort order of a list, counts once)."""
    parts = urlsplit(address)
    names = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(names) if names else "")


def _problems(page) -> list[str]:
    """axe's findings that fail the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v["impact"] in {"serious", "critical"} or v["id"] in ALWAYS
    ]


def _check_at_every_width(page, address: str) -> tuple[list[str], list[str]]:
    """Open the address at each width; return its problems and the links on it (from the last,
    widest, page), or nothing when it is not a page of ours."""
    problems: list[str] = []
    links: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto(address)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            return [], []
        problems += [f"{address} at {width}px: {p}" for p in _problems(page)]
        links = page.evaluate(LINKS)
    return problems + _not_in_sentence_case(page, address), links


def _not_in_sentence_case(page, address: str) -> list[str]:
    """The page's title and main heading as shown, in sentence case (issue 16 §7)."""
    shown = page.evaluate(TITLES)
    return [
        f"{address}: the title {title!r} is not in sentence case ({words})"
        for title in shown["titles"]
        if (words := title_case_words(" ".join(title.split()), shown["names"]))
    ]


def _walk(page, starts: Iterable[str], seen: set[str]) -> tuple[list[str], int]:
    """Every page reachable from `starts` by links, each kind once (`seen` is shared between
    members, so a page one has checked is not checked again); the problems and how many pages."""
    queue = list(starts)
    problems: list[str] = []
    opened = 0
    while queue and opened < MOST_PAGES:
        address = queue.pop(0)
        kind = _kind_of(address)
        if kind in seen or NOT_PAGES.search(urlsplit(address).path):
            continue
        seen.add(kind)
        opened += 1
        found, links = _check_at_every_width(page, address)
        problems += found
        queue += [link for link in links if _kind_of(link) not in seen]
    return problems, opened


def test_every_page_every_member_reaches_has_no_serious_accessibility_problems(browser, served):
    seen: set[str] = set()
    problems: list[str] = []
    opened: dict[str, int] = {}
    members = [
        ("priya", STAFF_STARTS),
        ("sam", STAFF_STARTS),
        ("ellis", STAFF_STARTS),
        ("maya", PERSON_STARTS),
    ]
    for who, starts in members:
        context = browser.new_context(base_url=served, locale="en-GB")
        page = context.new_page()
        sign_in(page, f"{who}@{DEMO_DOMAIN}")
        found, opened[who] = _walk(page, starts, seen)
        problems += found
        if who == "sam":
            problems += _refused(page)
        context.close()

    context = browser.new_context(base_url=served, locale="en-GB")
    page = context.new_page()
    found, opened["signed out"] = _walk(page, SIGNED_OUT, seen)
    problems += found
    problems += _error_pages(page)
    context.close()

    # The walk reached the pages it is meant to (a broken sign-in would pass with none).
    assert opened["priya"] > 40, opened
    assert opened["maya"] > 8, opened
    assert problems == [], "\n".join(problems)


def _refused(page) -> list[str]:
    """The page saying no (403): a practitioner asking to add someone to their team."""
    page.goto("/team/")
    team = re.search(
        r"/teams/(\d+)/", page.locator("main a[href*='/teams/']").first.get_attribute("href")
    )
    problems: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto(f"/teams/{team.group(1)}/members/add/")
        assert response.status == 403
        problems += [f"403 at {width}px: {p}" for p in _problems(page)]
    return problems


def _error_pages(page) -> list[str]:
    """The error pages at every width: a missing page (404), a form sent without its security
    check (403) and one too big for the server (413); and the two no request of ours can cause,
    a request that could not be read (400) and our own fault (500), drawn by their handlers
    here and shown in the served page, with its styles."""
    from django.test import RequestFactory

    from connecting_people.core import errors

    drawn = {
        400: errors.bad_request(RequestFactory().get("/"), ValueError("unreadable")),
        500: errors.server_error(RequestFactory().get("/")),
    }
    problems: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto("/no-such-page/")
        assert response.status == 404
        problems += [f"404 at {width}px: {p}" for p in _problems(page)]
        for size, status in ((10, 403), (3_000_000, 413)):
            page.goto("/account/login/")
            assert page.evaluate(SEND, ["/account/login/", size]) == status
            problems += [f"{status} at {width}px: {p}" for p in _problems(page)]
        for status, answer in drawn.items():
            assert answer.status_code == status
            page.goto("/account/login/")
            page.evaluate(SHOW, answer.content.decode())
            expect(page.locator("h1")).to_be_visible()
            problems += [f"{status} at {width}px: {p}" for p in _problems(page)]
    return problems
