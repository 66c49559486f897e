"""Demo network maps, each with a history of snapshots.

The hand-written people's maps (`network_stories.py`) are built through the network services, in
date order: connections are added, changed and ended, and snapshots taken, on past dates, just as
if the work had happened then (audited, with by=None for the system). The people that
`cpi demo --people N` generates get small maps drawn from a seeded random.Random and written with
bulk inserts, so thousands take seconds (`network_crowd.py`). Both are deterministic for a
given date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from connecting_people.network import services
from connecting_people.network.models import Connection, Snapshot, SnapshotEntry
from connecting_people.network.services import SNAPSHOT_FIELDS
from connecting_people.network.vocab import USUALLY_INSIDE_SERVICES, Began
from connecting_people.outcomes import pairs
from connecting_people.people.models import Person
from connecting_people.plans.models import Contact
from connecting_people_demo.network_stories import MAPS, Later, Link, MapStory

ADDED, ENDED = 0, 99  # steps in a connection's story; the changes in between are 1, 2, ...
LONG_AGO = -(10**6)  # connections known from before, with no date: added first


def networks_build(*, people: list[Person], today: dt.date) -> None:
    """Give each hand-written person with a map story their map and its snapshots."""
    by_name = {person.preferred_name: person for person in people}
    for name, story in MAPS.items():
        if name in by_name:
            map_from_story(story, person=by_name[name], today=today)


def map_from_story(story: MapStory, *, person: Person, today: dt.date) -> None:
    """Play the story's events in date order through the network services."""
    contacts = {c.happened_on: c for c in Contact.objects.filter(person=person).order_by("pk")}
    made: dict[str, Connection] = {}

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    for _, is_snapshot, i, step in sorted(_timeline(story)):
        if is_snapshot:
            offset, kind, note = story.snapshots[i]
            services.snapshot_take(
                person=person, taken_on=day(offset), kind=kind, note=note, by=None
            )
            continue
        link = story.links[i]
        if step == ADDED:
            _add(link, person, made, contacts, day)
        elif step == ENDED:
            _end(made[link.label], day(link.ended or 0), link.why)
        else:
            _change(made[link.label], link.later[step - 1])


def _timeline(story: MapStory) -> Iterator[tuple[int, int, int, int]]:
    """What happens on each day: (day, 0 for a connection or 1 for a snapshot, index, step).

    Sorted, these are the order to play them in: on any day, changes come before the snapshot.
    """
    for i, link in enumerate(story.links):
        yield (link.start if link.start is not None else LONG_AGO, 0, i, ADDED)
        for step, later in enumerate(link.later, start=1):
            yield (later.day, 0, i, step)
        if link.ended is not None:
            yield (link.ended, 0, i, ENDED)
    for i, (offset, _, _) in enumerate(story.snapshots):
        yield (offset, 1, i, 0)


def _add(
    link: Link,
    person: Person,
    made: dict[str, Connection],
    contacts: dict[dt.date, Contact],
    day: Callable[[int], dt.date],
) -> None:
    inside = link.inside if link.inside is not None else link.kind in USUALLY_INSIDE_SERVICES
    began = link.began or (Began.ACTIVITY if link.via is not None else Began.ALREADY)
    connection = services.connection_add(
        person=person,
        by=None,
        label=link.label,
        kind=link.kind,
        inside_services=inside,
        ring=link.ring,
        frequency=link.often,
        feels=link.feels,
        gives=list(link.gives),
        started_on=day(link.start) if link.start is not None else None,
        began=began,
        began_with_contact=contacts[day(link.via)] if link.via is not None else None,
    )
    made[link.label] = connection
    if link.knows:
        services.ties_set(connection=connection, knows=[made[k] for k in link.knows], by=None)


def _change(connection: Connection, later: Later) -> None:
    changes = {"ring": later.ring, "feels": later.feels, "frequency": later.often}
    services.connection_update(
        connection=connection,
        changes={name: value for name, value in changes.items() if value},
        version=connection.version,
        by=None,
    )


def _end(connection: Connection, on: dt.date, reason: str) -> None:
    services.connection_end(
        connection=connection, on=on, reason=reason, version=connection.version, by=None
    )


def snapshots_catch_up(*, people: list[Person]) -> None:
    """Put on each snapshot the connections other demo builders made later, dated earlier.

    The suggestions builder runs after the maps: an idea tried months ago adds its connection
    (started on the day it was tried) once every snapshot is taken, so without this the map
    page would mark it "new since the last snapshot" although it started before that snapshot,
    and "then and now" would never show it joining. Each snapshot taken on or after the day a
    connection started gets the entry `services.snapshot_take` would have given it on the day
    (from the connection as it is now: these have not changed since), its counts are made
    again, and the people's network pairs for the report of change are rewritten.
    """
    changed: list[int] = []
    for person in people:
        dated = [
            (c, c.started_on)
            for c in Connection.objects.filter(person=person)
            if c.started_on is not None
        ]
        for snapshot in Snapshot.objects.filter(person=person).prefetch_related("entries"):
            on_it = {e.connection_id for e in snapshot.entries.all()}
            missing = [c for c, on in dated if c.pk not in on_it and on <= snapshot.taken_on]
            if missing:
                _add_entries(snapshot, missing)
                changed.append(person.pk)
    if changed:
        pairs.refresh_networks(changed)


def _add_entries(snapshot: Snapshot, connections: list[Connection]) -> None:
    """The entries `services.snapshot_take` makes, for these connections, and the counts again."""
    taken_on = snapshot.taken_on
    SnapshotEntry.objects.bulk_create(
        SnapshotEntry(
            snapshot=snapshot,
            connection=c,
            **{f: getattr(c, f) for f in SNAPSHOT_FIELDS if f != "ended_on"},
            ended_on=c.ended_on if c.ended_on and c.ended_on <= taken_on else None,
        )
        for c in connections
    )
    current = SnapshotEntry.objects.filter(snapshot=snapshot, ended_on__isnull=True)
    Snapshot.objects.filter(pk=snapshot.pk).update(
        current_count=current.count(),
        outside_count=current.filter(inside_services=False).count(),
    )
