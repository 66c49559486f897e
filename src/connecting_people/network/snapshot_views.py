"""Snapshots of the person's map, "then and now", and the team's view of its practice with maps.

The person is fetched through the access layer (404 for anyone not in their team), and each
snapshot only from that person's own. The team's view counts, and never shows a label.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from connecting_people.core import access
from connecting_people.core.editing import edit
from connecting_people.network import comparison, exports, forms, reports, selectors, services
from connecting_people.network.access import snapshot_for
from connecting_people.people.access import caseload_for, person_for


@login_required
@require_http_methods(["GET", "POST"])
def snapshot_take(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    earlier = selectors.latest_snapshot(person)
    form = forms.SnapshotForm(request.POST or None, first=earlier is None)
    done = edit(
        request, form, lambda data: services.snapshot_take(person=person, by=request.user, **data)
    )
    if done.saved and done.result:
        messages.success(
            request,
            _("Snapshot kept: the map as it stood on %(date)s.")
            % {"date": date_format(done.result.taken_on, "j F Y")},
        )
        return redirect("network:snapshot", person_pk=person.pk, pk=done.result.pk)
    context = {
        "person": person,
        "form": form,
        "earlier": earlier,
        "current_count": selectors.current_count(person),
    }
    return render(request, "network/snapshot_form.html", context)


@login_required
@require_GET
def snapshot_detail(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    snapshot = snapshot_for(request, person, pk)
    context = {"person": person, **selectors.snapshot_page(person, snapshot.pk)}
    return render(request, "network/snapshot_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def snapshot_correct(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """Replace a snapshot that was wrong with the map as it stands now, dated as chosen."""
    person = person_for(request, person_pk)
    old = snapshot_for(request, person, pk)
    form = forms.SnapshotCorrectionForm(request.POST or None, person=person, taken_on=old.taken_on)
    done = edit(
        request,
        form,
        lambda data: services.snapshot_take(
            person=person, kind=old.kind, by=request.user, corrects=old, **data
        ),
    )
    if done.saved and done.result:
        messages.success(
            request,
            _("Snapshot corrected: this one replaces the snapshot of %(date)s.")
            % {"date": date_format(old.taken_on, "j F Y")},
        )
        return redirect("network:snapshot", person_pk=person.pk, pk=done.result.pk)
    context = {
        "person": person,
        "form": form,
        "snapshot": old,
        "replaced_by": selectors.replacement_of(old),
        "current_count": selectors.current_count(person),
    }
    return render(request, "network/snapshot_correct.html", context)


@login_required
@require_GET
def compare(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Then and now: two states of the map side by side, and who is new, ended or moved."""
    person = person_for(request, person_pk)
    try:
        context = comparison.network_comparison(
            person, then=request.GET.get("then") or None, now=request.GET.get("now") or None
        )
    except LookupError as missing:
        access.refuse(
            request, target=person, model="network.snapshot", query=request.GET.urlencode()[:64]
        )
        raise Http404 from missing
    return render(request, "network/compare.html", {"person": person, **context})


@login_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    """The current team's practice with maps: counts and a chart, never anyone's label."""
    current = access.team_report_for(request, report="network")
    report = reports.team_network_report(caseload_for(request))
    return render(request, "network/team.html", {"team": current, "report": report})


@login_required
@require_GET
def network_export(request: HttpRequest, person_pk: int) -> HttpResponse:
    """The person's network for research: pseudonymised, with no labels (CSV or GraphML)."""
    person = person_for(request, person_pk, audit=False)
    file_format = request.GET.get("format", "csv")
    if file_format not in exports.FORMATS:
        raise Http404
    try:
        content, content_type, name = exports.person_network_export(
            person=person, file_format=file_format, by=request.user, request=request
        )
    except ImproperlyConfigured:
        # Production without a RESEARCH_KEY: say so plainly rather than fail.
        return render(request, "network/export_unavailable.html", {"person": person}, status=503)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
