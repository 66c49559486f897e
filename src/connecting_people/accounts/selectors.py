"""The reads behind the accounts screens."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from connecting_people.accounts.models import User
from connecting_people.core.models import Organisation, Team, TeamJoinRequest


def join_request_of(team: Team, pk: Any) -> TeamJoinRequest | None:
    """One waiting or decided request to join this team (None for any other team's)."""
    return TeamJoinRequest.objects.select_related("user").filter(pk=pk, team=team).first()


def organisation_teams(organisation: Organisation) -> QuerySet[Team]:
    """The organisation's teams by name, each with how many staff it has."""
    return organisation.teams.annotate(staff=Count("memberships")).order_by("name")


def organisation_staff(organisation: Organisation) -> QuerySet[User]:
    """Everyone who works in one of the organisation's teams, by name, with their teams."""
    return (
        User.objects.filter(team_memberships__team__organisation=organisation)
        .distinct()
        .order_by("name")
        .prefetch_related("team_memberships__team")
    )
