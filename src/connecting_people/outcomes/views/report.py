"""The team and organisation report (/people/measures/report/): paired change from baseline to
the latest follow-up, for each questionnaire score and the network measures. Numbers only: no
person is ever named or shown on their own.

Who may look (see core/access.py): staff see any team they are in; team leads also see the whole
of their team's organisation; an organisation's evaluators and admins see any of its teams, or
the whole organisation. Anyone else, or any other team, gets "not found", and the refusal is
audited. Each report shown is audited as VIEWED of its team or organisation.

Anyone looking beyond their own teams sees the period in whole months and small numbers as
"fewer than 5", and rows that would let a small group be worked out by subtracting one row from
another are held back (report.withheld). Evaluators never see the people who asked to be left
out of research.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from connecting_people.core import access
from connecting_people.core.audit import audit_record
from connecting_people.core.forms import date_field
from connecting_people.core.models import AuditAction, Organisation, Team
from connecting_people.outcomes import report as reports
from connecting_people.outcomes import stats
from connecting_people.outcomes.charts import ChangeChart, ChangeRow

REPORT = "outcomes-change"
MINUS = "\u2212"
NONE = "\u2013"  # an en dash, for a number that cannot be worked out
WITHHELD_COUNT = gettext_lazy("not shown, so that a few people elsewhere cannot be counted")
WITHHELD = gettext_lazy(
    "Not shown, so that the answers of a few people elsewhere cannot be worked out"
)


@dataclass(frozen=True)
class Scope:
    value: str  # "team-3" or "organisation-1"
    label: str
    target: Team | Organisation
    team_ids: frozenset[int]
    organisation_id: int

    @property
    def is_organisation(self) -> bool:
        return isinstance(self.target, Organisation)


class PeriodForm(forms.Form):
    since = date_field(
        gettext_lazy("Baseline taken from"),
        required=False,
        invalid=gettext_lazy("Enter a real date for “from”, like 1/4/2026"),
    )
    until = date_field(
        gettext_lazy("Baseline taken up to"),
        required=False,
        invalid=gettext_lazy("Enter a real date for “up to”, like 31/3/2027"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The “up to” date must be on or after the “from” date"))
        return data


def scopes_for(user: Any) -> list[Scope]:
    """The teams (and whole organisations) whose report this user may see, in order: the teams
    they are in; every team of an organisation they evaluate or run; and the whole of an
    organisation they evaluate, run, or lead a team in."""
    if not getattr(user, "is_authenticated", False):
        return []
    overseen = _overseen(user)
    teams = list(
        Team.objects.filter(Q(pk__in=access.team_ids_for(user)) | Q(organisation__in=overseen))
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    found = [Scope(f"team-{t.pk}", t.name, t, frozenset({t.pk}), t.organisation_id) for t in teams]
    led = {t.organisation_id for t in teams if t.pk in access.team_ids_for(user, lead=True)}
    organisations = Organisation.objects.filter(pk__in=overseen | led).order_by("name")
    whole = dict(
        Team.objects.filter(organisation__in=organisations).values_list("pk", "organisation")
    )
    for organisation in organisations:
        ids = frozenset(t for t, o in whole.items() if o == organisation.pk)
        label = _("All of %(organisation)s") % {"organisation": organisation.name}
        found.append(
            Scope(f"organisation-{organisation.pk}", label, organisation, ids, organisation.pk)
        )
    return found


def _overseen(user: Any) -> set[int]:
    """Organisations whose every team's report this user may see: they evaluate or run it."""
    evaluated = {o.pk for o in access.organisations_evaluated(user)}
    return evaluated | set(access.administered_organisation_ids(user))


def _chosen(request: HttpRequest, scopes: list[Scope]) -> Scope:
    wanted = request.GET.get("scope", "").strip()
    if not wanted:
        current = request.team  # type: ignore[attr-defined]
        default = f"team-{current.pk}" if current else (scopes[0].value if scopes else "")
        wanted = default
    scope = next((s for s in scopes if s.value == wanted), None)
    if scope is None:
        access.refuse(request, scope=wanted[:64], report=REPORT)
        raise Http404
    return scope


@login_required
@require_GET
def change_report(request: HttpRequest) -> HttpResponse:
    scopes = scopes_for(request.user)
    scope = _chosen(request, scopes)
    # Someone looking from outside the team sees no exact small numbers, as in the research
    # export, and an evaluator's period runs in whole months: sliding it a day at a time, or
    # reading an n of 1, would otherwise single a person out. Team leads and admins looking
    # beyond their team see all time only: they have no research export, and taking one period
    # from a longer one could single out someone in another team.
    member = access.team_ids_for(request.user)
    coarse = not scope.team_ids <= member
    organisation = scope.target if scope.is_organisation else scope.target.organisation
    evaluating = access.is_evaluator(request.user, organisation)  # from the roles already read
    all_time = coarse and not evaluating
    form = PeriodForm(request.GET or None)
    period: dict[str, dt.date | None] = {"since": None, "until": None}
    found = None
    if not form.is_bound or form.is_valid():
        if form.is_bound:
            period = {k: form.cleaned_data.get(k) for k in period}
        if all_time:
            period = {"since": None, "until": None}
        elif coarse:
            period = _whole_months(period)
        found = _report(
            scope, scopes, member, coarse=coarse, research_only=coarse and evaluating, **period
        )
        audit_record(
            by=request.user,
            action=AuditAction.VIEWED,
            target=scope.target,
            request=request,
            detail={"report": REPORT, **{k: v and v.isoformat() for k, v in period.items()}},
        )
    context = {
        "scope": scope,
        "scopes": scopes,
        "form": form,
        "report": found,
        "groups": _groups(found, coarse=coarse) if found else [],
        "coarse": coarse,
        "all_time": all_time,
        "people_shown": _people(found, coarse=coarse) if found else "",
        "too_few": stats.TOO_FEW,
        "follow_up_days": reports.FOLLOW_UP_AT_LEAST_DAYS,
        "follow_up_weeks": reports.FOLLOW_UP_AT_LEAST_DAYS // 7,
    }
    return render(request, "outcomes/change_report.html", context)


