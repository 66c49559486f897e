"""`cpi demo` builds exactly the content it built when the fingerprints were taken.

The fingerprints (tests/demo/fingerprints/*.json.gz) are canonical dumps of every row the demo
leaves in a fresh database (see fingerprint.py for what is normalised). They were taken from the
demo as Python, before it became data files, so these tests prove the data files and their loader
build the same demo. When the demo is changed on purpose, write them again with
`CPI_DEMO_FINGERPRINT_WRITE=1 make test PYTEST_ARGS="-n 0 tests/demo/test_demo_content.py"`
and review the diff of the dumps.
"""

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from connecting_people.core.models import AuditEvent
from connecting_people.plans.models import Step
from tests.demo import fingerprint

HERE = Path(__file__).parent / "fingerprints"
WRITE = os.environ.get("CPI_DEMO_FINGERPRINT_WRITE") == "1"


def _check(name: str) -> None:
    content = fingerprint.dump()
    real_today = dt.datetime.now(dt.UTC).date().isoformat()
    assert real_today not in json.dumps(content), "a date from the real clock: freeze it"
    path = HERE / f"{name}.json.gz"
    if WRITE:
        fingerprint.save(content, path)
        pytest.skip(f"wrote {path}")
    expected = fingerprint.load(path)
    if connection.vendor != "sqlite":
        # The search tables are derived (rebuilt from the HSDS records by `cpi rebuild_search`),
        # and which row comes first, or which of two equal topics, follows the order the
        # database hands back: the fingerprints were taken on SQLite, so they are compared there
        # (tests/directory covers search on both). Every other table is compared on both.
        for found_in in (expected, content):
            for label in [k for k in found_in if k.startswith("directory.search")]:
                del found_in[label]
    found = fingerprint.differences(expected, content)
    assert not found, "The demo built different content:\n" + "\n".join(found[:40])


@pytest.mark.slow
def test_cpi_demo_builds_the_fingerprinted_content(db, monkeypatch):
    fingerprint.freeze(monkeypatch)
    call_command("demo")
    _check("demo")


@pytest.mark.slow
def test_cpi_demo_people_adds_the_fingerprinted_crowd(db, monkeypatch):
    fingerprint.freeze(monkeypatch)
    call_command("demo")
    call_command("demo", "--people", "40")
    _check("demo-people-40")


def test_the_fingerprint_sees_a_changed_row(db, monkeypatch):
    """The comparison can fail: one changed word in one step is reported, by table and row."""
    fingerprint.freeze(monkeypatch)
    call_command("demo")
    expected = fingerprint.dump()
    step = Step.objects.order_by("pk").first()
    Step.objects.filter(pk=step.pk).update(text=step.text + "!")
    found = fingerprint.differences(expected, fingerprint.dump())
    assert found == [f"plans.step row 0: text: {step.text!r} -> {step.text + '!'!r}"]


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="emptying the append-only trail mid-test needs TRUNCATE or switching its guard off, "
    "which PostgreSQL refuses while the demo's deferred foreign-key checks wait for the commit; "
    "this test runs on SQLite, the two above on both",
)
def test_the_fingerprint_does_not_depend_on_primary_keys(db, monkeypatch):
    """A rebuild (new primary keys, as the old rows' keys are not reused) dumps the same."""
    fingerprint.freeze(monkeypatch)
    call_command("demo")
    first = fingerprint.dump()
    with connection.cursor() as cursor:  # a reset keeps the trail of the first build
        # Audit events are append-only (ADR 0004): only a table-wide statement empties them.
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table}")  # noqa: S608 (our own table)
    call_command("demo", "--reset")
    found = fingerprint.differences(first, fingerprint.dump())
    assert found == [], "\n".join(found)
