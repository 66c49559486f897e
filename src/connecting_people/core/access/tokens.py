"""API tokens (issue 19, ADR 0022): what a token may reach, checked on every request.

- A token acts for its owner, in the role it was made under: in one team (a practitioner's or a
  team lead's), in one organisation (an evaluator's), or for a person's own account.
- It never outlives its owner's access: it is refused once the owner's account is switched off,
  once they leave the team or no longer hold the role (a team lead who became a practitioner; an
  evaluator no longer evaluating), and, for a person's account, once their own space is closed or
  their team stops allowing tokens.
- Reads reach only the token's own team's records, even when its owner works in other teams.
- Evaluators' tokens never change anything, whatever scopes they were given; nor do people's.

`core` names no domain model: the token is read by its fields (`role`, `team_id`, ...).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.core.access.own import own_account, own_person_id
from connecting_people.core.access.records import (
    organisation_ids_with_role,
    records_for,
    role_in,
    team_ids_for,
)
from connecting_people.core.models import OrganisationRoleKind, Team, TeamRole

M = TypeVar("M", bound=models.Model)

# The roles of ApiToken.role, named here without importing accounts' models.
PRACTITIONER, TEAM_LEAD, EVALUATOR, PERSON = "practitioner", "team_lead", "evaluator", "person"
READ_ONLY_ROLES = frozenset({EVALUATOR, PERSON})


def roles_open_to(user: Any, team: Team | None) -> list[str]:
    """The roles a token may be made under for this user (in this team, for team roles)."""
    if not getattr(user, "is_active", False):
        return []
    if getattr(user, "is_person", False):
        account = own_account(user)
        if team is None or account is None or account.person.team_id != team.pk:
            return []
        return [PERSON] if team.person_api_tokens and own_person_id(user) else []
    roles = []
    if team is not None and role_in(user, team):
        roles.append(PRACTITIONER)
        if role_in(user, team) == TeamRole.TEAM_LEAD:
            roles.append(TEAM_LEAD)
    return roles


def may_evaluate(user: Any, organisation_id: int | None) -> bool:
    return organisation_id in organisation_ids_with_role(user, OrganisationRoleKind.EVALUATOR)


def token_refusal(token: Any, *, today: Any = None) -> str | None:
    """Why this token may not be used now (words for the problem's detail), or None."""
    user = token.user
    today = today or timezone.localdate()
    if token.revoked_at is not None:
        return _("This token was revoked.")
    if token.expires_on < today:
        return _("This token expired on %(date)s.") % {"date": token.expires_on.isoformat()}
    if not user.is_active or getattr(user, "anonymised_at", None) is not None:
        return _("The account this token belongs to is switched off.")
    if token.role == EVALUATOR:
        if not may_evaluate(user, token.organisation_id):
            return _("The account this token belongs to no longer evaluates this organisation.")
        return None
    if token.role == PERSON:
        account = own_account(user)
        if (
            account is None
            or own_person_id(user) is None
            or account.person.team_id != token.team_id
            or not token.team.person_api_tokens
        ):
            return _("This token's own space is closed, or its team no longer allows tokens.")
        return None
    held = team_ids_for(user)
    if token.team_id not in held:
        return _("The account this token belongs to is no longer in its team.")
    if token.role == TEAM_LEAD and token.team_id not in team_ids_for(user, lead=True):
        return _("The account this token belongs to no longer leads its team.")
    return None


def may_write(token: Any) -> bool:
    """Evaluators' and people's tokens only read, whatever scopes they carry."""
    return token.role not in READ_ONLY_ROLES


def token_of(request: HttpRequest) -> Any | None:
    """The API token this request came with (set by the API's authentication), or None."""
    return getattr(request, "api_token", None)


def in_token_team(request: HttpRequest, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """Narrow `queryset` to the token's own team when the request came with a token (the
    screens, with none, are unchanged): a token reaches its team's records, not all its owner's.
    An evaluator's or a person's token reaches no staff record through here."""
    token = token_of(request)
    if token is None:
        return queryset
    if token.role in READ_ONLY_ROLES:
        return queryset.none()
    path = getattr(queryset.model, "access_team_path", None)
    if path is None:
        raise TypeError(f"{queryset.model.__name__} has no access_team_path.")
    return records_for(request.user, queryset).filter(**{path: token.team_id})