def _report(
    scope: Scope,
    scopes: list[Scope],
    member: frozenset[int],
    *,
    coarse: bool,
    research_only: bool,
    since: dt.date | None,
    until: dt.date | None,
) -> reports.Report:
    """The scope's report, with the rows held back that would let a small group be worked out.

    A member looking at their own team's report needs no such check unless they can also see
    the whole organisation's; then the whole organisation is added up, team by team, once.
    """
    organisation_scope = next(
        (s for s in scopes if s.is_organisation and s.organisation_id == scope.organisation_id),
        None,
    )
    if not coarse and organisation_scope is None:
        return reports.change_report(scope.team_ids, since=since, until=until)
    teams = organisation_scope.team_ids if organisation_scope else scope.team_ids
    found = reports.find(teams, since=since, until=until, research_only=research_only)
    visible = {t for s in scopes if not s.is_organisation for t in s.team_ids}
    row = reports.ORGANISATION if scope.is_organisation else min(scope.team_ids)
    keys = [measure.key for measure in found.measures] + [reports.PEOPLE]
    held = {
        key
        for key in keys
        if row in reports.withheld(found, key, teams=teams, visible=visible, known=member)
    }
    return reports.report_from(found, scope.team_ids, held)


def signed(value: float | None, decimals: int = 2) -> str:
    """+1.25, -0.50 (with a real minus sign), 0.00: a change with its sign."""
    if value is None:
        return NONE
    text = f"{value:+.{decimals}f}"
    if float(text) == 0:
        return f"{0:.{decimals}f}"
    return text.replace("-", MINUS)


def plain(value: float | None, decimals: int = 2) -> str:
    return NONE if value is None else f"{value:.{decimals}f}".replace("-", MINUS)


def _label(measure: reports.Measure) -> str:
    if measure.higher_is == "worse":
        return _("%(title)s (lower is better)") % {"title": measure.title}
    if measure.higher_is == "better":
        return _("%(title)s (higher is better)") % {"title": measure.title}
    return measure.title


def _whole_months(period: dict[str, dt.date | None]) -> dict[str, dt.date | None]:
    """From the first of the "from" month to the last day of the "up to" month."""
    since, until = period["since"], period["until"]
    if since is not None:
        since = since.replace(day=1)
    if until is not None:
        until = until.replace(day=calendar.monthrange(until.year, until.month)[1])
    return {"since": since, "until": until}


def _people(found: reports.Report, *, coarse: bool) -> str:
    if found.people_withheld:
        return str(WITHHELD_COUNT)
    return _count(found.people, coarse=coarse)


def _count(n: int, *, coarse: bool) -> str:
    """How many, or "fewer than 5" for 1 to 4 when the reader is outside the team."""
    if coarse and 0 < n < stats.TOO_FEW:
        return _("fewer than %(n)s") % {"n": stats.TOO_FEW}
    return str(n)


def _row(row: reports.Row, *, coarse: bool = False) -> dict[str, Any]:
    """A table row: n always; the statistics only when there are enough people to say."""
    change = row.change
    n = NONE if row.withheld else _count(row.n, coarse=coarse)
    cells: dict[str, Any] = {
        "label": _label(row.measure),
        "n": n,
        "too_few": True,
        "withheld": row.withheld,
    }
    if row.too_few or change is None:
        return cells
    interval = {"low": signed(change.ci_low), "high": signed(change.ci_high)}
    return {
        **cells,
        "too_few": False,
        "before": plain(change.mean_before),
        "after": plain(change.mean_after),
        "change": signed(change.mean_change),
        "ci": _("%(low)s to %(high)s") % interval,
        "d_z": plain(change.d_z),
    }


def _groups(found: reports.Report, *, coarse: bool = False) -> list[dict[str, Any]]:
    """Each group of measures with its chart and table rows."""
    groups = []
    for n, (title, rows) in enumerate(found.groups()):
        cells = [_row(r, coarse=coarse) for r in rows]
        unit = rows[0].measure.unit
        chart_rows = []
        described = []
        for row, cell in zip(rows, cells, strict=True):
            change = row.change
            if cell["withheld"]:
                note = WITHHELD
                chart_rows.append(ChangeRow(cell["label"], None, None, None, note))
                described.append(f"{cell['label']}: {note}")
            elif cell["too_few"] or change is None:
                note = _("Too few people to say (%(n)s)") % {"n": cell["n"]}
                chart_rows.append(ChangeRow(cell["label"], None, None, None, note))
                described.append(f"{cell['label']}: {note}")
            else:
                chart_rows.append(
                    ChangeRow(cell["label"], change.mean_change, change.ci_low, change.ci_high, "")
                )
                described.append(
                    _(
                        "%(label)s: mean change %(change)s (95%% confidence interval %(ci)s), "
                        "%(n)s people"
                    )
                    % {
                        "label": cell["label"],
                        "change": cell["change"],
                        "ci": cell["ci"],
                        "n": row.n,
                    }
                )
        chart = ChangeChart(
            id_prefix=f"change-{n}",
            title=_("%(title)s: mean change from baseline") % {"title": title},
            description="; ".join(described) + ".",
            x_title=_("Mean change from baseline (%(unit)s)") % {"unit": unit},
            rows=tuple(chart_rows),
        )
        groups.append({"title": title, "rows": cells, "chart": chart, "id": f"group-{n}"})
    return groups
