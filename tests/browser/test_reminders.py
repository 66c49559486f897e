"""The needs-doing list in a real browser: reached from the menu, readable at phone width, and
with no serious accessibility problems at desktop or phone width."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serious_accessibility_problems


@pytest.mark.parametrize("width", [1280, 360])
def test_a_practitioner_opens_needs_doing_from_the_menu(signed_in_page, width):
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    if width < 641:  # the menu folds away behind its button on a phone
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Needs doing", exact=True).click()
    page.wait_for_url("**/needs-doing/")
    assert page.get_by_role("heading", level=1).inner_text() == "Needs doing"
    expect(
        page.get_by_role("checkbox", name="Email me when something new needs doing")
    ).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert serious_accessibility_problems(page) == []


def test_the_email_choice_works_without_javascript(browser, served):
    from tests.browser.conftest import sign_in

    context = browser.new_context(base_url=served, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "sam@riverside.example")
        page.goto("/needs-doing/")
        page.get_by_label("Email me when something new needs doing").check()
        page.get_by_role("button", name="Save").click()
        assert "We will email you" in page.locator("main").inner_text()
        assert page.get_by_label("Email me when something new needs doing").is_checked()
    finally:
        context.close()
