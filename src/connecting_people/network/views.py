"""The person's network map: the map page, adding and changing connections, who knows whom.

Every record is fetched through the access layer: the person first (404 for anyone not in their
team), then the connection from that person's own (network/access.py). Every change goes through
network/services.py, which audits it. Snapshots, "then and now" and the team's view are in
network/snapshot_views.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from connecting_people.core.editing import edit
from connecting_people.network import forms, selectors, services
from connecting_people.network.access import connection_for
from connecting_people.network.models import Connection
from connecting_people.people.access import person_for
from connecting_people.people.models import Person

MAP_PAGE = "network/person_map.html"


def _map_url(person: Person, connection: Connection | None = None) -> str:
    url = reverse("network:map", args=[person.pk])
    return f"{url}#connection-{connection.pk}" if connection else url


def _map_context(person: Person, **extra: Any) -> dict[str, Any]:
    """The map page: the map and its table, the add form (empty unless given), the snapshots."""
    return {
        "person": person,
        "network": selectors.person_network(person),
        "form": extra.pop("form", None) or forms.ConnectionForm(person=person),
        **extra,
    }


@login_required
@require_GET
def network_map(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    return render(request, MAP_PAGE, _map_context(person))


@login_required
@require_http_methods(["GET", "POST"])
def connection_add(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Add someone: inline on the map page with htmx, or as a page of its own without it."""
    person = person_for(request, person_pk)
    form = forms.ConnectionForm(request.POST or None, person=person)
    done = edit(
        request,
        form,
        lambda data: services.connection_add(
            person=person, by=request.user, **form.connection_fields()
        ),
    )
    if done.saved and done.result:
        return _added(request, person, done.result)
    if request.method == "POST" and request.htmx:  # type: ignore[attr-defined]
        return render(request, f"{MAP_PAGE}#editor", _map_context(person, form=form))
    return render(request, "network/connection_form.html", {"person": person, "form": form})


def _added(request: HttpRequest, person: Person, connection: Connection) -> HttpResponse:
    """After adding someone: the map's editor again with htmx, else the map (or another form)."""
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, f"{MAP_PAGE}#editor", _map_context(person, added=connection))
    messages.success(request, _("%(label)s is on the map.") % {"label": connection})
    if request.POST.get("then") == "another":
        return redirect("network:connection_add", person_pk=person.pk)
    return redirect(_map_url(person, connection))


@login_required
@require_http_methods(["GET", "POST"])
def connection_edit(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    connection = connection_for(request, person, pk)
    form = forms.ConnectionEditForm(
        request.POST or None,
        person=person,
        ended=not connection.is_current,
        initial=forms.ConnectionEditForm.initial_for(connection),
    )

    def save(data: dict[str, Any]) -> None:
        changes = form.connection_fields()
        services.connection_update(
            connection=connection, changes=changes, version=data["version"], by=request.user
        )

    done = edit(request, form, save)
    if done.saved:
        messages.success(request, _("Changes to %(label)s are saved.") % {"label": connection})
        return redirect(_map_url(person, connection))
    context = {"person": person, "connection": connection, **done.context}
    return render(request, "network/connection_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def connection_end(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """Record that a connection has ended (an ended one is changed on its edit page instead)."""
    person = person_for(request, person_pk)
    connection = connection_for(request, person, pk)
    if not connection.is_current:
        return redirect("network:connection_edit", person_pk=person.pk, pk=connection.pk)
    form = forms.ConnectionEndForm(
        request.POST or None, connection=connection, initial={"version": connection.version}
    )

    def save(data: dict[str, Any]) -> None:
        services.connection_end(
            connection=connection,
            on=data["ended_on"],
            reason=data["reason"],
            version=data["version"],
            by=request.user,
        )

    done = edit(request, form, save)
    if done.saved:
        messages.success(
            request,
            _("%(label)s is no longer on the map. They stay in past snapshots.")
            % {"label": connection},
        )
        return redirect(_map_url(person))
    context = {"person": person, "connection": connection, **done.context}
    return render(request, "network/connection_end.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def connection_delete(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """Delete a connection outright, at the person's request, after a confirmation page."""
    person = person_for(request, person_pk)
    connection = connection_for(request, person, pk)
    if request.method == "POST":
        services.connection_delete(connection=connection, by=request.user)
        messages.success(
            request,
            _("Deleted. It is no longer on the map or in any snapshot, and it cannot be undone."),
        )
        return redirect(_map_url(person))
    context = {"person": person, "connection": connection}
    return render(request, "network/connection_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ties(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """Which of the person's other current connections this one knows."""
    person = person_for(request, person_pk)
    connection = connection_for(request, person, pk)
    tied = selectors.tied_to(connection)
    form = forms.TiesForm(
        request.POST or None,
        connection=connection,
        initial={"knows": [c.pk for c in tied if c.is_current]},
    )
    if request.method == "POST" and form.is_valid():
        # Ties with connections that have ended are kept: the form lists only current ones.
        kept = [c for c in tied if not c.is_current]
        knows = [*form.cleaned_data["knows"], *kept]
        services.ties_set(connection=connection, knows=knows, by=request.user)
        messages.success(
            request, _("Saved who %(label)s knows on the map.") % {"label": connection}
        )
        return redirect(_map_url(person, connection))
    context = {"person": person, "connection": connection, "form": form}
    return render(request, "network/connection_ties.html", context)
