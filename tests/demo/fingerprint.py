"""A canonical dump of every row the demo leaves in the database: its content fingerprint.

Two builds of the same demo give the same dump, whatever their primary keys or the day they run:

- `frozen_today` fixes `timezone.now()` (and so `timezone.localdate()`, which the demo counts its
  days from) to FROZEN_NOW, so every date the demo works out is the same on any day.
- Integer primary keys become the row's position among its table's rows in key order, and every
  foreign key (and an audit event's target) the position of the row it points to.
- Keys kept inside text and JSON (an audit event's target and its "knows", a snapshot's ties)
  are mapped the same way. Ties are compared as a set, as their insertion order follows a set.
- Datetimes stamped with the real clock (`default=timezone.now` is bound before the freeze; the
  instruments are loaded when the test database is made) read "<now>"; password hashes are dropped.

`dump()` returns {model label: [row, ...]} with each row a dict of plain JSON values.
"""

from __future__ import annotations

import datetime as dt
import decimal
import gzip
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

FROZEN_NOW = dt.datetime(2025, 3, 12, 9, 30, tzinfo=dt.UTC)  # a Wednesday, long before any run
SKIPPED_APPS = {"contenttypes", "sessions", "auth", "admin"}
DROPPED_FIELDS = {"password"}
NOW = "<now>"
REAL_CLOCK = FROZEN_NOW + dt.timedelta(days=400)  # the demo's dates are within ~2 years before
# Keys of an audit event's detail that hold primary keys, and of what.
DETAIL_KEYS = {
    "knows": "network.connection",
    "feedback": "directory.feedback",
    "connector": "directory.communityconnector",
}
# Tables whose rows are written in an order that follows their primary keys' hashes (ties_set
# walks a set of keys): compared as sets, sorted, without their keys.
UNORDERED = {"network.tie"}
# Tables whose rows are written in whatever order the database hands back their sources (the
# search facts are rebuilt from an unordered walk of the services, which SQLite and PostgreSQL
# return differently). Nothing points at their keys, so their rows are compared as a set, with
# their own keys left out — on both sides, so a fingerprint taken before still reads.
ORDER_FREE = {"directory.searchfacts"}
SHOWN = 3  # differing rows shown per table
# The audit trail's hash chain (ADR 0004) is worked out from the content above and from primary
# keys, so it is left out, with the chains' heads.
CHAIN_FIELDS = {"chain", "sequence", "previous_hash", "hash", "recorded_actor_id"}
CHAIN_FIELDS |= {"recorded_team_id"}
# ...and how each event is sealed (ADR 0018): the digest is salted at random, so it differs on
# every run; the version and the erased flag are the same for every event the demo writes.
CHAIN_FIELDS |= {"hash_version", "personal_digest", "personal_salt", "redacted"}
SKIPPED_MODELS = {"core.auditchainhead"}
# The practice reflection's areas and questions come from a migration (issue 13), not from the
# demo: reference data that is the same in every database, whatever the demo builds.
SKIPPED_MODELS |= {"practice.reflectionarea", "practice.reflectionquestion"}


def freeze(monkeypatch: Any) -> None:
    monkeypatch.setattr(timezone, "now", lambda: FROZEN_NOW)


def _models() -> Iterator[type[models.Model]]:
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in SKIPPED_APPS and _name(model) not in SKIPPED_MODELS:
            yield model


def _positions(model: type[models.Model]) -> dict[Any, int]:
    pks = model._default_manager.order_by("pk").values_list("pk", flat=True)
    return {pk: n for n, pk in enumerate(pks)}


def _integer_pk(model: type[models.Model]) -> bool:
    return isinstance(model._meta.pk, models.AutoField)  # Big and Small are AutoFields too


def _name(model: type[models.Model]) -> str:
    """A table's name in the fingerprint: its model label, or for the models of who works where,
    which moved from accounts to core on the same tables (ADR 16), the name the audit trail keeps
    for them, so a fingerprint taken before the move still reads."""
    return getattr(model, "audit_kind", model._meta.label_lower)


