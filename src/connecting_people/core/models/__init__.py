"""The kernel's models: the audit trail, and who works where (ADR 0016)."""

from connecting_people.core.models.audit import (
    AuditAction,
    AuditChainHead,
    AuditEvent,
    AuditTrailIsAppendOnly,
)
from connecting_people.core.models.teams import (
    Organisation,
    OrganisationRole,
    OrganisationRoleKind,
    Team,
    TeamMembership,
    TeamRole,
)

__all__ = [
    "AuditAction",
    "AuditChainHead",
    "AuditEvent",
    "AuditTrailIsAppendOnly",
    "Organisation",
    "OrganisationRole",
    "OrganisationRoleKind",
    "Team",
    "TeamMembership",
    "TeamRole",
]
