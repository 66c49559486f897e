"""The team's own page, and the organisation's teams side by side.

The team page is for everyone in the team being worked in (404, audited, for anyone in no team):
it names the team's people, so the page is audited with the ids of the people it showed. The
organisation view is for the organisation's admins and the leads of its teams (404, audited, for
anyone else): counts only, the small-number rule for teams the reader is not in.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from connecting_people.core import access
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.people.access import caseload_for
from connecting_people.practice.team_page import buzz, due, elsewhere, organisation

TEAM_PAGE = "team-page"
ORGANISATION_VIEW = "teams-side-by-side"


@login_required
@require_GET
def team_page(request: HttpRequest) -> HttpResponse:
    team = access.team_report_for(request, report=TEAM_PAGE, audit=False)
    people = caseload_for(request)
    today = timezone.localdate()
    context = {
        "team": team,
        "today": today,
        **buzz.team_buzz(team, people, today=today),
        **due.team_due(people, today=today),
        **elsewhere.elsewhere(team, today=today),
        "organisations": access.organisations_side_by_side_for(request.user),
    }
    shown = _people_shown(context)
    audit_record(
        by=request.user,
        action=AuditAction.VIEWED,
        target=getattr(team, "_wrapped", team),
        request=request,
        detail={"report": TEAM_PAGE, "people": shown},
    )
    return render(request, "practice/team_page.html", context)


def _people_shown(context: dict[str, Any]) -> list[int]:
    """The ids of the people the team page names, for its audit event."""
    people = [c.person_id for c in context["connections"]["latest"]]
    people += [s.person_id for s in context["stories"]]
    people += [c.suggestion.person_id for c in context["activities"]["latest"]]
    people += [s.person_id for s in context["skills"]["latest"]]
    people += [p.pk for p in context["no_contact"]["longest"]]
    return sorted(set(people))


@login_required
@require_GET
def teams_side_by_side(request: HttpRequest) -> HttpResponse:
    organisations = access.organisations_side_by_side_for(request.user)
    chosen = access.organisation_side_by_side_for(request, organisations, report=ORGANISATION_VIEW)
    current = request.team  # type: ignore[attr-defined]
    table = organisation.organisation_rows(
        chosen, member_of=access.team_ids_for(request.user), current=current.pk if current else None
    )
    audit_record(
        by=request.user,
        action=AuditAction.VIEWED,
        target=chosen,
        request=request,
        detail={"report": ORGANISATION_VIEW},
    )
    context = {
        "organisation": chosen,
        "organisations": organisations,
        "no_contact_days": due.no_contact_days(),  # the page says the setting, not a copy of it
        **table,
    }
    return render(request, "practice/team_organisation.html", context)
