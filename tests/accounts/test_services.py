import pytest

from connecting_people.accounts import services
from connecting_people.core.models import (
    AuditAction,
    AuditEvent,
    OrganisationRoleKind,
    TeamMembership,
    TeamRole,
)
from tests.factories import OrganisationRoleFactory, TeamMembershipFactory


def test_user_update_name_saves_and_audits_which_field_changed(cast):
    services.user_update_name(user=cast.practitioner, name="  Pat Smith ", by=cast.practitioner)
    cast.practitioner.refresh_from_db()
    assert cast.practitioner.name == "Pat Smith"
    event = AuditEvent.objects.get(action=AuditAction.CHANGED)
    assert (event.actor, event.target_type, event.target_id) == (
        cast.practitioner,
        "accounts.user",
        str(cast.practitioner.pk),
    )
    # Field names only: the trail does not keep the old or the new name in its detail.
    assert event.detail == {"fields": ["name"]}


def test_user_update_name_to_the_same_name_writes_nothing(cast):
    services.user_update_name(
        user=cast.practitioner, name=cast.practitioner.name, by=cast.practitioner
    )
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGED).exists()


# Same organisation only (issue 15) -------------------------------------------------------------


def test_an_account_of_another_organisation_cannot_be_added_to_a_team(cast):
    with pytest.raises(services.OtherOrganisationError, match="works for another organisation"):
        services.membership_set(
            user=cast.elsewhere_lead, team=cast.team, role=TeamRole.PRACTITIONER, by=cast.team_lead
        )
    assert not TeamMembership.objects.filter(user=cast.elsewhere_lead, team=cast.team).exists()


def test_an_admin_of_another_organisation_cannot_be_added_either(cast):
    outsider_admin = OrganisationRoleFactory(
        organisation=cast.elsewhere, role=OrganisationRoleKind.ADMIN
    ).user
    with pytest.raises(services.OtherOrganisationError):
        services.membership_set(
            user=outsider_admin, team=cast.team, role=TeamRole.PRACTITIONER, by=cast.org_admin
        )


@pytest.mark.parametrize("who", ["other_practitioner", "evaluator", "outsider"])
def test_accounts_of_the_organisation_or_of_none_may_be_added(cast, who):
    # In one of its teams, holding a role in it, or an account no organisation claims yet.
    user = getattr(cast, who)
    services.membership_set(
        user=user, team=cast.team, role=TeamRole.PRACTITIONER, by=cast.team_lead
    )
    assert TeamMembership.objects.filter(user=user, team=cast.team).exists()


def test_someone_working_for_both_organisations_may_be_added(cast):
    TeamMembershipFactory(user=cast.practitioner, team=cast.elsewhere_team)
    services.membership_set(
        user=cast.practitioner, team=cast.other_team, role=TeamRole.PRACTITIONER, by=cast.org_admin
    )
    assert TeamMembership.objects.filter(user=cast.practitioner, team=cast.other_team).exists()
