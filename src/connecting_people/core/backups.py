"""Backups: one archive holding a consistent copy of the database and the data folder's keys.

`cpi backup FILE` writes a tar archive with three parts:

- `database.sqlite3` (the embedded setup: SQLite's online backup API, so the copy is consistent
  while the app runs and writes) or `database.pgdump` (PostgreSQL: `pg_dump --format=custom`).
  Either holds every table, the full-text search tables (FTS5 on SQLite, the tsvector column and
  its index on PostgreSQL) and the audit trail's triggers.
- `keys.enc`: the keys kept outside the database (`secret_key`, `research_key` in the data
  folder), encrypted with a passphrase: scrypt makes a key from it and a random salt, AES-GCM
  encrypts. The database part's SHA-256 is bound in as associated data, so a database swapped in
  under the same manifest does not open with the keys.
- `manifest.json`: format version, time, engine, the migrations applied, each table's row count and
  each part's SHA-256.

`cpi restore FILE` checks the hashes, the migration state and the passphrase before it changes
anything, then restores the database and the keys (0600) and checks the row counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection as default_connection
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

from connecting_people.core.data_files import FILE_MODE

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KEYS = "keys.enc"
DATABASE_PARTS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
KEY_FILES = ("secret_key", "research_key")
PASSPHRASE_ENV = "CPI_BACKUP_PASSPHRASE"  # noqa: S105 (where it is read from, not a passphrase)
PASSPHRASE_MIN_LENGTH = 12
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
SALT_BYTES = 16
NONCE_BYTES = 12
MAX_PART_BYTES = 64 * 1024**3  # refuse an archive claiming more than this before unpacking


class BackupError(Exception):
    """A plain message for the person running the command."""


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    keys: list[str] = field(default_factory=list)
    older: list[str] = field(default_factory=list)  # migrations the backup had not yet applied


# Passphrase and keys --------------------------------------------------------------------------


def read_passphrase(passphrase_file: str | None) -> str | None:
    """The passphrase from the file given, else from CPI_BACKUP_PASSPHRASE, else None."""
    if passphrase_file:
        try:
            passphrase = Path(passphrase_file).read_text().strip("\r\n")
        except OSError as error:
            message = f"Could not read the passphrase file {passphrase_file}: {error.strerror}."
            raise BackupError(message) from None
    else:
        passphrase = os.environ.get(PASSPHRASE_ENV, "")
        if not passphrase:
            return None
    if len(passphrase) < PASSPHRASE_MIN_LENGTH:
        raise BackupError(
            f"The passphrase is too short: use at least {PASSPHRASE_MIN_LENGTH} characters."
        )
    return passphrase


def _derive(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    return Scrypt(salt=salt, length=32, **params).derive(passphrase.encode())


def encrypt_keys(keys: dict[str, str], passphrase: str, bound_to: str) -> bytes:
    salt, nonce = secrets.token_bytes(SALT_BYTES), secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(_derive(passphrase, salt, SCRYPT)).encrypt(
        nonce, json.dumps(keys, sort_keys=True).encode(), _associated(bound_to)
    )
    return salt + nonce + sealed


def decrypt_keys(blob: bytes, passphrase: str, bound_to: str, params: dict[str, int]) -> dict:
    salt, nonce = blob[:SALT_BYTES], blob[SALT_BYTES : SALT_BYTES + NONCE_BYTES]
    sealed = blob[SALT_BYTES + NONCE_BYTES :]
    try:
        plain = AESGCM(_derive(passphrase, salt, params)).decrypt(
            nonce, sealed, _associated(bound_to)
        )
    except InvalidTag:
        raise BackupError(
            "That passphrase does not open the keys in this backup (or the backup has been "
            "changed). Nothing has been restored."
        ) from None
    return json.loads(plain)


def _associated(database_sha256: str) -> bytes:
    return f"connecting-people-backup:{FORMAT_VERSION}:{database_sha256}".encode()


def data_folder_keys() -> dict[str, str]:
    """The keys kept in the data folder (only those that are there)."""
    folder = Path(settings.DATA_DIR)
    return {name: (folder / name).read_text() for name in KEY_FILES if (folder / name).is_file()}


# The database ---------------------------------------------------------------------------------


def engine(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DATABASE_PARTS:
        raise BackupError(f"Backups work with SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def table_names(connection: BaseDatabaseWrapper) -> list[str]:
    """Every table, the search tables included (FTS5 and its shadow tables on SQLite)."""
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in table_names(connection):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.applied_migrations)


def known_migrations(connection: BaseDatabaseWrapper) -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def _pg_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq's variables for the connection: the password never goes on a command line."""
    given = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if given.get(key):
            env[variable] = str(given[key])
    return env


