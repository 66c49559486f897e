"""Personal access tokens: made, shown once, stored hashed, revoked, and gone with their owner."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from connecting_people.accounts import tokens
from connecting_people.accounts.models import ApiToken
from tests.api.conftest import ApiClient
from tests.factories import PersonAccountFactory, PersonFactory

pytestmark = pytest.mark.django_db
SOON = timezone.localdate() + dt.timedelta(days=30)


def _issue(user, **kwargs):
    return tokens.token_issue(
        user=user,
        name=kwargs.pop("name", "Script"),
        scopes=kwargs.pop("scopes", ["people:read"]),
        expires_on=kwargs.pop("expires_on", SOON),
        by=user,
        **kwargs,
    )


def test_only_a_hash_is_kept(cast):
    row, raw = _issue(cast.practitioner, team=cast.team)
    assert raw.startswith(f"cpi_{row.key_id}_")
    assert row.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.values().get())
    assert tokens.token_find(raw) == row
    assert tokens.token_find(raw + "x") is None
    assert row.role == "practitioner"


def test_a_team_lead_token_is_made_as_a_lead(cast):
    row, _raw = _issue(cast.team_lead, team=cast.team)
    assert row.role == "team_lead"


@pytest.mark.parametrize(
    ("days", "field"), [(-1, "expires_on"), (367, "expires_on"), (None, "expires_on")]
)
def test_expiry_is_required_and_at_most_a_year(cast, days, field):
    expires = None if days is None else timezone.localdate() + dt.timedelta(days=days)
    with pytest.raises(ValidationError) as refused:
        _issue(cast.practitioner, team=cast.team, expires_on=expires)
    assert field in refused.value.message_dict


def test_unknown_or_no_scopes_are_refused(cast):
    with pytest.raises(ValidationError):
        _issue(cast.practitioner, team=cast.team, scopes=["everything:write"])
    with pytest.raises(ValidationError):
        _issue(cast.practitioner, team=cast.team, scopes=[])


def test_only_for_a_team_they_work_in(cast):
    with pytest.raises(ValidationError):
        _issue(cast.practitioner, team=cast.other_team)
    with pytest.raises(ValidationError):
        _issue(cast.outsider, team=cast.team)


def test_an_evaluator_token_only_reads(cast):
    with pytest.raises(ValidationError):
        _issue(cast.evaluator, organisation=cast.organisation, scopes=["people:write"])
    row, _raw = _issue(cast.evaluator, organisation=cast.organisation)
    assert (row.role, row.team) == ("evaluator", None)
    with pytest.raises(ValidationError):
        _issue(cast.practitioner, organisation=cast.organisation)


def test_a_persons_account_needs_their_team_to_allow_tokens(cast):
    account = PersonAccountFactory(person=PersonFactory(team=cast.team))
    with pytest.raises(ValidationError):
        _issue(account.user, team=cast.team)
    cast.team.person_api_tokens = True
    cast.team.save()
    row, raw = _issue(account.user, team=cast.team)
    assert row.role == "person"
    client = ApiClient(raw)
    assert client.get("/api/v1/people").json()["items"] == []  # staff records: none
    assert client.post("/api/v1/people", {"preferred_name": "X"}).status_code == 403
    cast.team.person_api_tokens = False
    cast.team.save()
    assert client.get("/api/v1/people").status_code == 401


def test_anonymising_the_account_removes_its_tokens(cast):
    from connecting_people.accounts.services import user_anonymise, user_deactivate

    _issue(cast.practitioner, team=cast.team)
    user_deactivate(user=cast.practitioner, by=cast.org_admin)
    user_anonymise(user=cast.practitioner)
    assert not ApiToken.objects.exists()


def test_createtoken_prints_the_token_once(cast):
    out = StringIO()
    call_command(
        "createtoken",
        cast.practitioner.email,
        "--scopes",
        "people:read,people:write",
        "--expires",
        SOON.isoformat(),
        "--name",
        "Nightly sync",
        stdout=out,
        stderr=StringIO(),
    )
    raw = out.getvalue().strip()
    row = tokens.token_find(raw)
    assert (row.name, row.scopes, row.team, row.expires_on) == (
        "Nightly sync",
        ["people:read", "people:write"],
        cast.team,
        SOON,
    )
    assert ApiClient(raw).get("/api/v1/people").status_code == 200


def test_createtoken_asks_for_the_team_of_someone_in_two(cast):
    with pytest.raises(CommandError, match="--team"):
        call_command(
            "createtoken", cast.both_teams.email, "--scopes", "people:read", "--expires", str(SOON)
        )
    call_command(
        "createtoken",
        cast.both_teams.email,
        "--scopes=people:read",
        f"--expires={SOON}",
        f"--team={cast.other_team.pk}",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert ApiToken.objects.get().team == cast.other_team


def test_createtoken_refuses_a_token_past_a_year(cast):
    with pytest.raises(CommandError, match="a year at most"):
        call_command(
            "createtoken",
            cast.practitioner.email,
            "--scopes=people:read",
            f"--expires={timezone.localdate() + dt.timedelta(days=400)}",
        )


# ── The page ─────────────────────────────────────────────────────────────────────────────────
def test_the_page_makes_a_token_and_shows_it_once(cast, sign_in):
    client = sign_in(cast.practitioner)
    response = client.post(
        "/you/tokens/",
        {
            "name": "Weekly report",
            "where": f"team-{cast.team.pk}",
            "scopes": ["people:read", "plans:read"],
            "expires_on": SOON.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 200
    row = ApiToken.objects.get()
    raw = response.context["made"][1]
    assert tokens.token_find(raw) == row
    assert raw.encode() in response.content
    again = client.get("/you/tokens/")
    assert raw.encode() not in again.content
    assert b"Weekly report" in again.content


def test_the_page_keeps_what_was_typed_and_says_what_is_wrong(cast, sign_in):
    response = sign_in(cast.practitioner).post(
        "/you/tokens/", {"name": "Weekly report", "where": f"team-{cast.team.pk}"}
    )
    assert response.status_code == 200
    assert b"Choose at least one thing the token may do" in response.content
    assert b'value="Weekly report"' in response.content
    assert not ApiToken.objects.exists()


def test_revoking_own_and_as_lead_but_not_anothers(cast, sign_in, client):
    row, raw = _issue(cast.practitioner, team=cast.team)
    assert sign_in(cast.other_practitioner).post(f"/you/tokens/{row.pk}/revoke/").status_code == 404
    client.logout()
    assert sign_in(cast.both_teams).post(f"/you/tokens/{row.pk}/revoke/").status_code == 404
    client.logout()
    assert sign_in(cast.team_lead).post(f"/you/tokens/{row.pk}/revoke/").status_code == 302
    row.refresh_from_db()
    assert row.revoked_by == cast.team_lead
    assert ApiClient(raw).get("/api/v1/people").status_code == 401


def test_a_team_lead_turns_peoples_tokens_on_and_off(cast, sign_in, client):
    assert (
        sign_in(cast.practitioner)
        .post(f"/teams/{cast.team.pk}/person-tokens/", {"allowed": "yes"})
        .status_code
        == 403
    )
    client.logout()
    assert (
        sign_in(cast.team_lead)
        .post(f"/teams/{cast.team.pk}/person-tokens/", {"allowed": "yes"})
        .status_code
        == 302
    )
    cast.team.refresh_from_db()
    assert cast.team.person_api_tokens is True
    client.post(f"/teams/{cast.team.pk}/person-tokens/", {"allowed": "no"})
    cast.team.refresh_from_db()
    assert cast.team.person_api_tokens is False
