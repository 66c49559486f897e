"""The moving-on pack in the person's own space (issue 14 §7): a printable page, and the same
as a file to keep (a self-contained HTML page, the map drawn inside it, that opens and prints in
any browser with no connection). Once the person is moving on or has moved on; before that the
page says it will be there then. It stays while their account may sign in (the date the team set
at moving on)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.portal.access import own_person
from connecting_people.suggestions.moving_on import has_pack, moving_on_pack


@require_GET
def moving_on(request: HttpRequest) -> HttpResponse:
    person = own_person(request)
    if not has_pack(person):  # not yet: the page says when it will be there
        return render(request, "portal/moving_on.html", {"person": person, "pack": None})
    return render(
        request, "portal/moving_on.html", {"person": person, "pack": moving_on_pack(person)}
    )


@require_GET
def moving_on_download(request: HttpRequest) -> HttpResponse:
    person = own_person(request, audit=False)
    if not has_pack(person):
        return redirect("portal:moving_on")
    with transaction.atomic():
        html = render_to_string(
            "portal/moving_on_file.html", {"pack": moving_on_pack(person)}, request=request
        )
        audit_record(
            by=request.user,
            action=AuditAction.EXPORTED,
            target=person,
            request=request,
            detail={"export": "moving-on pack"},
        )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-moving-on-pack.html"'
    return response
