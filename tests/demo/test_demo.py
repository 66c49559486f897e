import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from connecting_people.accounts.models import User
from connecting_people.core.models import Organisation, Team, TeamMembership
from connecting_people_demo import builders
from tests.factories import OrganisationFactory, UserFactory


def _snapshot():
    return sorted(
        TeamMembership.objects.values_list("user__email", "user__name", "team__name", "role")
    )


def test_demo_builds_two_teams_and_every_role(db, capsys):
    call_command("demo")
    assert Team.objects.count() == 2
    assert {"practitioner", "team_lead"} <= set(
        TeamMembership.objects.values_list("role", flat=True)
    )
    assert (
        User.objects.get(email="morgan@riverside.example").organisation_roles.get().role == "admin"
    )
    chris = User.objects.get(email="chris@riverside.example")
    assert chris.team_memberships.count() == 2
    out = capsys.readouterr().out
    assert "sam@riverside.example" in out
    assert builders.DEMO_PASSWORD in out


def test_demo_staff_can_sign_in_with_the_printed_password(client, db):
    call_command("demo")
    assert client.login(email="sam@riverside.example", password=builders.DEMO_PASSWORD)


def test_demo_is_deterministic(db):
    call_command("demo")
    first = _snapshot()
    call_command("demo", "--reset")
    assert _snapshot() == first
    assert Organisation.objects.count() == 1


def test_demo_twice_without_reset_says_what_to_do(db):
    call_command("demo")
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo")


def test_demo_if_empty_keeps_existing_data(db, capsys):
    call_command("demo")
    User.objects.filter(email="sam@riverside.example").update(name="Samuel Okafor")
    call_command("demo", "--if-empty")
    assert User.objects.get(email="sam@riverside.example").name == "Samuel Okafor"
    assert "keeping it" in capsys.readouterr().out


@pytest.mark.parametrize("real", ["organisation", "account"])
def test_demo_refuses_a_database_with_real_data(db, real):
    if real == "organisation":
        OrganisationFactory()
    else:
        UserFactory(email="real.person@nhs.example")
    before = (Organisation.objects.count(), User.objects.count())
    with pytest.raises(CommandError, match="holds data that the demo did not make"):
        call_command("demo", "--reset")
    assert (Organisation.objects.count(), User.objects.count()) == before


def _cpi(*args, demo):
    env = {k: v for k, v in os.environ.items() if k != "CPI_DEMO"}
    if demo is not None:
        env["CPI_DEMO"] = demo
    cpi = Path(sys.executable).with_name("cpi")
    return subprocess.run([cpi, *args], env=env, capture_output=True, text=True, check=False)


@pytest.mark.slow
@pytest.mark.parametrize("demo", [None, "false"])
def test_without_cpi_demo_the_demo_command_does_not_exist(demo):
    """Production does not set CPI_DEMO: the demo app is not installed and `cpi demo` is unknown."""
    done = _cpi("demo", "--help", demo=demo)
    assert done.returncode != 0
    assert "Unknown command: 'demo'" in done.stderr


@pytest.mark.slow
def test_with_cpi_demo_the_demo_command_exists():
    done = _cpi("demo", "--help", demo="true")
    assert done.returncode == 0, done.stderr
    assert "--if-empty" in done.stdout
