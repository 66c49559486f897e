"""Changes to organisations, teams and staff. Each one is atomic and audited."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.accounts.models import User
from connecting_people.accounts.tokens import tokens_remove
from connecting_people.core.audit import audit_record
from connecting_people.core.concurrency import save_versioned
from connecting_people.core.models import (
    AuditAction,
    JoinRequestStatus,
    Organisation,
    OrganisationRole,
    OrganisationRoleKind,
    Team,
    TeamContact,
    TeamJoinRequest,
    TeamMembership,
    TeamRole,
)


class LastTeamLeadError(Exception):
    """A team must keep at least one team lead."""


class OtherOrganisationError(Exception):
    """Teams take only accounts of their own organisation (issue 15)."""


def of_organisation(user: User, organisation: Organisation) -> bool:
    """Whether an account belongs to this organisation, so may join its teams: it holds a role in
    the organisation or works in one of its teams, or no organisation claims it yet (a new
    account, or one that is in no team and holds no role, so reaches nothing anywhere). An
    account that works only for other organisations never does."""
    teams = set(user.team_memberships.values_list("team__organisation_id", flat=True))
    roles = set(user.organisation_roles.values_list("organisation_id", flat=True))
    claimed_by = teams | roles
    return not claimed_by or organisation.pk in claimed_by


def _same_organisation(user: User, team: Team) -> None:
    """Refuse (the caller audits the refusal, outside this rolled-back change)."""
    _not_a_persons_account(user)
    if of_organisation(user, team.organisation):
        return
    raise OtherOrganisationError(
        _(
            "%(name)s works for another organisation, so cannot join %(team)s. "
            "Ask an admin at %(organisation)s to add someone from there instead."
        )
        % {"name": user, "team": team.name, "organisation": team.organisation.name}
    )


def _not_a_persons_account(user: User) -> None:
    """A person's own account (issue 14) never holds a staff role: it would open staff pages."""
    if user.is_person:
        raise OtherOrganisationError(
            _(
                "%(email)s belongs to someone the team supports, for their own space, so it "
                "cannot be given a staff role. Staff need an account of their own."
            )
            % {"email": user.email}
        )


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
def organisation_show_staff_names(*, organisation: Organisation, show: bool, by: Any) -> bool:
    """Choose whether people's own spaces name the staff who looked at their record (issue 14
    §6), or only their role. Returns whether anything changed."""
    changed = (
        Organisation.objects.filter(pk=organisation.pk)
        .exclude(show_staff_names_to_people=show)
        .update(show_staff_names_to_people=show)
    )
    organisation.show_staff_names_to_people = show
    if changed:
        audit_record(
            by=by,
            action=AuditAction.CHANGED,
            target=organisation,
            detail={"fields": ["show_staff_names_to_people"]},
        )
    return bool(changed)


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


class NotYoursToDecideError(Exception):
    """Only a team lead of the team (or, with no lead, another admin) decides a join request."""


def needs_confirmation(*, user: User, team: Team, by: Any) -> bool:
    """Whether this change to someone's place in a team waits for a team lead: when it is their
    own doing and they do not lead the team already. In practice, an organisation admin adding
    themselves to a team (or raising their own role), so an admin never becomes a reader of a
    team's records on their own say (issue 15)."""
    if by is None or getattr(by, "pk", None) != user.pk:
        return False
    return not TeamMembership.objects.filter(user=user, team=team, role=TeamRole.TEAM_LEAD).exists()


def sessions_end(user: User) -> int:
    """Delete every session signed in as this account, at once (issue 15); how many went.

    Works with the database session stores (the project's); a store that keeps sessions in the
    browser cannot be reached, and there AuthenticationMiddleware still signs a switched-off
    account out on its next request (tested for both sign-in backends)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    model = store.get_model_class()
    ended = [
        session.session_key
        for session in model.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    for key in ended:
        store(key).delete()  # through the store, so a cached_db cache forgets it too
    return len(ended)


@transaction.atomic
def user_deactivate(*, user: User, by: Any) -> User:
    """Switch an account off: it can no longer sign in, and every session it has ends now."""
    if user.is_active:
        user.is_active, user.deactivated_at = False, timezone.now()
        # the post_save signal ends the sessions
        user.save(update_fields=["is_active", "deactivated_at"])
        audit_record(
            by=by, action=AuditAction.CHANGED, target=user, detail={"fields": ["is_active"]}
        )
    return user


@transaction.atomic
def user_reactivate(*, user: User, by: Any) -> User:
    """Switch an account back on: it may sign in again (its teams and roles were kept)."""
    if not user.is_active:
        if user.anonymised_at is not None:
            raise ValueError("An account whose personal details were removed stays switched off.")
        user.is_active, user.deactivated_at = True, None
        user.save(update_fields=["is_active", "deactivated_at"])
        audit_record(
            by=by, action=AuditAction.CHANGED, target=user, detail={"fields": ["is_active"]}
        )
    return user


@transaction.atomic
def membership_set(
    *, user: User, team: Team, role: TeamRole | str, by: Any
) -> TeamMembership | TeamJoinRequest:
    """Put a staff member in a team with a role, or change their role there. Doing it to yourself
    (when you do not lead the team) asks the team's lead instead: it returns the request."""
    if needs_confirmation(user=user, team=team, by=by):
        return _join_request(user=user, team=team, role=role)
    return _membership_set(user=user, team=team, role=role, by=by)


