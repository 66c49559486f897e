"""The team page and the teams side by side in a real browser, on the demo data: a team lead opens
"Your team" from the menu, follows a number through to the people behind it, shares a person's
story (refused until they agree), and opens the organisation's teams side by side. axe-core at
1280 and 360 px, and nothing scrolls sideways at 360 px but the wide tables, each inside its own
scrolling region."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import serious_accessibility_problems, sign_in

WIDTHS = (1280, 360, 320)


def _checked(page):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        problems = serious_accessibility_problems(page)
        assert problems == [], f"{page.url} at {width}px: {problems}"
        too_wide = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert too_wide <= 0, f"{page.url} scrolls sideways by {too_wide}px at {width}px wide"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_team_lead_opens_the_team_page_and_the_teams_side_by_side(page):
    sign_in(page, "priya@riverside.example")
    page.get_by_role("link", name="Your team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Riverside Community Mental Health Team"
    )
    expect(page.get_by_role("heading", name="What we have been doing")).to_be_visible()
    expect(page.get_by_role("heading", name="Coming up and late")).to_be_visible()
    _checked(page)

    # A number leads to the people behind it: the caseload, filtered the same way.
    page.get_by_role("link", name="See who has a goal review overdue").click()
    page.wait_for_load_state()
    assert "review=overdue" in page.url
    assert "view=team" in page.url
    page.go_back()

    # A story of a new connection, shared once the person agreed, shows on the team page.
    page.get_by_role("link", name=re.compile("^Share the story")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share a story with the team")
    page.get_by_label("Their story, in a few words").fill("We found the walking group together.")
    page.get_by_role("button", name="Share with the team").click()
    expect(page.get_by_text("Ask them first")).to_have_count(2)  # the summary and the field
    page.get_by_label(re.compile("^They have agreed")).check()
    page.get_by_role("button", name="Share with the team").click()
    expect(page.get_by_text("Story kept.")).to_be_visible()
    _checked(page)
    page.get_by_role("link", name="Your team").click()
    expect(page.get_by_text("We found the walking group together.")).to_be_visible()
    _checked(page)

    page.get_by_role("link", name="All the organisation's teams side by side").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Our teams side by side")
    table = page.get_by_role("table", name=re.compile("^What each team did"))
    expect(table.get_by_role("row", name=re.compile("Brookfield Housing Support"))).to_be_visible()
    expect(table.get_by_role("link", name="Riverside Community Mental Health Team")).to_be_visible()
    _checked(page)


def test_from_the_team_page_down_to_a_person_and_on_to_the_reflection(page):
    """The issue's journey: the team page's practice summary, one indicator, the people behind
    it, one person's page with their own figures, then the team's reflection with the same
    indicators beside it."""
    sign_in(page, "priya@riverside.example")
    page.get_by_role("link", name="Your team").click()
    summary = page.locator(".govuk-inset-text", has_text="How fully we practise")
    summary.get_by_role("link", name="Has a network map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Has a network map")
    _checked(page)

    person = page.locator("main ul.govuk-list a").first
    name = person.inner_text().strip()
    person.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.locator("#practice-indicators")).to_contain_text("Has a network map")

    page.goto("/team/reflection/")
    expect(page.get_by_role("link", name="Has a network map").first).to_be_visible()
    _checked(page)
