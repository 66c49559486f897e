"""The erasure screens (issue 15, ADR 0018): asking from the person's page, the list of requests
waiting for a second person, and the page where that person confirms or cancels."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connecting_people.core import access
from connecting_people.people.access import erasure_person_for, erasure_request_for
from connecting_people.people.erasure import (
    ErasureRefused,
    erasure_cancel,
    erasure_confirm,
    erasure_expiry,
    erasure_request,
)
from connecting_people.people.forms import ErasureConfirmForm, ErasureRequestForm
from connecting_people.people.selectors import erasure_name, erasure_requests_waiting


@login_required
@require_http_methods(["GET", "POST"])
def erasure_ask(request: HttpRequest, pk: int) -> HttpResponse:
    person = erasure_person_for(request, pk)
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure_request(person=person, reason=form.cleaned_data["reason"], by=request.user)
        except ErasureRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Your request is waiting for a second person."))
            return redirect("erasure:waiting")
    context = {"person": person, "form": form, "request_days": settings.ERASURE_REQUEST_DAYS}
    return render(request, "people/erasure_ask.html", context)


@login_required
@require_GET
def erasure_waiting(request: HttpRequest) -> HttpResponse:
    if not access.may_erase_anywhere(request.user):
        access.refuse(request, wanted="erasure requests")
        raise Http404
    waiting = erasure_requests_waiting(request.user)
    return render(request, "people/erasure_waiting.html", {"waiting": waiting})


@login_required
@require_http_methods(["GET", "POST"])
def erasure_decide(request: HttpRequest, pk: int) -> HttpResponse:
    erasure = erasure_request_for(request, pk, confirm=True)
    form = ErasureConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure_confirm(request=erasure, by=request.user)
        except ErasureRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The record has been erased."))
            return redirect("erasure:waiting")
    name = erasure_name(erasure, access.team_ids_for(request.user))
    expires_at = erasure_expiry(erasure.requested_at)
    context = {"erasure": erasure, "name": name, "expires_at": expires_at, "form": form}
    return render(request, "people/erasure_confirm.html", context)


@login_required
@require_POST
def erasure_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    erasure = erasure_request_for(request, pk, confirm=False)
    erasure_cancel(request=erasure, by=request.user)
    messages.success(request, _("The request has been cancelled. Nothing was erased."))
    return redirect("erasure:waiting")
