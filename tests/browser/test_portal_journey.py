"""Co-production between sessions, end to end in a real browser (issue 14's own test).

A worker invites Robin with a printed code. On a phone (360 px) Robin starts with the code, marks
their step done with a note, adds someone to their map, answers the questionnaire that is due,
says "not for me" to an idea, and writes an update for their worker. Then the worker opens
Robin's page and finds every one of those in "Updates from Robin", marks them seen, and the
caseload's marker goes. Every page Robin sees is checked with axe-core and must not scroll
sideways.

The module serves a demo of its own (SQLite, or a database of its own on PostgreSQL) and adds
Robin through the services: a new person, so the first questionnaires are due, with a step of
their own and an idea put to them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from connecting_people_demo.builders import DEMO_DOMAIN
from tests.browser.conftest import (
    _own_database,
    demo_server,
    serious_accessibility_problems,
    sign_in,
    watch_for_blocked_content,
)

WORKER = f"sam@{DEMO_DOMAIN}"
PHONE = {"width": 360, "height": 740}
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")
STEP = "Ring the walking group about Saturday"
IDEA = "Try the community choir"
UPDATE = "The walk went well. Can we talk about the choir next time?"

SET_UP = f"""
import datetime as dt
from django.utils import timezone
from connecting_people.accounts.models import User
from connecting_people.people.services import person_create
from connecting_people.plans.services import goal_create, step_add
from connecting_people.suggestions.services import suggestion_create

