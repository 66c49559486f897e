"""Who sees which caseload: the people on a caseload page, a team's report, bringing people in.

Staff see the people of the teams they work in. The caseload page shows either the people they
are keyworker for (in any of their teams) or everyone in the team they are working in now; a
team's report is of the team they are working in; people are brought in only to a team they work
in. Anything else is refused (audited) and answered 404, as for a team that does not exist.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404, HttpRequest

from connecting_people.core.access.records import (
    Team,
    TeamMembership,
    records_for,
    refuse,
    team_ids_for,
    teams_for,
)
from connecting_people.core.audit import audit_record
from connecting_people.core.forms import LARGEST_ID
from connecting_people.core.models import AuditAction

P = TypeVar("P", bound=models.Model)


def caseload(
    request: HttpRequest, people: models.QuerySet[P], *, mine: bool = False
) -> models.QuerySet[P]:
    """The people on this user's caseload page: theirs as keyworker in any of their teams (mine),
    or everyone in the team they are working in now; nobody when they work in no team."""
    people = records_for(request.user, people)
    if mine:
        return people.filter(keyworker=request.user)
    team = request.team  # type: ignore[attr-defined]
    return people.filter(team=team) if team else people.none()


def worker_caseload(
    request: HttpRequest, people: models.QuerySet[P], *, user_pk: int
) -> tuple[Any, models.QuerySet[P]]:
    """A worker and the people they are keyworker for, for the worker themself and for the
    leads of a team they work in (who see only that worker's people in the teams they lead).
    Anyone else, or a worker who does not exist, is refused (audited) with the same 404."""
    user = request.user
    led = team_ids_for(user, lead=True)
    # A foreign key's lookup is not range-checked: an id no database can hold is nobody.
    worker_teams = (
        set(TeamMembership.objects.filter(user_id=user_pk).values_list("team_id", flat=True))
        if user_pk <= LARGEST_ID
        else set()
    )
    if user_pk == getattr(user, "pk", None) and worker_teams:
        shown = records_for(user, people)
    elif worker_teams & led:
        shown = people.filter(team__in=worker_teams & led)
    else:
        refuse(request, wanted="worker indicators", worker=user_pk)
        raise Http404
    membership = TeamMembership.objects.filter(user_id=user_pk).select_related("user").first()
    audit_record(
        by=user,
        action=AuditAction.VIEWED,
        request=request,
        detail={"report": "worker indicators", "worker": user_pk},
    )
    return membership.user if membership else None, shown.filter(keyworker_id=user_pk)


def workers_shown(request: HttpRequest, team: Team) -> list[Any]:
    """Whose own figures (worker_caseload) this user may open from the team's page: every member
    of the team when they lead it, else only themselves. One query."""
    user = request.user
    if team.pk not in team_ids_for(user, lead=True):
        return [user]
    members = TeamMembership.objects.filter(team=team).select_related("user")
    return sorted((m.user for m in members), key=lambda u: (str(u).casefold(), u.pk))


def team_working_in(request: HttpRequest) -> Team:
    """The team this user is working in now, to add someone to its caseload; 404 without one."""
    team = request.team  # type: ignore[attr-defined]
    if not team:
        raise Http404
    return team


def team_report_for(request: HttpRequest, *, report: str, audit: bool = True) -> Team:
    """The team this user is working in, for one of its reports (audited as viewed, unless the
    page audits what it showed itself: audit=False); 404 when they work in no team (audited as
    refused)."""
    team = request.team  # type: ignore[attr-defined]
    if not team:
        refuse(request, report=report)
        raise Http404
    if not audit:
        return team
    audit_record(
        by=request.user,
        action=AuditAction.VIEWED,
        target=team,
        request=request,
        detail={"report": report},
    )
    return team


def teams_to_add_people(request: HttpRequest) -> models.QuerySet[Team]:
    """The teams this user may bring people into: the ones they work in (404 for anyone else)."""
    teams = teams_for(request.user)
    if not teams:
        refuse(request, wanted="people import")
        raise Http404
    return teams


def team_to_add_people(request: HttpRequest, teams: models.QuerySet[Team], *, pk: Any) -> Team:
    """One of `teams_to_add_people`, by id: 404 once they have left it (say, since a preview)."""
    team = teams.filter(pk=pk).first()
    if team is None:
        refuse(request, wanted="people import", team=pk)
        raise Http404
    return team
