"""The team's "what is working" and "what is missing" pages.

What is working: for each service and community connector the team suggested, how many people
tried it and how many keep going. Counts only, naming no one.

Who may look (see core/access/evaluators.py): staff see the team they are working in, or
another of their teams with `?team=`; an organisation's evaluators may open any of its teams
with `?team=`, as they may see aggregates. Anyone else gets "not found", and the refusal is audited.

Evaluators see less than the team: no community connectors (private people and informal groups
the team knows, named), and no count from 1 to 4 ("fewer than 5" instead), nor a share or a
commonest reason that would give one away.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from dateutil.relativedelta import relativedelta
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from connecting_people.core import access
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.suggestions import missing, selectors

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
    team = access.counts_team_for(request, report=REPORT)
    period = _chosen(request, "period", PERIODS, DEFAULT_PERIOD)
    sort = _chosen(request, "sort", selectors.SORTS, DEFAULT_SORT)
    since = _since(period)
    # Someone who is not in the team (an evaluator) sees counts only, small ones held back, and
    # never counts people who asked to be left out of research.
    in_team = access.sees_team_as_member(request.user, team)
    working = selectors.team_working(team, since=since, sort=sort, research_only=not in_team)
    detail = {"report": REPORT, "period": period}
    audit_record(
        by=request.user, action=AuditAction.VIEWED, target=team, request=request, detail=detail
    )
    current = request.team  # type: ignore[attr-defined]
    context = {
        "team": team,
        "working": working,
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


MISSING_REPORT = "what is missing"
# What stood in the way, by `ranking.missing` limit code.
LIMITS = {
    "cost": _("Not free"),
    "distance": _("Too far away"),
    "days": _("Not on the days they're free"),
    "times": _("Not at the times they're free"),
    "online": _("Not online"),
    "in_person": _("Not in person"),
    "access": _("Nothing recorded about access"),
    "": _("Nothing in the directory at all"),
}


@login_required
@require_GET
def what_is_missing(request: HttpRequest) -> HttpResponse:
    """The interests nothing fitting meets across the people the team is working with, counted
    per kind of activity and what stood in the way (`suggestions.missing`): for anyone in the
    team being worked in (404, audited, for anyone in none), audited as viewed."""
    team = access.team_report_for(request, report=MISSING_REPORT)
    found = missing.team_missing(team)
    rows = [(row.kind, LIMITS.get(row.limit, row.limit), row.people) for row in found.rows]
    context = {"team": team, "found": found, "rows": rows}
    return render(request, "suggestions/team_missing.html", context)


def _chosen(request: HttpRequest, name: str, allowed: Collection[str], default: str) -> str:
    """The option chosen in the form, or the default for anything else."""
    value = request.GET.get(name, "")
    return value if value in allowed else default


def _since(period: str) -> dt.date | None:
    months = PERIODS[period]
    return None if months is None else timezone.localdate() - relativedelta(months=months)
