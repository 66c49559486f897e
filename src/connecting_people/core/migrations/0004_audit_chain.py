"""The audit trail becomes append-only and tamper-evident (ADR 0004, section of 2026-12-07).

Every event gets a place in a hash chain (chain, sequence, previous hash, hash) and keeps the ids
of its account and team as written. Events already recorded are chained here in id order. Then
the database itself refuses changes:

- PostgreSQL: a trigger rejects DELETE, and any UPDATE except the one Django makes when an account
  or a team is removed (the link set to NULL, nothing else touched).
- SQLite: the same UPDATE trigger. No DELETE trigger: Django empties tables with DELETE between
  transactional tests, and on SQLite anyone who can write the file can drop a trigger anyway;
  a deleted event is found by `cpi verify_audit`.

A second trigger moves the chain's head to each new event's hash, so writing an event costs one
extra statement (the one that locks the head), not two.
"""

from django.db import migrations, models

from connecting_people.core.models.audit import (
    AUDIT_CHAINS,
    GENESIS,
    HASHED_FIELDS,
    canonical_detail,
    chain_for,
    event_hash,
)

BATCH = 1000

POSTGRESQL_FORWARDS = [
    """
    CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE'
            AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id)
            AND (NEW.team_id IS NULL OR NEW.team_id = OLD.team_id)
            AND (to_jsonb(NEW) - 'actor_id' - 'team_id') = (to_jsonb(OLD) - 'actor_id' - 'team_id')
        THEN
            RETURN NEW;  -- an account or a team was removed: only the link is cleared
        END IF;
        RAISE EXCEPTION 'The audit trail is append-only: event % cannot be %.',
            OLD.id, lower(TG_OP) || 'd'
            USING ERRCODE = 'integrity_constraint_violation';
    END $$
    """,
    """
    CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only()
    """,
    """
    CREATE OR REPLACE FUNCTION core_auditevent_advance_chain() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE core_auditchainhead SET hash = NEW.hash WHERE chain = NEW.chain;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER core_auditevent_advance_chain AFTER INSERT ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_advance_chain()
    """,
]
POSTGRESQL_BACKWARDS = [
    "DROP TRIGGER IF EXISTS core_auditevent_advance_chain ON core_auditevent",
    "DROP FUNCTION IF EXISTS core_auditevent_advance_chain()",
    "DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent",
    "DROP FUNCTION IF EXISTS core_auditevent_append_only()",
]

_UNCHANGED = [
    "id",
    "at",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "detail",
    "ip_address",
    "recorded_actor_id",
    "recorded_team_id",
    "chain",
    "sequence",
    "previous_hash",
    "hash",
]
_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _UNCHANGED)
SQLITE_FORWARDS = [
    f"""
    CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE ON core_auditevent
    WHEN {_CHANGED}
        OR (NEW.actor_id IS NOT NULL AND NEW.actor_id IS NOT OLD.actor_id)
        OR (NEW.team_id IS NOT NULL AND NEW.team_id IS NOT OLD.team_id)
    BEGIN
        SELECT RAISE(ABORT, 'The audit trail is append-only: events cannot be changed.');
    END
    """,
    """
    CREATE TRIGGER core_auditevent_advance_chain AFTER INSERT ON core_auditevent
    BEGIN
        UPDATE core_auditchainhead SET hash = NEW.hash WHERE chain = NEW.chain;
    END
    """,
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS core_auditevent_advance_chain",
    "DROP TRIGGER IF EXISTS core_auditevent_append_only",
]


def chain_existing_events(apps, schema_editor):
    """Give every event already recorded its place in a chain, in id order."""
    alias = schema_editor.connection.alias
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    heads = {chain: (0, GENESIS) for chain in range(AUDIT_CHAINS)}
    batch = []
    fields = ["recorded_actor_id", "recorded_team_id", "chain", "sequence", "previous_hash"]
    fields += ["hash", "detail"]
    for event in AuditEvent.objects.using(alias).order_by("pk").iterator(chunk_size=BATCH):
        event.recorded_actor_id = event.actor_id
        event.recorded_team_id = event.team_id
        event.detail = canonical_detail(event.detail)
        event.chain = chain_for(event.actor_id)
        sequence, previous = heads[event.chain]
        event.sequence, event.previous_hash = sequence + 1, previous
        event.hash = event_hash({f: getattr(event, f) for f in HASHED_FIELDS}, previous)
        heads[event.chain] = (event.sequence, event.hash)
        batch.append(event)
        if len(batch) == BATCH:
            AuditEvent.objects.using(alias).bulk_update(batch, fields)
            batch = []
    AuditEvent.objects.using(alias).bulk_update(batch, fields)
    AuditChainHead.objects.using(alias).bulk_create(
        AuditChainHead(chain=chain, sequence=sequence, hash=hash_)
        for chain, (sequence, hash_) in heads.items()
    )


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)  # no placeholders: RAISE uses %

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0003_join_requests")]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("chain", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("sequence", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(default=GENESIS, max_length=64)),
            ],
            options={"verbose_name": "audit chain head"},
        ),
        migrations.AddField(
            model_name="auditevent",
            name="recorded_actor_id",
            field=models.BigIntegerField(
                editable=False, null=True, verbose_name="who (id as recorded)"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="recorded_team_id",
            field=models.BigIntegerField(
                editable=False, null=True, verbose_name="team (id as recorded)"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="chain"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(
                default=0, editable=False, verbose_name="number in chain"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="previous hash"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("chain", "sequence"), name="audit_chain_sequence"
            ),
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_FORWARDS, "sqlite": SQLITE_FORWARDS}),
            _run({"postgresql": POSTGRESQL_BACKWARDS, "sqlite": SQLITE_BACKWARDS}),
        ),
    ]
