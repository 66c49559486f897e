"""Practice indicators pages: the team's, the people behind one number, one worker's."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from connecting_people.core import access
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.people.access import caseload_for
from connecting_people.people.models import Person
from connecting_people.practice import indicators


@login_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    """The current team's indicators now, with the last four quarters beside them."""
    current = access.team_report_for(request, report="indicators")
    people = caseload_for(request)
    return render(
        request,
        "practice/indicators/team.html",
        {
            "team": current,
            "results": indicators.team_summary(current),
            "quarters": indicators.by_quarter(people),
            "workers": access.workers_shown(request, current),
        },
    )


@login_required
@require_GET
def detail(request: HttpRequest, key: str) -> HttpResponse:
    """The people behind one of the current team's indicators (audited: ids only)."""
    current = access.team_report_for(request, report=f"indicator {key}"[:64])
    behind = indicators.people_behind(caseload_for(request), key)
    if behind is None:
        raise Http404
    _audit_people(request, current, key, behind.met + behind.not_yet)
    return render(request, "practice/indicators/detail.html", {"team": current, "behind": behind})


@login_required
@require_GET
def worker(request: HttpRequest, user_pk: int) -> HttpResponse:
    """One worker's indicators, over the people they are keyworker for: for them and their
    lead only."""
    found, people = access.worker_caseload(request, Person.objects.all(), user_pk=user_pk)
    return render(
        request,
        "practice/indicators/worker.html",
        {"worker": found, "results": indicators.people_indicators(people)},
    )


def _audit_people(request: HttpRequest, team: Any, key: str, people: list[Person]) -> None:
    audit_record(
        by=request.user,
        action=AuditAction.VIEWED,
        target=getattr(team, "_wrapped", team),  # the current team arrives as a lazy object
        request=request,
        detail={"list": "indicator", "indicator": key, "people": [p.pk for p in people]},
    )
