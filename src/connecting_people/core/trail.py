"""Reading the audit trail (issue 15): searching it, and who has looked at one record.

Selectors only: whoever calls them has already asked the access layer (`core.access.audit`)
which teams the reader may search. Events are shown in plain words built from the recorded
labels and the action; the `detail` column is never shown, since it may hold more than field
names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.core.audit import SUBJECT
from connecting_people.core.models import AuditAction, AuditEvent, TeamMembership

LOOKED_DAYS = 90
PERSON_KIND = "people.person"  # how the trail names a person's record (people.Person)
# The plain verb for each action, as a sentence reads: "Sam Okafor viewed person 12".
VERBS = {
    AuditAction.VIEWED: "viewed",
    AuditAction.CREATED: "created",
    AuditAction.CHANGED: "changed",
    AuditAction.DELETED: "deleted",
    AuditAction.REFUSED: "was refused",
    AuditAction.EXPORTED: "exported",
    AuditAction.IMPORTED: "imported",
    AuditAction.SIGNED_IN: "signed in",
    AuditAction.SIGNED_OUT: "signed out",
    AuditAction.SIGN_IN_FAILED: "failed to sign in",
}


@dataclass(frozen=True)
class TrailQuery:
    """What the reader asked for: every field optional."""

    person: str = ""  # a person's record number
    staff: int | None = None  # an account id
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def trail_search(
    *, team_ids: Iterable[int] | None, query: TrailQuery
) -> models.QuerySet[AuditEvent]:
    """Events of these teams (None: no team limit, the caller has decided) matching the query,
    newest first."""
    events = AuditEvent.objects.select_related("actor", "team")
    if team_ids is not None:
        events = events.filter(team_id__in=list(team_ids))
    if query.person:  # the person's record, and the records of theirs (see `audit_record`)
        wanted = models.Q(target_type=PERSON_KIND, target_id=query.person)
        if query.person.isdigit():
            wanted |= models.Q(**{f"detail__{SUBJECT}": int(query.person)})
        events = events.filter(wanted)
    if query.staff:
        events = events.filter(actor_id=query.staff)
    if query.action:
        events = events.filter(action=query.action)
    if query.since:
        events = events.filter(at__date__gte=query.since)
    if query.until:
        events = events.filter(at__date__lte=query.until)
    return events.order_by("-at", "-pk")


LOOKING = [
    AuditAction.VIEWED,
    AuditAction.CREATED,
    AuditAction.CHANGED,
    AuditAction.DELETED,
    AuditAction.EXPORTED,
]


def _looked(where: models.Q, *, team_id: int | None, days: int) -> list[AuditEvent]:
    """The events `where` picks of the last `days` days that looked at or changed something,
    newest first, each with the actor's role in the record's team (`role_label`). Two queries."""
    since = timezone.now() - dt.timedelta(days=days)
    events = list(
        AuditEvent.objects.filter(where, at__gte=since, action__in=LOOKING)
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    roles = _roles_in(team_id, {e.actor_id for e in events if e.actor_id})
    for event in events:
        role = roles.get(event.actor_id, "") if event.actor_id else ""
        event.role_label = role  # type: ignore[attr-defined]
    return events


def who_has_looked(
    *, target_type: str, target_id: Any, team_id: int | None, days: int = LOOKED_DAYS
) -> list[AuditEvent]:
    """Who viewed or changed this record in the last `days` days, newest first, each event with
    the actor's role in the record's team (`role_label`). Two queries; the index
    `audit_by_target` (target_type, target_id, -at) serves the first."""
    where = models.Q(target_type=target_type, target_id=str(target_id))
    return _looked(where, team_id=team_id, days=days)


def who_has_looked_at_person(
    person_id: int, *, team_id: int | None, days: int = LOOKED_DAYS
) -> list[AuditEvent]:
    """Who viewed or changed a person's record, or any record of theirs (goals and steps,
    barriers, contacts, the map, questionnaires, consents...: the events `audit_record` marked
    with the person as their subject), in the last `days` days. Two queries, however many
    records the person has; the indexes `audit_by_target` and `audit_by_subject` serve them."""
    on_person = models.Q(target_type=PERSON_KIND, target_id=str(person_id))
    on_theirs = models.Q(**{f"detail__{SUBJECT}": person_id})
    return _looked(on_person | on_theirs, team_id=team_id, days=days)


def looked_at(event: AuditEvent) -> str:
    """Which of the person's records an event was about, in words: "their record" for the
    person's own, otherwise the record as the trail named it ("goal 12")."""
    if event.target_type == PERSON_KIND:
        return str(_("their record"))
    return event.target_label or event.target_type


def who_has_looked_at(
    record: models.Model, *, team_id: int | None, days: int = LOOKED_DAYS
) -> list[AuditEvent]:
    """`who_has_looked` for a record in hand, named as the trail names it (see `audit_record`)."""
    kind = getattr(record, "audit_kind", None) or record._meta.label_lower
    return who_has_looked(target_type=kind, target_id=record.pk, team_id=team_id, days=days)


def _roles_in(team_id: int | None, user_ids: set[int]) -> dict[int, str]:
    if team_id is None or not user_ids:
        return {}
    memberships = TeamMembership.objects.filter(team_id=team_id, user_id__in=user_ids)
    return {m.user_id: m.get_role_display() for m in memberships}


def staff_name(event: AuditEvent) -> str:
    """The name of whoever acted, as the trail best knows it."""
    if event.actor is not None:
        return getattr(event.actor, "name", "") or event.actor_label or str(event.actor)
    return event.actor_label or "The system"


# Lists the app itself names in an event's detail (fixed words, never anyone's data).
LISTS = {"caseload": "the caseload of", "audit trail": "the audit trail"}


def in_words(event: AuditEvent) -> str:
    """One event as a sentence: "Sam Okafor viewed person 12 (North Team)"."""
    verb = VERBS.get(event.action, event.action)  # type: ignore[call-overload]
    what = event.target_label or event.target_type or ""
    if event.redacted:  # a person's record erased (ADR 0018): the kind of record, no more
        what = f"{event.target_type} (details erased)"
    listed = event.detail.get("list") if isinstance(event.detail, dict) else None
    if listed in LISTS:
        what = f"{LISTS[listed]} {event.team.name}" if event.team else LISTS[listed]
        return f"{staff_name(event)} {verb} {what}"
    text = f"{staff_name(event)} {verb} {what}".strip()
    if event.team is not None and event.target_type != "accounts.team":
        text += f" ({event.team.name})"
    return text
