"""The person's own words: where they see it differently, and an update for their worker."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from connecting_people.people.selectors import different_views_of
from connecting_people.people.services import different_view_add, own_update_add
from connecting_people.portal.about import about_record
from connecting_people.portal.access import own_person
from connecting_people.portal.forms import OwnUpdateForm, OwnWordsForm


@require_http_methods(["GET", "POST"])
def differ(request: HttpRequest, about: str, pk: int) -> HttpResponse:
    """ "I see it differently": the person's view, kept beside what the worker wrote."""
    person = own_person(request, audit=False)
    kind = about
    what, record = about_record(request, person, kind, pk)
    form = OwnWordsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            different_view_add(
                person=person,
                about_kind=kind,
                about_id=record.pk,
                text=form.cleaned_data["text"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved. Your view is kept next to your worker's words."))
            return redirect("portal:plan")
    context = {
        "person": person,
        "about": what,
        "written": [words for words in what.written(record) if words],
        "views": different_views_of(person).get(f"{kind}:{record.pk}", []),
        "form": form,
    }
    return render(request, "portal/differ.html", context)


@require_http_methods(["GET", "POST"])
def update(request: HttpRequest) -> HttpResponse:
    """A short update the person writes for their worker."""
    person = own_person(request)
    form = OwnUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        own_update_add(person=person, text=form.cleaned_data["text"], by=request.user)
        messages.success(request, _("Sent. Your worker will see it."))
        return redirect("portal:home")
    recent = person.own_updates.order_by("-created_at", "-pk")[:5]
    return render(
        request, "portal/update_form.html", {"person": person, "form": form, "recent": recent}
    )


@require_GET
def meetings(request: HttpRequest) -> HttpResponse:
    """What the worker wrote about their meetings, except notes kept for the team only."""
    person = own_person(request)
    contacts = person.contacts.order_by("-happened_on", "-pk")[:30]
    return render(
        request,
        "portal/meetings.html",
        {"person": person, "contacts": contacts, "different_views": different_views_of(person)},
    )
