"""The worker's updates feed (issue 14 §4): every update from the person, and marking them seen.

The feed itself is a section of the person's page (`practice/_updates.html`); marking seen works
with htmx (the section comes back) and without JavaScript (a plain form, back to the page).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from connecting_people.core.forms import LengthLimits
from connecting_people.people.access import person_for
from connecting_people.practice.updates.selectors import (
    as_update,
    person_updates,
    updates_section,
    with_words,
)
from connecting_people.practice.updates.services import updates_mark_seen

PAGE_SIZE = 50


class SeenForm(LengthLimits, forms.Form):
    """Which updates to mark seen: one (`event`), or every one (`all`)."""

    event = forms.IntegerField(required=False, min_value=1)
    all = forms.BooleanField(required=False)
    back = forms.ChoiceField(choices=[("page", "page"), ("list", "list")], required=False)


@login_required
@require_GET
def person_updates_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every update from the person, seen ones too, newest first."""
    person = person_for(request, pk)
    events = person_updates(person, user=request.user)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = with_words([as_update(event, person) for event in page.object_list], person)
    return render(
        request,
        "practice/person_updates.html",
        {"person": person, "page": page, "rows": rows, "query": ""},
    )


@login_required
@require_POST
def updates_seen(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one update, or all of them, seen by whoever is signed in."""
    person = person_for(request, pk)
    form = SeenForm(request.POST)
    marked = 0
    if form.is_valid() and (form.cleaned_data["all"] or form.cleaned_data["event"]):
        wanted = None if form.cleaned_data["all"] else [form.cleaned_data["event"]]
        marked = updates_mark_seen(person=person, by=request.user, events=wanted)
    if request.htmx:  # type: ignore[attr-defined]
        context = {"person": person, "updates": updates_section(person, user=request.user)}
        return render(request, "practice/_updates.html", context)
    if marked:
        messages.success(
            request,
            _("Marked as seen.")
            if marked == 1
            else _("%(count)s updates marked as seen.") % {"count": marked},
        )
    if form.is_valid() and form.cleaned_data["back"] == "list":
        return redirect("practice:updates", pk=person.pk)
    return redirect(reverse("practice:person", args=[person.pk]) + "#updates")
