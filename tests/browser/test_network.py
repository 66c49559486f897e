"""The network map in a real browser: build a map, take snapshots, end and add connections,
compare then and now. Every page is checked with axe-core; the map page must work at 320 px wide
and by keyboard alone."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import open_section, serious_accessibility_problems, sign_in

FIRST_EIGHT = [
    # label, who they are, inside services?, how close
    ("Mum", "Family", False, "Close"),
    ("Uncle Dev", "Family", False, "Middle"),
    ("Priya", "Friend", False, "Close"),
    ("Mr Okafor", "Neighbour", False, "Outer"),
    ("Karen", "Worker or professional", True, "Middle"),
    ("Ben", "Peer from a service", True, "Middle"),
    ("Walking group", "Group or club", False, "Outer"),
    ("Biscuit", "Pet", False, "Close"),
]
TWO_MORE = [
    ("Sue from choir", "Group or club", False, "Middle"),
    ("Tom", "Friend", False, "Outer"),
]


def _accessible(page):
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{page.url}: {problems}"


def _submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def _add_inline(page, label, kind, inside, ring):
    """Add someone with the form on the map page (htmx swaps in the new map and table)."""
    form = page.locator("#add-connection")
    form.get_by_label("What does the person call them?").fill(label)
    form.get_by_label(kind, exact=True).check()
    form.get_by_label("Yes, part of services" if inside else "No, outside services").check()
    form.get_by_label(ring, exact=True).check()
    form.get_by_role("button", name="Add to the map", exact=True).click()
    expect(page.get_by_text(f"{label} is on the map.")).to_be_visible()


def _new_person(page, name):
    page.get_by_role("link", name="Add someone").click()
    page.get_by_label("Preferred name").fill(name)
    _submit(page, "Add to the caseload")
    assert page.get_by_role("heading", level=1).inner_text().startswith(name)
    return re.sub(r"(/people/\d+/).*", r"\1", page.url)


def test_a_network_built_snapshotted_changed_and_compared(page):
    sign_in(page, "jo@riverside.example")
    person_url = _new_person(page, "Morgan")
    map_url = person_url + "network/"

    open_section(page, "assess")
    page.get_by_role("link", name="Start the map").click()  # from the person's page
    assert page.url.endswith(map_url)
    expect(page.get_by_text("Nobody is on Morgan's map yet.")).to_be_visible()
    _accessible(page)
    for connection in FIRST_EIGHT:
        _add_inline(page, *connection)
    rows = page.locator("#everyone + .cp-table-scroll tbody tr")
    expect(rows).to_have_count(8)
    expect(page.locator(".cp-map-at--wide svg.cp-map")).to_be_visible()  # the phone's is hidden
    _accessible(page)

    # The first snapshot: a first look together.
    page.get_by_role("link", name="Take a snapshot").first.click()
    _accessible(page)
    expect(page.get_by_label("First look together")).to_be_checked()
    _submit(page, "Take the snapshot")
    expect(page.get_by_role("heading", level=1)).to_contain_text("The map on")
    _accessible(page)

    # Two more, and one ends.
    page.goto(map_url)
    for connection in TWO_MORE:
        _add_inline(page, *connection)
    page.get_by_role("link", name="End Uncle Dev").click()
    _accessible(page)
    page.get_by_label("Why did it end? (optional)").fill("Moved to Canada")
    _submit(page, "Save")
    expect(page.get_by_text("Uncle Dev is no longer on the map")).to_be_visible()
    expect(rows).to_have_count(9)

    # The review snapshot.
    page.get_by_role("link", name="Take a snapshot").first.click()
    expect(page.get_by_label("Review")).to_be_checked()
    _submit(page, "Take the snapshot")
    _accessible(page)

    # Then and now: the latest two snapshots.
    page.goto(map_url)
    page.get_by_role("link", name="Then and now").click()
    _accessible(page)
    new = page.locator('[data-group="new"] li')
    expect(new).to_have_count(2)
    expect(new.filter(has_text="Sue from choir")).to_have_count(1)
    expect(new.filter(has_text="Tom")).to_have_count(1)
    ended = page.locator('[data-group="ended"] li')
    expect(ended).to_have_count(1)
    expect(ended).to_contain_text("Uncle Dev")
    expect(page.locator("svg.cp-map")).to_have_count(2)

    # The other pages about one connection, and the team's view (which names nobody).
    page.goto(map_url)
    page.get_by_role("link", name="Change Priya").click()
    _accessible(page)
    page.get_by_role("link", name="Who else on the map Priya knows").click()
    page.get_by_label("Mum (Family)").check()
    _accessible(page)
    _submit(page, "Save")
    page.get_by_role("link", name="Change Priya").click()
    page.get_by_role("link", name="Delete at the person's request").click()
    _accessible(page)
    page.goto("/people/network/")
    _accessible(page)
    main = page.locator("main").inner_text()
    for label, *_rest in FIRST_EIGHT + TWO_MORE:
        assert label not in main


def test_the_map_page_fits_a_320_pixel_screen_and_works_by_keyboard(page):
    sign_in(page, "jo@riverside.example")
    map_url = _new_person(page, "Alex") + "network/"
    page.goto(map_url)
    for connection in FIRST_EIGHT[:4]:
        _add_inline(page, *connection)

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(map_url)
    too_wide = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert too_wide <= 0, f"the map page scrolls sideways by {too_wide}px at 320px wide"
    _accessible(page)

    # Keyboard only: Tab to the add form, answer the questions, Enter to send.
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(map_url)
    _tab_to(page, "document.activeElement.id === 'id_label'")
    page.keyboard.type("Nat")
    for _group in ("kind", "inside_services", "ring"):
        page.keyboard.press("Tab")  # into the group: its first choice
        page.keyboard.press("Space")
    _tab_to(page, "document.activeElement.textContent.trim() === 'Add to the map'")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Nat is on the map.")).to_be_visible()
    expect(page.locator("#everyone + .cp-table-scroll tbody tr")).to_have_count(5)
    added = page.locator("#everyone + .cp-table-scroll tbody tr", has_text="Nat")
    expect(added).to_contain_text("Family")
    expect(added).to_contain_text("Outside services")
    expect(added).to_contain_text("Close")


def _tab_to(page, condition, limit=250):
    for _press in range(limit):
        if page.evaluate(condition):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"never reached by Tab: {condition}")