worker = User.objects.get(email="{WORKER}")
team = worker.team_memberships.order_by("pk").first().team
person = person_create(team=team, by=worker, preferred_name="Robin Journey", keyworker=worker)
goal = goal_create(
    person=person, text="Get out walking again", whose_idea="person",
    agreed_on=timezone.localdate(), by=worker,
)
step_add(goal=goal, text="{STEP}", who="person", by=worker)
suggestion_create(person=person, by=worker, source="worker", idea="{IDEA}", why="You love singing")
print(person.pk)
"""


@pytest.fixture(scope="module")
def journey_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    database = _own_database(os.environ.get("DATABASE_URL"))
    database_url = next(database)
    env = {"DATABASE_URL": database_url} if database_url else {}
    data = tmp_path_factory.mktemp("portal-journey")
    try:
        with demo_server(data, env=env, demo=[], workers=1) as port:
            shell_env = {
                **os.environ,
                "CPI_DATA_DIR": str(data),
                "STATIC_ROOT": os.environ.get("STATIC_ROOT", str(Path.cwd() / "staticfiles")),
                "HTTPS": "false",
                "DEBUG": "false",
                **env,
            }
            made = subprocess.run(
                [sys.executable, "-m", "connecting_people", "shell", "-c", SET_UP],
                env=shell_env,
                check=True,
                capture_output=True,
                text=True,
                timeout=180,
            )
            yield f"http://127.0.0.1:{port}", int(made.stdout.strip().splitlines()[-1])
    finally:
        next(database, None)


def _checked(page) -> None:
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{page.url}: {problems}"
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{page.url} scrolls sideways by {wide}px"


def _invite_on_paper(page, person_pk: int) -> tuple[str, str]:
    """The worker's side: Robin's own space, a code on paper. Returns (sign-in name, code)."""
    sign_in(page, WORKER)
    page.goto(f"/people/{person_pk}/own-space/")
    page.get_by_label("On paper: you print the code or read it out to them").check()
    page.get_by_role("button", name="Invite them").click()
    expect(page.get_by_text("This code is shown only once")).to_be_visible()
    name = page.locator(".cp-code").first.inner_text()
    return name, CODE.search(page.locator("main").inner_text()).group(0)


def _robin_does_everything(robin, sign_in_name: str, code: str) -> None:
    # Sign in with the printed code, and carry on without a password.
    robin.goto("/my/start/")
    _checked(robin)
    robin.get_by_label("Your email address or sign-in name").fill(sign_in_name)
    robin.get_by_label("Your code").fill(code)
    robin.get_by_role("button", name="Start").click()
    expect(robin.get_by_role("heading", level=1)).to_have_text("Choose a password")
    robin.get_by_label("Choose a password").fill("a kettle a garden a walk")
    robin.get_by_label("Type it again").fill("a kettle a garden a walk")
    robin.get_by_role("button", name="Save my password").click()
    expect(robin.get_by_role("heading", level=1)).to_have_text("Hello, Robin Journey")
    _checked(robin)

    # Mark their step done, with a note.
    robin.get_by_role("link", name=re.compile(rf"I have done this\s*:\s*{STEP}")).click()
    expect(robin.get_by_role("heading", level=1)).to_have_text("Mark a step done")
    robin.get_by_label("How did it go? (you can leave this blank)").fill("They meet at ten.")
    _checked(robin)
    robin.get_by_role("button", name="Yes, I have done it").click()
    expect(robin.get_by_text("Well done. The step is marked done.")).to_be_visible()

    # Add someone to their map.
    robin.goto("/my/people/add/")
    robin.get_by_label("What do you call them?").fill("Fran")
    robin.get_by_label("Friend", exact=True).check()
    robin.get_by_label("Close to me").check()
    robin.get_by_label("Supportive").check()
    _checked(robin)
    robin.get_by_role("button", name="Add to my map").click()
    expect(robin.get_by_text("Fran is on your map.")).to_be_visible()

    # Answer the loneliness questions, which are due.
    robin.goto("/my/questionnaires/")
    _checked(robin)
    robin.locator("#due-ucla3").get_by_role("button", name=re.compile("^Answer now")).click()
    for question in ("lack companionship", "feel left out", "isolated from others"):
        group = robin.get_by_role("group", name=re.compile(question))
        group.get_by_label("Some of the time", exact=True).check()
    _checked(robin)
    robin.get_by_role("button", name="Finish", exact=True).click()
    expect(robin.get_by_text("Finished. Thank you for answering.")).to_be_visible()

    # Say "not for me" to an idea.
    robin.goto("/my/ideas/")
    idea = robin.locator(".cp-card").filter(has_text=IDEA)
    idea.get_by_role("link", name=re.compile("^Not for me")).click()
    robin.get_by_label("The times don't work").check()
    _checked(robin)
    robin.get_by_role("button", name="Say it is not for me").click()
    expect(robin.get_by_text(f"{IDEA} is off your list of ideas.")).to_be_visible()

    # Write an update for their worker.
    robin.goto("/my/update/")
    robin.get_by_label("Your update").fill(UPDATE)
    _checked(robin)
    robin.get_by_role("button", name=re.compile("^Send")).click()
    expect(robin.get_by_text("Sent. Your worker will see it.")).to_be_visible()


def test_what_the_person_does_between_sessions_reaches_their_worker(browser, journey_server):
    base, person_pk = journey_server
    worker = browser.new_context(base_url=base, locale="en-GB")
    phone = browser.new_context(base_url=base, locale="en-GB", viewport=PHONE)
    try:
        worker_page = worker.new_page()
        sign_in_name, code = _invite_on_paper(worker_page, person_pk)
        robin = phone.new_page()
        blocked = watch_for_blocked_content(robin)
        _robin_does_everything(robin, sign_in_name, code)
        assert blocked == [], blocked

        # The worker's side: the caseload says so, and Robin's page lists every change.
        worker_page.goto("/people/?view=mine")
        marker = worker_page.locator(".cp-updates-marker").filter(has_text="Robin Journey")
        expect(marker).to_have_text(re.compile(r"^\d+ updates from Robin Journey$"))
        marker.click()
        updates = worker_page.locator("#updates")
        for said in (
            "Robin Journey changed a step",  # the step done
            "Robin Journey added",  # someone on the map, the answers, the update
            UPDATE,  # the update itself, word for word
        ):
            expect(updates).to_contain_text(said)
        text = updates.inner_text()
        assert "added someone to their map" in text, text
        assert "said how an idea went" in text, text  # "not for me"
        assert "filled in a questionnaire" in text, text  # the questionnaire answered
        assert "measure response" not in text, text
        assert "They meet at ten." in text, text  # the step's note, word for word
        assert serious_accessibility_problems(worker_page) == []
        updates.get_by_role("button", name="Mark all as seen").click()
        expect(worker_page.locator("#updates")).to_contain_text("Nothing new from Robin Journey")
        worker_page.goto("/people/?view=mine")
        gone = worker_page.locator(".cp-updates-marker").filter(has_text="Robin Journey")
        expect(gone).to_have_count(0)
    finally:
        phone.close()
        worker.close()
