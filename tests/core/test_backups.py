"""`cpi backup` and `cpi restore`: a round trip to the microsecond, and every refusal."""

from __future__ import annotations

import importlib
import io
import json
import shutil
import sqlite3
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from connecting_people.core import backups
from connecting_people.directory.search import fulltext
from tests.factories import UserFactory
from tests.research.test_snapshot import SEEDING

pytestmark = pytest.mark.django_db(transaction=True)

POSTGRESQL = connection.vendor == "postgresql"
PASSPHRASE = "correct horse battery staple"
SECRET = "a-secret-key-for-the-backup-tests-" + "s" * 20
RESEARCH = "r" * 64 + "\n"


@pytest.fixture
def data_dir(tmp_path, settings):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    (folder / "secret_key").write_text(SECRET)
    (folder / "research_key").write_text(RESEARCH)
    settings.DATA_DIR = folder
    return folder


@pytest.fixture
def seeded(transactional_db):
    """The rows data migrations add, which the demo needs: an earlier transactional test's flush
    may have removed them (see tests/research/test_snapshot.py)."""
    from django.apps import apps

    for target in SEEDING:
        module, function = target.split(":")
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def passphrase_file(tmp_path):
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n")
    return str(path)


@pytest.fixture(autouse=True)
def _no_env_passphrase(monkeypatch):
    monkeypatch.delenv(backups.PASSPHRASE_ENV, raising=False)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table (search tables included), as the database gives it."""
    tables = {}
    with connection.cursor() as cursor:
        for table in backups.table_names(connection):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            tables[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return tables


def wipe_database() -> None:
    """Make the test database a fresh, empty one: no tables at all."""
    if POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        return
    connection.ensure_connection()
    empty = sqlite3.connect(":memory:")
    empty.backup(connection.connection)
    empty.close()


def rewrite(archive: Path, change) -> None:
    """Rewrite the archive, `change(name, data)` giving each part's new content."""
    with tarfile.open(archive, "r:gz") as tar:
        parts = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in parts.items():
            data = change(name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile(backups.MANIFEST).read())


@pytest.mark.skipif(
    POSTGRESQL and not shutil.which("pg_dump"), reason="pg_dump is not installed here"
)
def test_round_trip_into_a_fresh_database_and_data_folder(
    seeded, data_dir, passphrase_file, tmp_path, settings
):
    call_command("demo")
    before = snapshot()
    facts = before[fulltext.FACTS_TABLE]
    assert facts, "the demo should fill the search facts"
    if not POSTGRESQL:
        assert before[fulltext.FTS_TABLE], "the demo should fill the full-text table"
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive), "--passphrase-file", passphrase_file, stdout=io.StringIO())

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    manifest = manifest_of(archive)
    assert manifest["engine"] == connection.vendor
    assert manifest["keys"] == ["research_key", "secret_key"]
    assert manifest["row_counts"] == {table: len(rows) for table, rows in before.items()}
    assert "core.0004_audit_chain" in manifest["migrations"]
    assert SECRET.encode() not in archive.read_bytes()

    wipe_database()
    assert backups.table_names(connection) == []
    fresh = tmp_path / "fresh-data"
    settings.DATA_DIR = fresh
    out = io.StringIO()
    call_command("restore", str(archive), "--passphrase-file", passphrase_file, stdout=out)

    after = snapshot()
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, f"{table} differs after the round trip"
    assert (fresh / "secret_key").read_text() == SECRET
    assert (fresh / "research_key").read_text() == RESEARCH
    for name in ("secret_key", "research_key"):
        assert stat.S_IMODE((fresh / name).stat().st_mode) == 0o600
    assert "all counts checked" in out.getvalue()
    call_command("verify_audit", stdout=io.StringIO())  # the chains survive intact


def test_the_round_trip_keeps_microseconds(data_dir, passphrase_file, tmp_path):
    user = UserFactory()
    type(user).objects.filter(pk=user.pk).update(date_joined="2026-12-07T14:35:01.654321+00:00")
    archive = tmp_path / "backup.tar.gz"
    backups.backup(archive, passphrase=PASSPHRASE)
    wipe_database()

    backups.restore(archive, passphrase=PASSPHRASE, replace=False)

    restored = type(user).objects.get(pk=user.pk)
    assert restored.date_joined.microsecond == 654321


