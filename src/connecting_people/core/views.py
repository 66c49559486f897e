"""Pages every user meets: home, the model, the statements, and switching team."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from connecting_people.core import access
from connecting_people.core.middleware import SESSION_KEY
from connecting_people.core.privacy import privacy_facts
from connecting_people.core.redirects import next_page


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Staff in a team start at their caseload; others see what they can do here."""
    teams = request.my_teams  # type: ignore[attr-defined]
    if teams:
        return redirect("practice:caseload")
    memberships = {team.pk: access.role_in(request.user, team) for team in teams}
    return render(
        request,
        "core/home.html",
        {
            "teams": [(team, memberships[team.pk]) for team in teams],
            "organisations": access.organisations_administered(request.user),
            "evaluated": access.organisations_evaluated(request.user),
            "searches_trail": access.may_search_trail(request.user),  # issue 15
        },
    )


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """Every period and cookie the page names comes from the settings (core/privacy.py)."""
    return render(request, "core/privacy.html", {"facts": privacy_facts()})


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@login_required
@require_POST
def switch_team(request: HttpRequest) -> HttpResponse:
    """Work in another of the user's own teams; any other team id is ignored."""
    chosen = request.POST.get("team", "")
    if chosen.isascii() and chosen.isdigit() and int(chosen) in access.team_ids_for(request.user):
        request.session[SESSION_KEY] = int(chosen)
    return redirect(next_page(request, "core:home"))


@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and the test harness: the app is up and its database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
