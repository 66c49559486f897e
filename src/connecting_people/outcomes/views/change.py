"""A person's questionnaires over time (/people/<person_pk>/measures/change/): a chart of each
score with its bands, the numbers in a table, and what changed in plain words."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from connecting_people.outcomes import change
from connecting_people.outcomes.models import Response, ResponseStatus
from connecting_people.people.access import person_for


@login_required
@require_GET
def person_change(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    responses = list(
        Response.objects.filter(person=person, status=ResponseStatus.COMPLETE)
        .select_related("instrument", "scored_with")
        .order_by("taken_on", "pk")
    )
    context = {"person": person, "instruments": change.person_change(responses)}
    return render(request, "outcomes/person_change.html", context)
