"""Ideas put to me: the suggestions put to the person, why, and the next dates of each activity;
saying "I'm interested" or "not for me".

The person comes through the portal's door and a suggestion only from their own
(`access.own_record_for`). "Interested" puts it on their shortlist (the list of ideas they would
like to try, which the worker's page shows first); "not for me" is the suggestions' own move,
with a reason from its list. Both go through suggestions.services, audited as the person, and
both refuse a page that is out of date (someone moved the idea since it was shown): the clash
is shown, never overwritten.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connecting_people.core import access
from connecting_people.core.concurrency import Difference, EditConflict
from connecting_people.core.editing import edit
from connecting_people.directory.selectors import hours, next_sessions_for
from connecting_people.people.models import Person
from connecting_people.portal.access import own_person
from connecting_people.portal.forms import NotForMeForm, VersionOnlyForm
from connecting_people.suggestions import selectors, services
from connecting_people.suggestions.models import Suggestion, SuggestionStatus

S = SuggestionStatus
NEXT_DATES = 2  # the next sessions shown for each activity
# Where the person can say "interested": before they have tried it.
INTEREST_OPEN = (S.SUGGESTED, S.TALKED_ABOUT)


def _ideas_url(suggestion: Suggestion | None = None) -> str:
    url = reverse("portal:ideas")
    return f"{url}#idea-{suggestion.pk}" if suggestion else url


def my_ideas(person: Person) -> dict[str, Any]:
    """The person's ideas: open ones (newest first, their shortlist first) each with its next
    dates, and those they said were not for them. Three queries, however many ideas."""
    grouped = selectors.person_suggestions(person)
    open_ones = [s for status in services.STEPS for s in grouped[status]]
    open_ones.sort(key=lambda s: (not s.shortlisted, -s.suggested_on.toordinal(), -s.pk))
    services_on = [s.service for s in open_ones if s.service_id and s.service is not None]
    dates = next_sessions_for(services_on, limit=NEXT_DATES)
    for suggestion in open_ones:
        found = dates.get(suggestion.service_id, []) if suggestion.service_id else []
        suggestion.next_dates = [(session, hours(session)) for session in found]  # type: ignore[attr-defined]
        suggestion.can_say = suggestion.status in INTEREST_OPEN  # type: ignore[attr-defined]
    return {"open": open_ones, "not_for_me": grouped[S.NOT_FOR_ME]}


def _suggestion(request: HttpRequest, pk: int) -> Suggestion:
    return access.own_record_for(request, selectors.suggestions_with_targets(), pk=pk)


def _refuse_if_stale(suggestion: Suggestion, version: int, wanted: str) -> None:
    """A page shown before someone else moved the idea is refused, as a clash."""
    if version == suggestion.version:
        return
    label = str(Suggestion._meta.get_field("status").verbose_name)
    theirs = suggestion.get_status_display()
    raise EditConflict(suggestion, [Difference("status", label, theirs, wanted)])


@require_GET
def ideas(request: HttpRequest) -> HttpResponse:
    person = own_person(request)
    return render(request, "portal/ideas.html", {"person": person, **my_ideas(person)})


@require_POST
def interested(request: HttpRequest, pk: int) -> HttpResponse:
    """They would like to try it: it goes on their shortlist, for their worker to see."""
    person = own_person(request, audit=False)
    suggestion = _suggestion(request, pk)
    form = VersionOnlyForm(request.POST)

    def save(data: dict[str, Any]) -> None:
        _refuse_if_stale(suggestion, data["version"], _("Interested"))
        if suggestion.status not in INTEREST_OPEN:
            raise ValidationError(_("This idea has moved on since, so there is nothing to add."))
        services.suggestion_shortlist(suggestion=suggestion, by=request.user, shortlisted=True)

    done = edit(request, form, save)
    if done.saved:
        said = _("Thank you. Your worker will see you are interested in %(name)s.")
        messages.success(request, said % {"name": suggestion.title})
        return redirect(_ideas_url(suggestion))
    if done.conflict is not None:
        context = {"person": person, **my_ideas(person), "conflict": done.conflict}
        context["conflict_note"] = _clash_note(suggestion)
        return render(request, "portal/ideas.html", context)
    refused = form.non_field_errors() or [_("Use the buttons on the idea to say what you think.")]
    messages.error(request, " ".join(str(error) for error in refused))
    return redirect(_ideas_url(suggestion))


def _clash_note(suggestion: Suggestion) -> str:
    return _(
        "Someone changed %(name)s while you were looking, so nothing was saved. "
        "Have a look at it again below."
    ) % {"name": suggestion.title}


@require_http_methods(["GET", "POST"])
def not_for_me(request: HttpRequest, pk: int) -> HttpResponse:
    """Not for them, with a reason if they want to give one: it leaves their ideas."""
    person = own_person(request, audit=False)
    suggestion = _suggestion(request, pk)
    if request.method == "GET" and suggestion.status == S.NOT_FOR_ME:
        messages.info(request, _("You have already said this one is not for you."))
        return redirect(_ideas_url())
    form = NotForMeForm(request.POST or None, initial={"version": suggestion.version})
    done = edit(request, form, lambda data: _say_not_for_me(request, suggestion, form))
    if done.saved:
        said = _("Thank you for saying. %(name)s is off your list of ideas.")
        messages.success(request, said % {"name": suggestion.title})
        return redirect(_ideas_url())
    context = {"person": person, "suggestion": suggestion, **done.context}
    return render(request, "portal/not_for_me.html", context)


def _say_not_for_me(request: HttpRequest, suggestion: Suggestion, form: NotForMeForm) -> None:
    version = form.cleaned_data["version"]
    _refuse_if_stale(suggestion, version, str(S.NOT_FOR_ME.label))
    try:
        services.suggestion_move(
            suggestion=suggestion,
            by=request.user,
            to_status=S.NOT_FOR_ME,
            version=version,
            reason=form.reason_given(),
            note=form.cleaned_data["note"],
        )
    except ValidationError as refused:
        raise ValidationError({NON_FIELD_ERRORS: refused.messages}) from refused
