"""The person's way in, in a real browser (issue 14): a worker gives Des a printed code; on a phone
(360 px wide) Des starts with it, chooses a password, reaches their own space, and later signs in
with that password. Each page of the way in is checked with axe."""

import re

from playwright.sync_api import expect

from connecting_people_demo.builders import DEMO_DOMAIN
from tests.browser.conftest import serious_accessibility_problems, sign_in

PHONE = {"width": 360, "height": 740}
PASSWORD = "blue kettle garden walk"
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def _printed_code(page) -> tuple[str, str]:
    """The worker's side: Des's page, 'Their own space', a code on paper."""
    sign_in(page, f"sam@{DEMO_DOMAIN}")
    page.goto("/people/")
    page.get_by_role("link", name="Des", exact=True).first.click()
    page.get_by_role("link", name="Their own space").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Their own space")
    assert serious_accessibility_problems(page) == []
    page.get_by_label("On paper: you print the code or read it out to them").check()
    page.get_by_role("button", name="Invite them").click()
    expect(page.get_by_text("This code is shown only once")).to_be_visible()
    assert serious_accessibility_problems(page) == []
    letter = page.locator("main").inner_text()
    name = page.locator(".cp-code").first.inner_text()
    return name, CODE.search(letter).group(0)


def test_a_person_starts_with_a_printed_code_and_signs_in_again_on_a_phone(browser, served, page):
    sign_in_name, code = _printed_code(page)

    phone = browser.new_context(base_url=served, locale="en-GB", viewport=PHONE)
    try:
        des = phone.new_page()
        des.goto("/my/start/")
        assert serious_accessibility_problems(des) == []
        des.get_by_label("Your email address or sign-in name").fill(sign_in_name)
        des.get_by_label("Your code").fill(code.lower())
        des.get_by_role("button", name="Start").click()
        expect(des.get_by_role("heading", level=1)).to_have_text("Choose a password")
        assert serious_accessibility_problems(des) == []
        des.get_by_label("Choose a password").fill(PASSWORD)
        des.get_by_label("Type it again").fill(PASSWORD)
        des.get_by_role("button", name="Save my password").click()
        expect(des.get_by_role("heading", level=1)).to_have_text("Hello, Des")
    finally:
        phone.close()

    later = browser.new_context(base_url=served, locale="en-GB", viewport=PHONE)
    try:
        des = later.new_page()
        des.goto("/my/")  # signed out: sent to the person's own sign-in page
        expect(des.get_by_role("heading", level=1)).to_have_text("Sign in to your own space")
        assert serious_accessibility_problems(des) == []
        des.get_by_label("Your email address or sign-in name").fill(sign_in_name)
        des.get_by_label("Your password").fill(PASSWORD)
        des.get_by_role("button", name="Sign in", exact=True).click()
        expect(des.get_by_role("heading", level=1)).to_have_text("Hello, Des")
        # The same code a second time is refused: it worked once.
        fresh = browser.new_context(base_url=served, locale="en-GB", viewport=PHONE)
        other = fresh.new_page()
        other.goto("/my/start/")
        other.get_by_label("Your email address or sign-in name").fill(sign_in_name)
        other.get_by_label("Your code").fill(code)
        other.get_by_role("button", name="Start").click()
        expect(other.get_by_role("alert")).to_be_visible()
        fresh.close()
    finally:
        later.close()
