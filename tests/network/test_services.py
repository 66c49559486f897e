"""Changes to the network map: audited, refused when they conflict, snapshots never changed."""

import pytest
from django.core.exceptions import ValidationError

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.network import services
from connecting_people.network.models import Connection, Snapshot, SnapshotEntry, Tie
from tests.network.factories import PersonFactory, build_map, days_ago


@pytest.fixture
def person(cast):
    return PersonFactory(team=cast.team, preferred_name="Sam")


def _add(person, by, **changes):
    fields = {
        "label": "Mo",
        "kind": "neighbour",
        "ring": "middle",
        "inside_services": False,
        "started_on": days_ago(100),
        **changes,
    }
    return services.connection_add(person=person, by=by, **fields)


def test_connection_add_is_audited(cast, person):
    mo = _add(person, cast.practitioner, gives=["company"])
    event = AuditEvent.objects.get(action=AuditAction.CREATED, target_type="network.connection")
    assert event.target_id == str(mo.pk)
    assert event.actor == cast.practitioner
    assert event.team_id == cast.team.pk


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"gives": ["flattery"]}, "Unknown kinds of support: flattery"),
        (
            {"started_on": days_ago(1), "ended_on": days_ago(2)},
            "The date it ended must be on or after the date it started",
        ),
        ({"started_on": days_ago(-1)}, "Dates cannot be in the future"),
    ],
)
def test_connection_add_refuses_what_cannot_be_true(cast, person, changes, message):
    with pytest.raises(ValidationError, match=message):
        _add(person, cast.practitioner, **changes)
    assert not Connection.objects.exists()


def test_connection_update_bumps_the_version_and_audits_the_fields_changed(cast, person):
    mo = _add(person, cast.practitioner)
    services.connection_update(
        connection=mo, changes={"ring": "close", "label": "Mo"}, version=1, by=cast.team_lead
    )
    mo.refresh_from_db()
    assert (mo.ring, mo.version) == ("close", 2)
    event = AuditEvent.objects.get(action=AuditAction.CHANGED, target_type="network.connection")
    assert event.detail == {"fields": ["ring"], "subject": person.pk}


def test_connection_update_over_an_old_version_is_refused_with_what_changed(cast, person):
    mo = _add(person, cast.practitioner)
    stale = Connection.objects.get(pk=mo.pk)
    services.connection_update(connection=mo, changes={"ring": "close"}, version=1, by=None)
    with pytest.raises(EditConflict) as refused:
        services.connection_update(
            connection=stale, changes={"ring": "outer"}, version=1, by=cast.practitioner
        )
    assert [(d.field, d.theirs, d.yours) for d in refused.value.differences] == [
        ("ring", "Close", "Outer")
    ]
    assert Connection.objects.get(pk=mo.pk).ring == "close"


def test_connection_end_keeps_the_connection_with_its_reason(cast, person):
    mo = _add(person, cast.practitioner)
    services.connection_end(
        connection=mo, on=days_ago(3), reason="Moved away", version=1, by=cast.practitioner
    )
    mo.refresh_from_db()
    assert (mo.ended_on, mo.end_reason, mo.is_current) == (days_ago(3), "Moved away", False)
    with pytest.raises(ValidationError):
        services.connection_end(connection=mo, on=days_ago(200), reason="", version=2, by=None)


def test_snapshot_take_copies_the_map_as_it_stood_on_the_day(cast, person):
    old = _add(person, cast.practitioner, label="Old", started_on=days_ago(100))
    gone = _add(person, cast.practitioner, label="Gone", started_on=days_ago(100))
    later = _add(person, cast.practitioner, label="Later", started_on=days_ago(5))
    services.ties_set(connection=old, knows=[gone, later], by=None)
    services.connection_end(connection=gone, on=days_ago(20), reason="", version=1, by=None)
    snapshot = services.snapshot_take(
        person=person, taken_on=days_ago(10), kind="baseline", by=cast.practitioner
    )
    entries = {e.connection_id: e for e in snapshot.entries.all()}
    assert set(entries) == {old.pk, gone.pk}  # Later had not started
    assert entries[gone.pk].ended_on == days_ago(20)
    assert entries[old.pk].ended_on is None
    assert snapshot.ties == [[old.pk, gone.pk]]
    assert snapshot.ties_known
    assert snapshot.taken_by == cast.practitioner
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATED,
        target_type="network.snapshot",
        detail={"connections": 2, "subject": person.pk},
    ).exists()


def test_snapshot_take_refuses_the_future_and_unknown_kinds(cast, person):
    with pytest.raises(ValidationError, match="future"):
        services.snapshot_take(person=person, taken_on=days_ago(-1), kind="review", by=None)
    with pytest.raises(ValidationError, match="Choose what the snapshot is for"):
        services.snapshot_take(person=person, taken_on=days_ago(0), kind="whim", by=None)
    assert not Snapshot.objects.exists()


