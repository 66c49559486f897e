"""The kernel's models: the audit trail, and who works where (ADR 0016)."""

from connecting_people.core.models.audit import (
    AuditAction,
    AuditChainHead,
    AuditEvent,
    AuditTrailIsAppendOnly,
)
from connecting_people.core.models.team_contact import TeamContact
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
    "AuditChainHead",
    "AuditEvent",
    "AuditTrailIsAppendOnly",
    "JoinRequestStatus",
    "Organisation",
    "OrganisationRole",
    "OrganisationRoleKind",
    "Team",
    "TeamContact",
    "TeamJoinRequest",
    "TeamMembership",
    "TeamRole",
]
