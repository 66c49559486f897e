import pytest
from django.urls import reverse

from connecting_people.accounts.models import User
from connecting_people.core.models import (
    AuditAction,
    AuditEvent,
    JoinRequestStatus,
    OrganisationRoleKind,
    TeamJoinRequest,
    TeamMembership,
    TeamRole,
)
from tests.factories import OrganisationRoleFactory, TeamFactory
from tests.plans.factories import PersonFactory


@pytest.mark.parametrize("who", ["practitioner", "team_lead", "both_teams", "org_admin"])
def test_team_page_allowed(sign_in, cast, who):
    response = sign_in(getattr(cast, who)).get(reverse("accounts:team", args=[cast.team.pk]))
    assert response.status_code == 200
    assert b"Pat Practitioner" in response.content


@pytest.mark.parametrize("who", ["other_practitioner", "elsewhere_lead", "outsider", "evaluator"])
def test_team_page_refused_as_not_found(sign_in, cast, who):
    response = sign_in(getattr(cast, who)).get(reverse("accounts:team", args=[cast.team.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).exists()


def test_team_page_needs_sign_in(client, cast):
    response = client.get(reverse("accounts:team", args=[cast.team.pk]))
    assert response.status_code == 302


def test_team_page_offers_changes_only_to_those_who_manage_it(sign_in, cast):
    url = reverse("accounts:team", args=[cast.team.pk])
    add = reverse("accounts:team_member_add", args=[cast.team.pk]).encode()
    assert add in sign_in(cast.team_lead).get(url).content
    assert add not in sign_in(cast.practitioner).get(url).content


def test_team_lead_adds_someone_new(sign_in, cast):
    response = sign_in(cast.team_lead).post(
        reverse("accounts:team_member_add", args=[cast.team.pk]),
        {"email": " New.Person@Test.Example ", "name": "Nia New", "role": TeamRole.PRACTITIONER},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@test.example")
    assert user.name == "Nia New"
    assert not user.has_usable_password()
    assert TeamMembership.objects.get(user=user).team == cast.team
    assert AuditEvent.objects.filter(
        actor=cast.team_lead, action=AuditAction.CREATED, target_type="accounts.user"
    ).exists()


def test_adding_existing_staff_reuses_their_account(sign_in, cast):
    sign_in(cast.org_admin).post(
        reverse("accounts:team_member_add", args=[cast.team.pk]),
        {"email": cast.other_practitioner.email, "role": TeamRole.TEAM_LEAD},
    )
    assert TeamMembership.objects.get(user=cast.other_practitioner, team=cast.team).role == (
        TeamRole.TEAM_LEAD
    )


def test_adding_someone_new_without_a_name_keeps_what_was_typed(sign_in, cast):
    response = sign_in(cast.team_lead).post(
        reverse("accounts:team_member_add", args=[cast.team.pk]),
        {"email": "someone@test.example", "name": "", "role": TeamRole.TEAM_LEAD},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter their full name: they are new to Connecting People" in html
    assert 'value="someone@test.example"' in html
    assert 'value="team_lead" checked' in html
    assert 'href="#id_name"' in html  # the error summary links to the field
    assert not User.objects.filter(email="someone@test.example").exists()


def test_adding_someone_already_in_the_team_is_refused(sign_in, cast):
    response = sign_in(cast.team_lead).post(
        reverse("accounts:team_member_add", args=[cast.team.pk]),
        {"email": cast.practitioner.email, "role": TeamRole.PRACTITIONER},
    )
    assert "is already in this team" in response.content.decode()


@pytest.mark.parametrize("who", ["practitioner", "other_practitioner", "outsider", "evaluator"])
def test_adding_to_a_team_is_refused_to_others(sign_in, cast, who):
    response = sign_in(getattr(cast, who)).post(
        reverse("accounts:team_member_add", args=[cast.team.pk]),
        {"email": "x@test.example", "name": "X", "role": TeamRole.PRACTITIONER},
    )
    assert response.status_code in (403, 404)
    assert not User.objects.filter(email="x@test.example").exists()


def test_the_last_team_lead_cannot_step_down(sign_in, cast):
    response = sign_in(cast.team_lead).post(
        reverse("accounts:team_member_edit", args=[cast.team.pk, cast.team_lead.pk]),
        {"role": TeamRole.PRACTITIONER},
    )
    assert response.status_code == 200
    assert "needs at least one team lead" in response.content.decode()
    assert TeamMembership.objects.get(user=cast.team_lead, team=cast.team).role == (
        TeamRole.TEAM_LEAD
    )


def test_team_lead_takes_someone_out_of_the_team(sign_in, cast):
    response = sign_in(cast.team_lead).post(
        reverse("accounts:team_member_edit", args=[cast.team.pk, cast.practitioner.pk]),
        {"remove": "1"},
    )
    assert response.status_code == 302
    assert not TeamMembership.objects.filter(user=cast.practitioner, team=cast.team).exists()
    assert User.objects.filter(pk=cast.practitioner.pk).exists()


def test_organisation_page_for_its_admin_only(sign_in, cast):
    url = reverse("accounts:organisation", args=[cast.organisation.pk])
    assert sign_in(cast.org_admin).get(url).status_code == 200
    for who in ["team_lead", "practitioner", "evaluator", "elsewhere_lead"]:
        assert sign_in(getattr(cast, who)).get(url).status_code == 404


def test_org_admin_sets_up_a_team(sign_in, cast):
    response = sign_in(cast.org_admin).post(
        reverse("accounts:organisation", args=[cast.organisation.pk]),
        {"name": "East Team", "description": ""},
    )
    assert response.status_code == 302
    assert cast.organisation.teams.filter(name="East Team").exists()


def test_team_names_are_unique_in_an_organisation_ignoring_case(sign_in, cast):
    response = sign_in(cast.org_admin).post(
        reverse("accounts:organisation", args=[cast.organisation.pk]), {"name": "north team"}
    )
    assert response.status_code == 200
    assert "There is already a team called north team" in response.content.decode()


def test_account_settings_change_own_name(sign_in, cast):
    client = sign_in(cast.practitioner)
    client.post(reverse("accounts:settings"), {"name": "Pat P. Practitioner"})
    cast.practitioner.refresh_from_db()
    assert cast.practitioner.name == "Pat P. Practitioner"
    changed = AuditEvent.objects.get(action=AuditAction.CHANGED)
    assert (changed.actor, changed.target_id) == (cast.practitioner, str(cast.practitioner.pk))


def test_account_settings_refused_when_signed_out(client, cast):
    response = client.post(reverse("accounts:settings"), {"name": "Someone Else"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGED).exists()


def test_sign_up_is_closed(client, db):
    client.post(
        reverse("account_signup"),
        {
            "email": "me@test.example",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "name", ["account_reset_password", "account_change_password", "mfa_index", "account_logout"]
)
def test_account_pages_use_our_layout(sign_in, cast, name):
    client = sign_in(cast.practitioner) if name != "account_reset_password" else sign_in(None)
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-header" in html
    assert 'class="govuk-button' in html


def test_password_reset_never_says_whether_an_account_exists(client, cast):
    known = client.post(reverse("account_reset_password"), {"email": cast.practitioner.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@test.example"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


def test_a_team_lead_cannot_add_someone_from_another_organisation(sign_in, cast):
    response = sign_in(cast.team_lead).post(
        reverse("accounts:team_member_add", args=[cast.team.pk]),
        {"email": cast.elsewhere_lead.email, "role": TeamRole.PRACTITIONER},
    )
    assert response.status_code == 200
    assert "works for another organisation" in response.content.decode()
    assert not TeamMembership.objects.filter(user=cast.elsewhere_lead, team=cast.team).exists()
    assert AuditEvent.objects.filter(
        actor=cast.team_lead, action=AuditAction.REFUSED, target_type="accounts.team"
    ).exists()


# An admin adding themselves waits for a team lead (issue 15) -----------------------------------


def _admin_asks_to_join(sign_in, cast, role=TeamRole.PRACTITIONER):
    return sign_in(cast.org_admin).post(
        reverse("accounts:team_member_add", args=[cast.team.pk]),
        {"email": cast.org_admin.email, "role": role},
        follow=True,
    )


def test_an_admin_adding_themselves_only_asks_and_sees_no_records(sign_in, cast):
    person = PersonFactory(team=cast.team, preferred_name="Quentin Quillon")
    response = _admin_asks_to_join(sign_in, cast)
    assert "A team lead of North Team needs to confirm it" in response.content.decode()
    assert not TeamMembership.objects.filter(user=cast.org_admin, team=cast.team).exists()
    join = TeamJoinRequest.objects.get(user=cast.org_admin, team=cast.team)
    assert join.status == JoinRequestStatus.PENDING
    assert AuditEvent.objects.filter(
        actor=cast.org_admin, action=AuditAction.CREATED, target_type="core.teamjoinrequest"
    ).exists()
    # Nothing of the team's records opens to them while it waits.
    assert (
        sign_in(cast.org_admin).get(reverse("practice:person", args=[person.pk])).status_code == 404
    )


def test_the_admin_cannot_confirm_their_own_request(sign_in, cast):
    _admin_asks_to_join(sign_in, cast)
    join = TeamJoinRequest.objects.get(user=cast.org_admin)
    url = reverse("accounts:join_request_decide", args=[cast.team.pk, join.pk])
    assert (
        b"Waiting for you to confirm"
        not in sign_in(cast.org_admin).get(reverse("accounts:team", args=[cast.team.pk])).content
    )
    assert sign_in(cast.org_admin).post(url, {"decision": "confirm"}).status_code == 403
    assert not TeamMembership.objects.filter(user=cast.org_admin, team=cast.team).exists()


@pytest.mark.parametrize("who", ["practitioner", "elsewhere_lead", "other_practitioner"])
def test_only_a_lead_of_the_team_decides(sign_in, cast, who):
    _admin_asks_to_join(sign_in, cast)
    join = TeamJoinRequest.objects.get(user=cast.org_admin)
    url = reverse("accounts:join_request_decide", args=[cast.team.pk, join.pk])
    assert sign_in(getattr(cast, who)).post(url, {"decision": "confirm"}).status_code in (403, 404)
    join.refresh_from_db()
    assert join.status == JoinRequestStatus.PENDING


def test_a_team_lead_confirms_and_then_the_admin_is_in_the_team(sign_in, cast):
    _admin_asks_to_join(sign_in, cast)
    join = TeamJoinRequest.objects.get(user=cast.org_admin)
    team_page = sign_in(cast.team_lead).get(reverse("accounts:team", args=[cast.team.pk]))
    assert b"Waiting for you to confirm" in team_page.content
    response = sign_in(cast.team_lead).post(
        reverse("accounts:join_request_decide", args=[cast.team.pk, join.pk]),
        {"decision": "confirm"},
    )
    assert response.status_code == 302
    join.refresh_from_db()
    assert (join.status, join.decided_by) == (JoinRequestStatus.CONFIRMED, cast.team_lead)
    assert TeamMembership.objects.get(user=cast.org_admin, team=cast.team).role == "practitioner"
    assert AuditEvent.objects.filter(
        actor=cast.team_lead, action=AuditAction.CREATED, target_type="accounts.team"
    ).exists()
    person = PersonFactory(team=cast.team)
    assert sign_in(cast.org_admin).get(
        reverse("practice:person", args=[person.pk])
    ).status_code == (200)


def test_a_team_lead_declines(sign_in, cast):
    _admin_asks_to_join(sign_in, cast)
    join = TeamJoinRequest.objects.get(user=cast.org_admin)
    sign_in(cast.team_lead).post(
        reverse("accounts:join_request_decide", args=[cast.team.pk, join.pk]),
        {"decision": "decline"},
    )
    join.refresh_from_db()
    assert join.status == JoinRequestStatus.DECLINED
    assert not TeamMembership.objects.filter(user=cast.org_admin, team=cast.team).exists()
    assert AuditEvent.objects.filter(
        actor=cast.team_lead, action=AuditAction.CHANGED, target_type="core.teamjoinrequest"
    ).exists()


def test_an_admin_raising_their_own_role_asks_too(sign_in, cast):
    TeamMembership.objects.create(user=cast.org_admin, team=cast.team, role=TeamRole.PRACTITIONER)
    sign_in(cast.org_admin).post(
        reverse("accounts:team_member_edit", args=[cast.team.pk, cast.org_admin.pk]),
        {"role": TeamRole.TEAM_LEAD},
    )
    assert TeamMembership.objects.get(user=cast.org_admin, team=cast.team).role == "practitioner"
    assert TeamJoinRequest.objects.get(user=cast.org_admin).role == TeamRole.TEAM_LEAD


def test_in_a_team_with_no_lead_another_admin_confirms(sign_in, cast):
    leadless = TeamFactory(organisation=cast.organisation, name="West Team")
    second_admin = OrganisationRoleFactory(
        organisation=cast.organisation, role=OrganisationRoleKind.ADMIN
    ).user
    sign_in(cast.org_admin).post(
        reverse("accounts:team_member_add", args=[leadless.pk]),
        {"email": cast.org_admin.email, "role": TeamRole.TEAM_LEAD},
    )
    join = TeamJoinRequest.objects.get(user=cast.org_admin)
    url = reverse("accounts:join_request_decide", args=[leadless.pk, join.pk])
    assert sign_in(cast.org_admin).post(url, {"decision": "confirm"}).status_code == 403
    assert sign_in(second_admin).post(url, {"decision": "confirm"}).status_code == 302
    assert TeamMembership.objects.get(user=cast.org_admin, team=leadless).role == "team_lead"


def test_an_admin_adding_someone_else_is_not_held_up(sign_in, cast):
    sign_in(cast.org_admin).post(
        reverse("accounts:team_member_add", args=[cast.team.pk]),
        {"email": cast.other_practitioner.email, "role": TeamRole.PRACTITIONER},
    )
    assert TeamMembership.objects.filter(user=cast.other_practitioner, team=cast.team).exists()
    assert not TeamJoinRequest.objects.exists()
