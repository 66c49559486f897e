"""The kernel's models: the audit trail, and who works where (ADR 0016)."""

from connecting_people.core.models.audit import AuditAction, AuditEvent
from connecting_people.core.models.teams import (
    JoinRequestStatus,
    Organisation,
    OrganisationRole,
    OrganisationRoleKind,
    Team,
    TeamJoinRequest,
    TeamMembership,
    TeamRole,
)

__all__ = [
    "AuditAction",
    "AuditEvent",
    "JoinRequestStatus",
    "Organisation",
    "OrganisationRole",
    "OrganisationRoleKind",
    "Team",
    "TeamJoinRequest",
    "TeamMembership",
    "TeamRole",
]