def _run(command: list[str], connection: BaseDatabaseWrapper, what: str) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not installed: it is needed to {what}.")
    result = subprocess.run(  # noqa: S603 (a fixed program with our own arguments)
        [program, *command[1:]],
        env=_pg_environment(connection),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} could not {what}: {result.stderr.strip()}")


def copy_database(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    """A consistent copy of the live database in `target`; the row counts of that copy."""
    if engine(connection) == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # in one step: one consistent read
        finally:
            destination.close()
        return _sqlite_counts(target)
    # Count in the very snapshot pg_dump copies, so writes made meanwhile change neither.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts(connection)
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            connection,
            "copy the database",
        )
    return counts


def load_database(connection: BaseDatabaseWrapper, source: Path) -> None:
    """Put the copy in `source` in place of the database's content."""
    if engine(connection) == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
        return
    connection.close()  # pg_restore drops the tables: hold no locks on them
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        connection,
        "restore the database",
    )


def has_data(connection: BaseDatabaseWrapper) -> bool:
    """Whether the database holds accounts already (a fresh one, migrated or not, holds none)."""
    table = get_user_model()._meta.db_table
    if table not in table_names(connection):
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return cursor.fetchone()[0] > 0


# The archive ----------------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), FILE_MODE
    archive.addfile(info, io.BytesIO(data))


def backup(
    target: Path,
    *,
    passphrase: str | None,
    connection: BaseDatabaseWrapper = default_connection,
) -> dict[str, Any]:
    """Write the archive to `target` (0600) and return its manifest."""
    kind = engine(connection)
    part = DATABASE_PARTS[kind]
    keys = data_folder_keys() if passphrase else {}
    with tempfile.TemporaryDirectory(prefix="cpi-backup-") as work:
        copy = Path(work) / part
        counts = copy_database(connection, copy)
        database_sha = _sha256_file(copy)
        sealed = encrypt_keys(keys, passphrase, database_sha) if passphrase else None
        manifest = {
            "format": FORMAT_VERSION,
            "app": "connecting-people",
            "made_at": dt.datetime.now(dt.UTC).isoformat(),
            "engine": kind,
            "migrations": applied_migrations(connection),
            "row_counts": counts,
            "keys": sorted(keys),
            "kdf": {"name": "scrypt", **SCRYPT} if sealed else None,
            "parts": {part: database_sha, **({KEYS: _sha256(sealed)} if sealed else {})},
        }
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        os.fchmod(descriptor, FILE_MODE)
        with os.fdopen(descriptor, "wb") as file, tarfile.open(fileobj=file, mode="w:gz") as tar:
            _add(tar, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
            tar.add(copy, arcname=part, filter=_owner_only)
            if sealed:
                _add(tar, KEYS, sealed)
    return manifest


def _owner_only(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mode, info.uid, info.gid, info.uname, info.gname = FILE_MODE, 0, 0, "", ""
    return info


def _sqlite_counts(path: Path) -> dict[str, int]:
    database = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in database.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'sqlite_sequence'"
            )
        ]
        return {
            name: database.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in sorted(names)
        }
    finally:
        database.close()


def _damaged(detail: str) -> BackupError:
    return BackupError(
        f"This backup is damaged or has been changed ({detail}). Nothing has been restored."
    )


