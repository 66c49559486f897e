"""The access layer bound to the map's records: a connection, a snapshot or a shared story of one
person.

The person is opened first (`people.access.person_for`); each record here is then fetched from
that person's own, 404 for anyone else's (audited as refused, like any record; see `core.access`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from connecting_people.core import access
from connecting_people.network.models import Connection, SharedStory, Snapshot
from connecting_people.people.models import Person


def connection_for(request: HttpRequest, person: Person, pk: Any) -> Connection:
    """One of this person's connections."""
    return access.child_for(request, Connection.objects.all(), parent=person, pk=pk)


def snapshot_for(request: HttpRequest, person: Person, pk: Any) -> Snapshot:
    """One of this person's snapshots."""
    return access.child_for(request, Snapshot.objects.all(), parent=person, pk=pk)


def story_for(request: HttpRequest, person: Person, pk: Any) -> SharedStory:
    """One of this person's shared stories."""
    return access.child_for(request, SharedStory.objects.all(), parent=person, pk=pk)
