"""Changes to organisations, teams and staff. Each one is atomic and audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from connecting_people.accounts.models import User
from connecting_people.core.audit import audit_record
from connecting_people.core.models import (
    AuditAction,
    Organisation,
    OrganisationRole,
    OrganisationRoleKind,
    Team,
    TeamMembership,
    TeamRole,
)


class LastTeamLeadError(Exception):
    """A team must keep at least one team lead."""


@transaction.atomic
def organisation_create(*, name: str, slug: str, by: Any, is_demo: bool = False) -> Organisation:
    """Create an organisation."""
    organisation = Organisation.objects.create(name=name, slug=slug, is_demo=is_demo)
    audit_record(by=by, action=AuditAction.CREATED, target=organisation)
    return organisation


@transaction.atomic
def team_create(*, organisation: Organisation, name: str, description: str = "", by: Any) -> Team:
    """Create a team in an organisation."""
    team = Team.objects.create(organisation=organisation, name=name, description=description)
    audit_record(by=by, action=AuditAction.CREATED, target=team)
    return team


@transaction.atomic
def staff_create(*, email: str, name: str, by: Any, password: str | None = None) -> User:
    """Create a staff account. Without a password, they set one through 'forgotten password'."""
    user = User.objects.create_user(email=email, name=name, password=password)
    audit_record(by=by, action=AuditAction.CREATED, target=user)
    return user


@transaction.atomic
def user_update_name(*, user: User, name: str, by: Any) -> User:
    """Change the name someone is shown by. The trail says which field changed, not to what."""
    name = name.strip()
    if user.name == name:
        return user
    user.name = name
    user.save(update_fields=["name"])
    audit_record(by=by, action=AuditAction.CHANGED, target=user, detail={"fields": ["name"]})
    return user


@transaction.atomic
def membership_set(*, user: User, team: Team, role: TeamRole | str, by: Any) -> TeamMembership:
    """Put a staff member in a team with a role, or change their role there."""
    membership = TeamMembership.objects.select_for_update().filter(user=user, team=team).first()
    if membership is None:
        membership = TeamMembership.objects.create(user=user, team=team, role=role)
        audit_record(
            by=by,
            action=AuditAction.CREATED,
            target=team,
            detail={"member": user.email, "role": str(role)},
        )
        return membership
    if membership.role != role:
        if membership.role == TeamRole.TEAM_LEAD:
            _keep_a_team_lead(team, leaving=user)
        previous, membership.role = membership.role, str(role)
        membership.save(update_fields=["role"])
        audit_record(
            by=by,
            action=AuditAction.CHANGED,
            target=team,
            detail={"member": user.email, "role": str(role), "was": previous},
        )
    return membership


@transaction.atomic
def membership_remove(*, user: User, team: Team, by: Any) -> None:
    """Take a staff member out of a team (their account and past work stay)."""
    membership = TeamMembership.objects.select_for_update().filter(user=user, team=team).first()
    if membership is None:
        return
    if membership.role == TeamRole.TEAM_LEAD:
        _keep_a_team_lead(team, leaving=user)
    membership.delete()
    audit_record(by=by, action=AuditAction.DELETED, target=team, detail={"member": user.email})


def _keep_a_team_lead(team: Team, *, leaving: User) -> None:
    others = TeamMembership.objects.filter(team=team, role=TeamRole.TEAM_LEAD).exclude(user=leaving)
    if not others.exists():
        raise LastTeamLeadError(
            _("%(team)s needs at least one team lead. Make someone else team lead first.")
            % {"team": team.name}
        )


@transaction.atomic
def organisation_role_grant(
    *, user: User, organisation: Organisation, role: OrganisationRoleKind | str, by: Any
) -> OrganisationRole:
    """Make someone an organisation admin or evaluator."""
    grant, created = OrganisationRole.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if created:
        audit_record(
            by=by,
            action=AuditAction.CREATED,
            target=organisation,
            detail={"member": user.email, "role": str(role)},
        )
    return grant
