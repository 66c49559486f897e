"""What suggestions for a person should respect: their preferences, kept in one versioned form."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from connecting_people.core.concurrency import EditConflict
from connecting_people.directory.search.engine import places
from connecting_people.people.access import person_for
from connecting_people.suggestions import forms, services
from connecting_people.suggestions.models import (
    Preferences,
    TimeOfDay,
)
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


def _readable(conflict: EditConflict) -> EditConflict:
    """The conflict table in words: days and times by name, yes or no; the map point left out
    (it follows the area)."""
    names = {**dict(forms.DAY_CHOICES), **dict(TimeOfDay.choices)}

    def words(value: Any) -> Any:  # tick boxes come as Yes or No from save_versioned
        if isinstance(value, str) and value and all(p in names for p in value.split(",")):
            return ", ".join(str(names[p]) for p in value.split(","))
        return value

    conflict.differences = [
        dataclasses.replace(d, theirs=words(d.theirs), yours=words(d.yours))
        for d in conflict.differences
        if d.field not in ("latitude", "longitude")
    ]
    return conflict


@login_required
@require_http_methods(["GET", "POST"])
def preferences_edit(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    stored = Preferences.objects.filter(person=person).first()
    form = forms.PreferencesForm(
        request.POST or None, initial=forms.PreferencesForm.initial_for(stored)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        changes = form.preference_fields()
        changes.update(_point_for(changes["area"], stored))
        try:
            services.preferences_save(
                person=person,
                by=request.user,
                changes=changes,
                version=form.cleaned_data["version"],
            )
        except EditConflict as refused:
            conflict = _readable(refused)
            form = form.with_version(refused.current.version)  # type: ignore[attr-defined]
        else:
            messages.success(request, _("What suggestions respect is saved."))
            return redirect(_page_url(person, anchor="respect"))
    context = {"person": person, "form": form, "conflict": conflict, "places": places()}
    return render(request, "suggestions/preferences_form.html", context)
