"""The person's own space on a phone (issue 14), in a real browser at 360 px: a person signs in
with their own account, adds someone to their map by keyboard alone, says "not for me" to an
idea, and answers a questionnaire that is due. Each page is checked with axe-core and must not
scroll sideways.

The demo has no person's account yet, so this module serves a demo of its own and adds one
(with an idea put to them) through the services, in the server's own database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from connecting_people_demo.builders import DEMO_DOMAIN, DEMO_PASSWORD
from tests.browser.conftest import (
    demo_server,
    serious_accessibility_problems,
    sign_in,
    watch_for_blocked_content,
)

EMAIL = "robin.portal@people.example"
IDEA = "Join the Tuesday choir"

# Run in the served database: a new person on the demo practitioner's team, started today (so
# the first questionnaires are due), with their own account and an idea put to them.
SET_UP = f"""
from connecting_people.accounts.models import User
from connecting_people.people.models import PersonAccount
from connecting_people.people.services import person_create
from connecting_people.suggestions.services import suggestion_create

worker = User.objects.get(email="sam@{DEMO_DOMAIN}")
team = worker.team_memberships.order_by("pk").first().team
person = person_create(team=team, by=worker, preferred_name="Robin Portal", keyworker=worker)
user = User.objects.create_user(
    "{EMAIL}", "{DEMO_PASSWORD}", name="Robin Portal", is_person=True
)
PersonAccount.objects.create(person=person, user=user, status="active")
suggestion_create(
    person=person, by=worker, source="worker", idea="{IDEA}", why="You said you love singing"
)
"""


@pytest.fixture(scope="module")
def portal_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if os.environ.get("DATABASE_URL"):
        pytest.skip("serves its own SQLite demo; the shared server covers PostgreSQL")
    data: Path = tmp_path_factory.mktemp("portal-do-data")
    with demo_server(data, env={}, demo=[], workers=1) as port:
        env = {
            **os.environ,
            "CPI_DATA_DIR": str(data),
            "HTTPS": "false",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        subprocess.run(
            [sys.executable, "-m", "connecting_people", "shell", "-c", SET_UP],
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def phone(browser, portal_server):
    """A page 360 px wide, as on a small phone."""
    context = browser.new_context(
        base_url=portal_server, locale="en-GB", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    blocked = watch_for_blocked_content(page)
    yield page
    context.close()
    if blocked:
        pytest.fail("the Content Security Policy blocked:\n" + "\n".join(blocked))


def _checked(page) -> None:
    """No serious accessibility problems, and nothing wider than the phone."""
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{page.url}: {problems}"
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{page.url} scrolls sideways by {wide}px"


def _press_on(page, locator, key: str = "Space") -> None:
    locator.focus()
    page.keyboard.press(key)


def test_a_person_adds_someone_says_not_for_me_and_answers_a_questionnaire(phone):
    page = phone
    sign_in(page, EMAIL)
    expect(page).to_have_url(re.compile("/my/$"))

    # My people: add someone by keyboard alone.
    page.goto("/my/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My people")
    expect(page.get_by_text("Nobody is on your map yet.")).to_be_visible()
    _checked(page)
    _press_on(page, page.get_by_role("link", name="Add someone").first, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add someone to your map")
    page.get_by_label("What do you call them?").focus()
    page.keyboard.type("Fran")
    _press_on(page, page.get_by_label("Friend", exact=True))
    _press_on(page, page.get_by_label("Close to me"))
    _press_on(page, page.get_by_label("Supportive"))
    _checked(page)
    _press_on(page, page.get_by_role("button", name="Add to my map"), "Enter")
    expect(page.get_by_text("Fran is on your map.")).to_be_visible()
    expect(page.locator(".cp-card").filter(has_text="Fran")).to_be_visible()
    expect(page.locator(".cp-network-map svg")).to_be_visible()
    _checked(page)

    # Ideas for me: not for me, with a reason.
    page.goto("/my/ideas/")
    expect(page.get_by_role("heading", name=IDEA)).to_be_visible()
    _checked(page)
    idea = page.locator(".cp-card").filter(has_text=IDEA)
    idea.get_by_role("link", name=re.compile("^Not for me")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Not for me")
    page.get_by_label("The times don't work").check()
    _checked(page)
    page.get_by_role("button", name="Say it is not for me").click()
    expect(page.get_by_text(f"{IDEA} is off your list of ideas.")).to_be_visible()
    expect(page.get_by_role("heading", name=IDEA)).to_have_count(0)

    # My questionnaires: answer the loneliness questions, which are due.
    page.goto("/my/questionnaires/")
    _checked(page)
    due = page.locator("#due-ucla3")
    expect(due).to_contain_text("Loneliness (three questions)")
    due.get_by_role("button", name=re.compile("^Answer now")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Loneliness (three questions)")
    for question, answer in {
        "lack companionship": "Some of the time",
        "feel left out": "Hardly ever or never",
        "isolated from others": "Some of the time",
    }.items():
        group = page.get_by_role("group", name=re.compile(question))
        group.get_by_label(answer, exact=True).check()
    _checked(page)
    page.get_by_role("button", name="Finish", exact=True).click()
    expect(page.get_by_text("Finished. Thank you for answering.")).to_be_visible()
    answered = page.locator("#change-ucla3")
    expect(answered).to_contain_text("Loneliness (three questions)")
    expect(answered).to_contain_text("5, on a scale from 3 to 9")
    _checked(page)
