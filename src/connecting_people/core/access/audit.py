"""Who may search the audit trail (issue 15), and how far.

- A team lead searches the events of the teams they lead.
- A data protection lead searches the events of every team of their organisation.
- Nobody else: practitioners, organisation admins and evaluators are told no (403, audited).
Searching shows the trail, never a record: what the events say is limited to labels and plain
words (see `core.trail`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from connecting_people.core.access.records import (
    organisation_ids_with_role,
    refuse,
    team_ids_for,
)
from connecting_people.core.models import OrganisationRoleKind, Team


def data_protection_organisation_ids(user: Any) -> frozenset[int]:
    """Ids of the organisations whose whole trail this user may search."""
    return organisation_ids_with_role(user, OrganisationRoleKind.DATA_PROTECTION)


def may_search_trail(user: Any) -> bool:
    """Team leads and data protection leads may search the trail; nobody else."""
    return bool(team_ids_for(user, lead=True) or data_protection_organisation_ids(user))


def trail_team_ids(request: HttpRequest) -> frozenset[int]:
    """The teams whose events this user may search: those they lead, and every team of an
    organisation they are data protection lead for. 403 (audited) for anyone else."""
    user = request.user
    if not may_search_trail(user):
        refuse(request, wanted="audit trail")
        raise PermissionDenied
    organisations = data_protection_organisation_ids(user)
    whole = (
        set(Team.objects.filter(organisation__in=organisations).values_list("pk", flat=True))
        if organisations
        else set()
    )
    return frozenset(team_ids_for(user, lead=True) | whole)
