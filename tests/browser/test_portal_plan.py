"""The person's own space on a phone (issue 14): a person signs in, finds their next steps and the
"If you need help now" box, and marks one of their steps done with a note, by keyboard only, at
360 px, with no serious accessibility problems."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    _own_database,
    demo_server,
    serious_accessibility_problems,
    sign_in,
    watch_for_blocked_content,
)

PERSON_EMAIL = "robin.own@people.example"
PERSON_PASSWORD = "a long password for Robin 2026"

# Give one demo person with a step of their own to do an active account of their own; print the
# person's name and the step's words so the test knows what to look for.
MAKE_ACCOUNT = f"""
from connecting_people.accounts.models import User
from connecting_people.people.models import Person, PersonAccount
from connecting_people.portal.selectors import next_steps
for person in Person.objects.filter(account__isnull=True).order_by("pk"):
    step = next((s for s in next_steps(person) if s.may_mark_done), None)
    if step is not None:
        break
user = User.objects.create_user(
    email="{PERSON_EMAIL}", password="{PERSON_PASSWORD}", name="Robin Own", is_person=True
)
PersonAccount.objects.create(person=person, user=user, status="active")
print(person.preferred_name + "|" + step.text)
"""


@pytest.fixture(scope="module")
def portal_served(chromium_path, tmp_path_factory):
    """The demo served on a database of its own, with one person's own account in it."""
    database = _own_database(os.environ.get("DATABASE_URL"))
    database_url = next(database)
    env = {"DATABASE_URL": database_url} if database_url else {}
    data = tmp_path_factory.mktemp("portal-data")
    try:
        with demo_server(data, env=env, demo=[], workers=1) as port:
            shell_env = {
                **os.environ,
                "CPI_DATA_DIR": str(data),
                "STATIC_ROOT": os.environ.get("STATIC_ROOT", str(Path.cwd() / "staticfiles")),
                **env,
            }
            made = subprocess.run(
                [sys.executable, "-m", "connecting_people", "shell", "-c", MAKE_ACCOUNT],
                env=shell_env,
                check=True,
                capture_output=True,
                text=True,
                timeout=120,
            )
            name, step_text = made.stdout.strip().splitlines()[-1].split("|", 1)
            yield f"http://127.0.0.1:{port}", name, step_text
    finally:
        next(database, None)


@pytest.fixture
def phone(browser, portal_served):
    base, name, step_text = portal_served
    context = browser.new_context(
        base_url=base, locale="en-GB", viewport={"width": 360, "height": 780}
    )
    page = context.new_page()
    page.csp_blocked = watch_for_blocked_content(page)
    page.step_text = step_text
    page.person_name = name
    yield page
    context.close()
    if page.csp_blocked:
        pytest.fail("the Content Security Policy blocked:\n" + "\n".join(page.csp_blocked))


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_the_person_marks_a_step_done_on_a_phone_by_keyboard(phone):
    page = phone
    sign_in(page, PERSON_EMAIL, PERSON_PASSWORD)
    page.wait_for_url("**/my/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {page.person_name}")
    expect(page.get_by_role("heading", name="If you need help now")).to_be_visible()
    expect(page.get_by_role("link", name="116 123")).to_be_visible()
    _fits(page)
    assert serious_accessibility_problems(page) == []

    # Keyboard only: Tab to the step's "I have done this" button and press Enter.
    # (Chromium reads the visually hidden part of the name with a space before it.)
    name = re.compile(rf"^I have done this\s*: {re.escape(page.step_text)}$")
    button = page.get_by_role("link", name=name)
    expect(button).to_be_visible()
    for _ in range(80):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the step's button could not be reached with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_url("**/done/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark a step done")
    _fits(page)
    assert serious_accessibility_problems(page) == []

    note = page.get_by_label("How did it go? (you can leave this blank)")
    note.focus()
    page.keyboard.type("I rang and they said come along on Tuesday.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Yes, I have done it")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/my/plan/**")
    expect(page.get_by_text("Well done. The step is marked done.")).to_be_visible()
    _fits(page)
    assert serious_accessibility_problems(page) == []
