"""The export reads all its tables in one snapshot: a row saved by someone else while it runs is in
none of its files. The evaluator's streamed download opens that transaction inside its generator
and closes it however the download ends."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import importlib
import io
import threading

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, connections, transaction
from django.db.utils import ConnectionHandler
from django.test.utils import CaptureQueriesContext

from connecting_people.research import export
from connecting_people.research.scope import Scope
from connecting_people.research.snapshot import SNAPSHOT_SQL, read_snapshot
from connecting_people.research.tables import TABLES, people
from tests.plans.factories import GoalFactory, PersonFactory
from tests.research.conftest import KEY

URL = "/research/export/"
POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database server: SQLite's shared in-memory test database is not in WAL mode, "
    "so a second connection cannot write while a read is open (the SQLite snapshot is tested "
    "on a WAL database file of its own below; CI runs this on PostgreSQL)",
)

# Transactional tests empty the database when they end (pytest-django runs them after every other
# database test), so the rows that data migrations add, which `world` needs, may be gone: they
# are added again first, as the migrations add them. (Django's serialized_rollback would restore
# them, but clashes on PostgreSQL with the content types an earlier transactional test's flush
# made again.)
SEEDING = [
    "connecting_people.taxonomy.migrations.0002_builtin_categories:add_categories",
    "connecting_people.plans.migrations.0002_builtin_barrier_types:add_barrier_types",
    "connecting_people.directory.migrations.0002_interest_taxonomy:forwards",
]


@pytest.fixture
def seeded(transactional_db):
    from django.apps import apps

    for target in SEEDING:
        module, function = target.split(":")
        getattr(importlib.import_module(module), function)(apps, None)


def run_export(folder, *options):
    call_command("export_research", str(folder), *options, stdout=io.StringIO())
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def people_in(files, name):
    return {r["person"] for r in csv.DictReader(io.StringIO(files[f"{name}.csv"].decode()))}


def _in_another_connection(write):
    """Run `write` in a thread, so on a connection of its own, committed when it returns."""
    failed = []

    def run():
        try:
            write()
        except Exception as error:  # handed back to the test
            failed.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    if failed:
        raise failed[0]


def _write_between_tables(monkeypatch, write):
    """Run `write` on another connection once people.csv has been read, before the next table."""
    done = []

    def rows(ctx, ids):
        if not done:
            done.append(True)
            _in_another_connection(write)
        return people.PLAN.rows(ctx, ids)

    hooked = dataclasses.replace(people.PLAN, rows=rows)
    monkeypatch.setattr(export, "TABLES", tuple(hooked if t is people.PLAN else t for t in TABLES))
    return done


def _writer(world):
    team, someone = world.cast.team, world.north[0]

    def write():
        PersonFactory(team=team, preferred_name="Latecomer")
        GoalFactory(person=someone, text="A goal added during the export")

    return write


@POSTGRESQL
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")
def test_rows_saved_while_the_export_runs_are_in_none_of_its_files(
    world, research_key, tmp_path, monkeypatch
):
    before = run_export(tmp_path / "before")
    with monkeypatch.context() as patch:
        hooked = _write_between_tables(patch, _writer(world))
        during = run_export(tmp_path / "during")
    assert hooked == [True]
    assert during == before  # byte for byte: nothing saved after it began
    after = run_export(tmp_path / "after")
    assert len(people_in(after, "people")) == len(people_in(before, "people")) + 1


@POSTGRESQL
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")
def test_without_the_snapshot_the_same_write_would_split_the_files(
    world, research_key, tmp_path, monkeypatch
):
    """The test above can fail: read table by table, the files disagree."""
    before = run_export(tmp_path / "before")
    monkeypatch.setattr(export, "read_snapshot", contextlib.nullcontext)
    _write_between_tables(monkeypatch, _writer(world))
    split = run_export(tmp_path / "split")
    assert split["people.csv"] == before["people.csv"]  # read before the write
    assert split["goals_steps_summary.csv"] != before["goals_steps_summary.csv"]  # after it
    assert split["aggregates.csv"] != before["aggregates.csv"]  # counts the latecomer


@pytest.mark.django_db(transaction=True)
def test_the_export_begins_its_own_snapshot_transaction(cast, research_key, tmp_path):
    PersonFactory(team=cast.team)
    before = getattr(connection, "transaction_mode", None)
    with CaptureQueriesContext(connection) as queries:
        export.write_folder(_folder(tmp_path), Scope(), KEY.encode())
    sql = [q["sql"] for q in queries.captured_queries]
    # Django logs PostgreSQL's BEGIN itself; SQLite's is a statement Django sends.
    first = ["BEGIN DEFERRED"] if connection.vendor == "sqlite" else ["BEGIN", SNAPSHOT_SQL]
    assert sql[: len(first)] == first
    assert sum(s.startswith("BEGIN") for s in sql) == 1  # one transaction for every file
    assert sum(s.startswith("SET TRANSACTION") for s in sql) == len(first) - 1
    assert not connection.in_atomic_block
    assert getattr(connection, "transaction_mode", None) == before  # the setting's own again


def _folder(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_inside_a_transaction_already_it_adds_only_a_savepoint(cast, research_key, tmp_path):
    PersonFactory(team=cast.team)
    with CaptureQueriesContext(connection) as queries:
        export.write_folder(_folder(tmp_path), Scope(), KEY.encode())
    sql = [q["sql"] for q in queries.captured_queries]
    assert sql[0].startswith("SAVEPOINT")
    assert not [s for s in sql if s.startswith(("BEGIN", "SET TRANSACTION"))]


def _transaction_open():
    if connection.vendor == "sqlite":
        return connection.connection is not None and connection.connection.in_transaction
    with connection.cursor() as cursor:
        cursor.execute("SHOW transaction_isolation")
        isolation = cursor.fetchone()[0]
        cursor.execute("SHOW transaction_read_only")
        read_only = cursor.fetchone()[0]
    return (isolation, read_only) == ("repeatable read", "on")


@pytest.mark.django_db(transaction=True)
def test_download_opens_the_snapshot_in_its_generator_and_closes_it_when_the_client_goes(
    cast, sign_in, research_key
):
    for n in range(3):
        PersonFactory(team=cast.team, preferred_name=f"Person {n}")
    response = sign_in(cast.evaluator).post(URL, {"organisation": cast.organisation.slug})
    assert response.streaming
    assert not connection.in_atomic_block  # the view has returned; nothing is open yet
    pieces = iter(response.streaming_content)
    assert next(pieces)  # the first file, read inside the snapshot
    assert connection.in_atomic_block
    assert _transaction_open()
    response.close()  # what the server does when the client disconnects half way
    assert not connection.in_atomic_block
    assert connection.vendor != "sqlite" or not connection.connection.in_transaction


@pytest.mark.django_db(transaction=True)
def test_download_closes_the_snapshot_when_it_is_all_sent(cast, sign_in, research_key):
    PersonFactory(team=cast.team)
    response = sign_in(cast.evaluator).post(URL, {"organisation": cast.organisation.slug})
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert not connection.in_atomic_block
    response.close()


@pytest.mark.django_db(transaction=True)
def test_download_closed_before_it_starts_opens_nothing(cast, sign_in, research_key):
    response = sign_in(cast.evaluator).post(URL, {"organisation": cast.organisation.slug})
    response.close()
    assert not connection.in_atomic_block


# SQLite in WAL mode, as the embedded setup runs it (settings.py), on a database file of its own.


@pytest.fixture
def wal(tmp_path, django_db_blocker, monkeypatch):
    """Two connections (reader, writer) to one SQLite file, set up as settings.py's embedded
    database is: WAL, and IMMEDIATE transactions. Short busy timeout: a lock fails fast."""
    options = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=50;",
        "transaction_mode": "IMMEDIATE",
    }
    database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "wal.sqlite3"),
        "OPTIONS": options,
    }
    handler = ConnectionHandler(
        {"default": dict(database), "wal_reader": database, "wal_writer": dict(database)}
    )
    reader, writer = handler["wal_reader"], handler["wal_writer"]
    with django_db_blocker.unblock():
        connections["wal_reader"] = reader  # so transaction.atomic(using=...) finds it
        try:
            with writer.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                assert cursor.fetchone()[0] == "wal"
                cursor.execute("CREATE TABLE counted (n integer)")
                cursor.execute("INSERT INTO counted VALUES (1)")
            yield reader, writer
        finally:
            del connections["wal_reader"]
            reader.close()
            writer.close()


def _count(db):
    with db.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM counted")
        return cursor.fetchone()[0]


def _insert(db):
    with db.cursor() as cursor:
        cursor.execute("INSERT INTO counted VALUES (2)")


def test_on_sqlite_a_write_during_the_snapshot_goes_through_and_is_not_seen(wal):
    reader, writer = wal
    with read_snapshot(using="wal_reader"):
        assert _count(reader) == 1
        _insert(writer)  # not held up: the export's transaction took no write lock
        assert _count(reader) == 1  # and not seen: one snapshot for the whole export
        assert _count(writer) == 2
    assert _count(reader) == 2
    assert reader.transaction_mode == "IMMEDIATE"  # the setting's own mode, back again


def test_on_sqlite_the_settings_own_transaction_would_lock_writers_out(wal):
    """Why the export begins its transaction DEFERRED: the IMMEDIATE mode that the app's saves
    use takes the write lock at BEGIN, and would hold every save up for the whole export."""
    reader, writer = wal
    with transaction.atomic(using="wal_reader"):
        assert _count(reader) == 1
        with pytest.raises(OperationalError, match="locked"):
            _insert(writer)
