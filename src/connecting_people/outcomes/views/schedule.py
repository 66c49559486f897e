"""The team's questionnaire schedule (/people/measures/schedule/): members see it, team leads
(and the organisation's admins) change it, from the questionnaires the team's organisation may
ask."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from connecting_people.core import access
from connecting_people.core.concurrency import EditConflict
from connecting_people.outcomes import presenting, schedules, selectors, services
from connecting_people.outcomes.forms import ScheduleForm
from connecting_people.outcomes.models import Instrument


@login_required
@require_http_methods(["GET", "POST"])
def schedule_edit(request: HttpRequest) -> HttpResponse:
    current = request.team  # type: ignore[attr-defined]
    if not current:
        raise Http404
    team = access.team_for(request, pk=current.pk, manage=request.method == "POST")
    can_manage = access.can_manage_team(request.user, team)
    stored = selectors.schedule_for(team.pk)
    visible = list(selectors.instruments_for(team.organisation_id))
    plan = (stored.plan if stored else schedules.DEFAULT_PLAN).keeping({i.slug for i in visible})
    ready = [i for i in visible if not i.needs_wording]
    initial = {
        "version": stored.version if stored else 0,
        "months": ", ".join(str(m) for m in plan.months),
        "instruments": list(plan.instruments),
    }
    form = ScheduleForm(request.POST or None, instruments=ready, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_save(
                team=team,
                by=request.user,
                months=form.cleaned_data["months"],
                instruments=form.cleaned_data["instruments"],
                version=form.cleaned_data["version"],
            )
        except EditConflict as refused:
            conflict = _readable(refused, ready)
            form = form.with_version(refused.current.version)  # type: ignore[attr-defined]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The team's questionnaire schedule is saved."))
            return redirect("outcomes:schedule")
    titles = {i.slug: i.short_title for i in visible}
    context = {
        "team": team,
        "form": form if can_manage else None,
        "conflict": conflict,
        "summary": presenting.months_summary(plan),
        "asked": [titles.get(slug, slug) for slug in plan.instruments],
        "is_default": stored is None,
        "before_days": schedules.DUE_BEFORE_DAYS,
        "after_days": schedules.DUE_AFTER_DAYS,
    }
    return render(request, "outcomes/schedule_form.html", context)


def _readable(conflict: EditConflict, ready: list[Instrument]) -> EditConflict:
    """Months and questionnaires as words in the conflict table, not stored lists."""
    titles = {i.slug: i.short_title for i in ready}

    def words(field: str, value: Any) -> Any:
        if field == "months" and isinstance(value, list):
            return ", ".join(str(m) for m in value)
        if field == "instruments" and isinstance(value, list):
            return ", ".join(str(titles.get(s, s)) for s in value)
        return value

    conflict.differences = [
        dataclasses.replace(d, theirs=words(d.field, d.theirs), yours=words(d.field, d.yours))
        for d in conflict.differences
        if d.field != "updated_by"
    ]
    return conflict
