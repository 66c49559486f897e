"""Suggested changes to a service: made by someone who may not change it, decided by those who may.

A suggestion keeps only the fields it would change, each as plain JSON (`as_json`). Accepting it
applies those fields over the service as it is now, through `service_update`, on the version the
suggestion was made on: if someone changed the service since, the acceptance is refused with what
differs (the edit flow shows it and lets them accept over the new version knowingly). Every step is
atomic and audited.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.core.access.directory import may_change_service, organisations_worked_for
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.directory.models import ChangeSuggestion, Service, SuggestionStatus
from connecting_people.directory.team.editing import (
    ServiceDetails,
    WeeklySession,
    details_for,
    differences,
)
from connecting_people.directory.team.services import service_update

NOTHING_CHANGED = "Change at least one thing, or say in the note what is wrong"
DECIDED_ALREADY = "This suggestion has been decided already"


def _owner_id(service: Service) -> int | None:
    owner = getattr(service, "owner", None)
    return owner.organisation_id if owner is not None else None


# Storing the new values ------------------------------------------------------------------------


def as_json(name: str, value: Any) -> Any:
    """A field of ServiceDetails as plain JSON (times, dates and amounts as text)."""
    if name == "sessions":
        return [
            {
                "day": s.day,
                "opens_at": s.opens_at.isoformat() if s.opens_at else None,
                "closes_at": s.closes_at.isoformat() if s.closes_at else None,
                "every_other_week": s.every_other_week,
                "first_on": s.first_on.isoformat() if s.first_on else None,
            }
            for s in value
        ]
    if name == "amount":
        return None if value is None else str(value)
    return value


def from_json(name: str, value: Any) -> Any:
    """The field's value again, as ServiceDetails holds it."""
    if name == "sessions":
        return [
            WeeklySession(
                day=s["day"],
                opens_at=dt.time.fromisoformat(s["opens_at"]) if s["opens_at"] else None,
                closes_at=dt.time.fromisoformat(s["closes_at"]) if s["closes_at"] else None,
                every_other_week=bool(s["every_other_week"]),
                first_on=dt.date.fromisoformat(s["first_on"]) if s["first_on"] else None,
            )
            for s in value
        ]
    if name == "amount":
        return None if value is None else Decimal(value)
    return value


def applied(suggestion: ChangeSuggestion, details: ServiceDetails) -> ServiceDetails:
    """`details` with the suggestion's new values put in (changes `details`)."""
    for name, value in suggestion.proposed.items():
        setattr(details, name, from_json(name, value))
    return details


# Suggesting and deciding -----------------------------------------------------------------------


@transaction.atomic
def suggestion_create(
    *, service: Service, details: ServiceDetails, note: str, version: int, by: Any
) -> ChangeSuggestion:
    """Suggest a change to a service one may not change: only the fields that differ are kept."""
    if may_change_service(by, owner_id=_owner_id(service)):
        raise PermissionDenied  # they change it themselves
    changed = differences(details_for(service), details)
    if not changed and not note.strip():
        raise ValidationError(_(NOTHING_CHANGED))
    organisations = sorted(organisations_worked_for(by))
    suggestion = ChangeSuggestion.objects.create(
        service=service,
        suggested_by=by,
        from_organisation_id=organisations[0] if organisations else None,
        note=note.strip(),
        proposed={d.field: as_json(d.field, getattr(details, d.field)) for d in changed},
        service_version=version,
    )
    fields = sorted(suggestion.proposed)
    detail = {"service": str(service.pk), "fields": fields}
    audit_record(by=by, action=AuditAction.CREATED, target=suggestion, detail=detail)
    return suggestion


def _decidable(suggestion: ChangeSuggestion, by: Any) -> ChangeSuggestion:
    """The suggestion again, locked; refused if `by` may not change the service or it is decided."""
    locked = ChangeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    service = Service.objects.select_related("organization", "owner").get(pk=locked.service_id)
    if not may_change_service(by, owner_id=_owner_id(service)):
        raise PermissionDenied
    if not locked.is_open:
        raise ValidationError(_(DECIDED_ALREADY))
    locked.service = service
    return locked


def _decided(suggestion: ChangeSuggestion, *, status: str, by: Any, reason: str = "") -> None:
    suggestion.status, suggestion.reason = status, reason
    suggestion.decided_by, suggestion.decided_at = by, timezone.now()
    suggestion.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    detail = {"service": str(suggestion.service_id), "outcome": status}
    audit_record(by=by, action=AuditAction.CHANGED, target=suggestion, detail=detail)


@transaction.atomic
def suggestion_accept(*, suggestion: ChangeSuggestion, version: int, by: Any) -> ChangeSuggestion:
    """Make the suggested change over `version` of the service (EditConflict if it has moved on:
    the differences are between the service now and the service as accepting would leave it)."""
    suggestion = _decidable(suggestion, by)
    service = suggestion.service
    details = applied(suggestion, details_for(service))
    service_update(service=service, details=details, version=version, by=by)
    _decided(suggestion, status=SuggestionStatus.ACCEPTED, by=by)
    return suggestion


@transaction.atomic
def suggestion_decline(*, suggestion: ChangeSuggestion, reason: str, by: Any) -> ChangeSuggestion:
    """Decline a suggestion, saying why (the person who suggested it sees the reason)."""
    if not reason.strip():
        raise ValidationError(_("Say why you are not making this change"))
    suggestion = _decidable(suggestion, by)
    _decided(suggestion, status=SuggestionStatus.DECLINED, by=by, reason=reason.strip())
    return suggestion
