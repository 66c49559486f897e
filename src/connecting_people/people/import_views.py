"""Bringing a team's caseload in from a file: upload, check the preview, then add everyone."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from connecting_people.core import access
from connecting_people.core.middleware import SESSION_KEY
from connecting_people.core.models import Team
from connecting_people.people import importing


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_("A CSV file or an Excel workbook (.xlsx), up to 5 MB."),
        error_messages={
            "required": _("Choose the file to bring in"),
            "empty": _("The file is empty. Check you chose the right one."),
            "invalid": _("Choose the file to bring in"),
        },
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        label=_("Which team are they joining?"),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the team to add them to"),
            "invalid_choice": _("Choose one of your teams"),
        },
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], by: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by = by
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if len(teams) == 1:
            self.fields["team"].widget = forms.HiddenInput()
        self.report: importing.ImportReport | None = None
        self.signed = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.fields["team"].widget.is_hidden and "team" in self.errors:
            self.add_error(None, self.errors.pop("team"))  # a hidden field shows no errors
        upload, team = data.get("file"), data.get("team")
        if upload and team:
            try:
                self.report = importing.parse_upload(upload, team=team)
                if not self.report.errors:
                    self.signed = importing.sign_rows(self.report, team=team, by=self.by)
            except importing.ImportFileError as problem:
                self.add_error("file", str(problem))
        return data


def _refuse(request: HttpRequest, **detail: Any) -> None:
    access.refuse(request, wanted="people import", **detail)


def _teams(request: HttpRequest) -> QuerySet[Team]:
    """The teams this user may bring people into: the ones they work in. 404 for anyone else."""
    teams = access.teams_for(request.user)
    if not teams:
        _refuse(request)
        raise Http404
    return teams


def _caseload_url() -> str:
    try:
        return reverse("practice:caseload")
    except NoReverseMatch:  # until the caseload page exists
        return reverse("core:home")


@login_required
@require_http_methods(["GET", "POST"])
def person_import(request: HttpRequest) -> HttpResponse:
    teams = _teams(request)
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
    teams = _teams(request)
    try:
        batch = importing.unsign_rows(request.POST.get("rows", ""), by=request.user)
    except signing.BadSignature:
        _refuse(request, why="bad signature")
        return render(request, "people/import_expired.html", status=400)
    team = teams.filter(pk=batch.team_id).first()
    if team is None:  # they have left the team since the preview
        _refuse(request, team=batch.team_id)
        raise Http404
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
    request.session[SESSION_KEY] = team.pk  # show the caseload they were added to
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
