"""My questionnaires: the person's questionnaires over time in plain words, and answering the
ones that are due, on their own.

Only what the team's organisation may use can be due (outcomes.selectors.instruments_for, the
schedule kept to it), and only one ready to ask (its wording licensed) can be started. A
response is the person's own (`access.own_record_for`); every save is outcomes.services', by
the person's account, recorded as "the person, on their own" (CompletedBy.PERSON). One started
with their worker is finished with their worker, so its answers stay honest about how they were
given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connecting_people.core import access
from connecting_people.core.editing import edit
from connecting_people.outcomes import change, presenting, schedules, selectors, services
from connecting_people.outcomes.forms import AnswersForm
from connecting_people.outcomes.models import CompletedBy, Instrument, Response
from connecting_people.outcomes.views.common import answers_clash, save_answers
from connecting_people.people.models import Person
from connecting_people.portal.access import own_person

ASKING = (schedules.DUE, schedules.OVERDUE)


def _list_url(anchor: str = "") -> str:
    url = reverse("portal:questionnaires")
    return f"{url}#{anchor}" if anchor else url


def _answer_url(response: Response) -> str:
    return reverse("portal:questionnaire_answer", args=[response.pk])


def _due(
    person: Person, responses: Sequence[Response], instruments: Sequence[Instrument]
) -> list[dict[str, Any]]:
    """Each questionnaire on the team's schedule that the person may be asked, and where it
    stands today; nothing once they are no longer being supported."""
    if not person.is_open:
        return []
    taken: dict[str, list[dt.date]] = {}
    for r in responses:
        if r.is_complete:
            taken.setdefault(r.instrument.slug, []).append(r.taken_on)
    ready = {i.slug: i for i in instruments if not i.needs_wording}
    stored = selectors.schedule_for(person.team_id)
    plan = (stored.plan if stored else schedules.DEFAULT_PLAN).keeping(ready)
    due = schedules.person_due(person.started_on, taken, plan, timezone.localdate())
    return [
        {"due": entry, "instrument": ready[entry.slug], "point": entry.point}
        for entry in due.instruments
    ]


def my_questionnaires(person: Person) -> dict[str, Any]:
    """Due, started and finished questionnaires, with what changed in words. Four queries."""
    responses = selectors.responses_newest_first(person)
    instruments = list(selectors.instruments_for(person.team.organisation_id))
    due = _due(person, responses, instruments)
    started = [r for r in responses if not r.is_complete]
    for row in due:
        row["started"] = next(
            (r for r in started if r.instrument.slug == row["due"].slug and _own(r)), None
        )
    history = change.person_change([r for r in responses if r.is_complete])
    latest: dict[str, Response] = {}
    for response in responses:  # newest first: the first complete one of each is the latest
        if response.is_complete:
            latest.setdefault(response.instrument.slug, response)
    for item in history:
        item.latest = latest[item.slug]  # type: ignore[attr-defined]
        item.lines = presenting.score_lines(latest[item.slug])  # type: ignore[attr-defined]
    return {
        "asking": [row for row in due if row["due"].state in ASKING],
        "coming": [row for row in due if row["due"].state == schedules.UPCOMING],
        "started": started,
        "history": history,
    }


def _own(response: Response) -> bool:
    """Started by the person on their own (so theirs to carry on)."""
    return response.completed_by == CompletedBy.PERSON


@require_GET
def questionnaires(request: HttpRequest) -> HttpResponse:
    person = own_person(request)
    context = {"person": person, **my_questionnaires(person)}
    return render(request, "portal/questionnaires.html", context)


@require_POST
def questionnaire_start(request: HttpRequest) -> HttpResponse:
    """Start one that is due now (or carry on the one already started)."""
    person = own_person(request, audit=False)
    found = my_questionnaires(person)
    wanted = request.POST.get("instrument", "")
    row = next((r for r in found["asking"] if r["due"].slug == wanted), None)
    if row is None:
        messages.error(request, _("That questionnaire is not due for you now."))
        return redirect(_list_url())
    if row["started"] is not None:
        return redirect(_answer_url(row["started"]))
    try:
        response = services.response_start(
            person=person,
            instrument=row["instrument"],
            by=request.user,
            completed_by=CompletedBy.PERSON,
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(_list_url())
    return redirect(_answer_url(response))


@require_http_methods(["GET", "POST"])
def questionnaire_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Every question on one page: answer, then finish, or save and finish later."""
    person = own_person(request, audit=False)
    response = access.own_record_for(request, selectors.responses_with_scoring(), pk=pk)
    if response.is_complete:
        messages.info(request, _("You have finished this one. Thank you."))
        return redirect(_list_url("done"))
    if not _own(response):
        messages.info(request, _("You started this one with your worker. Finish it together."))
        return redirect(_list_url("started"))
    definition = response.instrument.parsed
    initial = AnswersForm.initial_for(response.answers, definition.items, response.version)
    form = AnswersForm(request.POST or None, items=definition.items, initial=initial)
    finish = request.POST.get("action") == "finish"
    done = edit(request, form, lambda data: save_answers(request, response, form, finish=finish))
    if done.saved and not form.errors:
        if response.is_complete:
            messages.success(request, _("Finished. Thank you for answering."))
            return redirect(_list_url(f"change-{response.instrument.slug}"))
        messages.success(request, _("Saved. You can finish it later."))
        return redirect(_list_url("started"))
    if done.conflict is not None:
        response, done.conflict = answers_clash(
            done.conflict, person, definition, was_complete=False
        )
    context = {
        "person": person,
        "response": response,
        "definition": definition,
        "answered": presenting.answered(response),
        "of": len(definition.items),
        **done.context,
    }
    return render(request, "portal/questionnaire.html", context)
