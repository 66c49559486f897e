"""Ideas to try in a real browser: open a demo person's ideas from their page, put the first idea
on their list, say they tried it and add it to their map, then find it on the map. The ideas page
and the "tried" form are checked with axe-core, and the ideas page must fit a 320 px screen."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import open_section, sign_in


def _accessible(page):
    """No axe-core findings at all on the page, whatever their impact."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in found
    ]
    assert problems == [], f"{page.url}: {problems}"


def _fits_320(page):
    page.set_viewport_size({"width": 320, "height": 800})
    too_wide = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.set_viewport_size({"width": 1024, "height": 800})
    assert too_wide <= 0, f"{page.url} scrolls sideways by {too_wide}px at 320px wide"


def test_an_idea_tried_together_shows_up_on_the_map(page):
    sign_in(page, "sam@riverside.example")
    page.goto("/people/?view=team&status=all")
    page.get_by_role("link", name="Aisha", exact=True).click()  # she has interests recorded
    open_section(page, "do")
    page.locator("#ideas").get_by_role("link", name=re.compile("ideas to try")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ideas to try with Aisha")
    _accessible(page)
    _fits_320(page)

    # How near "near" is opens under the "Near" box, only when it is ticked.
    within = page.get_by_label("Near means within")
    expect(within).to_be_hidden()
    page.get_by_label("Near", exact=True).check()
    expect(within).to_be_visible()
    page.get_by_label("Near", exact=True).uncheck()

    # The first idea goes on her list, with why it was suggested.
    ideas = page.locator("#ideas .cp-idea")
    expect(ideas.first).to_be_visible()
    name = ideas.first.locator("h3").inner_text().strip()
    ideas.first.get_by_role("button", name=re.compile("^Add to your list")).click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"{name} is on their list.")).to_be_visible()
    card = page.locator(f"#{page.url.split('#')[1]}")
    expect(card.locator("h4")).to_have_text(name)
    expect(card).to_contain_text("Why:")
    expect(page.locator("#ideas")).not_to_contain_text(name)

    # Onto the shortlist, in place (htmx), keeping the keyboard where it was.
    card.get_by_role("button", name=re.compile("^Shortlist")).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Shortlist \(\d+\)$"))).to_be_visible()
    expect(card).to_contain_text("Shortlisted")
    expect(card.get_by_role("button", name=re.compile("^Take off the shortlist"))).to_be_focused()

    # She tried it: the form starts with today and the name for the map.
    card.get_by_role("link", name=re.compile("^You tried it")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aisha tried it")
    expect(page.get_by_label("Add them to the map")).to_be_checked()
    _accessible(page)
    label_box = page.get_by_label("What to call it on the map")
    label = "Kitchen club" if len(name) > 60 else label_box.input_value()
    label_box.fill(label)
    page.get_by_label("I went along with them").check()
    page.get_by_role("button", name="Save: they tried it").click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"{name} is marked tried and logged as a contact.")).to_be_visible()
    expect(page.locator(f"#{page.url.split('#')[1]}")).to_contain_text("Tried it")

    # The banner leads to the map, where the new connection is listed.
    page.get_by_role("link", name=f"See {label} on their map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is around Aisha")
    expect(page.locator("#everyone + .cp-table-scroll")).to_contain_text(label)
