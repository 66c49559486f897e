"""Changes to the network map. Each is atomic and audited; snapshots are never changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from connecting_people.core.audit import audit_record
from connecting_people.core.concurrency import save_versioned
from connecting_people.core.models import AuditAction
from connecting_people.network.models import (
    Connection,
    SharedStory,
    Snapshot,
    SnapshotEntry,
    SnapshotKind,
    Tie,
)
from connecting_people.network.signals import snapshot_taken
from connecting_people.network.vocab import Gives
from connecting_people.people.models import Person

# Fields copied into a snapshot: the connection as it stood (the label stays on the connection,
# so deleting a connection at the person's request removes it everywhere).
SNAPSHOT_FIELDS = (
    "kind",
    "inside_services",
    "ring",
    "frequency",
    "feels",
    "gives",
    "began",
    "started_on",
    "ended_on",
)


def _check(fields: dict[str, Any]) -> None:
    unknown = set(fields.get("gives") or ()) - set(Gives.values)
    if unknown:
        raise ValidationError(
            _("Unknown kinds of support: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))}
        )
    started, ended = fields.get("started_on"), fields.get("ended_on")
    if started and ended and ended < started:
        raise ValidationError(_("The date it ended must be on or after the date it started"))
    if (started and started > timezone.localdate()) or (ended and ended > timezone.localdate()):
        raise ValidationError(_("Dates cannot be in the future"))


@transaction.atomic
def connection_add(*, person: Person, by: Any, **fields: Any) -> Connection:
    """Add someone to the person's map."""
    _check(fields)
    connection = Connection.objects.create(person=person, **fields)
    audit_record(by=by, action=AuditAction.CREATED, target=connection)
    return connection


@transaction.atomic
def connection_update(
    *, connection: Connection, changes: dict[str, Any], version: int, by: Any
) -> Connection:
    """Change a connection, refused with EditConflict if someone else saved first."""
    _check({**{f: getattr(connection, f) for f in ("started_on", "ended_on")}, **changes})
    changed = [name for name, value in changes.items() if getattr(connection, name) != value]
    save_versioned(connection, changes=changes, version=version)
    audit_record(by=by, action=AuditAction.CHANGED, target=connection, detail={"fields": changed})
    return connection


@transaction.atomic
def connection_end(
    *, connection: Connection, on: dt.date, reason: str, version: int, by: Any
) -> Connection:
    """Record that a connection has ended; it stays on the record and in past snapshots."""
    return connection_update(
        connection=connection,
        changes={"ended_on": on, "end_reason": reason},
        version=version,
        by=by,
    )


@transaction.atomic
def connection_delete(*, connection: Connection, by: Any) -> None:
    """Delete a connection outright at the person's request, from the map and every snapshot.

    The audit event keeps that it happened, but not the label.
    """
    person = connection.person
    audit_record(
        by=by,
        action=AuditAction.DELETED,
        target=person,
        detail={
            "deleted": "network.connection",
            "connection": connection.pk,
            "at_persons_request": True,
        },
    )
    snapshots = list(Snapshot.objects.filter(person=person))
    for snapshot in snapshots:
        kept = [tie for tie in snapshot.ties if connection.pk not in tie]
        if kept != snapshot.ties:
            Snapshot.objects.filter(pk=snapshot.pk).update(ties=kept)
    connection.delete()
    # The snapshots' kept counts no longer include it either; the apps above recount from them.
    counts = {
        pk: (size, outside)
        for pk, size, outside in SnapshotEntry.objects.filter(snapshot__person=person)
        .order_by()
        .values("snapshot_id")
        .annotate(
            size=Count("pk", filter=Q(ended_on__isnull=True)),
            outside=Count("pk", filter=Q(ended_on__isnull=True, inside_services=False)),
        )
        .values_list("snapshot_id", "size", "outside")
    }
    for snapshot in snapshots:
        size, outside = counts.get(snapshot.pk, (0, 0))
        if (snapshot.current_count, snapshot.outside_count) != (size, outside):
            Snapshot.objects.filter(pk=snapshot.pk).update(
                current_count=size, outside_count=outside
            )
    if snapshots:
        snapshot_taken.send(sender=Snapshot, snapshot=snapshots[-1])


