"""What the directory's screens share: fetching a service or the team's entry, reading numbers.

Who may do what is decided in the access layer (`core.access`, its directory section): the
services are shared, so anyone signed in may look and anyone in a team may add and change them.
A team's layer (its entry, who knows a service, what people said) is for that team only: it is
always the current team's, fetched through the access layer, and anything else is "not found".
"""

from __future__ import annotations

import re
from typing import Any

from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest

from connecting_people.core import access
from connecting_people.core.access.directory import working_team
from connecting_people.directory import selectors
from connecting_people.directory.models import Service, TeamService
from connecting_people.directory.search.query import MAX_PAGE
from connecting_people.directory.team.session_forms import MAX_SESSIONS

ENTRY = "directory.teamservice"
_DIGITS = re.compile(r"[0-9]{1,9}")  # ASCII only: "²".isdigit() is true but int("²") fails


def whole_number(raw: str, *, default: int, least: int = 1, most: int = MAX_PAGE) -> int:
    """A number from an address or a form, never an error: kept within `least` to `most`;
    anything that is not plain digits (words, signs, "²", a hundred digits) is `default`."""
    raw = raw.strip()
    if not _DIGITS.fullmatch(raw):
        return default
    return min(max(int(raw), least), most)


def service_or_404(pk: Any) -> Service:
    service = selectors.service_with_organisation(pk)
    if service is None:
        raise Http404
    return service


def team_entry(request: HttpRequest, service: Service, wanted: str) -> TeamService:
    """The current team's entry for this service; 404 (audited) if the team does not use it."""
    team = working_team(request, model=ENTRY, wanted=wanted)
    entries = access.records_for(request.user, selectors.team_entries(team, service))
    entry = entries.select_related("team", "service").first()
    if entry is None:
        access.refuse(request, model=ENTRY, service=str(service.pk), wanted=wanted)
        raise Http404
    return entry


def quiet(*forms: Any) -> None:
    """Keep what was typed without showing errors (after "Add another time")."""
    for form in forms:
        for each in getattr(form, "forms", [form]):
            each.full_clean()
            each._errors = ErrorDict()


def posted(request: HttpRequest) -> tuple[Any, bool]:
    """What was posted (None for a GET), and whether it asked for one more row of times."""
    if request.method != "POST":
        return None, False
    if "add_session" not in request.POST:
        return request.POST, False
    data = request.POST.copy()
    total = whole_number(
        data.get("sessions-TOTAL_FORMS", ""), default=0, least=0, most=MAX_SESSIONS
    )
    data["sessions-TOTAL_FORMS"] = str(min(total + 1, MAX_SESSIONS))
    return data, True


def owner_id(service: Service) -> int | None:
    """The id of the organisation of ours that keeps the service (fetched with it), or None."""
    owner = selectors.owner_of(service)
    return owner.pk if owner is not None else None
