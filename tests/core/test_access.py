import pytest
from django.http import Http404
from django.test import RequestFactory

from connecting_people.core import access
from connecting_people.core.models import AuditAction, AuditEvent, Team, TeamMembership


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_team_ids_for_practitioner_is_only_their_team(cast):
    assert access.team_ids_for(cast.practitioner) == {cast.team.pk}


def test_team_ids_for_someone_in_two_teams_is_both(cast):
    assert access.team_ids_for(cast.both_teams) == {cast.team.pk, cast.other_team.pk}


def test_team_ids_for_lead_only_counts_teams_they_lead(cast):
    assert access.team_ids_for(cast.team_lead, lead=True) == {cast.team.pk}
    assert access.team_ids_for(cast.practitioner, lead=True) == frozenset()


@pytest.mark.parametrize("who", ["outsider", "org_admin", "evaluator"])
def test_team_ids_for_people_without_a_team_is_empty(cast, who):
    assert access.team_ids_for(getattr(cast, who)) == frozenset()


def test_inactive_account_sees_nothing(cast):
    cast.practitioner.is_active = False
    assert access.team_ids_for(cast.practitioner) == frozenset()
    assert not access.can_view_team(cast.practitioner, cast.team)


def test_anonymous_user_sees_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    assert access.team_ids_for(AnonymousUser()) == frozenset()


def test_can_view_team_members_and_their_organisation_admin(cast):
    assert access.can_view_team(cast.practitioner, cast.team)
    assert access.can_view_team(cast.org_admin, cast.team)
    assert access.can_view_team(cast.org_admin, cast.other_team)


@pytest.mark.parametrize("who", ["other_practitioner", "elsewhere_lead", "outsider", "evaluator"])
def test_can_view_team_refuses_everyone_else(cast, who):
    assert not access.can_view_team(getattr(cast, who), cast.team)


def test_org_admin_cannot_view_another_organisations_team(cast):
    assert not access.can_view_team(cast.org_admin, cast.elsewhere_team)


def test_can_manage_team_is_team_lead_or_org_admin(cast):
    assert access.can_manage_team(cast.team_lead, cast.team)
    assert access.can_manage_team(cast.org_admin, cast.team)
    assert not access.can_manage_team(cast.practitioner, cast.team)
    assert not access.can_manage_team(cast.team_lead, cast.other_team)
    assert not access.can_manage_team(cast.elsewhere_lead, cast.team)


def test_records_for_filters_by_the_models_team_path(cast):
    visible = access.records_for(cast.both_teams, Team.objects.all())
    assert set(visible) == {cast.team, cast.other_team}


def test_records_for_refuses_models_that_do_not_say_which_team_owns_them(cast):
    with pytest.raises(TypeError, match="access_team_path"):
        access.records_for(cast.practitioner, TeamMembership.objects.all())


def test_record_for_returns_and_audits_a_visible_record(cast):
    team = access.record_for(_request(cast.practitioner), Team.objects.all(), pk=cast.team.pk)
    assert team == cast.team
    event = AuditEvent.objects.get(action=AuditAction.VIEWED)
    assert (event.actor, event.target_type, event.target_id, event.team) == (
        cast.practitioner,
        "accounts.team",
        str(cast.team.pk),
        cast.team,
    )


@pytest.mark.parametrize("pk", ["other", "missing", "junk"])
def test_record_for_answers_404_alike_for_other_teams_missing_and_junk_ids(cast, pk):
    ids = {"other": cast.other_team.pk, "missing": 987654, "junk": "not-a-number"}
    with pytest.raises(Http404):
        access.record_for(_request(cast.practitioner), Team.objects.all(), pk=ids[pk])
    refused = AuditEvent.objects.get(action=AuditAction.REFUSED)
    assert refused.actor == cast.practitioner
    assert refused.detail["pk"] == str(ids[pk])


def test_memberships_are_read_once_per_user_object(cast, django_assert_num_queries):
    user = cast.both_teams
    access.forget(user)
    with django_assert_num_queries(1):
        for _ in range(3):
            access.team_ids_for(user)
            access.can_view_team(user, cast.team)
