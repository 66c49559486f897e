"""The team's community connectors: people and informal groups that are not services.

Private to the team that keeps them: the list and the add form are for the team the staff member
is working in now; a connector's own pages are fetched through the access layer (404 for anyone
not in its team, audited as refused) and every look at one is audited, because a connector is
often a named neighbour. Every change goes through directory/connector_services.py.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connecting_people.core import access
from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import Team
from connecting_people.directory import connector_services as services
from connecting_people.directory.connector_forms import (
    STATUS_CHOICES,
    ConnectorEditForm,
    ConnectorFilterForm,
    ConnectorForm,
)
from connecting_people.directory.models import CommunityConnector
from connecting_people.directory.models.team import ConnectorKind
from connecting_people.taxonomy.models import InterestCategory

PAGE_SIZE = 50
MODEL = "directory.communityconnector"


def _team(request: HttpRequest, wanted: str) -> Team:
    """The team the staff member is working in now; 404 (audited) for anyone in no team."""
    team = request.team  # type: ignore[attr-defined]
    if not team:
        access.refuse(request, model=MODEL, wanted=wanted)
        raise Http404
    return team


def _connectors(request: HttpRequest) -> QuerySet[CommunityConnector]:
    """The connectors this user may see, with what their pages show fetched alongside."""
    connectors = CommunityConnector.objects.select_related("team", "known_by", "last_checked_by")
    return access.records_for(request.user, connectors.prefetch_related("interests"))


def _connector(request: HttpRequest, pk: int, *, audit: bool = True) -> CommunityConnector:
    return access.record_for(request, _connectors(request), pk=pk, audit=audit)


@login_required
@require_GET
def connector_list(request: HttpRequest) -> HttpResponse:
    team = _team(request, "list")
    filters = ConnectorFilterForm(request.GET)
    connectors = filters.apply(_connectors(request).filter(team=team))
    page = Paginator(connectors, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "team": team,
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "interests": list(InterestCategory.objects.all()),
        "status_choices": STATUS_CHOICES,
        "today": timezone.localdate(),
    }
    return render(request, "directory/connector_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def connector_add(request: HttpRequest) -> HttpResponse:
    team = _team(request, "add")
    form = ConnectorForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            connector = services.connector_create(
                team=team,
                by=request.user,
                interests=form.chosen_interests(),
                **form.connector_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is on %(team)s's list of community connectors.")
                % {"name": connector.name, "team": team.name},
            )
            if request.POST.get("then") == "another":
                return redirect("directory:connector_add")
            return redirect("directory:connector", pk=connector.pk)
    return render(request, "directory/connector_form.html", {"form": form, "team": team})


@login_required
@require_GET
def connector_detail(request: HttpRequest, pk: int) -> HttpResponse:
    connector = _connector(request, pk)
    context = {"connector": connector, "today": timezone.localdate()}
    return render(request, "directory/connector_detail.html", context)


def _readable(conflict: EditConflict) -> EditConflict:
    """Show yes/no and the kind in words in the conflict table, not as stored values."""
    kinds = dict(ConnectorKind.choices)

    def words(value: Any) -> Any:  # tick boxes come as Yes or No from save_versioned
        return kinds.get(value, value) if isinstance(value, str) else value

    conflict.differences = [
        dataclasses.replace(d, theirs=words(d.theirs), yours=words(d.yours))
        for d in conflict.differences
    ]
    return conflict


@login_required
@require_http_methods(["GET", "POST"])
def connector_edit(request: HttpRequest, pk: int) -> HttpResponse:
    connector = _connector(request, pk, audit=request.method == "GET")
    form = ConnectorEditForm(
        request.POST or None,
        team=connector.team,
        connector=connector,
        initial=ConnectorEditForm.initial_for(connector),
    )
    conflict, was_going = None, connector.is_active
    if request.method == "POST" and form.is_valid():
        try:
            services.connector_update(
                connector=connector,
                changes=form.connector_fields(),
                interests=form.chosen_interests(),
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except EditConflict as refused:
            conflict, form = _readable(refused), form.with_version(refused.current.version)  # type: ignore[attr-defined]
        else:
            messages.success(request, _saved(connector, was_going) % {"name": connector})
            return redirect("directory:connector", pk=connector.pk)
    context = {"connector": connector, "form": form, "conflict": conflict}
    return render(request, "directory/connector_form.html", context)


def _saved(connector: CommunityConnector, was_going: bool) -> str:
    if was_going and not connector.is_active:
        return _("%(name)s is marked as no longer going. They stay on the list for the team.")
    if connector.is_active and not was_going:
        return _("%(name)s is marked as still going.")
    return _("Changes to %(name)s are saved.")


@login_required
@require_POST
def connector_checked(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Checked today" in one click, from the connector's page or the team's list."""
    connector = _connector(request, pk, audit=False)
    services.connector_mark_checked(connector=connector, by=request.user)
    messages.success(
        request,
        _("%(name)s is marked as checked today. The next check is due by %(due)s.")
        % {"name": connector.name, "due": date_format(connector.check_due_on or "", "j F Y")},
    )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("directory:connector", pk=connector.pk)
