"""A whole session in a real browser: from adding someone to welcoming them back after moving on.

Every page on the way is checked with axe-core.
"""

from playwright.sync_api import expect

from tests.browser.conftest import open_section, serious_accessibility_problems, sign_in


def _accessible(page):
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{page.url}: {problems}"


def _submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_a_persons_journey_from_referral_to_returning(page):
    sign_in(page, "jo@riverside.example")

    # Add someone.
    page.get_by_role("link", name="Add someone").click()
    _accessible(page)
    page.get_by_label("Preferred name").fill("Robin")
    page.get_by_label("Pronouns (optional)").fill("they/them")
    page.get_by_label("What matters to me").fill(
        "Getting out of the flat and meeting people who like birds."
    )
    _submit(page, "Add to the caseload")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Robin")
    _accessible(page)
    page.get_by_role("link", name="Start working together").click()
    _accessible(page)
    _submit(page, "Start working together")

    # Interests.
    for when, what, kind in [
        ("Used to", "Birdwatching at the reservoir", "Nature and gardening"),
        ("Would like to try", "Photography", "Arts and crafts"),
    ]:
        open_section(page, "assess")
        page.get_by_role("link", name="Add an interest").click()
        page.get_by_label(when).check()
        page.get_by_label("What is it, in their words?").fill(what)
        page.get_by_label(kind).check()
        _accessible(page)
        _submit(page, "Save")
    expect(page.get_by_text("Birdwatching at the reservoir")).to_be_visible()

    # A barrier and its plan.
    open_section(page, "plan")
    page.get_by_role("link", name="Record a barrier").click()
    _accessible(page)
    page.get_by_label("Worry about groups").check()
    page.get_by_label("What does it get in the way of?").fill(
        "Going to the RSPB group on their own"
    )
    page.get_by_label("The plan to get past it").fill("Jo goes along the first two times")
    _submit(page, "Record the barrier")
    _accessible(page)

    # A goal with three steps.
    page.goto(page.url.split("/barriers/")[0] + "/")
    open_section(page, "plan")
    page.get_by_role("link", name="Add a goal").click()
    _accessible(page)
    page.get_by_label("What is the goal, in the person's own words?").fill(
        "Go birdwatching with a group"
    )
    page.get_by_label("The person", exact=True).check()
    page.get_by_label("The person agrees this is their goal").check()
    _submit(page, "Save the goal")
    _accessible(page)
    for text, who in [
        ("Look up the Saturday walk", "Together"),
        ("Go along with Jo", "Together"),
        ("Go on my own", "The person"),
    ]:
        page.get_by_role("link", name="Add a step").click()
        _accessible(page)
        page.get_by_label("What is the step?").fill(text)
        page.get_by_label(who, exact=True).check()
        _submit(page, "Save the step")
    expect(page.get_by_text("0 of 3 steps done").first).to_be_visible()
    _accessible(page)

    # Step statuses, in place (htmx): each click carries the version the row showed.
    goal_url = page.url.split("#")[0]
    page.get_by_label("How is it going: Look up the Saturday walk").select_option("Done")
    page.get_by_role("button", name="Update how it is going").first.click()
    page.get_by_text("1 of 3 steps done").first.wait_for()
    # A second change from the same row goes through: the row came back with the new version.
    page.get_by_label("How is it going: Look up the Saturday walk").select_option("Doing")
    page.get_by_role("button", name="Update how it is going").first.click()
    page.get_by_text("0 of 3 steps done").first.wait_for()
    # A click on a page loaded before someone else's change is refused, and says so in the row.
    older = page.context.new_page()
    older.goto(goal_url)
    page.get_by_label("How is it going: Go along with Jo").select_option("Done")
    page.locator("li", has_text="Go along with Jo").get_by_role("button", name="Update").click()
    page.get_by_text("1 of 3 steps done").first.wait_for()
    older.get_by_label("How is it going: Go along with Jo").select_option("Paused")
    older.locator("li", has_text="Go along with Jo").get_by_role("button", name="Update").click()
    older.get_by_text("it now says Done. Nothing has been changed.").wait_for()
    assert older.get_by_label("How is it going: Go along with Jo").input_value() == "done"
    _accessible(older)
    older.close()
    page.reload()
    expect(page.get_by_text("1 of 3 steps done").first).to_be_visible()

    # Log an accompanied visit.
    page.get_by_role("link", name="Back to Robin's page").first.click()
    page.get_by_role("link", name="Log a contact").click()
    _accessible(page)
    page.get_by_label("Went along together").check()
    page.get_by_label("What happened?").fill(
        "Went to the reservoir walk. Robin chatted to Pat about owls."
    )
    page.get_by_label("Went along to an activity").check()
    _submit(page, "Save the contact")
    _accessible(page)

    # Saving a contact lands back on the person's page (issue 16).
    expect(page.get_by_text("Contact logged.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Robin")

    # Move on, then come back.
    person_url = page.url
    open_section(page, "record-actions")
    page.get_by_role("link", name="Record that they have moved on").click()
    _accessible(page)
    page.get_by_label("To activity beyond services").check()
    page.get_by_label("Moving-on plan").fill("Keep going to the Saturday walk with Pat.")
    _submit(page, "Record that they have moved on")
    assert "moved on" in page.locator(".govuk-inset-text").first.inner_text()
    page.get_by_role("link", name="Welcome them back").click()
    _accessible(page)
    _submit(page, "Welcome them back")
    expect(page.get_by_text("Active", exact=True).first).to_be_visible()
    open_section(page, "plan")
    expect(page.get_by_text("Go birdwatching with a group")).to_be_visible()

    page.get_by_role("link", name="History").first.click()
    _accessible(page)
    history = page.locator("main").inner_text()
    for event in ["Referred", "Started working together", "Moved on", "Came back"]:
        assert event in history

    page.goto(person_url + "plan/")
    _accessible(page)
    assert "Go birdwatching with a group" in page.locator("main").inner_text()


def test_my_plan_prints_on_one_a4_page_for_every_demo_person(page):
    import re

    sign_in(page, "priya@riverside.example")
    page.goto("/people/?view=team&status=all")
    links = page.locator("table a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(links) >= 10
    for href in links:
        page.goto(f"{href}plan/")
        pdf = page.pdf(format="A4")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1, f"{href}plan/ prints on {pages} pages"
