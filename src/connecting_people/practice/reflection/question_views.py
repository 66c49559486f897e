"""An organisation's own reflection questions, changed by its admins in the app."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from connecting_people.core import access
from connecting_people.core.editing import edit
from connecting_people.practice.reflection import loading, selectors
from connecting_people.practice.reflection.forms import QuestionSetForm
from connecting_people.practice.reflection.models import ReflectionArea


@login_required
@require_http_methods(["GET", "POST"])
def questions(request: HttpRequest, pk: int) -> HttpResponse:
    """The questions the organisation's teams answer: one box per area, a question a line."""
    organisation = access.organisation_for(request, pk=pk)
    current = selectors.organisation_questions(organisation.pk)
    form = QuestionSetForm(
        request.POST or None,
        areas=list(ReflectionArea.objects.all()),
        initial=QuestionSetForm.initial_for(current),
    )
    done = edit(
        request,
        form,
        lambda data: loading.questions_replace(
            questions=form.questions(),
            organisation=organisation,
            based_on=data["based_on"],
            by=request.user,
        ),
    )
    if done.saved:
        messages.success(request, _("The reflection questions are saved."))
        return redirect("reflection:questions", pk=organisation.pk)
    own = any(q.organisation_id for q in current)
    context = {"organisation": organisation, "own": own, **done.context}
    return render(request, "practice/reflection/questions_form.html", context)
