"""The person's plan: goals and their steps, barriers, and the contact log.

Every record is fetched through the access layer: the person first (404 for anyone not in their
team), then the goal, step, barrier or contact from that person's own (plans/access.py).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.editing import edit
from connecting_people.people.access import person_for
from connecting_people.people.selectors import different_views_of
from connecting_people.plans import forms, selectors, services
from connecting_people.plans.access import barrier_for, contact_for, goal_for, step_for
from connecting_people.plans.models import Goal, GoalStatus, Step, StepStatus

CONTACTS_PER_PAGE = 20
GOAL_PAGE = "plans/goal_detail.html"


def _goal_url(goal: Goal, anchor: str = "") -> str:
    url = reverse("plans:goal", args=[goal.person_id, goal.pk])
    return f"{url}#{anchor}" if anchor else url


def _goal_context(goal: Goal, **extra: Any) -> dict[str, Any]:
    return {
        "person": goal.person,
        "goal": selectors.goal_with_steps(goal),
        "step_statuses": StepStatus.choices,
        "goal_statuses": GoalStatus.choices,
        "different_views": different_views_of(goal.person),
        **extra,
    }


def _when(record: Goal | Step) -> str:
    """at 14:02" (today) or " on 3 December at 14:02", from the audit trail; "" if unknown."""
    at = selectors.last_changed_at(record)
    if at is None:
        return ""
    at = timezone.localtime(at)
    if at.date() == timezone.localdate():
        return _(" at %(time)s") % {"time": date_format(at, "H:i")}
    return _(" on %(day)s at %(time)s") % {
        "day": date_format(at, "j F Y"),
        "time": date_format(at, "H:i"),
    }


def _status_refused(request: HttpRequest, refused: EditConflict, note: str) -> HttpResponse:
    """A status click from an older page: nothing changed; the goal page says what it now says.

    Only the status is compared (a step's done date follows from it). 409, so that nothing
    mistakes the refusal for a save.
    """
    current = refused.current
    goal = current if isinstance(current, Goal) else cast(Step, current).goal
    refused.differences = [d for d in refused.differences if d.field == "status"]
    context = _goal_context(
        goal, conflict=refused, conflict_note=note, **selectors.goal_links(goal)
    )
    return render(request, GOAL_PAGE, context, status=409)


# Goals ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    form = forms.GoalForm(request.POST or None, person=person)
    done = edit(
        request,
        form,
        lambda data: services.goal_create(person=person, by=request.user, **form.goal_fields()),
    )
    if done.saved and done.result:
        messages.success(request, _("Goal added. Now break it into small steps."))
        return redirect(_goal_url(done.result))
    return render(request, "plans/goal_form.html", {"person": person, **done.context})


