"""Signing in through the real page, and checking the main pages in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serious_accessibility_problems, sign_in


def test_demo_practitioner_signs_in_and_sees_their_team(signed_in_page):
    page = signed_in_page
    assert page.get_by_role("heading", level=1).inner_text() == "My people"
    assert "Sam Okafor" in page.locator(".cp-user-bar").inner_text()


def test_wrong_password_is_refused_with_a_clear_message(page):
    sign_in_page = page
    sign_in_page.goto("/account/login/")
    sign_in_page.get_by_label("Email address").fill("sam@riverside.example")
    sign_in_page.get_by_label("Password").fill("not-the-password")
    sign_in_page.get_by_role("button", name="Sign in").click()
    expect(sign_in_page.get_by_role("alert")).to_be_visible()
    assert sign_in_page.get_by_label("Email address").input_value() == "sam@riverside.example"


@pytest.mark.parametrize(
    "link", ["People", "Your team", "Directory", "About the model", "Your account"]
)
def test_signed_in_pages_have_no_serious_accessibility_problems(signed_in_page, link):
    signed_in_page.get_by_role("link", name=link, exact=True).first.click()
    signed_in_page.wait_for_load_state()
    assert serious_accessibility_problems(signed_in_page) == []


@pytest.mark.parametrize(
    "path",
    ["/account/login/", "/account/password/reset/", "/about/", "/privacy/", "/accessibility/"],
)
def test_public_pages_have_no_serious_accessibility_problems(page, path):
    page.goto(path)
    assert serious_accessibility_problems(page) == []


@pytest.mark.parametrize(
    "path",
    ["/", "/people/?view=team", "/people/new/", "/about/", "/directory/", "/directory/to-check/"],
)
def test_pages_fit_a_320_pixel_screen(signed_in_page, path):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_keyboard_user_can_skip_to_main_content(page):
    page.goto("/about/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_team_switcher_changes_the_team_being_worked_in(page):
    sign_in(page, "chris@riverside.example")
    page.get_by_label("Team").select_option(label="Brookfield Housing Support")
    page.get_by_role("button", name="Switch team").click()
    assert "working in Brookfield Housing Support" in page.locator(".cp-user-bar").inner_text()


def test_the_policy_is_enforced_and_a_blocked_style_is_caught(signed_in_page):
    """The served app sends the policy, Chromium blocks an inline style under it, and the
    harness's console check (conftest.py) notices: it would fail any test where this happens."""
    page = signed_in_page
    response = page.goto("/directory/")
    assert "style-src 'self'" in response.headers["content-security-policy"]
    assert "no-store" in response.headers["cache-control"]
    assert page.csp_blocked == []
    # Our scripts, now files, still ran: the body's classes, and GOV.UK Frontend started.
    assert page.evaluate("document.body.className").split()[-2:] == [
        "js-enabled",
        "govuk-frontend-supported",
    ]
    assert page.locator(".govuk-skip-link[data-govuk-skip-link-init]").count() == 1
    page.evaluate(
        """() => {
            const style = document.createElement("style");
            style.textContent = "body { background: red; }";
            document.head.append(style);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.csp_blocked != []
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    page.csp_blocked.clear()  # seen on purpose: the harness must not fail this test for it
