"""Bringing a team's caseload in from a file: upload, check the preview, then add everyone."""

from collections.abc import Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from connecting_people.core import access
from connecting_people.core.middleware import SESSION_KEY
from connecting_people.core.models import Team
from connecting_people.people import importing
from connecting_people.people.forms import ImportForm
from connecting_people.people.models import Person


def _caseload_url() -> str:
    try:
        return reverse("practice:caseload")
    except NoReverseMatch:  # until the caseload page exists
        return reverse("core:home")


@login_required
@require_http_methods(["GET", "POST"])
def person_import(request: HttpRequest) -> HttpResponse:
    teams = access.teams_to_add_people(request)
    current = request.team  # type: ignore[attr-defined]
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        teams=teams,
        by=request.user,
        initial={"team": current.pk if current else None},
    )
    if request.method == "POST" and form.is_valid() and form.report is not None:
        return _preview(request, form.report, form.cleaned_data["team"], signed=form.signed)
    return render(
        request,
        "people/import_upload.html",
        {"form": form, "columns": importing.COLUMNS, "back_url": _caseload_url()},
    )


def _preview(
    request: HttpRequest,
    report: importing.ImportReport,
    team: Team,
    *,
    signed: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "people/import_preview.html",
        {
            "team": team,
            "report": report,
            "preview": report.preview(),
            "signed": signed,
            "count": len(report.rows),
            "back_url": reverse("people:import"),
        },
        status=status,
    )


@login_required
@require_POST
def person_import_confirm(request: HttpRequest) -> HttpResponse:
    teams = access.teams_to_add_people(request)
    try:
        batch = importing.unsign_rows(request.POST.get("rows", ""), by=request.user)
    except signing.BadSignature:
        access.refuse(request, wanted="people import", why="bad signature")
        return render(request, "people/import_expired.html", status=400)
    team = access.team_to_add_people(request, teams, pk=batch.team_id)
    try:
        people = importing.caseload_import(
            team=team,
            rows=batch.rows,
            by=request.user,
            file_name=batch.file_name,
            token=batch.token,
        )
    except importing.AlreadyImported:
        messages.info(request, _("These people were added already."))
        return redirect(_caseload_url())
    except importing.ImportRejected as rejected:
        report = importing.ImportReport(
            columns=batch.columns,
            rows=batch.rows,
            errors=rejected.errors,
            file_name=batch.file_name,
        )
        return _preview(request, report, team, status=409)
    return _imported(request, people, team)


def _imported(request: HttpRequest, people: Sequence[Person], team: Team) -> HttpResponse:
    """Say how many were added, and show the caseload they were added to."""
    request.session[SESSION_KEY] = team.pk
    messages.success(
        request,
        ngettext(
            "Added %(count)d person to %(team)s.",
            "Added %(count)d people to %(team)s.",
            len(people),
        )
        % {"count": len(people), "team": team},
    )
    return redirect(_caseload_url())