def read_archive(source: Path, work: Path) -> dict[str, Any]:
    """Unpack the archive's known parts into `work`, check their hashes; return the manifest."""
    try:
        with tarfile.open(source, mode="r:gz") as tar:
            members = {member.name: member for member in tar.getmembers()}
            if MANIFEST not in members:
                raise _damaged("it has no manifest")
            manifest = json.loads(_extract(tar, members[MANIFEST]))
            for name, expected in manifest.get("parts", {}).items():
                if name not in (*DATABASE_PARTS.values(), KEYS):
                    raise _damaged(f"it names an unknown part {name!r}")
                if name not in members:
                    raise _damaged(f"{name} is missing")
                data = _extract(tar, members[name])
                if _sha256(data) != expected:
                    raise _damaged(f"{name} does not match its checksum")
                path = work / name
                path.write_bytes(data)
                path.chmod(FILE_MODE)
    except FileNotFoundError:
        raise BackupError(f"There is no file {source}.") from None
    except (tarfile.TarError, EOFError, OSError, ValueError, KeyError) as error:
        raise _damaged(f"it could not be read: {error}") from None
    if manifest.get("app") != "connecting-people" or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            "This is not a Connecting People backup this version can read (format "
            f"{manifest.get('format')!r}). Nothing has been restored."
        )
    return manifest


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    if not member.isfile() or member.size > MAX_PART_BYTES:
        raise _damaged(f"{member.name} is not an ordinary file of a sensible size")
    stream = tar.extractfile(member)
    if stream is None:
        raise _damaged(f"{member.name} could not be read")
    return stream.read()


def restore(
    source: Path,
    *,
    passphrase: str | None,
    replace: bool,
    connection: BaseDatabaseWrapper = default_connection,
) -> RestoreResult:
    """Check the archive, then restore the database and the keys; check the row counts after."""
    kind = engine(connection)
    with tempfile.TemporaryDirectory(prefix="cpi-restore-") as folder:
        work = Path(folder)
        manifest = read_archive(source, work)
        if manifest["engine"] != kind:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database, but this setup uses {kind}. "
                "Nothing has been restored."
            )
        part = DATABASE_PARTS[kind]
        if part not in manifest["parts"]:
            raise _damaged("it has no database")
        unknown = sorted(set(manifest["migrations"]) - known_migrations(connection))
        if unknown:
            raise BackupError(
                "This backup was made by a newer version of Connecting People: it has changes to "
                f"the database this version does not know ({', '.join(unknown[:5])}"
                f"{', …' if len(unknown) > 5 else ''}). Install the newer version, then restore. "
                "Nothing has been restored."
            )
        keys: dict[str, str] = {}
        if KEYS in manifest["parts"]:
            if not passphrase:
                raise BackupError(
                    "This backup holds the data folder's keys, encrypted: give its passphrase "
                    f"with --passphrase-file or {PASSPHRASE_ENV}. Nothing has been restored."
                )
            keys = decrypt_keys(
                (work / KEYS).read_bytes(),
                passphrase,
                manifest["parts"][part],
                {k: v for k, v in manifest["kdf"].items() if k != "name"},
            )
        if has_data(connection) and not replace:
            raise BackupError(
                "This database already holds accounts. To put the backup in their place, run "
                "again with --replace. Nothing has been restored."
            )
        load_database(connection, work / part)
        _write_keys(keys)
    counts = row_counts(connection)
    wrong = [
        f"{table} ({expected} in the backup, {counts.get(table)} now)"
        for table, expected in manifest["row_counts"].items()
        if counts.get(table) != expected
    ]
    if wrong:
        raise BackupError(
            "The database was restored, but some tables do not hold what the backup recorded: "
            + "; ".join(wrong[:10])
        )
    older = sorted(known_migrations(connection) - set(manifest["migrations"]))
    return RestoreResult(manifest=manifest, keys=sorted(keys), older=older)


def _write_keys(keys: dict[str, str]) -> None:
    folder = Path(settings.DATA_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for name, content in keys.items():
        if name not in KEY_FILES:
            continue
        path = folder / name
        temporary = folder / f".{name}.restoring"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        os.fchmod(descriptor, FILE_MODE)
        with os.fdopen(descriptor, "w") as file:
            file.write(content)
        temporary.replace(path)
