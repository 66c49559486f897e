"""The person's plan: goals and their steps, barriers, and the contact log.

Every record is fetched through the access layer: the person first (404 for anyone not in their
team), then the goal, step or barrier from that person's own records.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connecting_people.core import access
from connecting_people.core.concurrency import EditConflict
from connecting_people.people.access import person_for
from connecting_people.people.models import Person
from connecting_people.plans import forms, selectors, services
from connecting_people.plans.models import (
    Barrier,
    BarrierStatus,
    Contact,
    Goal,
    GoalStatus,
    Step,
    StepStatus,
)

CONTACTS_PER_PAGE = 20
GOAL_PAGE = "plans/goal_detail.html"


def _goal(request: HttpRequest, person: Person, pk: int) -> Goal:
    goal = access.record_for(request, Goal.objects.filter(person=person), pk=pk, audit=False)
    goal.person = person
    return goal


def _step(request: HttpRequest, goal: Goal, pk: Any) -> Step:
    step = access.record_for(request, Step.objects.filter(goal=goal), pk=pk, audit=False)
    step.goal = goal
    return step


def _goal_url(goal: Goal, anchor: str = "") -> str:
    url = reverse("plans:goal", args=[goal.person_id, goal.pk])
    return f"{url}#{anchor}" if anchor else url


def _goal_context(goal: Goal, **extra: Any) -> dict[str, Any]:
    return {
        "person": goal.person,
        "goal": selectors.goal_with_steps(goal),
        "step_statuses": StepStatus.choices,
        "goal_statuses": GoalStatus.choices,
        **extra,
    }


# Goals ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    form = forms.GoalForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(person=person, by=request.user, **form.goal_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Goal added. Now break it into small steps."))
            return redirect(_goal_url(goal))
    return render(request, "plans/goal_form.html", {"person": person, "form": form})


@login_required
@require_GET
def goal_detail(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    goal = _goal(request, person, pk)
    links = {
        "interests": goal.interests.all(),
        "barriers": goal.barriers.select_related("kind"),
    }
    return render(request, GOAL_PAGE, _goal_context(goal, **links))


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    goal = _goal(request, person, pk)
    initial = forms.GoalEditForm.initial_for(goal)
    form = forms.GoalEditForm(request.POST or None, person=person, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(
                goal=goal,
                version=form.cleaned_data["version"],
                by=request.user,
                **form.goal_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except EditConflict as refused:
            conflict, form = refused, form.with_version(refused.current.version)  # type: ignore[attr-defined]
        else:
            messages.success(request, _("Changes to the goal are saved."))
            return redirect(_goal_url(goal))
    context = {"person": person, "goal": goal, "form": form, "conflict": conflict}
    return render(request, "plans/goal_form.html", context)


@login_required
@require_POST
def goal_status(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    goal = _goal(request, person_for(request, person_pk, audit=False), pk)
    form = forms.GoalStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose where this goal stands."))
    services.goal_set_status(goal=goal, status=form.cleaned_data["status"], by=request.user)
    messages.success(
        request, _("The goal is now marked: %(status)s.") % {"status": goal.get_status_display()}
    )
    return redirect(_goal_url(goal))


# Steps ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def step_add(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    goal = _goal(request, person_for(request, person_pk), pk)
    form = forms.StepForm(request.POST or None, goal=goal)
    if request.method == "POST" and form.is_valid():
        try:
            step = services.step_add(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Step added."))
            if request.POST.get("then") == "another":
                return redirect(request.path)
            return redirect(_goal_url(goal, f"step-{step.pk}"))
    context = {"person": goal.person, "goal": goal, "form": form}
    return render(request, "plans/step_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request: HttpRequest, person_pk: int, pk: int, step_pk: int) -> HttpResponse:
    goal = _goal(request, person_for(request, person_pk), pk)
    step = _step(request, goal, step_pk)
    if request.method == "POST" and "remove" in request.POST:
        services.step_remove(step=step, by=request.user)
        messages.success(request, _("Step removed."))
        return redirect(_goal_url(goal, "steps"))
    initial = forms.StepEditForm.initial_for(step)
    form = forms.StepEditForm(request.POST or None, goal=goal, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.step_update(
                step=step, version=form.cleaned_data["version"], by=request.user, **fields
            )
        except ValidationError as error:
            form.add_error(None, error)
        except EditConflict as refused:
            conflict, form = refused, form.with_version(refused.current.version)  # type: ignore[attr-defined]
        else:
            messages.success(request, _("Changes to the step are saved."))
            return redirect(_goal_url(goal, f"step-{step.pk}"))
    context = {"person": goal.person, "goal": goal, "step": step, "form": form}
    return render(request, "plans/step_form.html", {**context, "conflict": conflict})


@login_required
@require_POST
def step_status(request: HttpRequest, person_pk: int, pk: int, step_pk: int) -> HttpResponse:
    """Quick status change: htmx gets the step's row back, without JavaScript the goal page."""
    goal = _goal(request, person_for(request, person_pk, audit=False), pk)
    step = _step(request, goal, step_pk)
    form = forms.StepStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose how the step is going."))
    services.step_set_status(step=step, status=form.cleaned_data["status"], by=request.user)
    if request.htmx:  # type: ignore[attr-defined]
        context = _goal_context(goal, oob_progress=True)
        context["step"] = next(s for s in context["goal"].ordered_steps if s.pk == step.pk)
        return render(request, f"{GOAL_PAGE}#step-row", context)
    messages.success(
        request,
        _("%(step)s: now %(status)s.") % {"step": step, "status": step.get_status_display()},
    )
    return redirect(_goal_url(goal, f"step-{step.pk}"))


