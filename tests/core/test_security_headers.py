"""The headers that keep a page's content where it belongs (issue 15, hardening):

- a strict Content Security Policy on every answer: scripts, styles, images, fonts and requests
  only from our own address, no inline script or style, no framing, no plugins;
- `Cache-Control: no-store` (and `Pragma: no-cache`) on every answer to a signed-in user, since
  those pages carry personal data; the public HSDS API and static files keep their caching.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from connecting_people.core.headers import policy
from tests.cast import build_world
from tests.inline import inline_bits

EXPECTED_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


@pytest.fixture
def world(db):
    w = build_world()
    w.client = Client()
    return w


def _key_pages(w) -> dict[str, str]:
    """Caseload, person, goal, plan to print, map, questionnaire, directory, report."""
    sam, team = w.sam, w.team_a
    return {
        "caseload": reverse("practice:caseload") + "?view=team",
        "person": reverse("practice:person", kwargs={"pk": sam.person.pk}),
        "goal": reverse("plans:goal", kwargs={"person_pk": sam.person.pk, "pk": sam.goal.pk}),
        "plan to print": reverse("practice:plan", kwargs={"pk": sam.person.pk}),
        "map": reverse("network:map", kwargs={"person_pk": sam.person.pk}),
        "question": reverse(
            "outcomes:question",
            kwargs={"person_pk": sam.person.pk, "pk": sam.answering.pk, "number": 1},
        ),
        "change": reverse("outcomes:change", kwargs={"person_pk": sam.person.pk}),
        "directory": reverse("directory:browse"),
        "service": reverse("directory:service", kwargs={"pk": w.service.pk}),
        "report": reverse("outcomes:report") + f"?scope=team-{team.pk}",
    }


def test_the_policy_is_the_strict_one():
    assert policy() == EXPECTED_POLICY


def _responses(w):
    """Each key page as the practitioner; home (a team member goes on to the caseload) as the
    organisation's admin, who is in no team and so sees it."""
    w.client.force_login(w.practitioner)
    for name, url in _key_pages(w).items():
        yield name, w.client.get(url)
    w.client.force_login(w.org_admin)
    yield "home", w.client.get(reverse("core:home"))


def test_every_key_page_carries_the_policy_and_is_never_stored(world):
    problems = []
    for name, response in _responses(world):
        if response.status_code != 200:
            problems.append(f"{name}: {response.status_code}")
            continue
        if response.get("Content-Security-Policy") != EXPECTED_POLICY:
            problems.append(f"{name}: policy {response.get('Content-Security-Policy')!r}")
        if "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"{name}: Cache-Control {response.get('Cache-Control')!r}")
        if response.get("Pragma") != "no-cache":
            problems.append(f"{name}: Pragma {response.get('Pragma')!r}")
        # As rendered, so the charts and the map drawn in Python are checked too.
        problems += [f"{name}: {bit}" for bit in inline_bits(response.content.decode())]
    assert problems == [], "\n".join(problems)


def test_a_signed_in_error_page_is_never_stored_either(world):
    world.client.force_login(world.other_team)
    response = world.client.get(reverse("practice:person", kwargs={"pk": world.sam.person.pk}))
    assert response.status_code == 404
    assert response["Content-Security-Policy"] == EXPECTED_POLICY
    assert "no-store" in response["Cache-Control"]


def test_a_page_posted_to_and_redirected_is_never_stored(world):
    world.client.force_login(world.practitioner)
    response = world.client.post(reverse("core:switch_team"), {"team": world.team_a.pk})
    assert response.status_code in (200, 302)
    assert "no-store" in response["Cache-Control"]


def test_signed_out_pages_carry_the_policy_but_may_be_cached(world):
    for url in (reverse("account_login"), reverse("guidance:about")):
        response = world.client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == EXPECTED_POLICY, url
        assert "Pragma" not in response, url


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed out", "signed in"])
def test_the_public_hsds_api_keeps_working_and_keeps_its_caching(world, signed_in):
    if signed_in:
        world.client.force_login(world.practitioner)
    response = world.client.get(reverse("hsds:services"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["contents"]
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Pragma" not in response
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_closed_api_answer_is_not_stored(world, settings):
    settings.HSDS_API_PUBLIC = False
    world.client.force_login(world.practitioner)
    response = world.client.get(reverse("hsds:services"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_keep_their_caching_for_a_signed_in_user(world):
    static_root = settings.STATIC_ROOT
    if not (static_root / "images" / "favicon.svg").exists():
        pytest.skip(f"static files are not collected in {static_root}: run with `make test`")
    world.client.force_login(world.practitioner)
    response = world.client.get(settings.STATIC_URL + "images/favicon.svg")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response