@login_required
@require_GET
def goal_detail(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    goal = goal_for(request, person, pk)
    return render(request, GOAL_PAGE, _goal_context(goal, **selectors.goal_links(goal)))


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    goal = goal_for(request, person, pk)
    initial = forms.GoalEditForm.initial_for(goal)
    form = forms.GoalEditForm(request.POST or None, person=person, initial=initial)

    def save(data: dict[str, Any]) -> None:
        services.goal_update(
            goal=goal, version=data["version"], by=request.user, **form.goal_fields()
        )

    done = edit(request, form, save)
    if done.saved:
        messages.success(request, _("Changes to the goal are saved."))
        return redirect(_goal_url(goal))
    context = {"person": person, "goal": goal, **done.context}
    return render(request, "plans/goal_form.html", context)


@login_required
@require_POST
def goal_status(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    goal = goal_for(request, person_for(request, person_pk, audit=False), pk)
    form = forms.GoalStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose where this goal stands, from the goal's page."))
    done = edit(
        request, form, lambda data: services.goal_set_status(goal=goal, by=request.user, **data)
    )
    if done.conflict is not None:
        now = cast(Goal, done.conflict.current)
        note = _(
            "Someone changed this goal%(when)s, after your page was loaded: it is now marked "
            "%(status)s. Nothing has been changed. Choose again if you meant to change it."
        ) % {"when": _when(now), "status": now.get_status_display()}
        return _status_refused(request, done.conflict, note)
    messages.success(
        request, _("The goal is now marked: %(status)s.") % {"status": goal.get_status_display()}
    )
    return redirect(_goal_url(goal))


# Steps ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def step_add(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    goal = goal_for(request, person_for(request, person_pk), pk)
    form = forms.StepForm(request.POST or None, goal=goal)
    done = edit(request, form, lambda data: services.step_add(goal=goal, by=request.user, **data))
    if done.saved and done.result:
        messages.success(request, _("Step added."))
        if request.POST.get("then") == "another":
            return redirect(request.path)
        return redirect(_goal_url(goal, f"step-{done.result.pk}"))
    context = {"person": goal.person, "goal": goal, **done.context}
    return render(request, "plans/step_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request: HttpRequest, person_pk: int, pk: int, step_pk: int) -> HttpResponse:
    goal = goal_for(request, person_for(request, person_pk), pk)
    step = step_for(request, goal, step_pk)
    if request.method == "POST" and "remove" in request.POST:
        services.step_remove(step=step, by=request.user)
        messages.success(request, _("Step removed."))
        return redirect(_goal_url(goal, "steps"))
    initial = forms.StepEditForm.initial_for(step)
    form = forms.StepEditForm(request.POST or None, goal=goal, initial=initial)
    done = edit(
        request, form, lambda data: services.step_update(step=step, by=request.user, **data)
    )
    if done.saved:
        messages.success(request, _("Changes to the step are saved."))
        return redirect(_goal_url(goal, f"step-{step.pk}"))
    context = {"person": goal.person, "goal": goal, "step": step, **done.context}
    return render(request, "plans/step_form.html", context)


@login_required
@require_POST
def step_status(request: HttpRequest, person_pk: int, pk: int, step_pk: int) -> HttpResponse:
    """Quick status change: htmx gets the step's row back, without JavaScript the goal page."""
    goal = goal_for(request, person_for(request, person_pk, audit=False), pk)
    step = step_for(request, goal, step_pk)
    form = forms.StepStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose how the step is going, from the goal's page."))
    notice = ""
    done = edit(
        request, form, lambda data: services.step_set_status(step=step, by=request.user, **data)
    )
    if done.conflict is not None:
        now = cast(Step, done.conflict.current)
        notice = _(
            "Someone changed this step%(when)s, after your page was loaded: it now says "
            "%(status)s. Nothing has been changed. Choose again if you meant to change it."
        ) % {"when": _when(now), "status": now.get_status_display()}
        if not request.htmx:  # type: ignore[attr-defined]
            return _status_refused(request, done.conflict, notice)
    if request.htmx:  # type: ignore[attr-defined]
        # The row as it now is; a refusal says so in the row (200, so that htmx swaps it in).
        context = _goal_context(goal, oob_progress=True, notice=notice)
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
    goal = goal_for(request, person_for(request, person_pk, audit=False), pk)
    form = forms.StepMoveForm(request.POST)
    try:
        if "order" in request.POST:
            order = [int(value) for value in request.POST.getlist("order")]
            services.steps_reorder(goal=goal, order=order, by=request.user)
        elif form.is_valid():
            step = step_for(request, goal, form.cleaned_data["step"])
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


@login_required
@require_http_methods(["GET", "POST"])
def barrier_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    form = forms.BarrierForm(request.POST or None)
    done = edit(
        request,
        form,
        lambda data: services.barrier_create(person=person, by=request.user, **data),
    )
    if done.saved and done.result:
        messages.success(request, _("Barrier recorded."))
        return redirect("plans:barrier", person_pk=person.pk, pk=done.result.pk)
    return render(request, "plans/barrier_form.html", {"person": person, **done.context})


@login_required
@require_GET
def barrier_detail(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    barrier = barrier_for(request, person, pk)
    context = {
        "person": person,
        "barrier": barrier,
        "different_views": different_views_of(person),
        **selectors.barrier_page(barrier),
    }
    return render(request, "plans/barrier_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def barrier_edit(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    barrier = barrier_for(request, person, pk)
    initial = forms.BarrierEditForm.initial_for(barrier)
    form = forms.BarrierEditForm(request.POST or None, current=barrier.kind, initial=initial)
    done = edit(
        request,
        form,
        lambda data: services.barrier_update(barrier=barrier, by=request.user, **data),
    )
    if done.saved:
        messages.success(request, _("Changes to the barrier are saved."))
        return redirect("plans:barrier", person_pk=person.pk, pk=barrier.pk)
    context = {"person": person, "barrier": barrier, **done.context}
    return render(request, "plans/barrier_form.html", context)


# Contacts ---------------------------------------------------------------------------------------


@login_required
@require_GET
def contacts(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    paginator = Paginator(selectors.contacts_for(person), CONTACTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {"person": person, "page": page, "different_views": different_views_of(person)}
    return render(request, "plans/contact_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_log(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    form = forms.ContactForm(request.POST or None)
    done = edit(
        request,
        form,
        lambda data: services.contact_log(person=person, by=request.user, **form.contact_fields()),
    )
    if done.saved:
        messages.success(request, _("Contact logged."))
        return redirect("practice:person", pk=person.pk)
    return render(request, "plans/contact_form.html", {"person": person, **done.context})


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    contact = contact_for(request, person, pk)
    form = forms.ContactEditForm(
        request.POST or None, initial=forms.ContactEditForm.initial_for(contact)
    )

    def save(data: dict[str, Any]) -> None:
        changes = form.contact_fields()
        services.contact_update(
            contact=contact, changes=changes, version=data["version"], by=request.user
        )

    done = edit(request, form, save)
    if done.saved:
        messages.success(request, _("Changes to the contact are saved."))
        url = reverse("plans:contacts", args=[person.pk])
        return redirect(f"{url}#contact-{contact.pk}")
    context = {"person": person, "contact": contact, **done.context}
    return render(request, "plans/contact_form.html", context)
