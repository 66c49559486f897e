"""Marking a person's updates seen (issue 14 §4): each member of staff for themself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.people.models import Person
from connecting_people.practice.updates.models import UpdateSeen
from connecting_people.practice.updates.selectors import person_updates


@transaction.atomic
def updates_mark_seen(*, person: Person, by: Any, events: Iterable[int] | None = None) -> int:
    """Mark these of the person's updates (event ids; None: all of them) seen by `by`. Ids that
    are not this person's updates, or already seen, are passed over. Audited as a look at the
    person's record, with how many were marked. Returns how many were marked."""
    unseen = person_updates(person, user=by, unseen_only=True)
    if events is not None:
        unseen = unseen.filter(pk__in=list(events))
    ids = list(unseen.values_list("pk", flat=True))
    if not ids:
        return 0
    UpdateSeen.objects.bulk_create(
        [UpdateSeen(user=by, person=person, event_id=pk) for pk in ids], ignore_conflicts=True
    )
    audit_record(by=by, action=AuditAction.VIEWED, target=person, detail={"updates_seen": len(ids)})
    return len(ids)
