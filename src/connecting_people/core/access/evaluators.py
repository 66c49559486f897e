"""How far an evaluator reaches: the organisations whose research export they may download, and
the teams whose counts (never records) they may open.

Evaluators see aggregates and pseudonymised exports only. On a team's counts they see less than
its members: no count from 1 to 4, and never the people who asked to be left out of research.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from connecting_people.core.access.records import (
    is_evaluator,
    organisations_evaluated,
    refuse,
    team_ids_for,
)
from connecting_people.core.models import Organisation, Team


def evaluated_organisations(user: Any) -> list[Organisation]:
    """The organisations this user evaluates, by name (none for anyone else)."""
    return list(organisations_evaluated(user).order_by("name"))


def may_see_team_counts(user: Any, team: Team) -> bool:
    """Members see their team's counts; its organisation's evaluators see them too."""
    return team.pk in team_ids_for(user) or is_evaluator(user, team.organisation)


def sees_team_as_member(user: Any, team: Team) -> bool:
    """Whether the reader is in the team: else counts only, small ones held back, and only the
    people who did not ask to be left out of research."""
    return team.pk in team_ids_for(user)


def counts_team_for(request: HttpRequest, *, report: str) -> Team:
    """The team asked for with ?team= (if the user is in it or evaluates its organisation), or
    else the team they are working in; 404, audited, otherwise."""
    wanted = request.GET.get("team", "").strip()
    if not wanted:
        team = request.team  # type: ignore[attr-defined]
        if not team:
            refuse(request, report=report)
            raise Http404
        return team
    team = None
    if wanted.isascii() and wanted.isdigit() and len(wanted) < 10:
        team = Team.objects.select_related("organisation").filter(pk=int(wanted)).first()
    if team is None or not may_see_team_counts(request.user, team):
        refuse(request, model="accounts.team", pk=wanted[:64], report=report)
        raise Http404
    return team
