"""The moving-on pack, from the worker's side (issue 14 §7): the same printable page the person
keeps in their own space, for the worker to print and hand over."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from connecting_people.people.access import person_for
from connecting_people.suggestions.moving_on import has_pack, moving_on_pack


@login_required
@require_GET
def moving_on_pack_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's moving-on pack, printable, once they are moving on or have moved on (before
    that, the page says so)."""
    person = person_for(request, pk)
    context = {
        "person": person,
        "pack": moving_on_pack(person) if has_pack(person) else None,
        "staff": True,
        "back_url": person.get_absolute_url(),
    }
    return render(request, "portal/moving_on.html", context)