@transaction.atomic
def ties_set(*, connection: Connection, knows: list[Connection], by: Any) -> None:
    """Say which of the person's other connections this one knows (replacing what was there)."""
    person = connection.person
    others = {c.pk for c in knows if c.person_id == person.pk and c.pk != connection.pk}
    existing = Tie.objects.filter(person=person).filter(a=connection) | Tie.objects.filter(
        person=person, b=connection
    )
    existing.exclude(a_id__in=others).exclude(b_id__in=others).delete()
    for other in others:
        low, high = sorted((connection.pk, other))
        Tie.objects.get_or_create(person=person, a_id=low, b_id=high)
    audit_record(
        by=by, action=AuditAction.CHANGED, target=connection, detail={"knows": sorted(others)}
    )


def _check_correctable(person: Person, old: Snapshot) -> None:
    """Refuse a correction of someone else's snapshot, or of one already corrected.

    The old snapshot's row is locked for the rest of the transaction, so two corrections at once
    go one after the other and the second sees the first's.
    """
    locked = Snapshot.objects.select_for_update().filter(pk=old.pk, person=person).first()
    if locked is None:
        raise ValidationError(_("That snapshot is not one of this person's"))
    if Snapshot.objects.filter(corrects=locked).exists():
        raise ValidationError(_("This snapshot has already been corrected"))


@transaction.atomic
def snapshot_take(
    *,
    person: Person,
    taken_on: dt.date,
    kind: str,
    by: Any,
    note: str = "",
    corrects: Snapshot | None = None,
) -> Snapshot:
    """Record the map as it stands on `taken_on`: every connection that had started by then.

    With `corrects`, the new snapshot replaces that one (which is kept but no longer counted);
    refused if it is another person's or has been corrected already.
    """
    if kind not in SnapshotKind.values:
        raise ValidationError(_("Choose what the snapshot is for"))
    if taken_on > timezone.localdate():
        raise ValidationError(_("A snapshot cannot be dated in the future"))
    if taken_on < person.started_on:
        raise ValidationError(
            _("The date cannot be before they started with the team (%(date)s)")
            % {"date": date_format(person.started_on, "j F Y")}
        )
    if corrects is not None:
        _check_correctable(person, corrects)
    connections = [
        c
        for c in Connection.objects.filter(person=person)
        if c.started_on is None or c.started_on <= taken_on
    ]
    included = {c.pk for c in connections}
    ties = sorted(
        [t.a_id, t.b_id]
        for t in Tie.objects.filter(person=person)
        if t.a_id in included and t.b_id in included
    )
    current = [c for c in connections if not (c.ended_on and c.ended_on <= taken_on)]
    snapshot = Snapshot.objects.create(
        person=person,
        current_count=len(current),
        outside_count=sum(1 for c in current if not c.inside_services),
        taken_on=taken_on,
        kind=kind,
        note=note,
        ties=ties,
        ties_known=bool(ties),
        corrects=corrects,
        taken_by=by if getattr(by, "is_authenticated", False) else None,
    )
    SnapshotEntry.objects.bulk_create(
        SnapshotEntry(
            snapshot=snapshot,
            connection=c,
            **{f: getattr(c, f) for f in SNAPSHOT_FIELDS if f != "ended_on"},
            ended_on=c.ended_on if c.ended_on and c.ended_on <= taken_on else None,
        )
        for c in connections
    )
    detail: dict[str, Any] = {"connections": len(connections)}
    if corrects is not None:
        detail["corrects"] = corrects.pk
    audit_record(by=by, action=AuditAction.CREATED, target=snapshot, detail=detail)
    snapshot_taken.send(sender=Snapshot, snapshot=snapshot)
    return snapshot


@transaction.atomic
def story_share(
    *, person: Person, text: str, by: Any, connection: Connection | None = None
) -> SharedStory:
    """Keep a story the person agreed the team may read on its page (dated today)."""
    if connection is not None and connection.person_id != person.pk:
        raise ValidationError(_("Choose one of this person's own connections"))
    story = SharedStory.objects.create(
        person=person, connection=connection, text=text, written_by=by
    )
    audit_record(by=by, action=AuditAction.CREATED, target=story)
    return story


@transaction.atomic
def story_withdraw(*, story: SharedStory, by: Any) -> None:
    """Delete a story at the person's word: they no longer want the team to see it. The audit
    event keeps that it happened, not the words."""
    audit_record(
        by=by,
        action=AuditAction.DELETED,
        target=story.person,
        detail={"deleted": "network.sharedstory", "story": story.pk},
    )
    story.delete()
