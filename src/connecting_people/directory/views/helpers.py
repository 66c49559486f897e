"""Who may do what on the directory's screens.

The services are shared: anyone signed in may look, and anyone in a team may add and change them.
A team's layer (its entry, who knows a service, what people said) is for that team only: it is
always the current team's, fetched through the access layer, and anything else is "not found".
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from connecting_people.core import access
from connecting_people.core.models import Team
from connecting_people.directory.models import Service, TeamService
from connecting_people.directory.search import MAX_PAGE

ENTRY = "directory.teamservice"
SERVICE = "directory.service"
_DIGITS = re.compile(r"[0-9]{1,9}")  # ASCII only: "²".isdigit() is true but int("²") fails


def whole_number(raw: str, *, default: int, least: int = 1, most: int = MAX_PAGE) -> int:
    """A number from an address or a form, never an error: kept within `least` to `most`;
    anything that is not plain digits (words, signs, "²", a hundred digits) is `default`."""
    raw = raw.strip()
    if not _DIGITS.fullmatch(raw):
        return default
    return min(max(int(raw), least), most)


def may_change_directory(user: Any) -> bool:
    """Anyone who works in a team may add services and correct them."""
    return bool(access.team_ids_for(user))


def require_team_member(request: HttpRequest, wanted: str, target: Any = None) -> None:
    """403 (audited) for anyone in no team: the directory is kept by the teams."""
    if not may_change_directory(request.user):
        access.refuse(request, target=target, model=SERVICE, wanted=wanted)
        raise PermissionDenied


def current_team(request: HttpRequest, wanted: str) -> Team:
    """The team being worked in now; 404 (audited) for anyone in no team."""
    team = request.team  # type: ignore[attr-defined]
    if not team:
        access.refuse(request, model=ENTRY, wanted=wanted)
        raise Http404
    return team


def service_or_404(pk: Any) -> Service:
    service = Service.objects.select_related("organization").filter(pk=pk).first()
    if service is None:
        raise Http404
    return service


def team_entry(request: HttpRequest, service: Service, wanted: str) -> TeamService:
    """The current team's entry for this service; 404 (audited) if the team does not use it."""
    team = current_team(request, wanted)
    entries = TeamService.objects.filter(team=team, service=service)
    entry = access.records_for(request.user, entries).select_related("team", "service").first()
    if entry is None:
        access.refuse(request, model=ENTRY, service=str(service.pk), wanted=wanted)
        raise Http404
    return entry


def safe_next(request: HttpRequest, fallback: str) -> str:
    """Where to go back to: the page that sent the form, if it is one of ours."""
    wanted = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure())
    return wanted if wanted and allowed else fallback
