"""Changes to the directory: shared services, and one team's private layer on them.

Every change is atomic and audited. Services are shared by the whole deployment and versioned, so
a second conflicting edit is refused with what changed. The team layer (entries, who knows a
service, what people said) belongs to one team; the views check who may change it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.core import access
from connecting_people.core.audit import audit_record
from connecting_people.core.concurrency import EditConflict, save_versioned
from connecting_people.core.models import AuditAction, Team, TeamMembership
from connecting_people.directory.models import (
    Feedback,
    Service,
    ServiceKnower,
    ServiceOwner,
    TeamService,
)
from connecting_people.directory.models.team import (
    DEFAULT_CHECK_EVERY_MONTHS,
    MOST_MONTHS_BETWEEN_CHECKS,
    FeedbackRating,
    FeedbackSource,
)
from connecting_people.directory.search import facts
from connecting_people.directory.team.editing import (
    Parts,
    ServiceDetails,
    details_for,
    differences,
    parts_for,
)
from connecting_people.directory.team.service_writes import (
    apply_related,
    organisation_named,
    service_fields,
)

ENTRY_FIELDS = ("contact_name", "contact_how", "notes", "group_size", "check_every_months")
CHECK_MONTHS = range(1, MOST_MONTHS_BETWEEN_CHECKS + 1)


def _refresh_search(*service_ids: Any) -> None:
    """Let search know these services changed: it keeps facts and a full-text index of its own."""
    facts.refresh_for_services(list(service_ids))


# Shared services ------------------------------------------------------------------------------


@transaction.atomic
def service_create(*, details: ServiceDetails, by: Any, team: Team | None = None) -> Service:
    """Add a service to the shared directory; the team adding it starts using it."""
    organisation = organisation_named(details.organisation) if details.organisation else None
    service = Service.objects.create(
        organization=organisation, last_modified=timezone.now(), **service_fields(details)
    )
    apply_related(service, details, Parts())
    audit_record(
        by=by,
        action=AuditAction.CREATED,
        target=service,
        detail={"team": team.pk if team else None},
    )
    if team is not None:
        # The team's organisation keeps what it added: only its staff may change it (issue 15).
        ServiceOwner.objects.create(service=service, organisation_id=team.organisation_id)
        _entry_create(team=team, service=service, by=by)
    _refresh_search(service.id)
    return service


@transaction.atomic
def service_update(*, service: Service, details: ServiceDetails, version: int, by: Any) -> Service:
    """Change a service, refused with EditConflict (listing the differences) if someone else
    saved it first. What the simple page cannot show is kept."""
    parts = parts_for(service)
    before = details_for(service, parts)
    changes = {
        **service_fields(details),
        "organization": organisation_named(details.organisation) if details.organisation else None,
        "last_modified": timezone.now(),
    }
    try:
        save_versioned(service, changes=changes, version=version)
    except EditConflict:
        current = Service.objects.select_related("organization").get(pk=service.pk)
        raise EditConflict(current, differences(details_for(current), details)) from None
    apply_related(service, details, parts)
    changed = [d.field for d in differences(before, details)]
    audit_record(by=by, action=AuditAction.CHANGED, target=service, detail={"fields": changed})
    _refresh_search(service.id)
    return service


# The team's layer -----------------------------------------------------------------------------


def _check_months(months: int) -> None:
    if months not in CHECK_MONTHS:
        raise ValidationError(_("Choose how often to check it: from 1 to 24 months"))


def _entry_create(*, team: Team, service: Service, by: Any, **fields: Any) -> TeamService:
    entry, created = TeamService.objects.get_or_create(
        team=team, service=service, defaults={"added_by": by, **fields}
    )
    if created:
        audit_record(
            by=by,
            action=AuditAction.CREATED,
            target=entry,
            detail={"service": str(service.pk), "fields": sorted(f for f in fields if fields[f])},
        )
    return entry


@transaction.atomic
def entry_add(
    *,
    team: Team,
    service: Service,
    by: Any,
    contact_name: str = "",
    contact_how: str = "",
    notes: str = "",
    group_size: str = "",
    check_every_months: int = DEFAULT_CHECK_EVERY_MONTHS,
) -> TeamService:
    """The team starts using a service (nothing changes if it already does)."""
    _check_months(check_every_months)
    entry = _entry_create(
        team=team,
        service=service,
        by=by,
        contact_name=contact_name,
        contact_how=contact_how,
        notes=notes,
        group_size=group_size,
        check_every_months=check_every_months,
    )
    _refresh_search(service.pk)
    return entry


@transaction.atomic
def entry_update(
    *, entry: TeamService, changes: dict[str, Any], version: int, by: Any
) -> TeamService:
    """Change what the team keeps about a service; refused with EditConflict if someone else on
    the team saved first."""
    unknown = set(changes) - set(ENTRY_FIELDS)
    if unknown:
        raise ValueError(f"not team entry fields: {sorted(unknown)}")
    if "check_every_months" in changes:
        _check_months(changes["check_every_months"])
    changed = sorted(name for name, value in changes.items() if getattr(entry, name) != value)
    save_versioned(entry, changes=changes, version=version)
    entry.refresh_from_db(fields=["last_checked_on", "last_checked_by"])
    entry.set_check_due()  # the interval may have changed
    TeamService.objects.filter(pk=entry.pk).update(check_due_on=entry.check_due_on)
    audit_record(by=by, action=AuditAction.CHANGED, target=entry, detail={"fields": changed})
    return entry


@transaction.atomic
def entry_mark_checked(*, entry: TeamService, by: Any, on: dt.date | None = None) -> TeamService:
    """Someone on the team checked the service is still as described: due again in N months."""
    entry = TeamService.objects.select_for_update().get(pk=entry.pk)
    entry.last_checked_on = on or timezone.localdate()
    entry.last_checked_by = by
    entry.save(update_fields=["last_checked_on", "last_checked_by", "check_due_on", "updated_at"])
    audit_record(
        by=by,
        action=AuditAction.CHANGED,
        target=entry,
        detail={"checked_on": entry.last_checked_on.isoformat()},
    )
    return entry


@transaction.atomic
def entry_remove(*, entry: TeamService, by: Any) -> None:
    """The team stops using a service: its notes, who knows it and what people said go too.
    Only for team leads (and organisation admins): anyone else is refused."""
    if not access.can_manage_team(by, entry.team):
        raise PermissionDenied
    service_id = entry.service_id
    audit_record(
        by=by, action=AuditAction.DELETED, target=entry, detail={"service": str(service_id)}
    )
    entry.delete()
    _refresh_search(service_id)


@transaction.atomic
def knower_add(
    *, entry: TeamService, user: Any, by: Any, how: str = "", can_go_along: bool = False
) -> ServiceKnower:
    """Record that someone on the team knows the service (or update how they know it)."""
    if not TeamMembership.objects.filter(team_id=entry.team_id, user=user).exists():
        raise ValidationError(_("Choose someone in your team"))
    knower, created = ServiceKnower.objects.update_or_create(
        entry=entry, user=user, defaults={"how": how, "can_go_along": can_go_along}
    )
    audit_record(
        by=by,
        action=AuditAction.CHANGED,
        target=entry,
        detail={"knower_added" if created else "knower_changed": user.pk},
    )
    return knower


@transaction.atomic
def knower_remove(*, knower: ServiceKnower, by: Any) -> None:
    """Take someone off the list of who knows a service."""
    audit_record(
        by=by,
        action=AuditAction.CHANGED,
        target=knower.entry,
        detail={"knower_removed": knower.user_id},
    )
    knower.delete()


@transaction.atomic
def feedback_add(
    *,
    entry: TeamService,
    rating: str,
    by: Any,
    kept_going: bool = False,
    note: str = "",
    source: str = FeedbackSource.WORKER,
    on: dt.date | None = None,
) -> Feedback:
    """Record what someone who tried the service said, in a word and a short note."""
    if rating not in FeedbackRating.values:
        raise ValidationError(_("Choose how it went"))
    feedback = Feedback.objects.create(
        entry=entry,
        rating=rating,
        kept_going=kept_going,
        note=note.strip(),
        source=source,
        recorded_on=on or timezone.localdate(),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(
        by=by,
        action=AuditAction.CREATED,
        target=feedback,
        detail={"rating": rating, "kept_going": kept_going},
    )
    return feedback