@pytest.mark.skipif(not POSTGRESQL, reason="the tsvector column exists only on PostgreSQL")
def test_postgresql_keeps_the_search_vectors(seeded, data_dir, tmp_path):
    call_command("demo")
    query = (
        f"SELECT id, {fulltext.PG_COLUMN}::text FROM {fulltext.FACTS_TABLE} "  # noqa: S608
        f"WHERE {fulltext.PG_COLUMN} IS NOT NULL ORDER BY id"
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        vectors = cursor.fetchall()
    assert vectors
    archive = tmp_path / "backup.tar.gz"
    backups.backup(archive, passphrase=PASSPHRASE)
    wipe_database()

    backups.restore(archive, passphrase=PASSPHRASE, replace=False)

    with connection.cursor() as cursor:
        cursor.execute(query)
        assert cursor.fetchall() == vectors
        cursor.execute("SELECT COUNT(*) FROM pg_indexes WHERE indexname = %s", [fulltext.PG_INDEX])
        assert cursor.fetchone()[0] == 1


def test_a_wrong_passphrase_is_refused_and_nothing_changes(data_dir, tmp_path):
    UserFactory()
    archive = tmp_path / "backup.tar.gz"
    backups.backup(archive, passphrase=PASSPHRASE)
    UserFactory()
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase at all")

    with pytest.raises(CommandError, match="That passphrase does not open the keys"):
        call_command("restore", str(archive), "--passphrase-file", str(wrong), "--replace", "--yes")

    assert UserFactory._meta.model.objects.count() == 2


def test_a_changed_database_part_is_refused(data_dir, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backups.backup(archive, passphrase=PASSPHRASE)
    part = backups.DATABASE_PARTS[connection.vendor]
    rewrite(archive, lambda name, data: data[:-1] + bytes([data[-1] ^ 1]) if name == part else data)

    with pytest.raises(CommandError, match=f"damaged or has been changed .{part} does not match"):
        call_command("restore", str(archive), "--passphrase-file", _file(tmp_path, PASSPHRASE))


def test_a_database_swapped_in_with_its_checksum_does_not_open_the_keys(data_dir, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backups.backup(archive, passphrase=PASSPHRASE)
    part = backups.DATABASE_PARTS[connection.vendor]
    other = tmp_path / "other.tar.gz"
    UserFactory()
    backups.backup(other, passphrase=PASSPHRASE)
    with tarfile.open(other, "r:gz") as tar:
        swapped = tar.extractfile(part).read()

    def swap(name, data):
        if name == part:
            return swapped
        if name == backups.MANIFEST:
            manifest = json.loads(data)
            manifest["parts"][part] = backups._sha256(swapped)
            return json.dumps(manifest).encode()
        return data

    rewrite(archive, swap)

    with pytest.raises(backups.BackupError, match="does not open the keys"):
        backups.restore(archive, passphrase=PASSPHRASE, replace=True)


def test_a_file_that_is_not_an_archive_is_refused(tmp_path):
    archive = tmp_path / "backup.tar.gz"
    archive.write_bytes(b"not a backup")

    with pytest.raises(CommandError, match="damaged or has been changed"):
        call_command("restore", str(archive), "--passphrase-file", _file(tmp_path, PASSPHRASE))


def test_a_backup_from_a_newer_version_is_refused(data_dir, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backups.backup(archive, passphrase=PASSPHRASE)

    def newer(name, data):
        if name != backups.MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("core.9999_from_the_future")
        return json.dumps(manifest).encode()

    rewrite(archive, newer)

    with pytest.raises(CommandError, match=r"made by a newer version.*core.9999_from_the_future"):
        call_command("restore", str(archive), "--passphrase-file", _file(tmp_path, PASSPHRASE))


def test_a_database_with_accounts_is_not_replaced_without_replace(data_dir, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backups.backup(archive, passphrase=PASSPHRASE)
    UserFactory()

    with pytest.raises(CommandError, match=r"already holds accounts.*--replace"):
        call_command("restore", str(archive), "--passphrase-file", _file(tmp_path, PASSPHRASE))
    assert UserFactory._meta.model.objects.count() == 1

    call_command(
        "restore",
        str(archive),
        "--passphrase-file",
        _file(tmp_path, PASSPHRASE),
        "--replace",
        "--yes",
        stdout=io.StringIO(),
    )
    assert UserFactory._meta.model.objects.count() == 0


def test_replace_asks_first(data_dir, tmp_path, monkeypatch):
    archive = tmp_path / "backup.tar.gz"
    backups.backup(archive, passphrase=PASSPHRASE)
    UserFactory()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    args = ["restore", str(archive), "--passphrase-file", _file(tmp_path, PASSPHRASE), "--replace"]

    with pytest.raises(CommandError, match="Nothing has been restored"):
        call_command(*args)
    assert UserFactory._meta.model.objects.count() == 1


def test_backup_refuses_without_a_passphrase_unless_without_keys(data_dir, tmp_path):
    archive = tmp_path / "backup.tar.gz"

    with pytest.raises(CommandError, match=r"--passphrase-file FILE.*--without-keys"):
        call_command("backup", str(archive))
    assert not archive.exists()

    out = io.StringIO()
    call_command("backup", str(archive), "--without-keys", stdout=out)
    assert "The keys are not in this backup" in out.getvalue()
    assert manifest_of(archive)["keys"] == []


def test_the_passphrase_can_come_from_the_environment(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(backups.PASSPHRASE_ENV, PASSPHRASE)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert manifest_of(archive)["keys"] == ["research_key", "secret_key"]


def test_a_restore_of_a_backup_with_keys_needs_the_passphrase(data_dir, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backups.backup(archive, passphrase=PASSPHRASE)

    with pytest.raises(CommandError, match="give its passphrase"):
        call_command("restore", str(archive))


def test_a_short_passphrase_is_refused(data_dir, tmp_path):
    with pytest.raises(CommandError, match="too short"):
        call_command(
            "backup", str(tmp_path / "b.tar.gz"), "--passphrase-file", _file(tmp_path, "short")
        )


def _file(folder: Path, text: str) -> str:
    path = folder / "passphrase-file"
    path.write_text(text)
    return str(path)
