"""Retake every README screenshot at 1280 and 360 px wide, from a running demo.

`bin/screenshots` (or `make screenshots`) serves a fresh demo and runs this; by hand:

    make run            # in one terminal
    .venv/bin/python docs/take_screenshots.py [BASE_URL]

Each picture is written twice, NAME-1280px.png and NAME-360px.png, into docs/screenshots/: the
same page on a desktop and on a phone (issue 16), as Sam (a practitioner), Priya (a team lead,
for the demo's largest map, Bernie's) and Maya (in her own space). A long page is taken whole on
the desktop and as its first screen on the phone (Maya's home page whole on both). "My plan",
printed, is one picture.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "connecting-people-demo"  # noqa: S105 (the demo's own, printed by `cpi demo`)
SCREENS = {1280: 900, 360: 780}  # width: height of the screen


@dataclass(frozen=True)
class Shot:
    """One README picture: a page (an address, or a name found by `find`), and what of it."""

    name: str
    address: str
    part: str = ""  # a CSS selector: just that element
    start: str = ""  # a CSS selector: from just above it, `height` high
    height: int = 700
    whole: bool = False  # the whole page on the desktop (the phone gets its first screen)
    whole_on_phone: bool = False  # and on the phone too


def _sign_in(browser: Browser, email: str, width: int) -> Page:
    page = browser.new_page(
        base_url=BASE, viewport={"width": width, "height": SCREENS[width]}, locale="en-GB"
    )
    page.goto("/account/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    return page


def _person(page: Page, name: str) -> str:
    """The address of a person's page, found on the team's caseload."""
    page.goto("/people/?view=team&status=all")
    return page.get_by_role("link", name=name, exact=True).get_attribute("href")


def _take(page: Page, shot: Shot, width: int) -> None:
    page.goto(shot.address)
    page.wait_for_load_state("load")
    path = OUT / f"{shot.name}-{width}px.png"
    if shot.part:
        page.locator(shot.part).first.screenshot(path=path)
    elif shot.start:
        top = max(page.locator(shot.start).first.bounding_box()["y"] - 10, 0)
        clip = {"x": 0, "y": top, "width": width, "height": shot.height}
        page.screenshot(path=path, full_page=True, clip=clip)
    else:
        page.screenshot(path=path, full_page=shot.whole_on_phone or (shot.whole and width > 400))


def _staff_shots(page: Page) -> list[Shot]:
    des, maya = _person(page, "Des"), _person(page, "Maya")
    return [
        Shot("caseload", "/"),
        Shot("person", des, whole=True),
        Shot("network-map", des + "network/", part="figure.cp-network-map"),
        Shot("suggestions-ideas", des + "suggestions/#ideas"),
        Shot("suggestions-working", "/people/suggestions/working/", start="main table"),
        Shot("outcomes-change", maya + "measures/change/", start="#change-ons4", height=900),
        Shot("outcomes-report", "/people/measures/report/", part="#group-0"),
        Shot("directory-search", "/directory/?q=garden"),
        Shot("team-page", "/team/", whole=True),
        Shot("indicators", "/team/indicators/"),
        Shot("needs-doing", "/needs-doing/"),
        Shot("todays-session", des + "session/"),
    ]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in SCREENS:
            signed_out = browser.new_page(
                base_url=BASE, viewport={"width": width, "height": SCREENS[width]}
            )
            for shot in (Shot("sign-in", "/account/login/"), Shot("about", "/about/", whole=True)):
                _take(signed_out, shot, width)

            sam = _sign_in(browser, "sam@riverside.example", width)
            for shot in _staff_shots(sam):
                _take(sam, shot, width)
            sam.goto("/directory/?q=garden")
            service = sam.get_by_role("link", name="Quiet gardening mornings").get_attribute("href")
            _take(sam, Shot("directory-service", service, whole=True), width)
            if width == 1280:
                sam.goto(_person(sam, "Des") + "plan/")
                sam.emulate_media(media="print")
                sam.screenshot(path=OUT / "my-plan-print.png", full_page=True)

            # The demo's largest map (Bernie's), as a team lead sees it.
            priya = _sign_in(browser, "priya@riverside.example", width)
            bernie = _person(priya, "Bernie")
            _take(
                priya, Shot("largest-map", bernie + "network/", part="figure.cp-network-map"), width
            )

            # Maya's own space (issue 14): her home page and her plan.
            maya = _sign_in(browser, "maya@riverside.example", width)
            _take(maya, Shot("own-space-home", "/my/", whole=True, whole_on_phone=True), width)
            _take(maya, Shot("own-space-plan", "/my/plan/"), width)
            for page in (signed_out, sam, priya, maya):
                page.close()
        browser.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
