"""The evaluator's download: /research/export/ says what is in the research export, and its
button streams the zip of one organisation's export.

Only an organisation's evaluators may have it (core/access.py: evaluators see aggregates and
pseudonymised exports only). Anyone else gets "not found", audited; each download is audited
before its first byte is sent. The zip is made as it streams, after this view has returned, so
its one-snapshot transaction is opened and closed inside the generator (export.zip_stream).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from connecting_people.core import access
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, Organisation
from connecting_people.research import aggregates
from connecting_people.research.export import zip_stream
from connecting_people.research.keys import research_key
from connecting_people.research.scope import Scope
from connecting_people.research.tables import TABLES

EXPORT = "research"


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponseBase:
    """What the export holds, with a download button for each organisation the user evaluates."""
    organisations = access.evaluated_organisations(request.user)
    if not organisations:
        access.refuse(request, export=EXPORT)
        raise Http404
    if request.method == "POST":
        return _download(request, organisations)
    context = {
        "organisations": organisations,
        "tables": TABLES,
        "small_cell": aggregates.SMALL_CELL,
    }
    return render(request, "research/export.html", context)


def _download(request: HttpRequest, organisations: list[Organisation]) -> HttpResponseBase:
    wanted = request.POST.get("organisation", "")
    organisation = next((o for o in organisations if o.slug == wanted), None)
    if organisation is None:
        access.refuse(request, export=EXPORT, organisation=wanted[:60])
        raise Http404
    try:
        key = research_key()
    except ImproperlyConfigured:
        context = {"organisations": organisations, "tables": TABLES, "no_key": True}
        context["small_cell"] = aggregates.SMALL_CELL
        return render(request, "research/export.html", context, status=503)
    audit_record(
        by=request.user,
        action=AuditAction.EXPORTED,
        target=organisation,
        request=request,
        detail={"export": EXPORT},
    )
    response = StreamingHttpResponse(
        zip_stream(Scope(organisation=organisation), key), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="research-{organisation.slug}.zip"'
    response["Cache-Control"] = "no-store"
    return response
