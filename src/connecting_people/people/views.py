"""Adding a person, changing their record, their journey through the service, interests, skills."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connecting_people.core import access
from connecting_people.core.editing import edit
from connecting_people.people import services
from connecting_people.people.access import interest_for, person_for, skill_for
from connecting_people.people.forms import (
    ConsentForm,
    InterestForm,
    PersonForm,
    SkillForm,
    StatusChangeForm,
)
from connecting_people.people.lifecycle import ACTIONS_FROM, STATUS_ACTIONS
from connecting_people.people.models import Person, PersonAccount


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    team = access.team_working_in(request)
    form = PersonForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        person = services.person_create(team=team, by=request.user, **fields)
        messages.success(request, _("%(name)s is on the caseload.") % {"name": person})
        return redirect(person)
    return render(request, "people/person_form.html", {"form": form, "team": team})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request, pk)
    # The form edits a copy, so the service can still see what the record held before.
    form = PersonForm(request.POST or None, instance=copy.copy(person), team=person.team)

    def save(data: dict[str, Any]) -> None:
        changes = {k: v for k, v in data.items() if k != "version"}
        services.person_update(
            person=person, changes=changes, version=data["version"] or 0, by=request.user
        )

    done = edit(request, form, save)
    if done.saved:
        messages.success(request, _("Changes to %(name)s's record are saved.") % {"name": person})
        return redirect(person)
    context = {"person": person, "team": person.team, **done.context}
    return render(request, "people/person_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_status(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    person = person_for(request, pk)
    if action not in ACTIONS_FROM[person.status]:
        raise Http404
    to, heading = STATUS_ACTIONS[action]
    initial = {
        "version": person.version,
        "moving_on_plan": person.moving_on_plan,
        "destination": person.destination or None,
    }
    has_own_account = PersonAccount.objects.filter(person=person).exists()
    form = StatusChangeForm(
        request.POST or None, to=to, initial=initial, has_own_account=has_own_account
    )
    done = edit(
        request,
        form,
        lambda data: services.person_change_status(person=person, to=to, by=request.user, **data),
        refusals=(services.LifecycleError,),
    )
    if done.saved:
        messages.success(
            request,
            _("%(name)s's record now shows: %(status)s.")
            % {"name": person, "status": person.get_status_display()},
        )
        return redirect(person)
    context = {"person": person, "heading": heading, "action": action, **done.context}
    return render(request, "people/person_status.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a change in what the person agrees to; the history keeps every answer."""
    person = person_for(request, pk)
    form = ConsentForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    done = edit(
        request,
        form,
        lambda data: services.consent_record(person=person, by=request.user, **data),
    )
    if done.saved:
        messages.success(request, _("%(name)s's consent is recorded.") % {"name": person})
        return redirect(_person_url(person, "consent"))
    history = person.consents.select_related("recorded_by").order_by("-on", "-at", "-pk")
    context = {"person": person, "history": history, **done.context}
    return render(request, "people/consent_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def interest_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request, pk)
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.interest_add(person=person, by=request.user, **form.cleaned_data)
        messages.success(request, _("Interest added."))
        if request.POST.get("then") == "another":
            return redirect(request.path)
        return redirect(_person_url(person, "interests"))
    return render(request, "people/interest_form.html", {"person": person, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def interest_edit(request: HttpRequest, pk: int, interest_pk: int) -> HttpResponse:
    person = person_for(request, pk)
    interest = interest_for(request, person, interest_pk)
    if request.method == "POST" and "remove" in request.POST:
        services.interest_remove(interest=interest, by=request.user)
        messages.success(request, _("Interest removed."))
        return redirect(_person_url(person, "interests"))
    initial = {
        "when": interest.when,
        "description": interest.description,
        "categories": list(interest.categories.all()),
    }
    form = InterestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.interest_update(interest=interest, by=request.user, **form.cleaned_data)
        messages.success(request, _("Interest saved."))
        return redirect(_person_url(person, "interests"))
    return render(
        request, "people/interest_form.html", {"person": person, "form": form, "interest": interest}
    )


@login_required
@require_http_methods(["GET", "POST"])
def skill_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request, pk)
    form = SkillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.skill_add(person=person, by=request.user, **form.cleaned_data)
        messages.success(request, _("Skill added."))
        return redirect(_person_url(person, "interests"))
    return render(request, "people/skill_form.html", {"person": person, "form": form})


@login_required
@require_POST
def skill_remove(request: HttpRequest, pk: int, skill_pk: int) -> HttpResponse:
    person = person_for(request, pk, audit=False)
    skill = skill_for(request, person, skill_pk)
    services.skill_remove(skill=skill, by=request.user)
    messages.success(request, _("Skill removed."))
    return redirect(_person_url(person, "interests"))


def _person_url(person: Person, section: str) -> str:
    return f"{person.get_absolute_url()}#{section}"
