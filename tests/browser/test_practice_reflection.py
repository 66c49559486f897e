"""A team lead takes the team's practice reflection and sees it beside the practice indicators;
the model's diagram by keyboard alone; axe-core at a wide and a phone-sized screen."""

import re

import pytest
from playwright.sync_api import expect

from connecting_people_demo.builders import DEMO_DOMAIN
from tests.browser.conftest import serious_accessibility_problems, sign_in

WIDTHS = [1280, 360]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_team_lead_completes_the_reflection_and_sees_it_beside_the_indicators(page):
    sign_in(page, f"priya@{DEMO_DOMAIN}")
    page.goto("/team/reflection/")
    # "Start this quarter's reflection", or "Change ..." if another test in the session took it.
    page.get_by_role("link", name=re.compile("this quarter's")).click()
    radios = page.locator('input.govuk-radios__input[value="2"]')  # "Often", for every question
    assert radios.count() >= 12
    for index in range(radios.count()):
        radios.nth(index).check()
    page.get_by_label("What we want to try next").fill("Visit the new community garden together.")
    page.get_by_role("button", name="Save the team's answers").click()
    page.wait_for_url("**/team/reflection/*-q*/")
    expect(page.get_by_text("the team's reflection is saved")).to_be_visible()
    expect(page.get_by_role("heading", name="What the records show")).to_be_visible()
    expect(page.get_by_role("cell", name="67").first).to_be_visible()
    page.get_by_role("link", name="Back to practice reflection").click()
    page.wait_for_url("**/team/reflection/")
    expect(page.get_by_role("heading", name="What we said")).to_be_visible()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert serious_accessibility_problems(page) == [], width
        assert _fits(page), width


@pytest.mark.parametrize("width", WIDTHS)
def test_the_reflection_form_has_no_serious_accessibility_problems(page, width):
    sign_in(page, f"priya@{DEMO_DOMAIN}")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/team/reflection/this-quarter/")
    page.get_by_role("button", name="Save the team's answers").click()  # nothing chosen: errors
    expect(page.get_by_role("alert").first).to_be_visible()
    assert serious_accessibility_problems(page) == []
    assert _fits(page)


def test_the_model_by_keyboard_alone(page):
    page.goto("/about/")
    for _ in range(60):  # tab through the page until the first part of the drawing has focus
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.cp-model-diagram__part')"):
            break
    else:
        pytest.fail("no part of the model diagram could be reached by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url("**/about/model/attitudinal-barriers/")
    expect(page.get_by_role("heading", level=1, name="Attitudinal barriers")).to_be_visible()
    page.get_by_role("link", name="Next part").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/about/model/contextual-barriers/")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["/about/", "/about/model/agency/"])
def test_the_model_pages_have_no_serious_accessibility_problems(page, width, path):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path)
    assert serious_accessibility_problems(page) == []
    assert _fits(page)
