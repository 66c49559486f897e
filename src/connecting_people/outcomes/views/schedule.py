"""The team's questionnaire schedule (/people/measures/schedule/): members see it, team leads
(and the organisation's admins) change it, from the questionnaires the team's organisation may
ask."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from connecting_people.core import access
from connecting_people.core.editing import Edit, edit
from connecting_people.core.models import Team
from connecting_people.outcomes import presenting, schedules, selectors, services
from connecting_people.outcomes.forms import ScheduleForm
from connecting_people.outcomes.models import Instrument, MeasureSchedule


@login_required
@require_http_methods(["GET", "POST"])
def schedule_edit(request: HttpRequest) -> HttpResponse:
    current = request.team  # type: ignore[attr-defined]
    if not current:
        raise Http404
    team = access.team_for(request, pk=current.pk, manage=request.method == "POST")
    stored = selectors.schedule_for(team.pk)
    visible = list(selectors.instruments_for(team.organisation_id))
    plan = (stored.plan if stored else schedules.DEFAULT_PLAN).keeping({i.slug for i in visible})
    ready = [i for i in visible if not i.needs_wording]
    initial = ScheduleForm.initial_for(stored.version if stored else 0, plan)
    form = ScheduleForm(request.POST or None, instruments=ready, initial=initial)
    done = edit(
        request,
        form,
        lambda data: services.schedule_save(
            team=team, by=request.user, **{k: data[k] for k in ("months", "instruments", "version")}
        ),
    )
    if done.saved:
        messages.success(request, _("The team's questionnaire schedule is saved."))
        return redirect("outcomes:schedule")
    context = _context(request, team, stored, plan, visible, done)
    return render(request, "outcomes/schedule_form.html", context)


def _context(
    request: HttpRequest,
    team: Team,
    stored: MeasureSchedule | None,
    plan: schedules.Plan,
    visible: list[Instrument],
    done: Edit[Any],
) -> dict[str, Any]:
    titles = {i.slug: i.short_title for i in visible}
    return {
        "team": team,
        **done.context,
        "form": done.form if access.can_manage_team(request.user, team) else None,
        "summary": presenting.months_summary(plan),
        "asked": [titles.get(slug, slug) for slug in plan.instruments],
        "is_default": stored is None,
        "before_days": schedules.DUE_BEFORE_DAYS,
        "after_days": schedules.DUE_AFTER_DAYS,
    }
