"""Who works where, and the records a user may see: the rules every other part of the layer
builds on.

Rules (see docs/adr/0003-access-layer.md):
- Staff see the records of the teams they belong to, whatever their role there.
- Team leads, and admins of the team's organisation, may change the team itself and its members.
- Organisation admins manage teams and staff accounts; they do not see people's records unless
  they are also in that person's team.
- Evaluators see aggregates and pseudonymised exports only, never a record.
- Inactive accounts see nothing.

Records say which team owns them through `access_team_path` on their model (an ORM path to the
team's primary key, such as "team" or "person__team"). Views never fetch personal records with the
bare ORM: they call `records_for` or `record_for`, which filter and audit.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest

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

M = TypeVar("M", bound=models.Model)

_CACHE = "_cpi_access_cache"


def _memberships(user: Any) -> dict[int, str]:
    """Team id → role for this user, fetched once per user object (so once per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cache = user.__dict__.setdefault(_CACHE, {})
    if "teams" not in cache:
        cache["teams"] = dict(
            TeamMembership.objects.filter(user=user).values_list("team_id", "role")
        )
    return cache["teams"]


def _organisation_roles(user: Any) -> set[tuple[int, str]]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cache = user.__dict__.setdefault(_CACHE, {})
    if "orgs" not in cache:
        cache["orgs"] = set(
            OrganisationRole.objects.filter(user=user).values_list("organisation_id", "role")
        )
    return cache["orgs"]


def forget(user: Any) -> None:
    """Drop what this user object remembers of its roles (after a role changes)."""
    user.__dict__.pop(_CACHE, None)


def team_ids_for(user: Any, *, lead: bool = False) -> frozenset[int]:
    """Ids of the teams whose records this user may see (or, with lead=True, that they lead)."""
    memberships = _memberships(user)
    if lead:
        return frozenset(t for t, role in memberships.items() if role == TeamRole.TEAM_LEAD)
    return frozenset(memberships)


def teams_for(user: Any) -> models.QuerySet[Team]:
    """The teams this user works in, for menus and the team switcher."""
    return Team.objects.filter(pk__in=team_ids_for(user)).select_related("organisation")


def role_in(user: Any, team: Team) -> str | None:
    """The user's role in this team, or None when they are not in it."""
    return _memberships(user).get(team.pk)


def organisation_ids_with_role(user: Any, role: str) -> frozenset[int]:
    """Ids of the organisations where this user holds `role` (read once per request)."""
    return frozenset(org for org, held in _organisation_roles(user) if held == role)


def administered_organisation_ids(user: Any) -> frozenset[int]:
    """Ids of the organisations whose teams and staff this user manages."""
    return organisation_ids_with_role(user, OrganisationRoleKind.ADMIN)


def organisations_administered(user: Any) -> models.QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=administered_organisation_ids(user))


def organisations_evaluated(user: Any) -> models.QuerySet[Organisation]:
    """The organisations whose reports and pseudonymised exports this user may see."""
    ids = organisation_ids_with_role(user, OrganisationRoleKind.EVALUATOR)
    return Organisation.objects.filter(pk__in=ids)


def is_evaluator(user: Any, organisation: Organisation) -> bool:
    return (organisation.pk, OrganisationRoleKind.EVALUATOR) in _organisation_roles(user)


def can_view_team(user: Any, team: Team) -> bool:
    """Members see their team; organisation admins see every team they manage."""
    return team.pk in team_ids_for(user) or team.organisation_id in administered_organisation_ids(
        user
    )


def can_manage_team(user: Any, team: Team) -> bool:
    """Team leads and organisation admins may change a team and who is in it."""
    return team.pk in team_ids_for(
        user, lead=True
    ) or team.organisation_id in administered_organisation_ids(user)


def can_administer(user: Any, organisation: Organisation) -> bool:
    return organisation.pk in administered_organisation_ids(user)


def records_for(user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """Only the records of `queryset` that belong to this user's teams."""
    path = getattr(queryset.model, "access_team_path", None)
    if path is None:
        raise TypeError(
            f"{queryset.model.__name__} has no access_team_path: the access layer cannot tell "
            "which team owns it."
        )
    return queryset.filter(**{f"{path}__in": team_ids_for(user)})


def refuse(request: HttpRequest, *, target: models.Model | None = None, **detail: Any) -> None:
    """Record that this user was refused something, so repeated probing shows in the trail."""
    audit_record(
        by=request.user, action=AuditAction.REFUSED, target=target, request=request, detail=detail
    )


def record_for(
    request: HttpRequest, queryset: models.QuerySet[M], *, pk: Any, audit: bool = True
) -> M:
    """One record this user may see, or 404 (the same answer as for a record that does not exist).

    Refusals are audited too, so repeated probing shows up in the trail.
    """
    user = request.user
    try:
        record = records_for(user, queryset).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as missing:
        refuse(request, model=queryset.model._meta.label_lower, pk=str(pk)[:64])
        raise Http404 from missing
    if audit:
        audit_record(by=user, action=AuditAction.VIEWED, target=record, request=request)
    return record


def child_for(
    request: HttpRequest,
    queryset: models.QuerySet[M],
    *,
    parent: models.Model,
    pk: Any,
    via: str = "person",
    audit: bool = False,
) -> M:
    """One record belonging to `parent` (already fetched through this layer), or 404 as for any
    other record. `via` names the field that points at the parent; the parent is set on the
    record, so reading it costs no query. Not audited by default: opening the parent was."""
    record = record_for(request, queryset.filter(**{via: parent}), pk=pk, audit=audit)
    setattr(record, via, parent)
    return record


def team_for(request: HttpRequest, *, pk: Any, manage: bool = False) -> Team:
    """A team this user may see (404 otherwise), or may manage when manage=True (403 otherwise)."""
    team = Team.objects.select_related("organisation").filter(pk=pk).first()
    if team is None or not can_view_team(request.user, team):
        refuse(request, model="accounts.team", pk=str(pk)[:64])
        raise Http404
    if manage and not can_manage_team(request.user, team):
        refuse(request, target=team, wanted="manage")
        raise PermissionDenied
    return team


def organisation_for(request: HttpRequest, *, pk: Any) -> Organisation:
    """An organisation this user administers, or 404."""
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not can_administer(request.user, organisation):
        refuse(request, model="accounts.organisation", pk=str(pk)[:64])
        raise Http404
    return organisation
