"""Issue 16, measured: an ordinary session with Des from the demo (a contact where they went along
to something, a step done, a new person on the map, an idea they tried) recorded on "Today's
session", by mouse and by keyboard.

Actions are what a person does: a click, a key press that chooses or submits, a fill (typing into
one box). Tab presses only move between things; they are counted apart, as how far the form is
by keyboard. Page loads are main-frame navigations, from the caseload on.

The old path (issue 16, counted by hand on the separate pages): 27 actions and 13 page loads.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serious_accessibility_problems

OLD_ACTIONS, OLD_LOADS = 27, 13
MOST_ACTIONS, MOST_LOADS = 12, 3
STEP = "Run a puncture repair session for the Saturday group"
WIDTHS = {"desktop": (1280, 800), "phone": (360, 740)}


class Counter:
    """Counts page loads of the main frame, and the actions the test takes by hand."""

    def __init__(self, page):
        self.page = page
        self.loads = 0
        self.actions = 0
        self.tabs = 0
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame):
        if frame == self.page.main_frame:
            self.loads += 1

    def act(self, n: int = 1) -> None:
        self.actions += n

    def tab_to(self, locator, limit: int = 200) -> int:
        """Press Tab until `locator` has the focus; returns (and counts) how many presses."""
        for presses in range(1, limit + 1):
            self.page.keyboard.press("Tab")
            if locator.evaluate("el => el === document.activeElement"):
                self.tabs += presses
                return presses
        pytest.fail(f"{locator} not reached in {limit} Tab presses")


@pytest.fixture
def sam(page):
    from connecting_people_demo.builders import DEMO_PASSWORD

    page.goto("/account/login/")
    page.get_by_label("Email address").fill("sam@riverside.example")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    return page


def _idea_to_try(page):
    """The first idea on Des's list that can be marked tried (its group offers "Tried it")."""
    groups = page.locator("fieldset", has=page.get_by_role("radio", name="Tried it", exact=True))
    expect(groups.first).to_be_visible()
    return groups.first


def _report(how, counter, extra=""):
    print(
        f"\nToday's session by {how}: {counter.actions} actions, {counter.loads} page loads"
        f"{extra} (the old path: {OLD_ACTIONS} actions, {OLD_LOADS} page loads)"
    )


def _check_saved(page, label):
    expect(page.get_by_role("heading", level=1)).to_contain_text("Des")
    banner = page.get_by_text(re.compile("Today's session with Des is saved"))
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(f"{label} added to their map")
    expect(banner).to_contain_text("1 step done")
    expect(banner).to_contain_text("1 idea updated")


def test_a_session_by_mouse_in_twelve_actions_and_three_page_loads(sam):
    page = sam
    page.set_viewport_size({"width": 1280, "height": 800})
    counter = Counter(page)
    page.goto("/people/")  # the caseload: load 1
    page.get_by_role("link", name="Today's session with Des", exact=True).click()
    counter.act()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's session")
    assert serious_accessibility_problems(page) == []

    page.get_by_label("Went along together").check()
    page.get_by_label("They went along to an activity").check()
    page.get_by_label("What happened?").fill("Went to the Saturday group together.")
    counter.act(3)
    page.get_by_role("group", name=STEP).get_by_label("Done", exact=True).check()
    counter.act()
    _idea_to_try(page).get_by_label("Tried it", exact=True).check()
    counter.act()
    page.get_by_label("Someone new on their map (optional)").fill("Rosa")
    page.get_by_label("Who are they to the person?").select_option("friend")
    counter.act(2)
    page.get_by_role("button", name="Save today's session").click()
    counter.act()
    _check_saved(page, "Rosa")

    _report("mouse", counter)
    assert counter.actions <= MOST_ACTIONS
    assert counter.loads <= MOST_LOADS


