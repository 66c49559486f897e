"""The team's own layer on a service: its entry, "checked today", who knows it, what people said,
and the to-check queue.

All of it belongs to the team being worked in (`request.team`) and is fetched through the access
layer; another team's layer is never shown or changed (`core.access`, its directory section).
Every change goes through directory/team/services.py, which audits it.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connecting_people.core import access
from connecting_people.core.access.directory import working_team
from connecting_people.core.editing import edit
from connecting_people.core.redirects import next_page
from connecting_people.directory import selectors
from connecting_people.directory.models import TeamService
from connecting_people.directory.team import services
from connecting_people.directory.team.entry_forms import (
    EntryEditForm,
    EntryForm,
    FeedbackForm,
    KnowerForm,
)
from connecting_people.directory.team.services import ENTRY_FIELDS
from connecting_people.directory.views.helpers import (
    ENTRY,
    service_or_404,
    team_entry,
)

QUEUE_PAGE_SIZE = 25


def _service_url(entry: TeamService, anchor: str = "") -> str:
    url = reverse("directory:service", args=[entry.service_id])
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    """Start using a service for the team, or change what the team keeps about it."""
    service = service_or_404(pk)
    team = working_team(request, model=ENTRY, wanted="entry")
    entry = access.records_for(request.user, selectors.team_entries(team, service)).first()
    if entry is None:
        return _entry_start(request, service, team)
    initial = {name: getattr(entry, name) for name in ENTRY_FIELDS}
    form = EntryEditForm(request.POST or None, initial={**initial, "version": entry.version})
    done = edit(request, form, functools.partial(_update, request, entry, form))
    if done.saved:
        messages.success(request, _("Your team's notes are saved."))
        return redirect(_service_url(entry, "team"))
    context = {**done.context, "service": service, "entry": entry}
    return render(request, "directory/entry_form.html", context)


def _update(request: HttpRequest, entry: TeamService, form: Any, cleaned: dict) -> TeamService:
    """Save what the team keeps over the version it was read at."""
    changes, version = form.entry_fields(), cleaned["version"]
    return services.entry_update(entry=entry, changes=changes, version=version, by=request.user)


def _entry_start(request: HttpRequest, service: Any, team: Any) -> HttpResponse:
    """The team is not using the service yet: one click, or the form with notes."""
    form = EntryForm(request.POST or None)
    if request.method == "POST" and ("start" in request.POST or form.is_valid()):
        fields = {} if "start" in request.POST else form.entry_fields()
        services.entry_add(team=team, service=service, by=request.user, **fields)
        messages.success(
            request, _("%(team)s uses %(name)s now.") % {"team": team.name, "name": service.name}
        )
        return redirect(reverse("directory:service", args=[service.pk]) + "#team")
    context = {"form": form, "service": service, "entry": None, "conflict": None}
    return render(request, "directory/entry_form.html", context)


@login_required
@require_POST
def mark_checked(request: HttpRequest, pk: Any) -> HttpResponse:
    """One click for "checked today", from the service page or the to-check queue."""
    entry = team_entry(request, service_or_404(pk), "check")
    entry = services.entry_mark_checked(entry=entry, by=request.user)
    if request.htmx:  # type: ignore[attr-defined]
        context = {"entry": entry, "today": timezone.localdate(), "just_checked": True}
        return render(request, "directory/_checked.html", context)
    messages.success(
        request, _("%(name)s is marked as checked today.") % {"name": entry.service.name}
    )
    return redirect(next_page(request, _service_url(entry, "team")))


@login_required
@require_http_methods(["GET", "POST"])
def knower_add(request: HttpRequest, pk: Any) -> HttpResponse:
    entry = team_entry(request, service_or_404(pk), "knower_add")
    members = selectors.team_members(entry.team)
    form = KnowerForm(request.POST or None, members=members, me=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            knower = services.knower_add(entry=entry, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("user", error)
        else:
            name = knower.user.name or knower.user.email
            messages.success(request, _("%(name)s is listed as knowing it.") % {"name": name})
            return redirect(_service_url(entry, "who-knows-it"))
    context = {"form": form, "service": entry.service, "entry": entry}
    return render(request, "directory/knower_form.html", context)


@login_required
@require_POST
def knower_remove(request: HttpRequest, pk: Any, knower_pk: int) -> HttpResponse:
    entry = team_entry(request, service_or_404(pk), "knower_remove")
    knower = selectors.knower_of(entry, knower_pk)
    if knower is None:
        access.refuse(request, model=ENTRY, knower=knower_pk, wanted="knower_remove")
        raise Http404
    services.knower_remove(knower=knower, by=request.user)
    messages.success(request, _("Taken off the list of who knows it."))
    return redirect(_service_url(entry, "who-knows-it"))


@login_required
@require_http_methods(["GET", "POST"])
def feedback_add(request: HttpRequest, pk: Any) -> HttpResponse:
    entry = team_entry(request, service_or_404(pk), "feedback_add")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.feedback_add(entry=entry, by=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you: what they said is saved."))
        return redirect(_service_url(entry, "what-people-said"))
    context = {"form": form, "service": entry.service, "entry": entry}
    return render(request, "directory/feedback_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_remove(request: HttpRequest, pk: Any) -> HttpResponse:
    """Stop using a service for the team, after a page saying what goes with it. Only team leads
    may: the team's notes and what people said about it go for good."""
    entry = team_entry(request, service_or_404(pk), "entry_remove")
    if not access.can_manage_team(request.user, entry.team):
        access.refuse(request, target=entry, wanted="entry_remove")
        raise PermissionDenied
    if request.method == "POST":
        services.entry_remove(entry=entry, by=request.user)
        messages.success(
            request,
            _("%(team)s no longer uses %(name)s. It stays in the shared directory.")
            % {"team": entry.team.name, "name": entry.service.name},
        )
        return redirect("directory:service", pk=entry.service_id)
    counts = {"knowers": entry.knowers.count(), "feedback": entry.feedback.count()}
    context = {"service": entry.service, "entry": entry, **counts}
    return render(request, "directory/entry_remove.html", context)


@login_required
@require_GET
def to_check(request: HttpRequest) -> HttpResponse:
    """The team's entries due a check, oldest first; team leads see it as theirs to keep."""
    team = working_team(request, model=ENTRY, wanted="to_check")
    page = Paginator(selectors.due_entries(team), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "team": team,
        "page": page,
        "used": selectors.entries_used(team),
        "is_lead": team.pk in access.team_ids_for(request.user, lead=True),
        "today": timezone.localdate(),
    }
    return render(request, "directory/to_check.html", context)
