"""The team's "what is missing" page in a real browser, on the demo data: reached from the
directory, counts by kind of activity with what stood in the way, naming no one. Checked with
axe-core and at 320 px wide."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_suggestions_team import _checked

MISSING = "/people/suggestions/missing/"


def test_what_is_missing_from_the_directory(page):
    sign_in(page, "priya@riverside.example")
    page.goto("/directory/")
    page.get_by_role("link", name=re.compile("^What is missing")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What is missing")
    assert page.url.endswith(MISSING)
    expect(page.get_by_role("status")).to_contain_text("Something is missing for")
    _checked(page)


def test_what_is_missing_is_not_found_for_someone_in_no_team(page):
    sign_in(page, "morgan@riverside.example")  # an organisation admin, in no team
    response = page.goto(MISSING)
    assert response is not None
    assert response.status == 404
