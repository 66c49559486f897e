"""What came of each suggestion: the shortlist, one-click moves, "they tried it" and "not for me".

Reached from the ideas page (views/person.py), with the same rules: the person through the access
layer, the suggestion among their own, every change through suggestions/services.py with the
version the page was loaded with.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connecting_people.core.concurrency import Difference, EditConflict
from connecting_people.core.editing import edit
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


def _refuse_if_stale(suggestion: Suggestion, version: int, to_status: str) -> None:
    """Refused as a conflict when the page was loaded before someone else moved it."""
    if version == suggestion.version:
        return
    label = str(Suggestion._meta.get_field("status").verbose_name)
    difference = Difference(
        field="status",
        label=label,
        theirs=suggestion.get_status_display(),
        yours=S(to_status).label,
    )
    raise EditConflict(suggestion, [difference] if suggestion.status != to_status else [])


@login_required
@require_POST
def suggestion_move(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """A one-click move: talked about, going regularly, back a step, or reopen."""
    person = person_for(request, person_pk)
    suggestion = _suggestion(request, person, pk)
    form = forms.MoveForm(request.POST)
    back = _back_query(request.POST.get("back", ""))
    anchor = f"suggestion-{suggestion.pk}"
    done = edit(request, form, lambda data: _move(request, suggestion, data))
    if done.conflict is not None:
        return _page(request, person, back=back, conflict=done.conflict, conflict_pk=suggestion.pk)
    if done.result is not None:  # "tried" and "not for me" have a page of their own
        return done.result
    if done.saved:
        said = _("%(name)s: %(status)s.")
        names = {"name": forms.name_of(suggestion), "status": suggestion.get_status_display()}
        messages.success(request, said % names)
    else:  # the service's reason, or a form that did not come from the buttons
        refused = form.non_field_errors() or [_("Choose one of the buttons on the suggestion")]
        messages.error(request, " ".join(str(error) for error in refused))
    return redirect(_page_url(person, back, anchor))


def _move(request: HttpRequest, suggestion: Suggestion, data: dict[str, Any]) -> Any:
    """Make the move, or say where it is made (a page of its own), or refuse it as stale."""
    to, version = data["to_status"], data["version"]
    _refuse_if_stale(suggestion, version, to)
    person_pk = suggestion.person_id
    if to == S.NOT_FOR_ME:
        return redirect("suggestions:not_for_me", person_pk=person_pk, pk=suggestion.pk)
    if to == S.TRIED and suggestion.status in (S.SUGGESTED, S.TALKED_ABOUT):
        return redirect("suggestions:tried", person_pk=person_pk, pk=suggestion.pk)
    try:
        services.suggestion_move(
            suggestion=suggestion, by=request.user, to_status=to, version=version
        )
    except ValidationError as refused:  # said as a message above the page, not on a field
        raise ValidationError(refused.messages) from refused
    return None


def _on_fields(refused: ValidationError, fields: dict[str, str]) -> ValidationError:
    """The service's refusal on the form fields it is about (or on the whole form)."""
    found: dict[str, list[str]] = {}
    for key, errors in refused.message_dict.items():
        found.setdefault(fields.get(key, NON_FIELD_ERRORS), []).extend(errors)
    return ValidationError(found)


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

    def save(data: dict[str, Any]) -> bool:
        fields = form.tried_fields()
        _refuse_if_stale(suggestion, fields["version"], S.TRIED)
        if past_trying:  # only from an old tab: nothing to log again
            return False
        try:
            services.suggestion_tried(suggestion=suggestion, by=request.user, **fields)
        except ValidationError as refused:
            # The contact it logs is dated the day they went (before the start: refused).
            dates = {"on": "tried_on", "happened_on": "tried_on"}
            raise _on_fields(refused, {**dates, **{f: f for f in fields}}) from refused
        return True

    done = edit(request, form, save)
    if done.saved:
        if done.result:
            messages.success(request, _tried_banner(person, suggestion))
        else:
            messages.info(request, _("That suggestion is past trying already."))
        return redirect(_page_url(person, anchor=f"suggestion-{suggestion.pk}"))
    context = {"person": person, "suggestion": suggestion, **done.context}
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
    done = edit(request, form, lambda data: _not_for_me(request, suggestion, data))
    if done.saved:
        said = _("%(name)s is marked not for them.") % {"name": forms.name_of(suggestion)}
        messages.success(request, said)
        return redirect(_page_url(person, anchor="their-list"))
    context = {"person": person, "suggestion": suggestion, **done.context}
    return render(request, "suggestions/suggestion_not_for_me.html", context)


def _not_for_me(request: HttpRequest, suggestion: Suggestion, data: dict[str, Any]) -> None:
    _refuse_if_stale(suggestion, data["version"], S.NOT_FOR_ME)
    try:
        services.suggestion_move(
            suggestion=suggestion,
            by=request.user,
            to_status=S.NOT_FOR_ME,
            version=data["version"],
            reason=data["reason"],
            note=data["note"],
        )
    except ValidationError as refused:
        raise _on_fields(refused, {"reason": "reason"}) from refused


# What suggestions respect ------------------------------------------------------------------------
