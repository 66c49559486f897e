"""A team's directory sources: the published directories it keeps the shared one in step with.

Team leads only (403, audited, for anyone else): adding a source brings other organisations'
records into the directory everyone shares. Each source's page shows its history of syncs.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connecting_people.core import access
from connecting_people.core.access.directory import working_team
from connecting_people.core.fetch import FetchError
from connecting_people.core.models import Team
from connecting_people.directory import sources as services
from connecting_people.directory.models import DirectorySource
from connecting_people.directory.source_forms import SourceChangeForm, SourceForm

MODEL = "directory.directorysource"
HISTORY = 20


def _leads(request: HttpRequest, *, wanted: str) -> Team:
    """The team being worked in, when this user leads it (else 403, audited)."""
    team = working_team(request, model=MODEL, wanted=wanted)
    if team.pk not in access.team_ids_for(request.user, lead=True):
        access.refuse(request, model=MODEL, wanted=wanted)
        raise PermissionDenied
    return team


def _source(request: HttpRequest, pk: int, *, wanted: str) -> DirectorySource:
    team = _leads(request, wanted=wanted)
    found = access.records_for(request.user, DirectorySource.objects.filter(team=team))
    return access.record_for(request, found.select_related("service"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def source_list(request: HttpRequest) -> HttpResponse:
    team = _leads(request, wanted="list")
    form = SourceForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            source = services.source_add(
                team=team, by=request.user, name=data["name"], kind=data["kind"],
                url=data["url"], service=data.get("service"), every_hours=data["every_hours"],
                request=request,
            )  # fmt: skip
        except (FetchError, services.SyncFailed) as error:
            form.add_error("url", str(error))
        else:
            messages.success(
                request,
                _("%(name)s was added. It will be fetched within the hour, or fetch it now.")
                % {"name": source.name},
            )
            return redirect("directory:source", pk=source.pk)
    found = access.records_for(request.user, DirectorySource.objects.filter(team=team))
    context = {"team": team, "form": form, "sources": found.select_related("service")}
    return render(request, "directory/source_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source(request, pk, wanted="view")
    form = SourceChangeForm(
        request.POST or None,
        initial={
            "name": source.name,
            "every_hours": source.every_hours,
            "is_active": source.is_active,
            "version": source.version,
        },
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.source_change(
                source, by=request.user, version=data["version"], request=request,
                name=data["name"], every_hours=data["every_hours"], is_active=data["is_active"],
            )  # fmt: skip
        except ValueError:
            conflict = True
        else:
            messages.success(request, _("Changes to %(name)s saved.") % {"name": data["name"]})
            return redirect("directory:source", pk=source.pk)
    context = {
        "source": source,
        "form": form,
        "conflict": conflict,
        "syncs": source.syncs.all()[:HISTORY],
        "from_it": source.services.filter(retired_at__isnull=True).count(),
        "retired": source.services.filter(retired_at__isnull=False).count(),
    }
    return render(request, "directory/source_detail.html", context)


@login_required
@require_POST
def source_sync(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source(request, pk, wanted="sync")
    sync = services.sync_source(source, by=request.user)
    if sync.ok:
        messages.success(request, sync.message or source.last_message)
    else:
        messages.error(request, _("Nothing was changed: %(why)s") % {"why": sync.message})
    return redirect("directory:source", pk=source.pk)


@login_required
@require_http_methods(["GET", "POST"])
def source_remove(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source(request, pk, wanted="remove")
    if request.method == "POST":
        name = source.name
        services.source_remove(source, by=request.user, request=request)
        messages.success(
            request,
            _("%(name)s is no longer fetched. What it brought stays in the directory.")
            % {"name": name},
        )
        return redirect("directory:sources")
    return render(request, "directory/source_remove.html", {"source": source})
