"""Audit events can have a person's details erased without breaking the chain (ADR 0018).

New events are sealed with hash version 2: the hash covers a salted digest of the record's label
and the detail rather than the words themselves. Events already recorded keep version 1 (the
column's default), and stay exactly as sealed: nothing here rewrites a hash.

The database's guard now allows one more change: blanking the label, the detail and the salt of
a version 2 event, once, while marking it erased, with everything else untouched.

On SQLite, adding these columns rebuilds the table, which drops its triggers: they are created
again at the end (and the old ones on the way back).
"""

import importlib

from django.db import migrations, models

chain = importlib.import_module("connecting_people.core.migrations.0004_audit_chain")

_ERASABLE = ["target_label", "detail", "personal_salt", "redacted"]
_PG_WITHOUT_ERASABLE = "".join(f" - '{c}'" for c in _ERASABLE)

POSTGRESQL_FORWARDS = [
    f"""
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
        IF TG_OP = 'UPDATE'
            AND OLD.hash_version >= 2 AND NOT OLD.redacted AND NEW.redacted
            AND NEW.target_label = '' AND NEW.detail = '{{}}'::jsonb AND NEW.personal_salt = ''
            AND (to_jsonb(NEW){_PG_WITHOUT_ERASABLE}) = (to_jsonb(OLD){_PG_WITHOUT_ERASABLE})
        THEN
            RETURN NEW;  -- a person's details erased, once; the digest the hash covers is kept
        END IF;
        RAISE EXCEPTION 'The audit trail is append-only: event % cannot be %.',
            OLD.id, lower(TG_OP) || 'd'
            USING ERRCODE = 'integrity_constraint_violation';
    END $$
    """,
]
POSTGRESQL_BACKWARDS = chain.POSTGRESQL_FORWARDS[:1]  # the function as it was; triggers unchanged

_KEPT = [c for c in chain._UNCHANGED if c not in _ERASABLE] + ["hash_version", "personal_digest"]
_KEPT_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _KEPT)
_ALL_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in [*_KEPT, *_ERASABLE])
SQLITE_FORWARDS = [
    "DROP TRIGGER IF EXISTS core_auditevent_append_only",
    "DROP TRIGGER IF EXISTS core_auditevent_advance_chain",
    f"""
    CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE ON core_auditevent
    WHEN NOT (
        (
            NOT ({_ALL_CHANGED})
            AND (NEW.actor_id IS NULL OR NEW.actor_id IS OLD.actor_id)
            AND (NEW.team_id IS NULL OR NEW.team_id IS OLD.team_id)
        ) OR (
            NOT ({_KEPT_CHANGED})
            AND NEW.actor_id IS OLD.actor_id AND NEW.team_id IS OLD.team_id
            AND OLD.hash_version >= 2 AND OLD.redacted = 0 AND NEW.redacted = 1
            AND NEW.target_label = '' AND NEW.detail = '{{}}' AND NEW.personal_salt = ''
        )
    )
    BEGIN
        SELECT RAISE(ABORT, 'The audit trail is append-only: events cannot be changed.');
    END
    """,
    chain.SQLITE_FORWARDS[1],
]
SQLITE_BACKWARDS = ["DROP TRIGGER IF EXISTS core_auditevent_append_only"]
SQLITE_BACKWARDS += ["DROP TRIGGER IF EXISTS core_auditevent_advance_chain"]
SQLITE_BACKWARDS += chain.SQLITE_FORWARDS


class Migration(migrations.Migration):
    dependencies = [("core", "0005_data_protection_role")]

    operations = [
        # On the way back, after the columns are gone (and the table rebuilt on SQLite).
        migrations.RunPython(
            migrations.RunPython.noop,
            chain._run({"postgresql": POSTGRESQL_BACKWARDS, "sqlite": SQLITE_BACKWARDS}),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash_version",
            field=models.PositiveSmallIntegerField(
                default=1, db_default=1, editable=False, verbose_name="hash version"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="personal_digest",
            field=models.CharField(
                blank=True,
                default="",
                db_default="",
                editable=False,
                max_length=64,
                verbose_name="digest of the personal details",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="personal_salt",
            field=models.CharField(
                blank=True, default="", db_default="", editable=False, max_length=32
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="redacted",
            field=models.BooleanField(
                default=False, db_default=False, editable=False, verbose_name="details erased"
            ),
        ),
        migrations.RunPython(
            chain._run({"postgresql": POSTGRESQL_FORWARDS, "sqlite": SQLITE_FORWARDS}),
            # On the way back, before the columns go: SQLite refuses to drop a column a trigger
            # names.
            chain._run({"sqlite": SQLITE_BACKWARDS[:2]}),
        ),
    ]
