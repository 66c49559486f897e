"""The directory in a real browser: add a service with a day and time (after a mistake), open it,
mark it checked today, find it again by search and by day, and visit the team's pages about it.
Every page is checked with axe-core and must fit a 320 px wide screen."""

import re
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import serious_accessibility_problems

BROWSE = "/directory/"


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


def _checked_page(page):
    _accessible(page)
    _fits_320(page)


def _submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def _add_a_service(page, name):
    page.goto(BROWSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a service")
    _checked_page(page)
    page.get_by_role("link", name="Add a service").click()
    _checked_page(page)

    # A mistake first: the summary says what to fix, and nothing typed is lost.
    page.get_by_label("Name of the service").fill(name)
    page.get_by_label("Day", exact=True).first.select_option(label="Thursday")
    page.get_by_label("Starts").first.fill("2pm")
    _submit(page, "Add to the directory")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Name of the service")).to_have_value(name)
    expect(page.get_by_label("Starts").first).to_have_value("2pm")
    _checked_page(page)

    page.get_by_label("Who runs it").fill("Millbrook Library Friends")
    page.get_by_label("What it is").fill("Bring your knitting, or learn. Tea and biscuits.")
    page.get_by_label("Arts and crafts").check()
    page.get_by_label("Free", exact=True).check()
    page.get_by_label("Ends (optional)").first.fill("4pm")
    page.get_by_label("In person, at a place").check()
    page.get_by_label("Address line 1").fill("Millbrook Library, Church Street")
    page.get_by_label("Town or city").fill("Millbrook")
    page.get_by_label("Postcode").fill("MB1 2AB")
    page.get_by_label("Accessibility (optional)").fill("Step-free entrance and a hearing loop")
    _submit(page, "Add to the directory")
    expect(page.get_by_text(f"{name} is in the directory.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_a_service_added_checked_found_and_kept_by_the_team(signed_in_page):
    page = signed_in_page
    name = f"Knit and Natter {uuid.uuid4().hex[:6]}"
    _add_a_service(page, name)
    service_url = page.url
    expect(page.get_by_text("Every Thursday, 2pm to 4pm")).to_be_visible()
    expect(page.get_by_text("Your team uses this")).to_be_visible()
    expect(page.get_by_text("Nobody on the team has checked this yet")).to_be_visible()
    _checked_page(page)

    # Checked today, in one click (htmx swaps the panel in place).
    page.get_by_role("button", name=re.compile("^Checked today")).click()
    expect(page.locator("#freshness").get_by_text("Marked as checked today.")).to_be_visible()
    expect(page.locator("#checked-announce")).to_have_text("Marked as checked today.")
    expect(page.get_by_text("Nobody on the team has checked this yet")).to_have_count(0)
    expect(page.locator("#team-status")).to_have_text("Checked today")  # the badge at the top
    _accessible(page)

    # Found again by its words, then by its day, with why it matched and the team's badge.
    page.goto(BROWSE)
    page.get_by_label("Search the directory").fill("knit natter")
    _submit(page, "Search")
    result = page.locator(".cp-result", has_text=name)
    expect(result).to_be_visible()
    expect(result.get_by_text("Your team uses this")).to_be_visible()
    expect(result.get_by_text("Checked today")).to_be_visible()
    expect(result.get_by_text("Why it is here")).to_be_visible()
    _checked_page(page)
    page.get_by_text("Days and times").click()
    page.get_by_label("Thursday").check()
    page.get_by_label("Free", exact=True).check()
    _submit(page, "Apply filters")
    expect(page.locator(".cp-result", has_text=name)).to_be_visible()
    page.get_by_label("Thursday").uncheck()
    page.get_by_label("Monday").check()
    _submit(page, "Apply filters")
    expect(page.locator(".cp-result", has_text=name)).to_have_count(0)
    _checked_page(page)
    page.get_by_role("link", name="Clear filters").click()
    expect(page.get_by_label("Monday")).not_to_be_checked()

    # The team's own pages about it.
    page.goto(service_url)
    page.get_by_text("Add what someone said").click()
    page.get_by_label("It went well").check()
    page.get_by_label("What they said (optional)").fill("Found it calming")
    _submit(page, "Save")
    expect(page.get_by_text("One person tried it")).to_be_visible()
    page.get_by_text("Add who knows it").click()
    page.get_by_label("Could go along with someone the first time").check()
    _submit(page, "Add")
    expect(page.get_by_text("Could go along the first time", exact=True)).to_be_visible()
    _checked_page(page)

    page.get_by_role(
        "link", name="Change the contact, notes, group size or how often to check"
    ).click()
    expect(page.get_by_label("Named contact there (optional)")).to_be_visible()
    _checked_page(page)
    page.get_by_label("Named contact there (optional)").fill("Ruth at the desk")
    _submit(page, "Save changes")
    expect(page.get_by_text("Ruth at the desk")).to_be_visible()

    page.get_by_role("link", name="Change this service").click()
    _checked_page(page)
    page.get_by_role("button", name="Add another time").click()
    expect(page.get_by_role("group", name="Time 3")).to_be_visible()
    expect(page.get_by_role("heading", name="There is a problem")).to_have_count(0)
    _submit(page, "Save changes")
    expect(page.get_by_text(f"Changes to {name} are saved.")).to_be_visible()

    # Only team leads may stop using it (what people said goes with it); Sam is a practitioner.
    expect(page.get_by_role("link", name="Stop using this for your team")).to_have_count(0)

    page.goto("/directory/to-check/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Services to check")
    expect(page.get_by_role("link", name=name)).to_have_count(0)  # checked today
    _checked_page(page)


def test_a_change_is_suggested_to_whoever_keeps_a_service(signed_in_page):
    """The demo's services came from a feed, so a practitioner suggests rather than changes."""
    page = signed_in_page
    page.goto(BROWSE)
    page.locator('main a[href^="/directory/services/"]:not([href$="/new/"])').first.click()
    page.wait_for_load_state()
    name = page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name="Suggest a change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Suggest a change to {name}")
    _checked_page(page)

    page.get_by_label("Name of the service").fill(f"{name} (renamed)")
    page.get_by_label("What is wrong or out of date? (optional)").fill("It has a new name.")
    _submit(page, "Send the suggestion")
    expect(page.get_by_text("will see your suggestion and decide")).to_be_visible()
    expect(page.get_by_role("heading", name="Changes you suggested")).to_be_visible()
    _checked_page(page)

    page.goto("/directory/suggestions/")
    _checked_page(page)
    page.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_load_state()
    expect(page.get_by_text("It has a new name.")).to_be_visible()
    expect(page.get_by_text(f"{name} (renamed)")).to_be_visible()
    _checked_page(page)
