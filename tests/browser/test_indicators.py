"""The practice indicators in a real browser, on the demo data: a team lead goes from the team's
network figures to every indicator, drills into one down to a person, and finds the panel on
their page. Checked with axe-core at 1280 and 360 px wide, and nothing scrolls sideways."""

import os
import re

from playwright.sync_api import expect

from tests.browser.conftest import serious_accessibility_problems, sign_in

SHOTS = os.environ.get("CPI_SCREENSHOTS")  # a folder: save each screen at both widths


def _checked(page, name):
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        problems = serious_accessibility_problems(page)
        assert problems == [], f"{page.url} at {width}px: {problems}"
        too_wide = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert too_wide <= 0, f"{page.url} scrolls sideways by {too_wide}px at {width}px wide"
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_lead_drills_from_the_indicators_down_to_a_person(page):
    sign_in(page, "priya@riverside.example")
    page.goto("/people/network/")
    page.get_by_role("link", name=re.compile("^How fully we practise")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How fully we practise")
    expect(
        page.get_by_text("not the research study's fidelity scale", exact=False)
    ).to_be_attached()
    _checked(page, "indicators-team")

    page.get_by_role("link", name="Has a network map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Has a network map")
    _checked(page, "indicators-detail")

    person = page.locator("main ul.govuk-list a").first
    name = person.inner_text().strip()
    person.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    panel = page.locator("#practice-indicators")
    expect(panel.get_by_role("heading", name="How fully we are working together")).to_be_visible()
    expect(panel.locator(".govuk-summary-list").get_by_text("Has a network map")).to_be_visible()
