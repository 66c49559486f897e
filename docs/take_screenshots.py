"""Retake the README's screenshots from a running server (default http://127.0.0.1:8000).

make run            # in one terminal
.venv/bin/python docs/take_screenshots.py [BASE_URL]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = browser.new_page(base_url=BASE, viewport={"width": 1100, "height": 800})
    page.goto("/account/login/")
    page.screenshot(path=OUT / "sign-in.png")
    page.get_by_label("Email address").fill("sam@riverside.example")
    page.get_by_label("Password").fill("connecting-people-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    page.screenshot(path=OUT / "caseload.png")
    page.get_by_role("link", name="Des", exact=True).click()
    page.screenshot(path=OUT / "person.png", full_page=True)
    person_url = page.url
    page.goto(person_url + "network/")
    page.locator("figure").first.screenshot(path=OUT / "network-map.png")
    page.goto(person_url + "suggestions/#ideas")
    page.screenshot(path=OUT / "suggestions-ideas.png")
    page.goto("/people/suggestions/working/")
    table = page.locator("table").first.bounding_box()
    page.screenshot(
        path=OUT / "suggestions-working.png",
        full_page=True,
        clip={"x": 0, "y": table["y"] - 80, "width": 1100, "height": 700},
    )
    page.goto("/people/?view=team&status=all")
    page.get_by_role("link", name="Maya", exact=True).click()
    page.goto(page.url + "measures/change/")
    section = page.locator("#change-ons4").bounding_box()
    page.screenshot(
        path=OUT / "outcomes-change.png",
        full_page=True,
        clip={"x": 0, "y": section["y"] - 10, "width": 1100, "height": 900},
    )
    page.goto("/people/measures/report/")
    page.locator("#group-0").screenshot(path=OUT / "outcomes-report.png")
    page.goto(person_url + "plan/")
    page.emulate_media(media="print")
    page.screenshot(path=OUT / "my-plan-print.png", full_page=True)
    page.emulate_media(media="screen")
    page.goto("/directory/?q=garden")
    page.screenshot(path=OUT / "directory-search.png")
    page.get_by_role("link", name="Quiet gardening mornings").click()
    page.screenshot(path=OUT / "directory-service.png", full_page=True)
    page.goto("/about/")
    page.screenshot(path=OUT / "about.png", full_page=True)
    page.goto("/team/")
    page.screenshot(path=OUT / "team-page.png", full_page=True)
    page.goto("/team/indicators/")
    page.screenshot(path=OUT / "indicators.png")
    page.goto("/needs-doing/")
    page.screenshot(path=OUT / "needs-doing.png")
    page.goto(person_url + "session/")
    page.screenshot(path=OUT / "todays-session.png")
    phone = browser.new_page(base_url=BASE, viewport={"width": 320, "height": 640})
    phone.goto("/about/")
    phone.screenshot(path=OUT / "about-320px.png")
    # The demo's largest map (Bernie's), as a team lead sees it on a desktop and on a phone.
    for width in (1280, 360):
        shown = browser.new_page(base_url=BASE, viewport={"width": width, "height": 900})
        shown.goto("/account/login/")
        shown.get_by_label("Email address").fill("priya@riverside.example")
        shown.get_by_label("Password").fill("connecting-people-demo")
        shown.get_by_role("button", name="Sign in").click()
        shown.wait_for_url("**/")
        shown.goto("/people/?view=team")
        shown.get_by_role("link", name="Bernie", exact=True).click()
        shown.goto(shown.url + "network/")
        shown.locator("figure.cp-network-map").screenshot(path=OUT / f"network-map-{width}px.png")
    # Maya's own space (issue 14) on a phone: her home page and her plan.
    own = browser.new_page(base_url=BASE, viewport={"width": 360, "height": 780})
    own.goto("/my/sign-in/")
    own.get_by_label("Your email address or sign-in name").fill("maya@riverside.example")
    own.get_by_label("Your password").fill("connecting-people-demo")
    own.get_by_role("button", name="Sign in", exact=True).click()
    own.wait_for_url("**/my/")
    own.screenshot(path=OUT / "own-space-home-360px.png", full_page=True)
    own.goto("/my/plan/")
    own.screenshot(path=OUT / "own-space-plan-360px.png")
    browser.close()
print(f"screenshots written to {OUT}")
