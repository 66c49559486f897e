"""Discarding a questionnaire started by mistake: a page that says what will be lost, then the
deletion. A complete one is never discarded (its answers are corrected instead), and one saved by
someone else since the page was loaded is not discarded until the worker has seen it again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from connecting_people.core.audit import audit_record
from connecting_people.core.concurrency import EditConflict
from connecting_people.core.forms import VersionedForm
from connecting_people.core.models import AuditAction
from connecting_people.outcomes import presenting, services
from connecting_people.outcomes.models import Response
from connecting_people.outcomes.views.common import measures_url, response_for
from connecting_people.people.access import person_for


@login_required
@require_http_methods(["GET", "POST"])
def response_discard(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk, audit=request.method == "GET")
    response = response_for(request, person, pk)
    form = VersionedForm(request.POST or None, initial={"version": response.version})
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.response_discard(
                response=response, by=request.user, version=form.cleaned_data["version"]
            )
        except EditConflict:
            conflict = True
            form = form.with_version(response.version)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _discarded(response))
            return redirect(measures_url(person))  # the top, where the banner is
    if request.method == "POST":  # shown again: a read, audited like the GET
        audit_record(by=request.user, action=AuditAction.VIEWED, target=person, request=request)
    return render(request, "outcomes/response_discard.html", _context(response, form, conflict))


def _context(response: Response, form: VersionedForm, conflict: bool) -> dict[str, Any]:
    return {
        "person": response.person,
        "response": response,
        "form": form,
        "conflict": conflict,
        "answered": presenting.answered(response),
        "of": len(response.instrument.parsed.items),
    }


def _discarded(response: Response) -> str:
    return _("Discarded. %(title)s, started on %(date)s, and its answers are deleted.") % {
        "title": response.instrument.short_title,
        "date": formats.date_format(response.taken_on, "j F Y"),
    }