def dump() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table the demo can touch, canonical (see the module's docstring)."""
    positions = {model: _positions(model) for model in _models() if _integer_pk(model)}
    by_label = {_name(model): model for model in positions}
    result: dict[str, list[dict[str, Any]]] = {}
    for model in _models():
        fields = [f for f in model._meta.concrete_fields if f.name not in DROPPED_FIELDS]
        if _name(model) == "core.auditevent":
            fields = [f for f in fields if f.name not in CHAIN_FIELDS]
        rows = []
        table = model._default_manager.order_by("pk")
        for values in table.values_list(*(f.attname for f in fields)):
            row = {
                f.name: _value(f, value, positions=positions)
                for f, value in zip(fields, values, strict=True)
            }
            _ids_inside(_name(model), row, positions, by_label)
            rows.append(row)
        if _name(model) in UNORDERED:
            for row in rows:
                del row[model._meta.pk.name]
            rows.sort(key=lambda row: json.dumps(row, sort_keys=True))
        if rows:
            result[_name(model)] = rows
    return result


def _ids_inside(
    label: str,
    row: dict[str, Any],
    positions: dict[type[models.Model], dict[Any, int]],
    by_label: dict[str, type[models.Model]],
) -> None:
    """Primary keys kept in text or JSON: an audit event's target, a snapshot's ties."""
    connections = positions[apps.get_model("network", "Connection")]
    if label == "core.auditevent":
        target = by_label.get(row["target_type"])
        if target is not None and row["target_id"].isdigit():
            pk = row["target_id"]
            row["target_id"] = positions[target].get(int(pk), "<gone>")
            if row["target_label"].endswith(f" {pk}"):
                row["target_label"] = row["target_label"][: -len(pk)] + f"#{row['target_id']}"
        # Whose record a child record is (ADR 0004) follows from the target: left out, like the
        # chain, so fingerprints taken before it was recorded still read.
        row["detail"].pop("subject", None)
        for key, value in row["detail"].items():
            if key in DETAIL_KEYS and value is not None:
                found = positions[apps.get_model(DETAIL_KEYS[key])]
                pks = value if isinstance(value, list) else [value]
                mapped = [found.get(pk, "<gone>") for pk in pks]
                row["detail"][key] = mapped if isinstance(value, list) else mapped[0]
    elif label == "network.snapshot":
        row["ties"] = [[connections.get(pk, "<gone>") for pk in tie] for tie in row["ties"]]


def _value(
    field: models.Field,
    value: Any,
    *,
    positions: dict[type[models.Model], dict[Any, int]],
) -> Any:
    if value is None:
        return None
    if field.primary_key and field.model in positions:
        return positions[field.model][value]
    if field.is_relation and field.related_model in positions:
        return positions[field.related_model].get(value, "<gone>")
    if field.is_relation and field.related_model is not None:
        return str(field.related_model._default_manager.get(pk=value))
    if isinstance(value, dt.datetime):
        return NOW if value >= REAL_CLOCK else value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def save(content: dict[str, list[dict[str, Any]]], path: Path) -> None:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, indent=0)
    path.write_bytes(gzip.compress(text.encode(), mtime=0))


def load(path: Path) -> dict[str, list[dict[str, Any]]]:
    return json.loads(gzip.decompress(path.read_bytes()))


def _as_a_set(rows: list[dict]) -> list[dict]:
    keyless = [{k: v for k, v in row.items() if k != "id"} for row in rows]
    return sorted(keyless, key=lambda row: json.dumps(row, sort_keys=True))


def _without_new_empty_columns(a: dict, b: dict) -> tuple[dict, dict]:
    """A column added since the fingerprint was taken, empty in every row the demo writes (such
    as `ChangePair.erased`: the demo erases nobody), reads the same as its absence."""
    return (
        {k: v for k, v in a.items() if k in b or v is not None},
        {k: v for k, v in b.items() if k in a or v is not None},
    )


def differences(expected: dict[str, list[dict]], actual: dict[str, list[dict]]) -> list[str]:
    """What differs, table by table: row counts, and the first few rows that differ."""
    found = []
    for label in sorted(set(expected) | set(actual)):
        want, got = expected.get(label, []), actual.get(label, [])
        if label in ORDER_FREE:
            want, got = _as_a_set(want), _as_a_set(got)
        if len(want) != len(got):
            found.append(f"{label}: {len(want)} rows expected, {len(got)} built")
        shown = 0
        for n, (a, b) in enumerate(zip(want, got, strict=False)):
            a, b = _without_new_empty_columns(a, b)
            if a != b and shown < SHOWN:
                keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
                changes = ", ".join(f"{k}: {a.get(k)!r} -> {b.get(k)!r}" for k in keys)
                found.append(f"{label} row {n}: {changes}")
                shown += 1
    return found
