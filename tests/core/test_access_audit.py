"""Who may search the audit trail (issue 15): team leads their teams, data protection leads their
organisation; practitioners, organisation admins, evaluators and outsiders are refused."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from connecting_people.core.access import forget, may_search_trail, trail_team_ids
from connecting_people.core.models import AuditAction, AuditEvent, OrganisationRoleKind
from tests.factories import OrganisationRoleFactory


def _request(user):
    request = RequestFactory().get("/audit/")
    request.user = user
    return request


@pytest.fixture
def dp_lead(cast):
    return OrganisationRoleFactory(
        organisation=cast.organisation, role=OrganisationRoleKind.DATA_PROTECTION
    ).user


def test_a_team_lead_searches_the_teams_they_lead(cast):
    assert trail_team_ids(_request(cast.team_lead)) == {cast.team.pk}


def test_a_data_protection_lead_searches_every_team_of_their_organisation(cast, dp_lead):
    assert trail_team_ids(_request(dp_lead)) == {cast.team.pk, cast.other_team.pk}


def test_another_organisations_lead_searches_only_their_own_team(cast):
    assert trail_team_ids(_request(cast.elsewhere_lead)) == {cast.elsewhere_team.pk}


@pytest.mark.parametrize("who", ["practitioner", "org_admin", "evaluator", "outsider"])
def test_everyone_else_is_refused_and_the_refusal_is_audited(cast, who):
    user = getattr(cast, who)
    assert not may_search_trail(user)
    with pytest.raises(PermissionDenied):
        trail_team_ids(_request(user))
    refusal = AuditEvent.objects.filter(actor=user, action=AuditAction.REFUSED).get()
    assert refusal.detail == {"wanted": "audit trail"}


def test_a_switched_off_team_lead_is_refused(cast):
    cast.team_lead.is_active = False
    cast.team_lead.save(update_fields=["is_active"])
    assert not may_search_trail(cast.team_lead)


def test_the_data_protection_role_is_granted_through_the_usual_path_and_opens_the_trail(cast):
    from connecting_people.accounts.services import organisation_role_grant

    user = cast.outsider
    assert not may_search_trail(user)
    organisation_role_grant(
        user=user,
        organisation=cast.organisation,
        role=OrganisationRoleKind.DATA_PROTECTION,
        by=cast.org_admin,
    )
    forget(user)  # the roles are read once per user object (once per request)
    assert trail_team_ids(_request(user)) == {cast.team.pk, cast.other_team.pk}
    grant = AuditEvent.objects.filter(actor=cast.org_admin, action=AuditAction.CREATED).get()
    assert grant.detail["role"] == "data_protection"
