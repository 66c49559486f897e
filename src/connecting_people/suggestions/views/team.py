"""The team's "what is working" page: for each service and community connector the team
suggested, how many people tried it and how many keep going. Counts only, naming no one.

Who may look (see core/access.py): staff see the team they are working in, or another of their
teams with `?team=`; an organisation's evaluators may open any of its teams with `?team=`, as
they may see aggregates. Anyone else gets "not found", and the refusal is audited.

Evaluators see less than the team: no community connectors (private people and informal groups
the team knows, named), and no count from 1 to 4 ("fewer than 5" instead), nor a share or a
commonest reason that would give one away.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from connecting_people.core import access
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, Team
from connecting_people.directory.models.team import add_months
from connecting_people.suggestions import selectors

REPORT = "suggestions"
# How far back to count, by what the form sends: months, or None for all time.
PERIODS: dict[str, int | None] = {"3": 3, "6": 6, "12": 12, "all": None}
PERIOD_CHOICES = (
    ("3", _("The last 3 months")),
    ("6", _("The last 6 months")),
    ("12", _("The last 12 months")),
    ("all", _("All time")),
)
SORT_CHOICES = (
    ("going", _("Most going regularly")),
    ("tried", _("Most tried")),
    ("name", _("Name")),
)
DEFAULT_PERIOD = "12"
DEFAULT_SORT = "going"


@login_required
@require_GET
def what_is_working(request: HttpRequest) -> HttpResponse:
    """Counts per service and connector the team suggested, for the period and order chosen."""
    team = _team_to_show(request)
    period = _chosen(request, "period", PERIODS, DEFAULT_PERIOD)
    sort = _chosen(request, "sort", selectors.SORTS, DEFAULT_SORT)
    since = _since(period)
    in_team = team.pk in access.team_ids_for(request.user)
    # An evaluator never counts people who asked to be left out of research.
    working = selectors.team_working(team, since=since, sort=sort, research_only=not in_team)
    audit_record(
        by=request.user,
        action=AuditAction.VIEWED,
        target=team,
        request=request,
        detail={"report": REPORT, "period": period},
    )
    current = request.team  # type: ignore[attr-defined]
    context = {
        "team": team,
        "working": working,
        # Someone who is not in the team (an evaluator) sees counts only, small ones held back.
        "in_team": in_team,
        "since": since,
        "period": period,
        "sort": sort,
        "period_choices": PERIOD_CHOICES,
        "sort_choices": SORT_CHOICES,
        "too_few": selectors.TOO_FEW_TO_SAY,
        # Connector pages belong to the team being worked in; elsewhere they would be "not found".
        "is_current_team": bool(current) and current.pk == team.pk,
    }
    return render(request, "suggestions/team_working.html", context)


def _team_to_show(request: HttpRequest) -> Team:
    """The team asked for with ?team= (if the user is in it or evaluates its organisation), or
    else the team they are working in; 404, audited, otherwise."""
    wanted = request.GET.get("team", "").strip()
    if not wanted:
        team = request.team  # type: ignore[attr-defined]
        if not team:
            access.refuse(request, report=REPORT)
            raise Http404
        return team
    team = None
    if wanted.isascii() and wanted.isdigit() and len(wanted) < 10:
        team = Team.objects.select_related("organisation").filter(pk=int(wanted)).first()
    user = request.user
    if team is None or not (
        team.pk in access.team_ids_for(user) or access.is_evaluator(user, team.organisation)
    ):
        access.refuse(request, model="accounts.team", pk=wanted[:64], report=REPORT)
        raise Http404
    return team


def _chosen(request: HttpRequest, name: str, allowed: Collection[str], default: str) -> str:
    """The option chosen in the form, or the default for anything else."""
    value = request.GET.get(name, "")
    return value if value in allowed else default


def _since(period: str) -> dt.date | None:
    months = PERIODS[period]
    return None if months is None else add_months(timezone.localdate(), -months)
