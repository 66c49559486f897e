"""Answering a questionnaire: every question on one page, or one question per screen with a
check of the answers at the end. Answers are saved as they come, so it can be finished later;
finishing scores it by the instrument's rules. A completed one can be corrected (and is scored
again); every save goes through the services, which audit it and refuse conflicting saves."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from connecting_people.core.audit import audit_record
from connecting_people.core.concurrency import EditConflict
from connecting_people.core.forms import VersionedForm
from connecting_people.core.models import AuditAction
from connecting_people.outcomes import presenting, services
from connecting_people.outcomes.forms import AnswersForm
from connecting_people.outcomes.models import Response
from connecting_people.outcomes.scoring import still_needed
from connecting_people.outcomes.views.common import (
    answer_url,
    check_url,
    first_unanswered,
    measures_url,
    question_url,
    response_for,
    result_url,
    save_answers,
)
from connecting_people.people.access import person_for

SAVED_FOR_LATER = gettext_lazy(
    "Saved. Carry on whenever you are ready: it is waiting on this page."
)


def _form(request: HttpRequest, response: Response, items: Any) -> AnswersForm:
    initial = AnswersForm.initial_for(response.answers, items, response.version)
    return AnswersForm(request.POST or None, items=items, initial=initial)


def _context(response: Response, **extra: Any) -> dict[str, Any]:
    definition = response.instrument.parsed
    return {
        "person": response.person,
        "response": response,
        "definition": definition,
        "answered": presenting.answered(response),
        "of": len(definition.items),
        "first": first_unanswered(response),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def response_answer(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """Every question on one page: to take it, carry on with it, or correct it once complete."""
    person = person_for(request, person_pk, audit=request.method == "GET")
    response = response_for(request, person, pk)
    form = _form(request, response, response.instrument.parsed.items)
    conflict = None
    if request.method == "POST" and form.is_valid():
        was_complete = response.is_complete
        conflict = save_answers(
            request, response, form, finish=request.POST.get("action") == "finish"
        )
        if conflict is None and not form.errors:
            return _after_save(request, response, was_complete)
        if conflict is not None:
            response = _reloaded(conflict, person)
            form = form.with_version(response.version)
    _shown_again(request, person)
    return render(
        request,
        "outcomes/questionnaire.html",
        _context(response, form=form, conflict=conflict),
    )


def _shown_again(request: HttpRequest, person: Any) -> None:
    """A POST that shows the answers again (bad input, a conflict, not yet scorable) is a read
    of them too: audited like the GET, which person_for audits. A POST that saves and redirects
    is audited by the service as the change it is."""
    if request.method == "POST":
        audit_record(by=request.user, action=AuditAction.VIEWED, target=person, request=request)


def _reloaded(conflict: EditConflict, person: Any) -> Response:
    current = conflict.current
    current.person = person  # type: ignore[attr-defined]
    return current  # type: ignore[return-value]


def _after_save(request: HttpRequest, response: Response, was_complete: bool) -> HttpResponse:
    if was_complete:
        messages.success(request, _("The corrections are saved and the scores worked out again."))
        return redirect(result_url(response))
    if response.is_complete:
        messages.success(request, _("Finished. The scores are worked out and saved."))
        return redirect(result_url(response))
    messages.success(request, SAVED_FOR_LATER)
    return redirect(measures_url(response.person, "started"))


@login_required
@require_http_methods(["GET", "POST"])
def response_question(request: HttpRequest, person_pk: int, pk: int, number: int) -> HttpResponse:
    """One question per screen, with Back and Next; each answer is saved as it is given."""
    person = person_for(request, person_pk, audit=request.method == "GET")
    response = response_for(request, person, pk)
    if response.is_complete:
        return redirect(answer_url(response))
    items = response.instrument.parsed.items
    if not 1 <= number <= len(items):
        raise Http404
    form = _form(request, response, items[number - 1 : number])
    conflict = None
    if request.method == "POST" and form.is_valid():
        conflict = save_answers(request, response, form, finish=False)
        if conflict is None and not form.errors:
            return _onwards(request, response, number, request.POST.get("action", "next"))
        if conflict is not None:
            response = _reloaded(conflict, person)
            form = form.with_version(response.version)
    context = _context(response, form=form, conflict=conflict, number=number)
    context["percent"] = round(100 * number / len(items))
    _shown_again(request, person)
    return render(request, "outcomes/question.html", context)


def _onwards(request: HttpRequest, response: Response, number: int, action: str) -> HttpResponse:
    if action == "later":
        messages.success(request, SAVED_FOR_LATER)
        return redirect(measures_url(response.person, "started"))
    if action == "back":
        return redirect(question_url(response, max(1, number - 1)))
    if number >= len(response.instrument.parsed.items):
        return redirect(check_url(response))
    return redirect(question_url(response, number + 1))


@login_required
@require_http_methods(["GET", "POST"])
def response_check(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """Check the answers given one per screen, then finish."""
    person = person_for(request, person_pk, audit=request.method == "GET")
    response = response_for(request, person, pk)
    if response.is_complete:
        return redirect(result_url(response))
    form = VersionedForm(request.POST or None, initial={"version": response.version})
    conflict = None
    needed: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.response_complete(
                response=response, by=request.user, version=form.cleaned_data["version"]
            )
        except EditConflict as refused:
            definition = response.instrument.parsed
            conflict = presenting.readable_conflict(refused, definition, was_complete=False)
            response = _reloaded(refused, person)
            form = form.with_version(response.version)
        except ValidationError as error:
            needed = _needed(response, error)
        else:
            messages.success(request, _("Finished. The scores are worked out and saved."))
            return redirect(result_url(response))
    context = _context(
        response,
        form=form,
        conflict=conflict,
        needed=needed,
        rows=presenting.answer_rows(response),
    )
    _shown_again(request, person)
    return render(request, "outcomes/response_check.html", context)


def _needed(response: Response, error: ValidationError) -> list[tuple[str, str]]:
    """Each reason the scores cannot be worked out, with the question screen to go to."""
    definition = response.instrument.parsed
    problems = still_needed(definition, response.answers)
    if not problems:
        return [(message, answer_url(response)) for message in error.messages]
    found = []
    for problem, message in zip(
        problems, presenting.needed_messages(definition, problems), strict=True
    ):
        first = definition.by_id[problem.items[0]].position if problem.items else 1
        found.append((message, question_url(response, first)))
    return found