def test_a_snapshot_does_not_change_when_the_connection_later_does(cast, person):
    mo = _add(person, cast.practitioner, ring="outer", gives=["company"], feels="mixed")
    snapshot = services.snapshot_take(person=person, taken_on=days_ago(1), kind="review", by=None)
    before = list(SnapshotEntry.objects.filter(snapshot=snapshot).values())
    services.connection_update(
        connection=mo,
        changes={"ring": "close", "kind": "friend", "gives": ["emotional"], "feels": "supportive"},
        version=1,
        by=cast.practitioner,
    )
    services.connection_end(connection=mo, on=days_ago(0), reason="", version=2, by=None)
    assert list(SnapshotEntry.objects.filter(snapshot=snapshot).values()) == before
    entry = snapshot.entries.get()
    assert (entry.ring, entry.kind, entry.feels, entry.ended_on) == (
        "outer",
        "neighbour",
        "mixed",
        None,
    )


def test_connection_delete_removes_it_from_the_map_and_every_snapshot(cast, person):
    first, second, third = build_map(person, cast.practitioner, 3, prefix="Aunt")
    one = services.snapshot_take(person=person, taken_on=days_ago(20), kind="baseline", by=None)
    two = services.snapshot_take(person=person, taken_on=days_ago(10), kind="review", by=None)
    services.connection_delete(connection=second, by=cast.practitioner)
    assert not Connection.objects.filter(pk=second.pk).exists()
    assert not SnapshotEntry.objects.filter(connection_id=second.pk).exists()
    assert not Tie.objects.filter(person=person).filter(a_id=second.pk).exists()
    assert not Tie.objects.filter(person=person).filter(b_id=second.pk).exists()
    for snapshot in (one, two):
        snapshot.refresh_from_db()
        assert snapshot.entries.count() == 2
        assert all(second.pk not in tie for tie in snapshot.ties)
    assert Connection.objects.filter(pk__in=[first.pk, third.pk]).count() == 2


def test_connection_delete_is_audited_without_the_label_or_who_they_knew(cast, person):
    first, second, _third = build_map(person, cast.practitioner, 3, prefix="Auntie Vi")
    deleted = second.pk
    services.connection_delete(connection=second, by=cast.practitioner)
    event = AuditEvent.objects.get(action=AuditAction.DELETED)
    assert event.actor == cast.practitioner
    assert event.target_type == "people.person"
    assert event.detail == {
        "deleted": "network.connection",
        "connection": deleted,
        "at_persons_request": True,
    }
    assert "Auntie Vi" not in f"{event.target_label} {event.detail}"
    assert str(first.pk) not in str(event.detail.get("knows", ""))


def test_after_deleting_the_label_is_nowhere_in_the_audit_trail(cast, person):
    mo = _add(person, cast.practitioner, label="Auntie Vi")
    services.connection_update(connection=mo, changes={"ring": "close"}, version=1, by=None)
    services.connection_delete(connection=mo, by=cast.practitioner)
    for event in AuditEvent.objects.all():
        assert "Auntie Vi" not in f"{event.target_label} {event.detail}"


def test_ties_set_replaces_who_a_connection_knows_lower_id_first(cast, person):
    a, b, c = (_add(person, None, label=label) for label in "ABC")
    stranger = _add(PersonFactory(team=cast.team), None, label="Not Sam's")
    services.ties_set(connection=c, knows=[a, b, stranger, c], by=cast.practitioner)
    assert set(person.ties.values_list("a_id", "b_id")) == {(a.pk, c.pk), (b.pk, c.pk)}
    services.ties_set(connection=c, knows=[b], by=cast.practitioner)
    assert set(person.ties.values_list("a_id", "b_id")) == {(b.pk, c.pk)}
    event = AuditEvent.objects.filter(action=AuditAction.CHANGED).latest("pk")
    assert event.detail == {"knows": [b.pk], "subject": person.pk}


def test_connection_delete_recounts_the_snapshots_and_the_report_pairs(cast, person):
    import datetime as dt

    from django.utils import timezone

    from connecting_people.outcomes.models import ChangePair
    from connecting_people.outcomes.pairs import NETWORK, SIZE

    today = timezone.localdate()
    friend = services.connection_add(
        person=person, by=None, label="Pat", kind="friend", ring="close", feels="supportive",
        started_on=today - dt.timedelta(days=300),
    )  # fmt: skip
    services.connection_add(
        person=person, by=None, label="Sue", kind="friend", ring="close", feels="supportive",
        started_on=today - dt.timedelta(days=300),
    )  # fmt: skip
    for days in (200, 10):
        services.snapshot_take(
            person=person, taken_on=today - dt.timedelta(days=days), kind="review", by=None
        )
    assert ChangePair.objects.get(person=person, instrument=NETWORK, score=SIZE).before == 2
    services.connection_delete(connection=friend, by=cast.practitioner)
    assert set(person.snapshots.values_list("current_count", flat=True)) == {1}
    pair = ChangePair.objects.get(person=person, instrument=NETWORK, score=SIZE)
    assert (pair.before, pair.after) == (1, 1)
