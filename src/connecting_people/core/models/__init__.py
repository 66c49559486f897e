"""The kernel's models: the audit trail, and who works where (ADR 0016)."""

from connecting_people.core.models.audit import AuditAction, AuditEvent
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
    "AuditEvent",
    "Organisation",
    "OrganisationRole",
    "OrganisationRoleKind",
    "Team",
    "TeamMembership",
    "TeamRole",
]
