"""Which team the signed-in staff member is working in right now."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from connecting_people.core import access
from connecting_people.core.models import Team

SESSION_KEY = "current_team_id"


def _current_team(request: HttpRequest) -> Team | None:
    teams = request.my_teams  # type: ignore[attr-defined]
    if not teams:
        return None
    chosen = request.session.get(SESSION_KEY)
    return next((team for team in teams if team.pk == chosen), teams[0])


def current_team_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Set `request.my_teams` and `request.team`, looked up only when something asks."""

    def middleware(request: HttpRequest) -> HttpResponse:
        request.my_teams = SimpleLazyObject(  # type: ignore[attr-defined]
            lambda: list(access.teams_for(request.user))
        )
        request.team = SimpleLazyObject(lambda: _current_team(request))  # type: ignore[attr-defined]
        return get_response(request)

    return middleware
