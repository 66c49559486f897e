"""What came of each suggestion: the shortlist, one-click moves, "they tried it" and "not for me".

Reached from the ideas page (views/person.py), with the same rules: the person through the access
layer, the suggestion among their own, every change through suggestions/services.py with the
version the page was loaded with.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connecting_people.core.concurrency import Difference, EditConflict
from connecting_people.people.access import person_for
from connecting_people.people.models import Person
from connecting_people.suggestions import forms, services
from connecting_people.suggestions.models import (
    Suggestion,
    SuggestionStatus,
)
from connecting_people.suggestions.views.person import (
    _back_query,
    _page,
    _page_url,
    _suggestion,
    their_list,
)

S = SuggestionStatus


@login_required
@require_POST
def suggestion_shortlist(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """On or off the shortlist: the list swaps in place with htmx, or the page reloads."""
    person = person_for(request, person_pk)
    suggestion = _suggestion(request, person, pk)
    form = forms.ShortlistForm(request.POST)
    form.is_valid()
    shortlisted = bool(form.cleaned_data.get("shortlisted"))
    services.suggestion_shortlist(suggestion=suggestion, by=request.user, shortlisted=shortlisted)
    name = forms.name_of(suggestion)
    said = (
        _("%(name)s is on the shortlist.") if shortlisted else _("%(name)s is off the shortlist.")
    ) % {"name": name}
    if request.htmx:  # type: ignore[attr-defined]
        context = {"person": person, "mine": their_list(person), "said": said}
        return render(request, "suggestions/_their_list_swap.html", context)
    messages.success(request, said)
    return redirect(_page_url(person, anchor=f"suggestion-{suggestion.pk}"))


# Moving along ------------------------------------------------------------------------------------


def _stale(suggestion: Suggestion, version: int, to_status: str) -> EditConflict | None:
    """A conflict when the page was loaded before someone else moved this suggestion."""
    if version == suggestion.version:
        return None
    label = str(Suggestion._meta.get_field("status").verbose_name)
    difference = Difference(
        field="status",
        label=label,
        theirs=suggestion.get_status_display(),
        yours=S(to_status).label,
    )
    return EditConflict(suggestion, [difference] if suggestion.status != to_status else [])


@login_required
@require_POST
def suggestion_move(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """A one-click move: talked about, going regularly, back a step, or reopen."""
    person = person_for(request, person_pk)
    suggestion = _suggestion(request, person, pk)
    form = forms.MoveForm(request.POST)
    back = _back_query(request.POST.get("back", ""))
    anchor = f"suggestion-{suggestion.pk}"
    if not form.is_valid():
        messages.error(request, _("Choose one of the buttons on the suggestion"))
        return redirect(_page_url(person, back, anchor))
    to, version = form.cleaned_data["to_status"], form.cleaned_data["version"]
    conflict = _stale(suggestion, version, to)
    if conflict is None and to == S.NOT_FOR_ME:
        return redirect("suggestions:not_for_me", person_pk=person.pk, pk=suggestion.pk)
    if conflict is None and to == S.TRIED and suggestion.status in (S.SUGGESTED, S.TALKED_ABOUT):
        return redirect("suggestions:tried", person_pk=person.pk, pk=suggestion.pk)
    if conflict is None:
        try:
            services.suggestion_move(
                suggestion=suggestion, by=request.user, to_status=to, version=version
            )
        except EditConflict as refused:
            conflict = refused
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
            return redirect(_page_url(person, back, anchor))
    if conflict is not None:
        return _page(request, person, back=back, conflict=conflict, conflict_pk=suggestion.pk)
    messages.success(
        request,
        _("%(name)s: %(status)s.")
        % {"name": forms.name_of(suggestion), "status": suggestion.get_status_display()},
    )
    return redirect(_page_url(person, back, anchor))


def _form_errors(form: Any, refused: ValidationError, fields: dict[str, str]) -> None:
    """Put the service's refusal on the form fields it is about (or on the whole form)."""
    for key, errors in refused.message_dict.items():
        for error in errors:
            form.add_error(fields.get(key), error)


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_tried(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """They tried it: log it, and add who or what they met to their map, in one step."""
    person = person_for(request, person_pk)
    suggestion = _suggestion(request, person, pk)
    past_trying = suggestion.status not in (S.SUGGESTED, S.TALKED_ABOUT)
    if request.method == "GET" and past_trying:
        messages.info(request, _("That suggestion is past trying already."))
        return redirect(_page_url(person, anchor=f"suggestion-{suggestion.pk}"))
    form = forms.TriedForm(request.POST or None, initial=forms.TriedForm.initial_for(suggestion))
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = form.tried_fields()
        conflict = _stale(suggestion, fields["version"], S.TRIED)
        if conflict is None and past_trying:  # only from an old tab: nothing to log again
            messages.info(request, _("That suggestion is past trying already."))
            return redirect(_page_url(person, anchor=f"suggestion-{suggestion.pk}"))
        if conflict is None:
            try:
                services.suggestion_tried(suggestion=suggestion, by=request.user, **fields)
            except EditConflict as refused:
                conflict = refused
            except ValidationError as refused:
                _form_errors(form, refused, {"on": "tried_on", **{f: f for f in fields}})
            else:
                messages.success(request, _tried_banner(person, suggestion))
                return redirect(_page_url(person, anchor=f"suggestion-{suggestion.pk}"))
        if conflict is not None:
            form = form.with_version(conflict.current.version)  # type: ignore[attr-defined]
    context = {"person": person, "suggestion": suggestion, "form": form, "conflict": conflict}
    return render(request, "suggestions/suggestion_tried.html", context)


def _tried_banner(person: Person, suggestion: Suggestion) -> str:
    said = _("%(name)s is marked tried and logged as a contact.") % {
        "name": forms.name_of(suggestion)
    }
    if suggestion.connection_id is None:
        return said
    return format_html(
        '{} <a class="govuk-notification-banner__link" href="{}#connection-{}">{}</a>',
        said,
        reverse("network:map", args=[person.pk]),
        suggestion.connection_id,
        _("See %(label)s on their map") % {"label": suggestion.connection.label},  # type: ignore[union-attr]
    )


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_not_for_me(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """Not for them, with a reason: it leaves the ideas for about six months."""
    person = person_for(request, person_pk)
    suggestion = _suggestion(request, person, pk)
    if request.method == "GET" and suggestion.status == S.NOT_FOR_ME:
        messages.info(request, _("That suggestion is already marked not for them."))
        return redirect(_page_url(person, anchor=f"suggestion-{suggestion.pk}"))
    form = forms.NotForMeForm(request.POST or None, initial={"version": suggestion.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        conflict = _stale(suggestion, data["version"], S.NOT_FOR_ME)
        if conflict is None:
            try:
                services.suggestion_move(
                    suggestion=suggestion,
                    by=request.user,
                    to_status=S.NOT_FOR_ME,
                    version=data["version"],
                    reason=data["reason"],
                    note=data["note"],
                )
            except EditConflict as refused:
                conflict = refused
            except ValidationError as refused:
                _form_errors(form, refused, {"reason": "reason"})
            else:
                said = _("%(name)s is marked not for them.") % {"name": forms.name_of(suggestion)}
                messages.success(request, said)
                return redirect(_page_url(person, anchor="their-list"))
        if conflict is not None:
            form = form.with_version(conflict.current.version)  # type: ignore[attr-defined]
    context = {"person": person, "suggestion": suggestion, "form": form, "conflict": conflict}
    return render(request, "suggestions/suggestion_not_for_me.html", context)


# What suggestions respect ------------------------------------------------------------------------
