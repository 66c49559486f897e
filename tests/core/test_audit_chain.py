"""The audit trail is append-only and tamper-evident (ADR 0004, 2026-12-07).

Tampering is done here as an intruder with database access would: plain SQL, with the database's
own guard (the append-only trigger) switched off first, since that is what such a person can do.
"""

import threading
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from connecting_people.core.audit import audit_record
from connecting_people.core.models import (
    AuditAction,
    AuditChainHead,
    AuditEvent,
    AuditTrailIsAppendOnly,
)
from connecting_people.core.models.audit import GENESIS, chain_for, event_hash, personal_digest
from connecting_people.people.models import Person
from tests.factories import PersonFactory, UserFactory

POSTGRESQL = connection.vendor == "postgresql"


def _trail(cast, n=5):
    """n events by one account, all in one chain."""
    return [
        audit_record(by=cast.practitioner, action=AuditAction.VIEWED, target=cast.team)
        for _ in range(n)
    ]


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@contextmanager
def _guard_off():
    """Switch the append-only trigger off, as an intruder with database access could."""
    if POSTGRESQL:
        _sql("SET CONSTRAINTS ALL IMMEDIATE")  # no ALTER TABLE while foreign key checks wait
        _sql("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
        yield
        _sql("SET CONSTRAINTS ALL IMMEDIATE")
        _sql("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_append_only")
        _sql("SET CONSTRAINTS ALL DEFERRED")
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE name = 'core_auditevent_append_only'"
            )
            (create,) = cursor.fetchone()
        _sql("DROP TRIGGER core_auditevent_append_only")
        yield
        _sql(create)


def _verify(capsys):
    """Run `cpi verify_audit`: (exit status, what it printed)."""
    try:
        call_command("verify_audit")
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out + err


# Writing ----------------------------------------------------------------------------------------


def test_each_event_follows_the_one_before_it_in_its_chain(cast):
    events = _trail(cast, 3)
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[0].previous_hash == GENESIS
    assert [e.previous_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    stored = AuditEvent.objects.get(pk=events[2].pk)
    assert event_hash(stored.hashed_fields(), stored.previous_hash) == stored.hash
    head = AuditChainHead.objects.get(chain=events[0].chain)
    assert (head.sequence, head.hash) == (3, events[2].hash)


def test_the_hash_covers_every_part_of_the_event(cast):
    event = _trail(cast, 1)[0]
    fields = event.hashed_fields()
    for name, other in [
        ("at", event.at.replace(microsecond=(event.at.microsecond + 1) % 1_000_000)),
        ("recorded_actor_id", 999),
        ("actor_label", "someone@else.example"),
        ("action", "changed"),
        ("target_type", "people.person"),
        ("target_id", "999"),
        ("personal_digest", "f" * 64),
        ("hash_version", 1),
        ("recorded_team_id", 999),
        ("ip_address", "10.0.0.1"),
        ("sequence", 99),
        ("chain", 7),
    ]:
        assert event_hash({**fields, name: other}, event.previous_hash) != event.hash, name
    assert event_hash(fields, "f" * 64) != event.hash
    # The label and the detail are covered through their digest (ADR 0018).
    for name, other in [("target_label", "other"), ("detail", {"x": 1}), ("personal_salt", "0")]:
        changed = {**fields, name: other}
        digest = personal_digest(
            changed["target_label"], changed["detail"], changed["personal_salt"]
        )
        assert digest != event.personal_digest, name


def test_each_account_writes_to_one_chain_and_accounts_spread_over_chains(cast):
    audit_record(by=cast.practitioner, action=AuditAction.VIEWED, target=cast.team)
    audit_record(by=None, action=AuditAction.SIGN_IN_FAILED, actor_label="x@example.org")
    chains = set(AuditEvent.objects.values_list("chain", flat=True))
    assert chains == {chain_for(cast.practitioner.pk), chain_for(None)}
    assert len({chain_for(pk) for pk in range(1, 9)}) == 8


def test_writing_an_event_costs_one_extra_query(cast, django_assert_num_queries):
    with transaction.atomic(), django_assert_num_queries(2):  # lock the chain's head; insert
        audit_record(by=cast.practitioner, action=AuditAction.VIEWED, target=cast.team)


def test_a_missing_chain_head_is_taken_up_again_from_the_chains_last_event(cast, capsys):
    first = _trail(cast, 1)[0]
    AuditChainHead.objects.all().delete()  # as a test database flush, or a new chain, does
    event = _trail(cast, 1)[0]
    assert event.sequence == 2
    assert event.previous_hash == first.hash
    assert _verify(capsys)[0] == 0


def test_a_failed_audit_write_fails_the_request_and_its_change(sign_in, cast, monkeypatch):
    person = PersonFactory(team=cast.team, preferred_name="Ayo", pronouns="she/her")

    seal = AuditEvent._seal

    def broken(self, using):  # the change's event fails; the page view's event is written
        if self.action == AuditAction.CHANGED:
            raise DatabaseError("the audit table is unavailable")
        seal(self, using)

    client = sign_in(cast.practitioner)
    monkeypatch.setattr(AuditEvent, "_seal", broken)
    with pytest.raises(DatabaseError):
        client.post(
            reverse("people:edit", args=[person.pk]),
            {"preferred_name": "Ayo", "pronouns": "he/him", "version": person.version},
        )
    person.refresh_from_db()
    assert person.pronouns == "she/her"
    assert person.version == 1
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGED).exists()


