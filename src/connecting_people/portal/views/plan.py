"""The person's plan in their own space: see it, change what matters, mark their own steps done,
add interests. Every change goes through the staff pages' own services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from connecting_people.core import access
from connecting_people.core.editing import edit
from connecting_people.people.services import interest_add, person_update
from connecting_people.plans.models import Step
from connecting_people.portal import services
from connecting_people.portal.access import own_person
from connecting_people.portal.forms import OwnInterestForm, StepDoneForm, WhatMattersForm
from connecting_people.portal.selectors import own_plan


@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    person = own_person(request)
    return render(request, "portal/plan.html", {"person": person, **own_plan(person)})


@require_http_methods(["GET", "POST"])
def what_matters(request: HttpRequest) -> HttpResponse:
    person = own_person(request)
    form = WhatMattersForm(request.POST or None, initial=WhatMattersForm.initial_for(person))

    def save(data: dict[str, Any]) -> None:
        changes = {"what_matters": data["what_matters"].strip()}
        person_update(person=person, changes=changes, version=data["version"], by=request.user)

    done = edit(request, form, save)
    if done.saved:
        messages.success(request, _("Saved. Your worker will see it."))
        return redirect(reverse("portal:plan") + "#what-matters")
    return render(request, "portal/what_matters_form.html", {"person": person, **done.context})


@require_http_methods(["GET", "POST"])
def step_done(request: HttpRequest, pk: int) -> HttpResponse:
    person = own_person(request, audit=False)
    step = access.own_record_for(request, Step.objects.select_related("goal__person"), pk=pk)
    form = StepDoneForm(request.POST or None, initial={"version": step.version})
    done = edit(
        request,
        form,
        lambda data: services.own_step_done(
            step=step, version=data["version"], note=data["note"], by=request.user
        ),
    )
    if done.saved:
        messages.success(request, _("Well done. The step is marked done."))
        return redirect(reverse("portal:plan") + f"#goal-{step.goal_id}")
    context = {"person": person, "step": step, "may_mark": services.may_mark_done(step)}
    return render(request, "portal/step_done.html", context | done.context)


@require_http_methods(["GET", "POST"])
def interest_new(request: HttpRequest) -> HttpResponse:
    person = own_person(request)
    form = OwnInterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        interest_add(person=person, categories=[], by=request.user, **form.cleaned_data)
        messages.success(request, _("Added. Your worker will see it."))
        return redirect(reverse("portal:plan") + "#interests")
    return render(request, "portal/interest_form.html", {"person": person, "form": form})
