"""The scores of one completed questionnaire, each with its band and what it means."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from connecting_people.outcomes import presenting
from connecting_people.outcomes.views.common import answer_url, response_for
from connecting_people.people.access import person_for


@login_required
@require_GET
def response_result(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    response = response_for(request, person, pk)
    if not response.is_complete:
        return redirect(answer_url(response))
    scored_with = response.scored_with or response.instrument
    context = {
        "person": person,
        "response": response,
        "definition": scored_with.parsed,
        "scored_with": scored_with,
        "lines": presenting.score_lines(response),
        "rows": presenting.answer_rows(response),
        "prorated": any(line.prorated for line in presenting.score_lines(response)),
    }
    return render(request, "outcomes/response_result.html", context)
