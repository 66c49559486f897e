"""Who has looked at my record (issue 14 §6): from the audit trail, which staff looked at or
changed the person's record and its parts, and when, grouped by day.

Staff appear by their role in the person's team ("A practitioner"); by name as well only where
the organisation chooses (`core.Organisation.show_staff_names_to_people`). The person's own
changes are shown as "You"; their own looks, refusals and the system's own work are left out.
A fixed number of queries for any page: the person, their organisation, the count, the page of
events and the roles of the staff on it.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from connecting_people.core.models import (
    AuditAction,
    AuditEvent,
    Organisation,
    TeamMembership,
    TeamRole,
)
from connecting_people.core.trail import LOOKING
from connecting_people.core.trail_words import about_person, what_was_done
from connecting_people.portal.access import own_person

PAGE_SIZE = 30
# A role as a sentence starts with it, and after a name.
ROLES = {
    TeamRole.PRACTITIONER: ("A practitioner", "practitioner"),
    TeamRole.TEAM_LEAD: ("A team lead", "team lead"),
}
SOMEONE = ("Someone from the service", "from the service")


def looked_events(person_id: int, user: Any) -> Any:
    """Staff looking at or changing the person's record or its parts, and the person's own
    changes; not the person's own looks, nor the system's work. Newest first."""
    return (
        AuditEvent.objects.filter(about_person(person_id), action__in=LOOKING)
        .exclude(actor__isnull=True)
        .exclude(actor_id=user.pk, action=AuditAction.VIEWED)
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def _who(event: AuditEvent, *, user: Any, roles: dict[int, str], names: bool) -> str:
    """ "You", "A practitioner", or (where the organisation chooses) "Ana Bell, practitioner"."""
    if event.actor_id == user.pk:
        return _("You")
    alone, after_name = ROLES.get(roles.get(event.actor_id or 0, ""), SOMEONE)  # type: ignore[call-overload]
    name = (getattr(event.actor, "name", "") or "") if names else ""
    return f"{name}, {_(after_name)}" if name else _(alone)


@require_GET
def who_looked(request: HttpRequest) -> HttpResponse:
    person = own_person(request)
    organisation = Organisation.objects.get(pk=person.team.organisation_id)
    events = looked_events(person.pk, request.user)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    actors = {e.actor_id for e in page.object_list if e.actor_id}
    roles = dict(
        TeamMembership.objects.filter(team_id=person.team_id, user_id__in=actors).values_list(
            "user_id", "role"
        )
    )
    names = organisation.show_staff_names_to_people
    rows = [
        {
            "event": event,
            "day": timezone.localdate(event.at),
            "who": _who(event, user=request.user, roles=roles, names=names),
            "what": what_was_done(event, own=True),
        }
        for event in page.object_list
    ]
    context = {"person": person, "page": page, "rows": rows, "names": names, "query": ""}
    return render(request, "portal/who_looked.html", context)
