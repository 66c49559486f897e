"""My people: the person's own network map, how it changed, and adding or changing a connection.

The person comes through the portal's door (`portal.access.own_person`) and a connection only
from their own (`access.own_record_for`): anyone else's is the same 404 as a missing one. The
drawing and the reads are the staff map's (network.selectors, network.comparison); every change
is network.services', audited as the person's account, and a clash is shown, never overwritten.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from connecting_people.core import access
from connecting_people.core.editing import edit
from connecting_people.network import comparison, selectors, services
from connecting_people.network.models import Connection
from connecting_people.people.models import Person
from connecting_people.portal.access import own_person
from connecting_people.portal.forms import MyConnectionEditForm, MyConnectionForm


def _map_url(connection: Connection | None = None) -> str:
    url = reverse("portal:map")
    return f"{url}#connection-{connection.pk}" if connection else url


def my_network(person: Person) -> dict[str, Any]:
    """The staff map's reads, with the drawing titled for the person: "Who is around you"."""
    network = selectors.person_network(person)
    title = _("Who is around you now")
    # Drawn as the staff's smaller maps, so its names show at least at the body text size on a
    # phone (the staff page draws 640 for a wide screen); "new" is its thick ring.
    network.update(selectors.drawing_of(person, network["nodes"], title, "map"))
    return network


@require_GET
def my_map(request: HttpRequest) -> HttpResponse:
    person = own_person(request)
    context = {
        "person": person,
        "network": my_network(person),
        "change": comparison.network_comparison(person),
    }
    return render(request, "portal/map.html", context)


@require_http_methods(["GET", "POST"])
def connection_add(request: HttpRequest) -> HttpResponse:
    person = own_person(request, audit=request.method == "GET")
    form = MyConnectionForm(request.POST or None)
    done = edit(
        request,
        form,
        lambda data: services.connection_add(
            person=person, by=request.user, **form.new_connection()
        ),
    )
    if done.saved and done.result:
        messages.success(request, _("%(label)s is on your map.") % {"label": done.result})
        return redirect(_map_url(done.result))
    return render(request, "portal/connection_form.html", {"person": person, "form": form})


@require_http_methods(["GET", "POST"])
def connection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = own_person(request, audit=False)
    connection = access.own_record_for(request, Connection.objects.all(), pk=pk)
    form = MyConnectionEditForm(
        request.POST or None, initial=MyConnectionEditForm.initial_for(connection)
    )

    def save(data: dict[str, Any]) -> None:
        services.connection_update(
            connection=connection, changes=form.changes(), version=data["version"], by=request.user
        )

    done = edit(request, form, save)
    if done.saved:
        messages.success(request, _("Your changes to %(label)s are saved.") % {"label": connection})
        return redirect(_map_url(connection))
    context = {"person": person, "connection": connection, **done.context}
    return render(request, "portal/connection_form.html", context)
