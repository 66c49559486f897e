"""The access layer's rules for the community directory (issue 21: they were in its views).

The directory's services are shared by the whole deployment: anyone signed in may look, and anyone
who works in a team may add them. A service is changed (renamed, retired, corrected) only by the
staff of the organisation that keeps it, the one whose team added it (issue 15); a service from an
HSDS feed, kept by no organisation of ours, only by organisation admins. A team's layer on them
(its entries, who knows a service, its connectors) is that team's only, always the team being
worked in now.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from connecting_people.core.access.records import (
    administered_organisation_ids,
    refuse,
    team_ids_for,
)
from connecting_people.core.models import OrganisationRole, Team

NOT_YOURS = "not kept by your organisation"


def may_read_closed_directory_api(user: Any) -> bool:
    """Who may read the HSDS API when a deployment does not publish it: active staff, that is
    anyone working in a team, holding a role in an organisation, or a Django staff account."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(
        team_ids_for(user) or user.is_staff or OrganisationRole.objects.filter(user=user).exists()
    )


def may_change_directory(user: Any) -> bool:
    """Anyone who works in a team may add services to the shared directory and correct them."""
    return bool(team_ids_for(user))


def organisations_worked_for(user: Any) -> frozenset[int]:
    """Ids of the organisations this user is staff of: those of their teams, and those they
    administer."""
    teams = team_ids_for(user)
    in_teams = Team.objects.filter(pk__in=teams).values_list("organisation_id", flat=True)
    return frozenset(in_teams if teams else ()) | administered_organisation_ids(user)


def may_change_service(user: Any, *, owner_id: int | None) -> bool:
    """Staff of the organisation that keeps a service may change it; a service no organisation
    of ours keeps (from an HSDS feed) only organisation admins."""
    if owner_id is None:
        return bool(administered_organisation_ids(user))
    return owner_id in organisations_worked_for(user)


def service_change_allowed(request: HttpRequest, *, service: Any, owner_id: int | None) -> None:
    """403 (audited) for anyone who may not change this service."""
    if not may_change_service(request.user, owner_id=owner_id):
        refuse(request, target=service, wanted="change", why=NOT_YOURS)
        raise PermissionDenied(NOT_YOURS)


def may_match_terms(user: Any) -> bool:
    """Team leads and organisation admins may match other directories' terms to our interests."""
    return bool(team_ids_for(user, lead=True) or administered_organisation_ids(user))


def directory_change_allowed(request: HttpRequest, *, wanted: str, target: Any = None) -> None:
    """403 (audited) for anyone in no team: the shared directory is kept by the teams."""
    if not may_change_directory(request.user):
        refuse(request, target=target, model="directory.service", wanted=wanted)
        raise PermissionDenied


def working_team(request: HttpRequest, *, model: str, wanted: str) -> Team:
    """The team being worked in now, whose layer is shown and changed; 404 (audited) for anyone
    in no team. `model` names what was wanted of it in the audit trail."""
    team = request.team  # type: ignore[attr-defined]
    if not team:
        refuse(request, model=model, wanted=wanted)
        raise Http404
    return team


def services_kept_by(user: Any) -> tuple[frozenset[int], bool]:
    """Whose services this user may change: the ids of the organisations they are staff of, and
    whether they may change the services no organisation of ours keeps (organisation admins)."""
    return organisations_worked_for(user), bool(administered_organisation_ids(user))


def may_see_change_suggestion(user: Any, *, owner_id: int | None, suggested_by: int | None) -> bool:
    """A suggested change to a service is seen by whoever made it and by those who may make it."""
    mine = suggested_by is not None and user.pk == suggested_by
    return mine or may_change_service(user, owner_id=owner_id)
