"""The team's community connectors: people and informal groups that are not services.

Private to the team that keeps them: the list and the add form are for the team the staff member
is working in now; a connector's own pages are fetched through the access layer (404 for anyone
not in its team, audited as refused) and every look at one is audited, because a connector is
often a named neighbour. Every change goes through directory/team/connector_services.py.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connecting_people.core import access
from connecting_people.core.access.directory import working_team
from connecting_people.core.editing import edit
from connecting_people.core.redirects import next_page
from connecting_people.directory import selectors
from connecting_people.directory.fit import ACCESS_BITS, ACCESS_FEATURES, split_slugs
from connecting_people.directory.models import CommunityConnector
from connecting_people.directory.team import connector_services as services
from connecting_people.directory.team.connector_forms import (
    STATUS_CHOICES,
    ConnectorEditForm,
    ConnectorFilterForm,
    ConnectorForm,
)

PAGE_SIZE = 50
MODEL = "directory.communityconnector"


def _connectors(request: HttpRequest) -> QuerySet[CommunityConnector]:
    """The connectors this user may see, with what their pages show fetched alongside."""
    return access.records_for(request.user, selectors.connectors())


def _connector(request: HttpRequest, pk: int, *, audit: bool = True) -> CommunityConnector:
    return access.record_for(request, _connectors(request), pk=pk, audit=audit)


@login_required
@require_GET
def connector_list(request: HttpRequest) -> HttpResponse:
    team = working_team(request, model=MODEL, wanted="list")
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
        "interests": selectors.interest_categories(),
        "status_choices": STATUS_CHOICES,
        "today": timezone.localdate(),
    }
    return render(request, "directory/connector_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def connector_add(request: HttpRequest) -> HttpResponse:
    team = working_team(request, model=MODEL, wanted="add")
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
    chosen = split_slugs(connector.access_features, ACCESS_BITS)
    context = {
        "connector": connector,
        "today": timezone.localdate(),
        "access_features": [str(t.label) for t in ACCESS_FEATURES if t.slug in chosen],
    }
    return render(request, "directory/connector_detail.html", context)


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
    was_going = connector.is_active
    done = edit(request, form, functools.partial(_update, request, connector, form))
    if done.saved:
        messages.success(request, _saved(connector, was_going) % {"name": connector})
        return redirect("directory:connector", pk=connector.pk)
    context = {**done.context, "connector": connector}
    return render(request, "directory/connector_form.html", context)


def _update(request: HttpRequest, connector: CommunityConnector, form: Any, cleaned: dict) -> Any:
    """Save the connector's fields and interests over the version they were read at."""
    return services.connector_update(
        connector=connector,
        changes=form.connector_fields(),
        interests=form.chosen_interests(),
        version=cleaned["version"],
        by=request.user,
    )


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
    return redirect(next_page(request, reverse("directory:connector", args=[connector.pk])))
