"""Community connectors in a real browser: add one (after a mistake), find it on the team's list,
mark it checked today, say they are no longer going. Every page is checked with axe-core and must
fit a 320 px wide screen."""

from playwright.sync_api import expect

from tests.browser.conftest import serious_accessibility_problems

LIST = "/directory/connectors/"


def _accessible(page):
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{page.url}: {problems}"


def _fits_320(page):
    page.set_viewport_size({"width": 320, "height": 800})
    too_wide = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.set_viewport_size({"width": 1024, "height": 800})
    assert too_wide <= 0, f"{page.url} scrolls sideways by {too_wide}px at 320px wide"


def _submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_a_connector_added_listed_checked_and_retired(signed_in_page):
    page = signed_in_page
    page.goto(LIST)
    expect(page.get_by_role("heading", level=1)).to_have_text("Community connectors")
    _accessible(page)
    _fits_320(page)

    page.get_by_role("link", name="Add a connector").click()
    _accessible(page)
    _fits_320(page)
    # A mistake first: nothing lost, and the summary says what to fix.
    page.get_by_label("Name", exact=True).fill("Maureen (Tuesday walks, Riverside Park bandstand)")
    _submit(page, "Add to the list")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_have_value(
        "Maureen (Tuesday walks, Riverside Park bandstand)"
    )
    _accessible(page)
    _fits_320(page)

    page.get_by_label("A person", exact=True).check()
    page.get_by_label("What do they offer?").fill("A slow walk round the park, tea afterwards")
    page.get_by_label("Nature and gardening").check()
    page.get_by_label("When? (optional)").fill("Tuesdays, 10am")
    page.get_by_label("How to reach them (optional)").fill("07700 900123")
    page.get_by_label("They are willing to go along with someone the first time").check()
    _submit(page, "Add to the list")
    expect(page.get_by_text("list of community connectors")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Maureen (Tuesday walks, Riverside Park bandstand)"
    )
    _accessible(page)
    _fits_320(page)

    # On the team's list, found by searching.
    page.goto(LIST)
    page.get_by_label("Search").fill("bandstand")
    _submit(page, "Show")
    card = page.locator(".cp-card", has_text="Maureen (Tuesday walks")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Will go along")
    expect(card).to_contain_text("Nature and gardening")
    expect(card).to_contain_text("Last checked")
    _accessible(page)
    _fits_320(page)

    # Checked today, in one click from their page.
    card.get_by_role("link", name="Maureen (Tuesday walks").click()
    _submit(page, "Checked today")
    expect(page.get_by_text("is marked as checked today")).to_be_visible()
    _accessible(page)

    # No longer going: kept, but off the list unless asked for.
    page.get_by_role("link", name="Change").click()
    _accessible(page)
    _fits_320(page)
    page.get_by_label("Still going", exact=True).uncheck()
    _submit(page, "Save changes")
    expect(page.get_by_text("is marked as no longer going")).to_be_visible()
    page.goto(LIST + "?q=bandstand")
    expect(page.locator(".cp-card", has_text="Maureen (Tuesday walks")).to_have_count(0)
    page.goto(LIST + "?q=bandstand&status=stopped")
    expect(page.locator(".cp-card", has_text="Maureen (Tuesday walks")).to_contain_text(
        "No longer going"
    )
    _accessible(page)
