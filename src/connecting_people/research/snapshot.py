"""Reading the whole export in one snapshot of the database, so its files agree with each other:
a row saved while the export runs is in none of them, rather than in the tables read after it.

PostgreSQL: a transaction set to REPEATABLE READ, READ ONLY as its first statement. Every query in
it sees the database as it stood at the first query; READ ONLY makes sure the export writes
nothing. Writers are not held up: PostgreSQL keeps the old row versions for the snapshot.

SQLite: one transaction, begun DEFERRED. In WAL mode (the embedded setup's, settings.py) a read
transaction sees the database as it stood at its first read until it ends, and writers carry on
meanwhile. The connection's own transaction_mode is IMMEDIATE, which would take the write lock at
BEGIN and hold up every save in the app for the whole export (each waiting for busy_timeout, then
failing), so the export's transaction is begun DEFERRED: it never asks for the write lock. (While
it is open, WAL checkpoints cannot pass its snapshot, so the WAL file grows until it ends.)

Called inside a transaction already (a caller's, or a test's: pytest-django wraps each test in
one), that transaction decides what is seen, and only a savepoint is added: the isolation level
can be set only before a transaction's first query.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

SNAPSHOT_SQL = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"


@contextmanager
def read_snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Everything read inside sees one snapshot of the database; the transaction ends on leaving,
    however that happens (an error, or a download's generator closed when the client goes)."""
    connection = connections[using]
    if connection.in_atomic_block:
        with transaction.atomic(using=using):
            yield
        return
    # A health check is a query: run it now, outside the transaction, not as its first query.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with ExitStack() as stack:
        with _deferred(connection):
            stack.enter_context(transaction.atomic(using=using))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(SNAPSHOT_SQL)
        yield


@contextmanager
def _deferred(connection: Any) -> Iterator[None]:
    """On SQLite, BEGIN DEFERRED for the transaction begun inside (the setting's mode after)."""
    if connection.vendor != "sqlite":
        yield
        return
    mode = connection.transaction_mode
    connection.transaction_mode = "DEFERRED"
    try:
        yield
    finally:
        connection.transaction_mode = mode