def _membership_set(*, user: User, team: Team, role: TeamRole | str, by: Any) -> TeamMembership:
    membership = TeamMembership.objects.select_for_update().filter(user=user, team=team).first()
    if membership is None:
        _same_organisation(user, team)
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


def _join_request(*, user: User, team: Team, role: TeamRole | str) -> TeamJoinRequest:
    _same_organisation(user, team)
    request = (
        TeamJoinRequest.objects.select_for_update()
        .filter(user=user, team=team, status=JoinRequestStatus.PENDING)
        .first()
    )
    if request is None:
        request = TeamJoinRequest.objects.create(user=user, team=team, role=role)
        action = AuditAction.CREATED
    elif request.role != role:
        request.role = str(role)
        request.save(update_fields=["role"])
        action = AuditAction.CHANGED
    else:
        return request
    audit_record(
        by=user, action=action, target=request, detail={"team": team.pk, "role": str(role)}
    )
    return request


def may_decide(request: TeamJoinRequest, *, by: Any) -> bool:
    """A team lead of the team decides; in a team with no lead, another admin of its
    organisation. Never the person who asked."""
    if by is None or by.pk == request.user_id or not by.is_active:
        return False
    leads = TeamMembership.objects.filter(team=request.team_id, role=TeamRole.TEAM_LEAD)
    if leads.exists():
        return leads.filter(user=by).exists()
    return OrganisationRole.objects.filter(
        user=by, organisation=request.team.organisation_id, role=OrganisationRoleKind.ADMIN
    ).exists()


def join_requests_for(team: Team, *, by: Any) -> list[TeamJoinRequest]:
    """The pending requests to join this team that `by` may decide."""
    pending = TeamJoinRequest.objects.filter(team=team, status=JoinRequestStatus.PENDING)
    return [r for r in pending.select_related("user", "team") if may_decide(r, by=by)]


@transaction.atomic
def join_request_decide(*, request: TeamJoinRequest, confirm: bool, by: Any) -> TeamJoinRequest:
    """Confirm (the membership is made, audited as the decider's act) or decline a request."""
    request = TeamJoinRequest.objects.select_for_update().select_related("team").get(pk=request.pk)
    if request.status != JoinRequestStatus.PENDING or not may_decide(request, by=by):
        raise NotYoursToDecideError(
            _("This request is not yours to decide, or is decided already.")
        )
    request.status = JoinRequestStatus.CONFIRMED if confirm else JoinRequestStatus.DECLINED
    request.decided_by, request.decided_at = by, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        by=by,
        action=AuditAction.CHANGED,
        target=request,
        detail={"team": request.team_id, "status": request.status},
    )
    if confirm:
        _membership_set(user=request.user, team=request.team, role=request.role, by=by)
    return request


@transaction.atomic
def member_add(
    *, team: Team, existing: User | None, email: str, name: str, role: str, by: Any
) -> TeamMembership | TeamJoinRequest:
    """Put someone in a team, making their account first if they are new (all or nothing)."""
    user = existing or staff_create(email=email, name=name, by=by)
    return membership_set(user=user, team=team, role=role, by=by)


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
    _not_a_persons_account(user)
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


# The fields of the team's contact details and crisis advice (issue 14) that leads can set.
TEAM_CONTACT_FIELDS = (
    "phone",
    "email",
    "hours",
    "crisis_what_to_do",
    "crisis_who",
    "crisis_phone",
)


@transaction.atomic
def team_contact_save(*, team: Team, changes: dict[str, Any], version: int, by: Any) -> TeamContact:
    """Set how the team's people reach it and what to do in a crisis, as they see it in their
    own space; refused with EditConflict if another lead saved first (a team with none yet is at
    version 1)."""
    unknown = set(changes) - set(TEAM_CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of a team's contact details: {sorted(unknown)}")
    contact, _created = TeamContact.objects.get_or_create(team=team)
    changed = [name for name, value in changes.items() if getattr(contact, name) != value]
    save_versioned(contact, changes=changes, version=version)
    audit_record(by=by, action=AuditAction.CHANGED, target=contact, detail={"fields": changed})
    return contact


def anonymised_email(user: User) -> str:
    """The address an account is left with once its personal details are removed: unique, and
    at a domain that can never receive mail (RFC 2606)."""
    return f"former-staff-{user.pk}@removed.invalid"


@transaction.atomic
def user_anonymise(*, user: User, by: Any = None, actor_label: str = "") -> User:
    """Remove a switched-off account's personal details (`cpi retention`): its name and email
    become placeholders, it can never sign in again, and what it signed in with goes (its email
    addresses, two-step sign-in keys, API tokens, sessions). The row stays, so the audit trail's
    events still point at an account; the trail's own sealed copy of the email is not changed
    (ADR 0018)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    if user.is_active:
        raise ValueError("Only an account that is switched off can have its details removed.")
    if user.anonymised_at is not None:
        return user
    user.name = _("Former staff member %(n)s") % {"n": user.pk}
    user.email = anonymised_email(user)
    user.anonymised_at = timezone.now()
    user.set_unusable_password()
    user.save(update_fields=["name", "email", "anonymised_at", "password"])
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    tokens_remove(user)  # issue 19: its API tokens go with it
    sessions_end(user)
    audit_record(
        by=by,
        actor_label=actor_label,
        action=AuditAction.CHANGED,
        target=user,
        detail={"fields": ["name", "email", "password"], "retention": "staff account"},
    )
    return user
