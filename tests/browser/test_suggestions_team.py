"""The team's "what is working" page in a real browser, on the demo data: reached from the
directory, a share shown as a number with a bar, small numbers marked, the period and sort kept
after choosing them, and a link through to a service. Checked with axe-core and at 320 px wide."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import serious_accessibility_problems, sign_in

WORKING = "/people/suggestions/working/"


def _checked(page):
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{page.url}: {problems}"
    page.set_viewport_size({"width": 320, "height": 800})
    too_wide = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.set_viewport_size({"width": 1024, "height": 800})
    assert too_wide <= 0, f"{page.url} scrolls sideways by {too_wide}px at 320px wide"


def test_what_is_working_from_the_directory_to_a_service(page):
    sign_in(page, "priya@riverside.example")
    page.goto("/directory/")
    page.get_by_role("link", name=re.compile("^What is working")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What is working")
    assert page.url.endswith(WORKING)
    _checked(page)

    services = page.locator("#services-table tbody tr")
    expect(services.first).to_be_visible()
    shares = page.locator("#services-table .cp-share__number")
    expect(shares.first).to_have_text(re.compile(r"^\d+% \(\d+ of \d+\)$"))
    expect(page.locator("#services-table .cp-share__bar").first).to_be_visible()
    expect(page.locator("#services-table").get_by_text("Too few to say").first).to_be_visible()
    expect(page.locator("#connectors-table tbody tr").first).to_be_visible()
    expect(page.get_by_text(re.compile(r"the person's own idea\.$"))).to_be_visible()
    expect(page.get_by_label("Suggested in")).to_have_value("12")

    # Choose all time, sorted by name: the choices are kept, and the rows are in order.
    page.get_by_label("Suggested in").select_option(label="All time")
    page.get_by_label("Sort by").select_option(label="Name")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_load_state()
    assert "period=all" in page.url
    assert "sort=name" in page.url
    expect(page.get_by_label("Suggested in")).to_have_value("all")
    expect(page.get_by_label("Sort by")).to_have_value("name")
    expect(page.get_by_text("All suggestions, ever")).to_be_visible()
    names = page.locator("#services-table tbody th").all_inner_texts()
    assert names == sorted(names, key=str.casefold)
    _checked(page)

    first = names[0].strip()
    page.locator("#services-table tbody th a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(first)


def test_what_is_working_is_not_found_for_someone_in_no_team(page):
    sign_in(page, "morgan@riverside.example")  # an organisation admin, in no team
    response = page.goto(WORKING)
    assert response is not None
    assert response.status == 404
