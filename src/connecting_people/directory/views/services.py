"""Finding services, a service's page, and adding or changing one.

The services are shared by the whole deployment (who may do what: `core.access`, its directory
section); the team's own layer on a service is in views/entries.py.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from connecting_people.core import access
from connecting_people.core.access.directory import (
    NOT_YOURS,
    directory_change_allowed,
    may_change_directory,
    may_change_service,
    may_match_terms,
    service_change_allowed,
)
from connecting_people.core.audit import audit_record
from connecting_people.core.editing import Edit, edit
from connecting_people.core.models import AuditAction
from connecting_people.directory import change_selectors, selectors
from connecting_people.directory.search import engine as search
from connecting_people.directory.search.forms import BrowseForm
from connecting_people.directory.team import services
from connecting_people.directory.team.editing import details_for, parts_for
from connecting_people.directory.team.entry_forms import FeedbackForm, KnowerForm
from connecting_people.directory.team.service_forms import ServiceEditForm, ServiceForm
from connecting_people.directory.team.session_forms import session_formset
from connecting_people.directory.views.helpers import (
    posted,
    quiet,
    service_or_404,
    whole_number,
)

FORM_PAGE = "directory/service_form.html"


def _form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The add and change page; it warns that what is typed is published when the API is open."""
    published = getattr(settings, "HSDS_API_PUBLIC", True)
    return render(request, FORM_PAGE, {**context, "published_openly": published})


def _too_common(words: list[str]) -> str:
    """ "Try other words: 'the' is too common to search for." (in curly quotes; "" when fine)."""
    if not words:
        return ""
    quoted = ", ".join(f"\u2018{word}\u2019" for word in words[:5])
    return ngettext(
        "Try other words: %(words)s is too common to search for.",
        "Try other words: %(words)s are too common to search for.",
        len(words),
    ) % {"words": quoted}


def _page_of(found: search.SearchPage) -> Page:
    """A paginator page for the pagination component, without another query."""
    return Paginator(range(found.total), found.per_page).get_page(found.page)


@login_required
@require_GET
def browse(request: HttpRequest) -> HttpResponse:
    team = request.team or None  # type: ignore[attr-defined]
    form = BrowseForm(request.GET)
    query = form.to_query(
        team_id=team.pk if team else None, page=whole_number(request.GET.get("page", ""), default=1)
    )
    found = search.search_services(query)
    if found.page > found.total_pages:  # past the end: show the last page, as the links say
        query.page = found.total_pages
        found = search.search_services(query)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "found": found,
        "results": selectors.browse_results(found, team),
        "page": _page_of(found),
        "query": params.urlencode(),
        "filtered": form.is_filtered(),
        "too_common": _too_common(search.too_common(query.text)),
        "team": team,
        "can_add": may_change_directory(request.user),
        "can_match_terms": may_match_terms(request.user),
        "leads_team": team is not None and team.pk in access.team_ids_for(request.user, lead=True),
        "waiting": change_selectors.waiting_count(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "directory/browse.html", context)


@login_required
@require_GET
def service_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    team = request.team or None  # type: ignore[attr-defined]
    page = selectors.service_page(pk, team, request.user)
    if page is None:
        raise Http404
    if page.entry is not None:  # the team's private layer is on the page: say who saw it
        audit_record(by=request.user, action=AuditAction.VIEWED, target=page.entry, request=request)
    context: dict[str, Any] = {
        "page": page,
        "service": page.service,
        "team": team,
        "kept_by": selectors.owner_of(page.service),
        "today": timezone.localdate(),
        **_suggesting(request, page.service),
    }
    if page.entry is not None and team:
        members = selectors.team_members(team)
        context["knower_form"] = KnowerForm(members=members, me=request.user)
        context["feedback_form"] = FeedbackForm()
        context["may_stop_using"] = access.can_manage_team(request.user, team)
    return render(request, "directory/service_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def service_add(request: HttpRequest) -> HttpResponse:
    directory_change_allowed(request, wanted="add")
    data, adding = posted(request)
    form, sessions = ServiceForm(data), session_formset(data)
    if adding:
        quiet(form, sessions)
    elif data is not None and all([form.is_valid(), sessions.is_valid()]):
        team = request.team or None  # type: ignore[attr-defined]
        service = services.service_create(
            details=form.details(sessions.sessions()), by=request.user, team=team
        )
        messages.success(request, _("%(name)s is in the directory.") % {"name": service.name})
        return redirect("directory:service", pk=service.pk)
    return _form_page(request, {"form": form, "sessions": sessions})


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    service = service_or_404(pk)
    try:
        service_change_allowed(request, service=service, owner_id=_owner_id(service))
    except PermissionDenied:
        return _not_yours(request, service)
    parts = parts_for(service)
    details = details_for(service, parts)
    data, adding = posted(request)
    initial = {**ServiceForm.initial_for(details), "version": service.version}
    form, sessions = ServiceEditForm(data, initial=initial), session_formset(data, details=details)
    if adding:
        quiet(form, sessions)
    ready = data is not None and not adding and sessions.is_valid()
    save = functools.partial(_update, request, service, form, sessions)
    done = edit(request, form, save) if ready else Edit(form)
    if done.saved:
        messages.success(request, _("Changes to %(name)s are saved.") % {"name": service.name})
        return redirect("directory:service", pk=service.pk)
    kept = [selectors.describe(s) for s in parts.kept_schedules]
    context = {**done.context, "sessions": sessions, "service": service, "kept_schedules": kept}
    return _form_page(request, context)


def _owner_id(service: Any) -> int | None:
    owner = selectors.owner_of(service)
    return owner.pk if owner is not None else None


def _may_change(request: HttpRequest, service: Any) -> bool:
    return may_change_service(request.user, owner_id=_owner_id(service))


def _suggesting(request: HttpRequest, service: Any) -> dict[str, Any]:
    """Change it, or suggest a change (and see what came of one's suggestions)."""
    if _may_change(request, service):
        return {"can_edit": True, "waiting_here": change_selectors.open_on_service(service)}
    return {
        "may_suggest": may_change_directory(request.user),
        "my_suggestions": change_selectors.on_service(service, request.user),
    }


def _not_yours(request: HttpRequest, service: Any) -> HttpResponse:
    """The plain refusal: who keeps the service, and what to do instead (403)."""
    context = {
        "service": service,
        "kept_by": selectors.owner_of(service),
        "why": NOT_YOURS,
        "may_suggest": may_change_directory(request.user),
    }
    return render(request, "directory/service_not_yours.html", context, status=403)


def _update(request: HttpRequest, service: Any, form: Any, sessions: Any, cleaned: dict) -> Any:
    """Save the edit page's fields and rows of times over the version it was read at."""
    details = form.details(sessions.sessions())
    return services.service_update(
        service=service, details=details, version=cleaned["version"], by=request.user
    )
