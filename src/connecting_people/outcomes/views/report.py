"""The team and organisation report (/people/measures/report/): paired change from baseline to
the latest follow-up, for each questionnaire score and the network measures. Numbers only: no
person is ever named or shown on their own.

Who may look, and how much they see, is the access layer's (core/access/reports.py): staff see
any team they are in; team leads also see the whole of their team's organisation; an
organisation's evaluators and admins see any of its teams, or the whole organisation. Anyone else,
or any other team, gets "not found", and the refusal is audited. Each report shown is audited as
VIEWED of its team or organisation.

Anyone looking beyond their own teams sees the period in whole months and small numbers as
"fewer than 5", and rows that would let a small group be worked out by subtracting one row from
another are held back (report.withheld). Evaluators never see the people who asked to be left
out of research.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from connecting_people.core import access
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.outcomes import report as reports
from connecting_people.outcomes import report_tables, stats
from connecting_people.outcomes.forms import PeriodForm

REPORT = "outcomes-change"


@login_required
@require_GET
def change_report(request: HttpRequest) -> HttpResponse:
    scopes = access.report_scopes_for(request.user)
    scope = access.report_scope_for(request, scopes, report=REPORT)
    shown = access.disclosure_for(request.user, scope)
    form = PeriodForm(request.GET or None)
    found = None
    if not form.is_bound or form.is_valid():
        period = shown.period(**form.period())
        found = _report(scope, scopes, shown, **period)
        _audit(request, scope, period)
    context = {
        "scope": scope,
        "scopes": scopes,
        "form": form,
        "report": found,
        "groups": report_tables.groups(found, coarse=shown.coarse) if found else [],
        "coarse": shown.coarse,
        "all_time": shown.all_time,
        "people_shown": report_tables.people(found, coarse=shown.coarse) if found else "",
        "people_few": found is not None
        and not found.people_withheld
        and report_tables.too_few(found.people),
        "too_few": stats.TOO_FEW,
        "follow_up_days": reports.FOLLOW_UP_AT_LEAST_DAYS,
        "follow_up_weeks": reports.FOLLOW_UP_AT_LEAST_DAYS // 7,
    }
    return render(request, "outcomes/change_report.html", context)


def _audit(
    request: HttpRequest, scope: access.ReportScope, period: dict[str, dt.date | None]
) -> None:
    detail = {"report": REPORT, **{k: v and v.isoformat() for k, v in period.items()}}
    audit_record(
        by=request.user,
        action=AuditAction.VIEWED,
        target=scope.target,
        request=request,
        detail=detail,
    )


def _report(
    scope: access.ReportScope,
    scopes: list[access.ReportScope],
    shown: access.Disclosure,
    *,
    since: dt.date | None,
    until: dt.date | None,
) -> reports.Report:
    """The scope's report, with the rows held back that would let a small group be worked out.

    A member looking at their own team's report needs no such check unless they can also see
    the whole organisation's; then the whole organisation is added up, team by team, once.
    """
    whole = access.whole_organisation(scope, scopes)
    if not shown.coarse and whole is None:
        return reports.change_report(scope.team_ids, since=since, until=until)
    teams = whole.team_ids if whole else scope.team_ids
    found = reports.find(teams, since=since, until=until, research_only=shown.research_only)
    visible = access.team_ids_shown(scopes)
    row = reports.ORGANISATION if scope.is_organisation else min(scope.team_ids)
    keys = [measure.key for measure in found.measures] + [reports.PEOPLE]
    held = {
        key
        for key in keys
        if row in reports.withheld(found, key, teams=teams, visible=visible, known=shown.known)
    }
    return reports.report_from(found, scope.team_ids, held)
