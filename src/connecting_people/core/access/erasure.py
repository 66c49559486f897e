"""Who may ask for a person's record to be erased, and who may confirm it (issue 15, ADR 0018).

- A team lead may ask for, and confirm, the erasure of a record in a team they lead.
- A data protection lead may ask for, and confirm, the erasure of a record in any team of their
  organisation (they still see no record by it: the pages about a request show its team and
  number, and the name only to those who work in the team).
- The one who asked never confirms their own request; that rule lives in the service and in a
  database constraint, not here, since it is about the request rather than the team.
- Nobody else: practitioners, organisation admins and evaluators are refused (404, audited).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from connecting_people.core.access.records import organisation_ids_with_role, team_ids_for
from connecting_people.core.models import OrganisationRoleKind, Team


def _data_protection(user: Any) -> frozenset[int]:
    return organisation_ids_with_role(user, OrganisationRoleKind.DATA_PROTECTION)


def may_erase_in(user: Any, team: Team) -> bool:
    """May this user ask for, or confirm, the erasure of a record of this team?"""
    return team.pk in team_ids_for(user, lead=True) or (
        team.organisation_id in _data_protection(user)
    )


def may_erase_anywhere(user: Any) -> bool:
    """Does this user hold any role that lets them erase records (so the list of requests is
    theirs to see)?"""
    return bool(team_ids_for(user, lead=True) or _data_protection(user))


def erasure_teams(user: Any) -> Q:
    """A filter on `team` for the records (and requests) this user may erase: one query's worth,
    for lists."""
    return Q(team__in=team_ids_for(user, lead=True)) | Q(
        team__organisation__in=_data_protection(user)
    )
