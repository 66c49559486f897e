"""Suggesting a change to a service one may not change, and deciding it (issue 15).

Who may do what is the access layer's (`core.access.directory`): anyone in a team may suggest a
change to a service their organisation does not keep; its keepers accept or decline it; the one
who suggested it sees the outcome. Anyone else gets the same 404 as for a suggestion that does not
exist.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connecting_people.core.access import refuse
from connecting_people.core.access.directory import (
    directory_change_allowed,
    may_change_service,
    may_see_change_suggestion,
)
from connecting_people.core.editing import Edit, edit
from connecting_people.directory import change_selectors, selectors
from connecting_people.directory.models import ChangeSuggestion
from connecting_people.directory.team import change_suggestions as services
from connecting_people.directory.team.editing import details_for
from connecting_people.directory.team.service_forms import ServiceForm
from connecting_people.directory.team.session_forms import session_formset
from connecting_people.directory.team.suggestion_forms import (
    AcceptForm,
    DeclineForm,
    SuggestChangeForm,
)
from connecting_people.directory.views.helpers import owner_id, posted, quiet, service_or_404

MODEL = "directory.changesuggestion"


@login_required
@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest, pk: Any) -> HttpResponse:
    service = service_or_404(pk)
    if may_change_service(request.user, owner_id=owner_id(service)):
        return redirect("directory:service_edit", pk=service.pk)  # theirs to change
    directory_change_allowed(request, wanted="suggest a change", target=service)
    details = details_for(service)
    data, adding = posted(request)
    initial = {**ServiceForm.initial_for(details), "version": service.version}
    form = SuggestChangeForm(data, initial=initial)
    sessions = session_formset(data, details=details)
    if adding:
        quiet(form, sessions)
    ready = data is not None and not adding and sessions.is_valid()
    save = functools.partial(_suggest, request, service, form, sessions)
    done = edit(request, form, save) if ready else Edit(form)
    if done.saved:
        kept_by = selectors.owner_of(service)
        said = _("Thank you. %(who)s will see your suggestion and decide.")
        messages.success(request, said % {"who": kept_by.name if kept_by else _("An admin")})
        return redirect("directory:service", pk=service.pk)
    context = {**done.context, "sessions": sessions, "service": service, "suggesting": True}
    published = getattr(settings, "HSDS_API_PUBLIC", True)
    return render(
        request, "directory/service_form.html", {**context, "published_openly": published}
    )


def _suggest(request: HttpRequest, service: Any, form: Any, sessions: Any, cleaned: dict) -> Any:
    return services.suggestion_create(
        service=service,
        details=form.details(sessions.sessions()),
        note=cleaned["note"],
        version=cleaned["version"],
        by=request.user,
    )


@login_required
@require_GET
def suggestion_list(request: HttpRequest) -> HttpResponse:
    context = {
        "to_decide": list(change_selectors.to_decide(request.user)[: change_selectors.LATEST]),
        "mine": list(change_selectors.made_by(request.user)[: change_selectors.LATEST]),
    }
    return render(request, "directory/suggestion_list.html", context)


def _suggestion_or_404(request: HttpRequest, pk: Any) -> ChangeSuggestion:
    """A suggestion this user made or may decide; 404 (audited) otherwise, as for none."""
    found = change_selectors.suggestion(pk)
    if found is None or not may_see_change_suggestion(
        request.user, owner_id=owner_id(found.service), suggested_by=found.suggested_by_id
    ):
        refuse(request, model=MODEL, pk=str(pk)[:64])
        raise Http404
    return found


def _decidable(request: HttpRequest, pk: Any) -> ChangeSuggestion:
    """A suggestion this user may decide; the one who made it is told no (403, audited)."""
    found = _suggestion_or_404(request, pk)
    if not may_change_service(request.user, owner_id=owner_id(found.service)):
        refuse(request, target=found, wanted="decide")
        raise PermissionDenied
    return found


def _page(request: HttpRequest, suggestion: ChangeSuggestion, **forms: Any) -> HttpResponse:
    service = suggestion.service
    context = {
        "suggestion": suggestion,
        "service": service,
        "changes": change_selectors.changes(suggestion, details_for(service)),
        "may_decide": may_change_service(request.user, owner_id=owner_id(service)),
        "accept_form": AcceptForm(initial={"version": suggestion.service_version}),
        "decline_form": DeclineForm(),
        **forms,
    }
    return render(request, "directory/suggestion_detail.html", context)


@login_required
@require_GET
def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _suggestion_or_404(request, pk))


@login_required
@require_POST
def suggestion_accept(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _decidable(request, pk)
    save = functools.partial(_accept, request, suggestion)
    done = edit(request, AcceptForm(request.POST), save)
    if done.saved:
        messages.success(request, _("The change is made, and the person who suggested it can see."))
        return redirect("directory:service", pk=suggestion.service_id)
    return _page(request, suggestion, accept_form=done.form, conflict=done.conflict)


def _accept(request: HttpRequest, suggestion: ChangeSuggestion, cleaned: dict) -> Any:
    return services.suggestion_accept(
        suggestion=suggestion, version=cleaned["version"], by=request.user
    )


@login_required
@require_POST
def suggestion_decline(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _decidable(request, pk)
    form = DeclineForm(request.POST)
    save = functools.partial(_decline, request, suggestion)
    done = edit(request, form, save)
    if done.saved:
        messages.success(request, _("The suggestion is declined, and your reason is with it."))
        return redirect("directory:suggestions")
    return _page(request, suggestion, decline_form=done.form)


def _decline(request: HttpRequest, suggestion: ChangeSuggestion, cleaned: dict) -> Any:
    return services.suggestion_decline(
        suggestion=suggestion, reason=cleaned["reason"], by=request.user
    )
