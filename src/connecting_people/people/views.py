"""Adding a person, changing their record, their journey through the service, interests, skills."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from connecting_people.core import access
from connecting_people.core.concurrency import EditConflict
from connecting_people.people import services
from connecting_people.people.forms import InterestForm, PersonForm, SkillForm, StatusChangeForm
from connecting_people.people.models import Interest, Person, Skill, Status

# The lifecycle actions offered on the person's page: URL word → (status, page heading).
STATUS_ACTIONS = {
    "start": (Status.ACTIVE, gettext_lazy("Start working together")),
    "moving-on": (Status.MOVING_ON, gettext_lazy("Start moving on")),
    "move-on": (Status.MOVED_ON, gettext_lazy("Record that they have moved on")),
    "return": (Status.ACTIVE, gettext_lazy("Welcome them back")),
    "carry-on": (Status.ACTIVE, gettext_lazy("Carry on working together")),
}


# Which of those actions fit each status (the service enforces the same lifecycle).
ACTIONS_FROM = {
    Status.REFERRED: ["start", "move-on"],
    Status.ACTIVE: ["moving-on", "move-on"],
    Status.MOVING_ON: ["carry-on", "move-on"],
    Status.MOVED_ON: ["return"],
}


def lifecycle_actions(person: Person) -> list[tuple[str, str]]:
    """(URL word, button text) for the lifecycle steps open to this person now."""
    return [(action, str(STATUS_ACTIONS[action][1])) for action in ACTIONS_FROM[person.status]]


def person_for(request: HttpRequest, pk: int, *, audit: bool = True) -> Person:
    """The person, if they are on one of this user's teams' caseloads (404 otherwise)."""
    return access.record_for(
        request, Person.objects.select_related("team", "keyworker"), pk=pk, audit=audit
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    team = request.team  # type: ignore[attr-defined]
    if not team:
        raise Http404
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
    conflict = None
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.person_update(
                person=person,
                changes=changes,
                version=form.cleaned_data["version"] or 0,
                by=request.user,
            )
        except EditConflict as refused:
            conflict = refused
            form = _refresh_version(form, refused.current.version)  # type: ignore[attr-defined]
        else:
            messages.success(
                request, _("Changes to %(name)s's record are saved.") % {"name": person}
            )
            return redirect(person)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": person, "team": person.team, "conflict": conflict},
    )


def _refresh_version(form: PersonForm, version: int) -> PersonForm:
    """Keep what was typed, but base the next save on the version now stored."""
    data = form.data.copy()
    data["version"] = str(version)
    return PersonForm(data, instance=form.instance, team=form.team)


@login_required
@require_http_methods(["GET", "POST"])
def person_status(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    person = person_for(request, pk)
    if action not in ACTIONS_FROM[person.status]:
        raise Http404
    to, heading = STATUS_ACTIONS[action]
    conflict = None
    form = StatusChangeForm(
        request.POST or None,
        to=to,
        initial={
            "version": person.version,
            "moving_on_plan": person.moving_on_plan,
            "destination": person.destination or None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_change_status(
                person=person, to=to, by=request.user, **form.cleaned_data
            )
        except services.LifecycleError as refused:
            form.add_error(None, str(refused))
        except EditConflict as refused:
            # Keep what was typed, show what changed, and let the next try use the new version.
            conflict = refused
            data = form.data.copy()
            data["version"] = str(refused.current.version)  # type: ignore[attr-defined]
            form = StatusChangeForm(data, to=to)
            form.is_valid()
        else:
            messages.success(
                request,
                _("%(name)s's record now shows: %(status)s.")
                % {"name": person, "status": person.get_status_display()},
            )
            return redirect(person)
    return render(
        request,
        "people/person_status.html",
        {
            "person": person,
            "form": form,
            "heading": heading,
            "action": action,
            "conflict": conflict,
        },
    )


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
    interest = access.record_for(
        request, Interest.objects.filter(person=person), pk=interest_pk, audit=False
    )
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
    skill = access.record_for(
        request, Skill.objects.filter(person=person), pk=skill_pk, audit=False
    )
    services.skill_remove(skill=skill, by=request.user)
    messages.success(request, _("Skill removed."))
    return redirect(_person_url(person, "interests"))


def _person_url(person: Person, section: str) -> str:
    return f"{person.get_absolute_url()}#{section}"
