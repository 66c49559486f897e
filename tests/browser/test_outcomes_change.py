"""Change over time in a real browser: a demo practitioner opens Maya (who has questionnaires at
the start, 3 and 6 months in the demo) from her page, sees the charts with their bands and what
changed in words, then the team report with the number of people and the confidence intervals.
Both pages are checked with axe-core and must fit a 320 px screen."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import open_section, serious_accessibility_problems, sign_in

PERSON = "Maya"  # the demo's showcase for questionnaires (demo/outcomes.py)


def _checked(page):
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{page.url}: {problems}"
    page.set_viewport_size({"width": 320, "height": 800})
    too_wide = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.set_viewport_size({"width": 1024, "height": 800})
    assert too_wide <= 0, f"{page.url} scrolls sideways by {too_wide}px at 320px wide"


def test_seeing_change_for_a_person_and_for_the_team(page):
    sign_in(page, "sam@riverside.example")
    page.goto("/people/?view=team&status=all")
    page.get_by_role("link", name=PERSON, exact=True).click()
    open_section(page, "review")
    page.locator("#questionnaires").get_by_role("link", name="See how things have changed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How things have changed")

    wellbeing = page.locator("#change-ons4")
    expect(wellbeing.get_by_role("img", name="Life satisfaction")).to_be_visible()
    expect(wellbeing.get_by_role("img", name="Anxiety yesterday (lower is better)")).to_be_visible()
    expect(wellbeing.locator("svg rect").first).to_be_attached()  # the bands
    expect(wellbeing).to_contain_text("Very high")
    expect(wellbeing.locator(".cp-change__words")).to_contain_text(
        re.compile(r"Your life satisfaction score (went from|was)")
    )
    expect(wellbeing.locator(".cp-change__words")).to_contain_text("For anxiety, lower is better.")
    expect(wellbeing.get_by_role("table")).to_contain_text("Date taken")
    expect(page.locator("#change-ucla3 .cp-change__words")).to_contain_text(
        re.compile(r"You said you felt left out (less|more|about as) often")
    )
    _checked(page)

    page.goto("/people/measures/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change since the start")
    expect(page.get_by_role("status")).to_contain_text("have a baseline and a follow-up")
    table = page.locator("#group-0 table, section:has(h2:text('Personal wellbeing')) table").first
    expect(table).to_contain_text("95% confidence interval")
    expect(
        page.get_by_role("img", name=re.compile("mean change from baseline")).first
    ).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Life satisfaction")).first).to_contain_text(
        re.compile(r"\d+\.\d\d to [+\u2212]?\d")
    )
    _checked(page)

    # The period form: a baseline after today leaves nobody, and says so.
    page.get_by_label("Baseline taken from").fill("1/1/2099")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("status")).to_contain_text("0 people")
