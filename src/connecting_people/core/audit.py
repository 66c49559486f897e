"""Recording audit events. Every service that reads or changes personal data calls this."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from connecting_people.core.client import client_address
from connecting_people.core.models import AuditAction, AuditEvent

# The key of an event's detail that names the person a child record is about (its record number).
SUBJECT = "subject"
# The key of an event's detail naming the API token a request came with (issue 19), and the
# attribute the API sets on the token owner's user object for that one request.
API_TOKEN = "token"  # noqa: S105  (a key of the detail, not a secret)
API_TOKEN_ATTRIBUTE = "api_token_id"  # noqa: S105  (an attribute's name, not a secret)


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return client_address(request)


def _team_id_of(target: models.Model | None) -> int | None:
    """The team that owns the target, following the model's `access_team_path`."""
    if target is None:
        return None
    path = getattr(type(target), "access_team_path", None)
    if path is None:
        return None
    *hops, last = path.split("__")
    value: Any = target
    for part in hops:
        value = getattr(value, part)
        if value is None:
            return None
    if last == "pk":
        return value.pk
    # Read the foreign key's column, not the related object, to save a query.
    return getattr(value, f"{last}_id", None)


def _subject_of(target: models.Model | None) -> Any:
    """The person a child record is about (a goal, a step, a connection, a consent...), so the
    person's "who has looked" finds events on their records too: followed along the model's
    `audit_subject_path`, or else its `access_team_path` less the team, when that runs through
    the person ("goal__person__team" gives "goal__person"). None for anything else. Costs no
    query beyond those finding the team: the same objects are followed."""
    if target is None:
        return None
    path = getattr(type(target), "audit_subject_path", None)
    if path is None:
        team_path = getattr(type(target), "access_team_path", None) or ""
        if not team_path.endswith("person__team"):
            return None
        path = team_path.removesuffix("__team")
    *hops, last = path.split("__")
    value: Any = target
    for part in hops:
        value = getattr(value, part)
        if value is None:
            return None
    return getattr(value, f"{last}_id", None)


def _with_subject(detail: dict[str, Any] | None, target: models.Model | None) -> dict[str, Any]:
    subject = _subject_of(target)
    if subject is None:
        return detail or {}
    return {**(detail or {}), SUBJECT: subject}


def _kind(target: models.Model) -> str:
    """The kind of record, as the trail names it: the model's label, unless the model keeps an
    older name (`audit_kind`) so that one kind of record has one name across the whole trail."""
    # Read from the instance, not its type: the current team arrives wrapped in a lazy object.
    return getattr(target, "audit_kind", None) or target._meta.label_lower


def _label(target: models.Model | None) -> str:
    """How the record is named in the trail: staff and teams by name; personal records only by
    kind and number, so the trail does not become a second copy of people's words."""
    if target is None:
        return ""
    path = getattr(type(target), "access_team_path", None)
    if path is None or path == "pk":
        return str(target)[:200]
    return f"{target._meta.verbose_name} {target.pk}"


def _actor_label(actor: Any) -> str:
    """Who did it, in words the trail keeps for good: staff by email; a person's own account
    (issue 14) only as such (the event's actor still points at the account, which erasure empties
    but keeps), so erasing the person leaves no name or address in events the trail must keep."""
    if actor is None:
        return ""
    if getattr(actor, "is_person", False):
        return "a person's own account"
    return str(getattr(actor, "email", ""))


def audit_record(
    *,
    by: Any,
    action: AuditAction | str,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Write one audit event: who (a user, or None for the system) did what to which record.

    Call it inside the transaction that makes the change, so both happen or neither does. The
    event takes its place in its hash chain (ADR 0004); nothing here catches an error, so a failed
    audit write fails the change and the request with it.
    """
    actor = by if by is not None and by.is_authenticated else None
    detail = _with_subject(detail, target)
    # issue 19: whatever is done through the JSON API names the token it was done with (the
    # API's authentication marks the owner's user object for the one request, ADR 0022).
    token = getattr(by, API_TOKEN_ATTRIBUTE, None)
    if token is not None:
        detail = {**detail, API_TOKEN: token}
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor_label or _actor_label(actor),
        action=str(action),
        target_type=_kind(target) if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=_label(target),
        team_id=_team_id_of(target),
        detail=detail,
        ip_address=_client_ip(request),
    )
