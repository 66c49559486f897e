"""A person's questionnaires (/people/<person_pk>/measures/) and starting a new one. Only the
instruments the person's team's organisation may use are offered, and only they can be due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from connecting_people.core import access
from connecting_people.outcomes import presenting, schedules, selectors, services
from connecting_people.outcomes.forms import ONE_PER_SCREEN, StartForm
from connecting_people.outcomes.models import Instrument, Response
from connecting_people.outcomes.views.common import answer_url, first_unanswered, question_url
from connecting_people.people.access import person_for
from connecting_people.people.models import Person


@login_required
@require_GET
def measures_page(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    responses = list(
        Response.objects.filter(person=person)
        .select_related("instrument", "scored_with", "recorded_by")
        .order_by("-taken_on", "-pk")
    )
    instruments = list(selectors.instruments_for(person.team.organisation_id))
    stored = selectors.schedule_for(person.team_id)
    plan = stored.plan if stored else schedules.DEFAULT_PLAN
    context = {
        "person": person,
        "in_progress": [_row(r) for r in responses if not r.is_complete],
        "groups": _groups(responses, instruments),
        "due": _due_rows(person, responses, plan, instruments, timezone.localdate()),
        "plan_summary": presenting.months_summary(plan),
        "can_change_schedule": access.can_manage_team(request.user, person.team),
        "ready": [i for i in instruments if not i.needs_wording],
    }
    return render(request, "outcomes/measures_page.html", context)


def _row(response: Response) -> dict[str, Any]:
    return {
        "response": response,
        "lines": presenting.score_lines(response),
        "answered": presenting.answered(response),
        "of": len(response.instrument.parsed.items),
        "first": first_unanswered(response),
    }


def _groups(responses: Sequence[Response], instruments: Sequence[Instrument]) -> list[dict]:
    """Completed responses by questionnaire, newest first, in the order of the current list."""
    order = {i.slug: n for n, i in enumerate(instruments)}
    groups: dict[str, dict[str, Any]] = {}
    for response in responses:
        if response.is_complete:
            slug = response.instrument.slug
            group = groups.setdefault(slug, {"title": response.instrument.short_title, "rows": []})
            group["rows"].append(_row(response))
    return [groups[s] for s in sorted(groups, key=lambda s: (order.get(s, len(order)), s))]


def _due_rows(
    person: Person,
    responses: Sequence[Response],
    plan: schedules.Plan,
    instruments: Sequence[Instrument],
    today: dt.date,
) -> list[dict[str, Any]]:
    if not person.is_open:
        return []
    taken: dict[str, list[dt.date]] = {}
    for r in responses:
        if r.is_complete:
            taken.setdefault(r.instrument.slug, []).append(r.taken_on)
    by_slug = {i.slug: i for i in instruments}
    due = schedules.person_due(person.started_on, taken, plan.keeping(by_slug), today)
    return [
        {
            "due": entry,
            "instrument": by_slug.get(entry.slug),
            "point": entry.point and presenting.point_label(entry.point),
            "missed": presenting.join_words(
                [presenting.point_label(p) for p in entry.missed], either=True
            ),
        }
        for entry in due.instruments
    ]


@login_required
@require_http_methods(["GET", "POST"])
def response_start(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    instruments = list(selectors.instruments_for(person.team.organisation_id))
    form = StartForm(
        request.POST or None,
        instruments=instruments,
        started_on=person.started_on,
        initial=_chosen(request, instruments),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            response = services.response_start(
                person=person,
                instrument=next(i for i in instruments if i.slug == data["instrument"]),
                by=request.user,
                completed_by=data["completed_by"],
                taken_on=data["taken_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            response.person = person
            if data["layout"] == ONE_PER_SCREEN:
                return redirect(question_url(response, 1))
            return redirect(answer_url(response))
    context = {
        "person": person,
        "form": form,
        "ready": [i for i in instruments if not i.needs_wording],
        "waiting": [
            (i, services.wording_needed_message(i)) for i in instruments if i.needs_wording
        ],
    }
    return render(request, "outcomes/response_start.html", context)


def _chosen(request: HttpRequest, instruments: Sequence[Instrument]) -> dict[str, Any]:
    """The questionnaire to start with, from a "Start" link beside one that is due. One the
    person's organisation does not use is not found (audited), whoever else may use it."""
    wanted = request.GET.get("instrument", "")
    if wanted and wanted not in {i.slug for i in instruments}:
        access.refuse(request, model="outcomes.instrument", slug=wanted[:64])
        raise Http404
    ready = {i.slug for i in instruments if not i.needs_wording}
    return {"instrument": wanted} if wanted in ready else {}