def test_a_session_by_keyboard_in_twelve_actions_and_three_page_loads(sam):
    page = sam
    page.set_viewport_size({"width": 1280, "height": 800})
    counter = Counter(page)
    page.goto("/people/")  # load 1
    to_link = counter.tab_to(page.get_by_role("link", name="Today's session with Des", exact=True))
    page.keyboard.press("Enter")  # load 2
    counter.act()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's session")

    first = page.get_by_label("Meeting", exact=True)
    to_form = counter.tab_to(first)
    page.keyboard.press("ArrowDown")  # Meeting → Went along together
    counter.act()
    expect(page.get_by_label("Went along together")).to_be_checked()
    counter.tab_to(page.get_by_label("They went along to an activity"))
    page.keyboard.press("Space")
    counter.act()
    counter.tab_to(page.get_by_label("What happened?"))
    page.keyboard.type("Went to the Saturday group together.")
    counter.act()
    # The mouse test did the puncture repair session: this one does the next open step.
    step = page.locator("fieldset", has=page.get_by_role("radio", name="Done", exact=True)).first
    counter.tab_to(step.get_by_label("No change"))
    page.keyboard.press("ArrowRight")  # No change → Done
    counter.act()
    expect(step.get_by_label("Done", exact=True)).to_be_checked()
    idea = _idea_to_try(page)
    counter.tab_to(idea.get_by_label("No change"))
    tried = idea.get_by_label("Tried it", exact=True)
    presses = 0
    while not tried.is_checked() and presses < 5:
        page.keyboard.press("ArrowRight")
        presses += 1
    counter.act(presses)
    expect(tried).to_be_checked()
    counter.tab_to(page.get_by_label("Someone new on their map (optional)"))
    page.keyboard.type("Kit")
    counter.act()
    counter.tab_to(page.get_by_label("Who are they to the person?"))
    page.keyboard.type("Friend")
    counter.act()
    expect(page.get_by_label("Who are they to the person?")).to_have_value("friend")
    page.get_by_label("Someone new on their map (optional)").focus()
    page.keyboard.press("Enter")  # submits the one form
    counter.act()
    _check_saved(page, "Kit")

    _report(
        "keyboard",
        counter,
        f"; {to_link} Tabs to Des's Today's session link on the caseload, {to_form} Tabs from "
        f"the top of the session page to its first question, {counter.tabs} Tabs in all",
    )
    assert counter.actions <= MOST_ACTIONS
    assert counter.loads <= MOST_LOADS
    assert to_form <= 15


@pytest.mark.parametrize("width", WIDTHS)
def test_todays_session_leads_the_persons_page_on_any_screen(sam, width):
    page = sam
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    page.goto("/people/")
    page.get_by_role("link", name="Des", exact=True).click()
    button = page.get_by_role("link", name="Today's session", exact=True)
    expect(button).to_be_visible()
    page.keyboard.press("Tab")
    tabs = 1
    while not button.evaluate("el => el === document.activeElement") and tabs < 60:
        page.keyboard.press("Tab")
        tabs += 1
    print(f"\nDes's page at {width}: {tabs} Tabs to Today's session")
    assert tabs <= 15
    top = button.bounding_box()["y"]
    assert top + 10 < h, f"Today's session starts {top}px down at {width}"
    # Moving on no longer leads: it waits inside "Their record".
    expect(page.get_by_role("link", name="Start moving on")).to_be_hidden()
    assert serious_accessibility_problems(page) == []

    page.goto(page.url + "session/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's session")
    assert serious_accessibility_problems(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= w


@pytest.mark.parametrize("width", WIDTHS)
def test_the_map_page_shows_the_add_form_near_the_top(sam, width):
    page = sam
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    page.goto("/people/")
    page.get_by_role("link", name="Des", exact=True).click()
    page.get_by_role("link", name="Their map").click()
    form_top = page.locator("#add-connection").bounding_box()["y"]
    map_top = page.locator("#network-map").bounding_box()["y"]
    print(f"\nThe map page at {width}: the map {map_top:.0f}px down, the add form {form_top:.0f}px")
    assert map_top < h
    if width == "desktop":
        assert form_top < h  # beside the map
    else:
        assert form_top < 4 * h  # straight after the map, before the tables
