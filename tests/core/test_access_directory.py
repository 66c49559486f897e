"""The access layer's directory section: who may change the shared directory, and whose layer."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from connecting_people.core.access import directory as access
from connecting_people.core.models import AuditAction, AuditEvent

ANYONE_IN_A_TEAM = ["practitioner", "team_lead", "other_practitioner", "both_teams"]
NO_TEAM = ["outsider", "org_admin", "evaluator"]


def _request(user, team=None):
    request = RequestFactory().post("/")
    request.user = user
    request.team = team
    return request


@pytest.mark.parametrize("who", ANYONE_IN_A_TEAM)
def test_may_change_directory_for_anyone_in_a_team(cast, who):
    assert access.may_change_directory(getattr(cast, who))


@pytest.mark.parametrize("who", NO_TEAM)
def test_may_change_directory_refused_to_anyone_in_no_team(cast, who):
    assert not access.may_change_directory(getattr(cast, who))


def test_may_change_directory_refused_to_an_inactive_account(cast):
    cast.practitioner.is_active = False
    assert not access.may_change_directory(cast.practitioner)


@pytest.mark.parametrize("who", ["team_lead", "elsewhere_lead", "org_admin"])
def test_may_match_terms_for_leads_and_organisation_admins(cast, who):
    assert access.may_match_terms(getattr(cast, who))


@pytest.mark.parametrize("who", ["practitioner", "outsider", "evaluator"])
def test_may_match_terms_refused_to_everyone_else(cast, who):
    assert not access.may_match_terms(getattr(cast, who))


def test_directory_change_allowed_lets_a_team_member_through(cast):
    access.directory_change_allowed(_request(cast.practitioner), wanted="add")
    assert not AuditEvent.objects.filter(action=AuditAction.REFUSED).exists()


def test_directory_change_allowed_refuses_anyone_in_no_team_with_403_audited(cast):
    with pytest.raises(PermissionDenied):
        access.directory_change_allowed(_request(cast.outsider), wanted="add")
    refusal = AuditEvent.objects.get(action=AuditAction.REFUSED)
    assert refusal.detail == {"model": "directory.service", "wanted": "add"}


def test_working_team_is_the_team_being_worked_in(cast):
    request = _request(cast.both_teams, team=cast.other_team)
    assert (
        access.working_team(request, model="directory.teamservice", wanted="x") == cast.other_team
    )


def test_working_team_is_404_audited_for_anyone_in_no_team(cast):
    with pytest.raises(Http404):
        access.working_team(
            _request(cast.outsider), model="directory.communityconnector", wanted="list"
        )
    refusal = AuditEvent.objects.get(action=AuditAction.REFUSED)
    assert refusal.detail == {"model": "directory.communityconnector", "wanted": "list"}


@pytest.mark.parametrize("who", [*ANYONE_IN_A_TEAM, "org_admin", "evaluator"])
def test_may_read_closed_directory_api_for_staff_of_a_team_or_an_organisation(cast, who):
    assert access.may_read_closed_directory_api(getattr(cast, who))


def test_may_read_closed_directory_api_refused_to_anyone_else(cast):
    assert not access.may_read_closed_directory_api(cast.outsider)
    assert not access.may_read_closed_directory_api(AnonymousUser())
    cast.practitioner.is_active = False
    assert not access.may_read_closed_directory_api(cast.practitioner)


# Who may change a service (issue 15) -----------------------------------------------------------


def test_a_service_is_changed_by_the_staff_of_the_organisation_that_keeps_it(cast):
    riverside = cast.organisation.pk
    assert access.may_change_service(cast.practitioner, owner_id=riverside)
    assert access.may_change_service(cast.other_practitioner, owner_id=riverside)
    assert access.may_change_service(cast.org_admin, owner_id=riverside)  # an admin, in no team
    assert not access.may_change_service(cast.elsewhere_lead, owner_id=riverside)
    assert not access.may_change_service(cast.evaluator, owner_id=riverside)
    assert not access.may_change_service(cast.outsider, owner_id=riverside)


def test_a_service_no_organisation_keeps_is_changed_by_organisation_admins_only(cast):
    assert access.may_change_service(cast.org_admin, owner_id=None)
    assert not access.may_change_service(cast.team_lead, owner_id=None)
    assert not access.may_change_service(cast.elsewhere_lead, owner_id=None)


def test_a_switched_off_account_changes_nothing(cast):
    cast.practitioner.is_active = False
    assert not access.may_change_service(cast.practitioner, owner_id=cast.organisation.pk)
