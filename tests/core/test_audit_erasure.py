"""Erasing a person's details from the audit trail keeps the chain checkable (ADR 0018).

From hash version 2 an event's hash covers a salted digest of its record label and detail, so
those can be blanked, once, with the event marked erased; the database allows that one change and
no other, and `cpi verify_audit` still finds every other kind of tampering.
"""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Q

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, AuditChainHead, AuditEvent
from connecting_people.core.models.audit import HASH_VERSION, event_hash, redact_events
from tests.core.test_audit_chain import _guard_off, _sql, _verify


def _events(cast, n=3):
    return [
        audit_record(
            by=cast.practitioner,
            action=AuditAction.CHANGED,
            target=cast.team,
            detail={"fields": ["name"], "n": n},
        )
        for n in range(n)
    ]


def _redact(event):
    return redact_events(Q(pk=event.pk))


def test_new_events_are_sealed_over_a_digest_of_their_personal_details(cast):
    event = _events(cast, 1)[0]
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.hash_version == HASH_VERSION == 2
    assert len(stored.personal_digest) == 64
    assert len(stored.personal_salt) == 32
    assert stored.redacted is False


def test_an_erased_events_details_are_blank_and_the_trail_still_checks(cast, capsys):
    events = _events(cast)
    assert _redact(events[1]) == 1
    erased = AuditEvent.objects.get(pk=events[1].pk)
    assert (erased.target_label, erased.detail, erased.personal_salt) == ("", {}, "")
    assert erased.redacted is True
    assert (erased.hash, erased.personal_digest) == (events[1].hash, events[1].personal_digest)
    assert _verify(capsys) == (0, "The audit trail is intact: 3 events checked.\n")


def test_an_event_is_erased_only_once(cast):
    event = _events(cast, 1)[0]
    assert _redact(event) == 1
    assert _redact(event) == 0
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE core_auditevent SET target_label = 'again' WHERE id = %s", [event.pk])


@pytest.mark.parametrize(
    "statement",
    [
        # blanking without marking the event erased
        "UPDATE core_auditevent SET target_label = '' WHERE id = %s",
        # marking it erased but leaving the detail
        "UPDATE core_auditevent SET redacted = TRUE, target_label = '', personal_salt = '' "
        "WHERE id = %s",
        # erasing and changing something else at the same time
        "UPDATE core_auditevent SET redacted = TRUE, target_label = '', detail = '{}', "
        "personal_salt = '', action = 'viewed' WHERE id = %s",
        "UPDATE core_auditevent SET redacted = TRUE, target_label = '', detail = '{}', "
        "personal_salt = '', personal_digest = '' WHERE id = %s",
        # erasing by writing other words in place of the details
        "UPDATE core_auditevent SET redacted = TRUE, target_label = 'x', detail = '{}', "
        "personal_salt = '' WHERE id = %s",
    ],
)
def test_the_database_allows_no_other_change_in_the_name_of_erasure(cast, statement):
    event = _events(cast, 1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).redacted is False


def test_an_erased_event_cannot_be_put_back(cast):
    event = _events(cast, 1)[0]
    _redact(event)
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE core_auditevent SET redacted = FALSE WHERE id = %s", [event.pk])


def _seal_as_version_1(event):
    """Turn a lone event back into one sealed before version 2 existed, as migration 0004 did."""
    fields = {**event.hashed_fields(), "hash_version": 1}
    hash_ = event_hash(fields, event.previous_hash)
    with _guard_off():
        _sql(
            "UPDATE core_auditevent SET hash_version = 1, personal_digest = '', "
            "personal_salt = '', hash = %s WHERE id = %s",
            [hash_, event.pk],
        )
    AuditChainHead.objects.filter(chain=event.chain).update(hash=hash_)
    return hash_


def test_events_sealed_with_version_1_still_check_and_cannot_be_erased(cast, capsys):
    event = _events(cast, 1)[0]
    _seal_as_version_1(event)
    assert _verify(capsys) == (0, "The audit trail is intact: 1 events checked.\n")
    assert _redact(event) == 0
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql(
            "UPDATE core_auditevent SET redacted = TRUE, target_label = '', detail = '{}' "
            "WHERE id = %s",
            [event.pk],
        )
    with _guard_off():
        _sql("UPDATE core_auditevent SET target_label = 'x' WHERE id = %s", [event.pk])
    assert "its content has been changed since it was written." in _verify(capsys)[1]


# Tampering is still found ------------------------------------------------------------------------


def _tampered(cast, capsys, statement, *, erase=True):
    events = _events(cast)
    if erase:
        _redact(events[1])
    with _guard_off():
        _sql(statement, [events[1].pk])
    status, said = _verify(capsys)
    assert status == 1
    assert f"Event {events[1].pk} (" in said
    return said


def test_a_changed_digest_is_found(cast, capsys):
    statement = "UPDATE core_auditevent SET personal_digest = 'ab' WHERE id = %s"
    said = _tampered(cast, capsys, statement)
    assert "its content has been changed since it was written." in said


def test_an_unerased_event_whose_details_were_changed_is_found(cast, capsys):
    statement = "UPDATE core_auditevent SET target_label = 'someone' WHERE id = %s"
    said = _tampered(cast, capsys, statement, erase=False)
    assert "its content has been changed since it was written." in said


def test_an_erased_event_marked_back_as_whole_is_found(cast, capsys):
    said = _tampered(cast, capsys, "UPDATE core_auditevent SET redacted = FALSE WHERE id = %s")
    assert "its content has been changed since it was written." in said


def test_details_written_back_into_an_erased_event_are_found(cast, capsys):
    statement = "UPDATE core_auditevent SET target_label = 'someone' WHERE id = %s"
    said = _tampered(cast, capsys, statement)
    assert "it is marked as erased, yet holds details" in said


def test_an_erased_event_with_another_part_changed_is_found(cast, capsys):
    said = _tampered(cast, capsys, "UPDATE core_auditevent SET action = 'viewed' WHERE id = %s")
    assert "its content has been changed since it was written." in said


def test_removing_an_account_after_erasure_leaves_the_trail_intact(cast, capsys):
    events = _events(cast, 2)
    _redact(events[0])
    cast.practitioner.delete()
    assert set(AuditEvent.objects.values_list("actor_id", flat=True)) == {None}
    assert _verify(capsys) == (0, "The audit trail is intact: 2 events checked.\n")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL guard")
def test_postgresql_still_refuses_deleting_an_erased_event(cast):
    event = _events(cast, 1)[0]
    _redact(event)
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("DELETE FROM core_auditevent WHERE id = %s", [event.pk])


def test_the_trail_says_an_erased_events_details_were_erased(cast):
    from connecting_people.core.trail import in_words

    event = audit_record(by=cast.practitioner, action=AuditAction.VIEWED, target=cast.team)
    _redact(event)
    words = in_words(AuditEvent.objects.select_related("actor", "team").get(pk=event.pk))
    assert words == "Pat Practitioner viewed accounts.team (details erased)"