@login_required
@require_POST
def steps_reorder(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """Move a step up or down (or, given `order`, put all the steps in that order)."""
    goal = _goal(request, person_for(request, person_pk, audit=False), pk)
    form = forms.StepMoveForm(request.POST)
    try:
        if "order" in request.POST:
            order = [int(value) for value in request.POST.getlist("order")]
            services.steps_reorder(goal=goal, order=order, by=request.user)
        elif form.is_valid():
            step = _step(request, goal, form.cleaned_data["step"])
            services.step_move(step=step, direction=form.cleaned_data["direction"], by=request.user)
        else:
            return HttpResponseBadRequest(_("Choose a step to move."))
    except (ValueError, ValidationError):
        return HttpResponseBadRequest(_("The steps have changed. Reload the page and try again."))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, f"{GOAL_PAGE}#step-list", _goal_context(goal))
    anchor = f"step-{form.cleaned_data['step']}" if form.is_valid() else "steps"
    return redirect(_goal_url(goal, anchor))


# Barriers ---------------------------------------------------------------------------------------


def _barrier(request: HttpRequest, person: Person, pk: int) -> Barrier:
    barrier = access.record_for(
        request, Barrier.objects.filter(person=person).select_related("kind"), pk=pk, audit=False
    )
    barrier.person = person
    return barrier


@login_required
@require_http_methods(["GET", "POST"])
def barrier_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    form = forms.BarrierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            barrier = services.barrier_create(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Barrier recorded."))
            return redirect("plans:barrier", person_pk=person.pk, pk=barrier.pk)
    return render(request, "plans/barrier_form.html", {"person": person, "form": form})


@login_required
@require_GET
def barrier_detail(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    barrier = _barrier(request, person, pk)
    context = {
        "person": person,
        "barrier": barrier,
        "history": barrier.updates.select_related("by").order_by("-on", "-at", "-pk"),
        "goals": Goal.objects.filter(barriers=barrier),
        "resolved": BarrierStatus.RESOLVED,
    }
    return render(request, "plans/barrier_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def barrier_edit(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    barrier = _barrier(request, person, pk)
    initial = forms.BarrierEditForm.initial_for(barrier)
    form = forms.BarrierEditForm(request.POST or None, current=barrier.kind, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.barrier_update(
                barrier=barrier, version=form.cleaned_data["version"], by=request.user, **fields
            )
        except ValidationError as error:
            form.add_error(None, error)
        except EditConflict as refused:
            conflict, form = refused, form.with_version(refused.current.version)  # type: ignore[attr-defined]
        else:
            messages.success(request, _("Changes to the barrier are saved."))
            return redirect("plans:barrier", person_pk=person.pk, pk=barrier.pk)
    context = {"person": person, "barrier": barrier, "form": form, "conflict": conflict}
    return render(request, "plans/barrier_form.html", context)


# Contacts ---------------------------------------------------------------------------------------


@login_required
@require_GET
def contacts(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    paginator = Paginator(selectors.contacts_for(person), CONTACTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "plans/contact_list.html", {"person": person, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def contact_log(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    form = forms.ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_log(person=person, by=request.user, **form.contact_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contact logged."))
            return redirect("plans:contacts", person_pk=person.pk)
    return render(request, "plans/contact_form.html", {"person": person, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    contact = access.record_for(request, Contact.objects.filter(person=person), pk=pk, audit=False)
    initial = forms.ContactEditForm.initial_for(contact)
    form = forms.ContactEditForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(
                contact=contact,
                changes=form.contact_fields(),
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except EditConflict as refused:
            conflict, form = refused, form.with_version(refused.current.version)  # type: ignore[attr-defined]
        else:
            messages.success(request, _("Changes to the contact are saved."))
            url = reverse("plans:contacts", args=[person.pk])
            return redirect(f"{url}#contact-{contact.pk}")
    context = {"person": person, "contact": contact, "form": form, "conflict": conflict}
    return render(request, "plans/contact_form.html", context)
