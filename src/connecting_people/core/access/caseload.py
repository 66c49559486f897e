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

from connecting_people.core.access.records import Team, records_for, refuse, teams_for
from connecting_people.core.audit import audit_record
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
