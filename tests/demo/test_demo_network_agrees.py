"""Every demo person's pages agree about their map: the map page, the person page's "who is
around", then-and-now (a snapshot against today) and the snapshots themselves say the same
about who is new since the last snapshot, who ended, and how many are on the map."""

import pytest
from django.core.management import call_command

from connecting_people.network.comparison import NOW, network_comparison
from connecting_people.network.models import SnapshotEntry
from connecting_people.network.selectors import network_overview, person_network
from connecting_people.people.models import Person
from tests.demo import fingerprint


def _disagreements(person: Person) -> list[str]:
    found: list[str] = []
    name = person.preferred_name
    page = person_network(person)
    overview = network_overview(person)
    latest = page["latest"]
    new_on_map = {c.pk for c in page["current"] if c.is_new}
    new_in_overview = {int(n.key) for n in overview["nodes"] if n.is_new}
    if new_on_map != new_in_overview:
        found.append(f"{name}: new on the map page {new_on_map}, in the overview {new_in_overview}")
    if page["measures"].size != overview["size"] or overview["size"] != len(page["current"]):
        found.append(f"{name}: sizes differ")
    if latest is None:
        if new_on_map or overview["latest"] is not None:
            found.append(f"{name}: new marked without a snapshot")
        return found
    snapshot = latest.snapshot
    if overview["latest"] != snapshot:
        found.append(f"{name}: the latest snapshot differs between the pages")
    if page["measures"].new_since_previous != len(new_on_map) or overview["new_since"] != len(
        new_on_map
    ):
        found.append(f"{name}: the count of new differs from the connections marked new")
    entries = list(SnapshotEntry.objects.filter(snapshot=snapshot).select_related("connection"))
    on_it = {e.connection_id for e in entries if e.ended_on is None}
    if new_on_map & on_it:
        found.append(f"{name}: marked new but on the last snapshot: {new_on_map & on_it}")
    for c in page["current"]:
        started_after = c.started_on is not None and c.started_on > snapshot.taken_on
        if started_after and c.pk in on_it:
            found.append(f"{name}: {c.label} started after the snapshot it is on")
        if started_after and c.pk not in new_on_map:
            found.append(f"{name}: {c.label} started after the last snapshot, not marked new")
        if c.started_on is not None and not started_after and c.pk in new_on_map:
            found.append(f"{name}: {c.label} marked new, started before the last snapshot")
    for earlier in person.snapshots.all():
        on_that = set(earlier.entries.values_list("connection_id", flat=True))
        for c in page["connections"]:
            started = c.started_on is not None and c.started_on <= earlier.taken_on
            if started and c.pk not in on_that:
                found.append(f"{name}: {c.label} missing from a snapshot after it started")
    for e in entries:
        c = e.connection
        if c.started_on is not None and c.started_on > snapshot.taken_on:
            found.append(f"{name}: {c.label} on a snapshot taken before it started")
        if e.ended_on is not None and e.ended_on > snapshot.taken_on:
            found.append(f"{name}: {c.label} ended after the snapshot that says it ended")
    then_and_now = network_comparison(person, then=str(snapshot.pk), now=NOW)
    if set(map(int, then_and_now["comparison"].new)) != new_on_map:
        found.append(f"{name}: then-and-now's new differs from the map page's")
    return found


@pytest.mark.slow
def test_every_demo_persons_pages_agree_about_their_map(db, monkeypatch):
    fingerprint.freeze(monkeypatch)
    call_command("demo")
    call_command("demo", "--people", "40")
    people = Person.objects.filter(connections__isnull=False).distinct()
    assert people.count() > 40
    found = [problem for person in people for problem in _disagreements(person)]
    assert not found, "\n".join(found[:40])
