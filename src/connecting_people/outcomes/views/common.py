"""Helpers the questionnaire screens share: finding a response among the person's own, and
saving answers with the conflicts and missing answers explained."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from connecting_people.core import access
from connecting_people.core.concurrency import EditConflict
from connecting_people.outcomes import presenting, selectors, services
from connecting_people.outcomes.forms import AnswersForm
from connecting_people.outcomes.instrument import Definition
from connecting_people.outcomes.models import Response
from connecting_people.outcomes.scoring import still_needed
from connecting_people.people.models import Person


def response_for(request: HttpRequest, person: Person, pk: int) -> Response:
    """One of this person's responses (404, audited, for anything else)."""
    return access.child_for(request, selectors.responses_with_scoring(), parent=person, pk=pk)


def measures_url(person: Person | int, anchor: str = "") -> str:
    url = reverse("outcomes:page", args=[getattr(person, "pk", person)])
    return f"{url}#{anchor}" if anchor else url


def answer_url(response: Response) -> str:
    return reverse("outcomes:answer", args=[response.person_id, response.pk])


def question_url(response: Response, number: int) -> str:
    return reverse("outcomes:question", args=[response.person_id, response.pk, number])


def check_url(response: Response) -> str:
    return reverse("outcomes:check", args=[response.person_id, response.pk])


def result_url(response: Response) -> str:
    return reverse("outcomes:result", args=[response.person_id, response.pk])


def first_unanswered(response: Response) -> int:
    """The number of the first question not answered yet (1 when all are)."""
    items = response.instrument.parsed.items
    return next((i.position for i in items if response.answers.get(i.id) is None), 1)


def save_answers(
    request: HttpRequest, response: Response, form: AnswersForm, *, finish: bool
) -> None:
    """Save what the form holds (when anything changed), then finish if asked: the save that
    core.editing.edit runs for the questionnaire screens, in two steps of the service.

    A clash (someone else saved first) is raised for the edit flow to show, worded by question
    with `answers_clash`; when the scores cannot be worked out, the reasons go on the form.
    Either way, what was typed stays on the form.
    """
    version = form.cleaned_data["version"]
    was_complete = response.is_complete
    answers = form.answers()
    try:
        if any(response.answers.get(k) != v for k, v in answers.items()):
            services.response_save_answers(
                response=response, by=request.user, answers=answers, version=version
            )
            version = response.version
        if finish and not response.is_complete:
            services.response_complete(response=response, by=request.user, version=version)
    except ValidationError as error:
        explain_unscored(form, response, {**response.answers, **answers}, error, was_complete)


def answers_clash(
    conflict: EditConflict, person: Person, definition: Definition, *, was_complete: bool
) -> tuple[Response, EditConflict]:
    """The response as now stored, and the clash with it by question, answers in words."""
    current: Response = conflict.current  # type: ignore[assignment]
    current.person = person
    return current, presenting.readable_conflict(conflict, definition, was_complete=was_complete)


def explain_unscored(
    form: AnswersForm,
    response: Response,
    answers: dict,
    error: ValidationError,
    was_complete: bool,
) -> None:
    """Say which questions the scores need, on the form and beside each question."""
    problems = still_needed(response.instrument.parsed, answers)
    if not problems:  # not about missing answers: show the service's own words
        for message in error.messages:
            form.add_error(None, message)
        return
    if was_complete:
        form.add_error(
            None,
            _("The corrections are not saved, because the scores could not be worked out."),
        )
    for message in presenting.needed_messages(response.instrument.parsed, problems):
        form.add_error(None, message)
    form.kept_answers = not was_complete  # type: ignore[attr-defined]
    shown = {item.id: item.position for item in form.items}
    for item_id in presenting.needed_items(problems):
        if item_id in shown:
            message = _("Question %(number)d is not answered yet") % {"number": shown[item_id]}
            form.add_item_error(item_id, message)
