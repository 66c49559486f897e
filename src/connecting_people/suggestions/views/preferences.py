"""What suggestions for a person should respect: their preferences, kept in one versioned form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from connecting_people.core.editing import edit
from connecting_people.directory.search.engine import places
from connecting_people.people.access import person_for
from connecting_people.suggestions import forms, selectors, services
from connecting_people.suggestions.models import Preferences
from connecting_people.suggestions.views.person import _page_url


def _point_for(area: str, stored: Preferences | None) -> dict[str, float | None]:
    """Where to measure "near" from: kept while the area is unchanged, else the directory's town
    of that name (none if it is not one)."""
    if stored is not None and stored.area.strip().casefold() == area.casefold():
        return {"latitude": stored.latitude, "longitude": stored.longitude}
    wanted = area.casefold()
    for place in places() if wanted else []:
        if place.name.casefold() == wanted:
            return {"latitude": place.latitude, "longitude": place.longitude}
    return {"latitude": None, "longitude": None}


@login_required
@require_http_methods(["GET", "POST"])
def preferences_edit(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    stored = selectors.preferences_of(person)
    barriers = frozenset(b.kind.slug for b in selectors.open_barriers(person))
    form = forms.PreferencesForm(
        request.POST or None,
        initial=forms.PreferencesForm.initial_for(stored, barriers=barriers),
        ask_age_band=person.date_of_birth is None,
    )

    def save(data: dict[str, Any]) -> None:
        changes = form.preference_fields()
        changes.update(_point_for(changes["area"], stored))
        services.preferences_save(
            person=person, by=request.user, changes=changes, version=data["version"]
        )

    done = edit(request, form, save)
    if done.saved:
        messages.success(request, _("What suggestions respect is saved."))
        return redirect(_page_url(person, anchor="respect"))
    context = {"person": person, **done.context, "places": places()}
    return render(request, "suggestions/preferences_form.html", context)