# Append-only ------------------------------------------------------------------------------------


def test_the_orm_refuses_to_change_or_delete_an_event(cast):
    event = _trail(cast, 1)[0]
    event.target_label = "something else"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(target_label="x")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.update(target_label="x")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.bulk_create([AuditEvent(action=AuditAction.VIEWED)])
    assert AuditEvent.objects.get(pk=event.pk).target_label == "North Team"


def test_the_database_refuses_an_update_in_plain_sql(cast):
    event = _trail(cast, 1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE core_auditevent SET target_label = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql(
            "UPDATE core_auditevent SET actor_id = %s WHERE id = %s", [cast.team_lead.pk, event.pk]
        )
    assert AuditEvent.objects.get(pk=event.pk).target_label == "North Team"


@pytest.mark.skipif(not POSTGRESQL, reason="SQLite has no DELETE guard (see the migration)")
def test_postgresql_refuses_a_delete_in_plain_sql(cast):
    event = _trail(cast, 1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_removing_an_account_or_team_clears_the_link_and_leaves_the_trail_intact(cast, capsys):
    leaver = UserFactory()
    audit_record(by=leaver, action=AuditAction.VIEWED, target=cast.other_team)
    leaver.delete()
    cast.other_team.delete()
    event = AuditEvent.objects.get()
    assert (event.actor_id, event.team_id) == (None, None)
    assert event.recorded_actor_id is not None
    assert event.recorded_team_id is not None
    assert _verify(capsys) == (0, "The audit trail is intact: 1 events checked.\n")


# cpi verify_audit -------------------------------------------------------------------------------


def test_an_intact_trail_passes(cast, capsys):
    _trail(cast, 4)
    audit_record(by=None, action=AuditAction.CREATED, actor_label="cpi demo", detail={"b": [1]})
    assert _verify(capsys) == (0, "The audit trail is intact: 5 events checked.\n")


def test_an_empty_trail_passes(db, capsys):
    assert _verify(capsys) == (0, "The audit trail is intact: 0 events checked.\n")


def test_a_row_changed_in_plain_sql_is_found(cast, capsys):
    events = _trail(cast, 5)
    with _guard_off():
        _sql("UPDATE core_auditevent SET action = 'changed' WHERE id = %s", [events[2].pk])
    status, said = _verify(capsys)
    assert status == 1
    assert f"Event {events[2].pk} (" in said
    assert "number 3): its content has been changed since it was written." in said


def test_a_row_changed_with_its_hash_recomputed_is_found_at_the_next_link(cast, capsys):
    events = _trail(cast, 5)
    forged = {**events[2].hashed_fields(), "action": "changed"}
    with _guard_off():
        _sql(
            "UPDATE core_auditevent SET action = 'changed', hash = %s WHERE id = %s",
            [event_hash(forged, events[2].previous_hash), events[2].pk],
        )
    status, said = _verify(capsys)
    assert status == 1
    assert f"Event {events[3].pk} (" in said
    assert "it does not follow the event before it" in said


def test_a_deleted_row_is_found(cast, capsys):
    events = _trail(cast, 5)
    with _guard_off():
        _sql("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    status, said = _verify(capsys)
    assert status == 1
    assert f"Event {events[2].pk} (" in said
    assert "missing (number 2): they were deleted" in said


def test_deleting_the_last_rows_is_found(cast, capsys):
    events = _trail(cast, 5)
    with _guard_off():
        _sql("DELETE FROM core_auditevent WHERE id >= %s", [events[3].pk])
    status, said = _verify(capsys)
    assert status == 1
    assert "the last 2 event(s) of chain" in said


def test_a_forged_row_is_found_even_with_a_correct_hash(cast, capsys):
    events = _trail(cast, 3)
    last = events[-1]
    forged = {**last.hashed_fields(), "sequence": 4, "action": "created"}
    _sql(
        "INSERT INTO core_auditevent (at, actor_label, action, target_type, target_id, "
        "target_label, detail, chain, sequence, previous_hash, hash, recorded_actor_id) "
        "VALUES (%s, %s, 'created', '', '', '', '{}', %s, 4, %s, %s, %s)",
        [
            last.at,
            last.actor_label,
            last.chain,
            last.hash,
            event_hash(
                {
                    **forged,
                    "target_type": "",
                    "target_id": "",
                    "target_label": "",
                    "detail": {},
                    "ip_address": None,
                    "recorded_team_id": None,
                    "hash_version": 1,  # the column's default for a row written by hand
                },
                last.hash,
            ),
            last.recorded_actor_id,
        ],
    )
    status, said = _verify(capsys)
    assert status == 1
    assert "number 4): it was added after the chain's last recorded event, not by the app." in said


def test_rows_reordered_are_found(cast, capsys):
    events = _trail(cast, 3)
    with _guard_off():
        _sql("UPDATE core_auditevent SET sequence = 9 WHERE id = %s", [events[0].pk])
        _sql("UPDATE core_auditevent SET sequence = 1 WHERE id = %s", [events[1].pk])
        _sql("UPDATE core_auditevent SET sequence = 2 WHERE id = %s", [events[0].pk])
    status, said = _verify(capsys)
    assert status == 1
    assert f"Event {events[1].pk} (" in said


def test_a_repointed_account_link_is_found(cast, capsys):
    event = _trail(cast, 1)[0]
    with _guard_off():
        _sql(
            "UPDATE core_auditevent SET actor_id = %s WHERE id = %s", [cast.team_lead.pk, event.pk]
        )
    status, said = _verify(capsys)
    assert status == 1
    assert f"its actor has been changed from {cast.practitioner.pk} to {cast.team_lead.pk}" in said


# Existing rows and concurrency ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_events_recorded_before_the_chain_are_chained_in_id_order(capsys):
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before = [("core", "0002_who_works_where")]
    executor.migrate(before)
    try:
        old = MigrationExecutor(connection).loader.project_state(before).apps
        OldEvent = old.get_model("core", "AuditEvent")
        for n in range(12):
            OldEvent.objects.create(action="viewed", actor_label=f"{n}@x.org", detail={"n": n})
    finally:
        MigrationExecutor(connection).migrate(leaves)
    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.sequence for e in events] == list(range(1, 13))
    assert _verify(capsys) == (0, "The audit trail is intact: 12 events checked.\n")
    audit_record(by=None, action=AuditAction.VIEWED)  # the chain carries on from there
    assert AuditEvent.objects.order_by("pk").last().previous_hash == events[-1].hash
    assert _verify(capsys)[0] == 0


@pytest.mark.skipif(
    not POSTGRESQL,
    reason="needs a database server: SQLite's shared in-memory test database cannot take two "
    "writers at once (and SQLite serialises writers anyway)",
)
@pytest.mark.django_db(transaction=True)
def test_two_requests_writing_at_once_never_fork_a_chain(capsys):
    writers = [UserFactory(), UserFactory()]  # two threads each: two writers on one chain
    barrier = threading.Barrier(4, timeout=30)
    errors = []

    def write(user):
        try:
            barrier.wait()
            for _ in range(25):
                with transaction.atomic():
                    audit_record(by=user, action=AuditAction.VIEWED)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(u,)) for u in writers + writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert AuditEvent.objects.count() == 100
    assert _verify(capsys) == (0, "The audit trail is intact: 100 events checked.\n")


def test_a_person_page_view_is_chained_like_any_other_event(sign_in, cast, capsys):
    person = PersonFactory(team=cast.team)
    sign_in(cast.practitioner).get(person.get_absolute_url())
    assert AuditEvent.objects.filter(target_type="people.person").exists()
    assert Person.objects.count() == 1
    assert _verify(capsys)[0] == 0


def test_the_database_guards_are_in_place_after_every_migration(db):
    # A later migration that rebuilds the table on SQLite would drop them without a word.
    if POSTGRESQL:
        query = "SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditevent'::regclass"
    else:
        query = (
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_auditevent'"
        )
    with connection.cursor() as cursor:
        cursor.execute(query)
        names = {name for (name,) in cursor.fetchall()}
    assert {"core_auditevent_append_only", "core_auditevent_advance_chain"} <= names
