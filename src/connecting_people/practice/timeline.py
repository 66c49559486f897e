"""The person's history: every dated thing, newest first, from the record and the plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.people.models import Person


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    kind: str
    text: str
    detail: str = ""
    url: str = ""
    by: str = ""


def person_timeline(person: Person, *, plan_events: Iterable[Any] = ()) -> list[TimelineEntry]:
    """The person's journey through the service merged with their plan's events."""
    entries = [
        TimelineEntry(
            on=change.on,
            kind="status",
            text=change.get_kind_display(),
            detail=" ".join(
                part
                for part in (
                    change.get_destination_display() if change.destination else "",
                    change.moving_on_plan,
                    change.reason,
                )
                if part
            ),
            by=str(change.by) if change.by else "",
        )
        for change in person.status_changes.select_related("by")
    ]
    entries += [
        TimelineEntry(
            on=timezone.localdate(interest.created_at),
            kind="interest",
            text=_("Interest recorded: %(what)s") % {"what": interest.description},
        )
        for interest in person.interests.all()
    ]
    entries += [
        TimelineEntry(
            on=e.date,
            kind=e.kind,
            text=e.text,
            url=getattr(e, "url", ""),
            detail=getattr(e, "detail", "") or "",
        )
        for e in plan_events
    ]
    return sorted(entries, key=lambda entry: entry.on, reverse=True)
