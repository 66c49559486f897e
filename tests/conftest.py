"""The standing cast: everyone whose permissions the tests check, in two teams of one organisation
and a team of another.

    organisation ── team ─────── practitioner, team_lead, both_teams (practitioner)
                 └─ other_team ── other_practitioner, both_teams (practitioner)
                 (org_admin and evaluator hold organisation roles, and no team)
    elsewhere ──── elsewhere_team ── elsewhere_lead
    outsider: signed in, but in no team and holding no role
"""

import asyncio
from types import SimpleNamespace

import pytest
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from connecting_people.core.models import OrganisationRoleKind, TeamRole
from tests.factories import (
    OrganisationFactory,
    OrganisationRoleFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

# Fast hashing and plain static storage (no manifest needed) for the in-process test client.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture(autouse=True)
def _no_browser_event_loop(request):
    """Playwright's synchronous API marks its event loop as running on this thread between calls,
    for as long as the session's browser lives; Django then refuses database calls (opening or
    closing a connection) in any later test on the same worker as if they came from async code.
    Outside the browser tests, take the mark away for the test and put it back after."""
    loop = asyncio._get_running_loop()
    if loop is None or "tests/browser/" in request.node.nodeid:
        yield
        return
    asyncio._set_running_loop(None)
    try:
        yield
    finally:
        asyncio._set_running_loop(loop)


@pytest.fixture
def cast(db):
    organisation = OrganisationFactory(name="Riverside Trust")
    team = TeamFactory(organisation=organisation, name="North Team")
    other_team = TeamFactory(organisation=organisation, name="South Team")
    elsewhere_team = TeamFactory(name="Faraway Team")

    def member(team, role=TeamRole.PRACTITIONER, **kwargs):
        return TeamMembershipFactory(team=team, role=role, **kwargs).user

    c = SimpleNamespace(
        organisation=organisation,
        team=team,
        other_team=other_team,
        elsewhere=elsewhere_team.organisation,
        elsewhere_team=elsewhere_team,
        practitioner=member(team, user=UserFactory(name="Pat Practitioner")),
        team_lead=member(team, TeamRole.TEAM_LEAD, user=UserFactory(name="Lee Lead")),
        other_practitioner=member(other_team),
        elsewhere_lead=member(elsewhere_team, TeamRole.TEAM_LEAD),
        outsider=UserFactory(name="Olly Outsider"),
    )
    c.both_teams = member(team, user=UserFactory(name="Bo Both"))
    member(other_team, user=c.both_teams)
    c.org_admin = OrganisationRoleFactory(
        organisation=organisation, role=OrganisationRoleKind.ADMIN
    ).user
    c.evaluator = OrganisationRoleFactory(
        organisation=organisation, role=OrganisationRoleKind.EVALUATOR
    ).user
    return c


@pytest.fixture
def sign_in(client):
    """Sign a user in on the test client and return the client."""

    def _sign_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return _sign_in


# Property tests check correctness, not speed: no per-example deadline, so a busy CI machine
# cannot fail them on timing alone (speed is measured by `make bench`).
hypothesis_settings.register_profile(
    "project", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("project")
