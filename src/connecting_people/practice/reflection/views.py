"""The team's practice reflection: for anyone in the team being worked in now (404 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from connecting_people.core import access
from connecting_people.core.editing import edit
from connecting_people.practice.reflection import selectors, services
from connecting_people.practice.reflection.forms import ReflectionForm
from connecting_people.practice.reflection.periods import quarter_from_key, quarter_of

REPORT = "practice reflection"


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The team's reflections over time, the latest set beside the practice indicators."""
    team = access.team_report_for(request, report=REPORT)
    today = timezone.localdate()
    results = selectors.team_results(team)
    context = {
        "team": team,
        "current": quarter_of(today),
        "latest": results[-1] if results else None,
        "earlier": results[-2] if len(results) > 1 else None,
        "rows": selectors.compared(results[-1], results[-2] if len(results) > 1 else None)
        if results
        else [],
        "past": results[::-1],
        "chart": selectors.scores_chart(results),
        **selectors.indicators_beside(team, today=today),
    }
    return render(request, "practice/reflection/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def take(request: HttpRequest) -> HttpResponse:
    """This quarter's reflection: anyone in the team may start it or change the team's answers."""
    team = access.team_report_for(request, report=REPORT)
    quarter = quarter_of(timezone.localdate())
    reflection = selectors.reflection_in(team, quarter)
    form = ReflectionForm(
        request.POST or None,
        questions=selectors.questions_to_answer(team),
        initial=ReflectionForm.initial_for(reflection),
    )
    done = edit(
        request,
        form,
        lambda data: services.reflection_save(
            team=team,
            quarter=quarter,
            answers=form.answers(),
            notes=data["notes"],
            version=data["version"],
            by=request.user,
        ),
    )
    if done.saved:
        messages.success(request, _("Thank you: the team's reflection is saved."))
        return redirect("reflection:result", period=quarter.key)
    context = {"team": team, "quarter": quarter, "reflection": reflection, **done.context}
    return render(request, "practice/reflection/take.html", context)


@login_required
@require_GET
def result(request: HttpRequest, period: str) -> HttpResponse:
    """One quarter's answers, area by area (an empty place if the team did not take it)."""
    team = access.team_report_for(request, report=REPORT)
    today = timezone.localdate()
    quarter = quarter_from_key(period)
    if quarter is None or quarter > quarter_of(today):
        raise Http404
    found = selectors.result_for(team, quarter)
    context = {
        "team": team,
        "result": found,
        "areas": selectors.answers_by_area(found, team),
        "is_current": quarter == quarter_of(today),
        **selectors.indicators_beside(team, today=today),
    }
    return render(request, "practice/reflection/result.html", context)
