"""Checked rows set aside on disk between checking and writing, so memory stays small.

The file is read once: each record's converted values go here, a batch at a time, and come back
in the same order when (and only if) every record in the file is fine.
"""

from __future__ import annotations

import copyreg
import pickle
import tempfile
import uuid
from collections.abc import Iterator
from typing import Any

from connecting_people.directory.hsds.importer.fields import uuid_from_int

BATCH = 5000


def _reduce_uuid(value: uuid.UUID) -> tuple[Any, tuple[int]]:
    return uuid_from_int, (value.int,)


# Ids are most of what is set aside: pickled as their number, not with a dict of their state.
_REDUCERS = copyreg.dispatch_table.copy()
_REDUCERS[uuid.UUID] = _reduce_uuid


class Spool:
    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)
        self.pending: list[tuple[str, tuple[Any, ...]]] = []

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def add(self, kind: str, row: tuple[Any, ...]) -> None:
        self.pending.append((kind, row))
        if len(self.pending) >= BATCH:
            self._set_aside()

    def _set_aside(self) -> None:
        pickler = pickle.Pickler(self.file, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = _REDUCERS
        pickler.dump(self.pending)
        self.pending = []

    def rows(self) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """Every row added, in order (kind, values)."""
        if self.pending:
            self._set_aside()
        self.file.seek(0)
        while True:
            try:
                batch = pickle.load(self.file)  # noqa: S301 (our own file, written just now)
            except EOFError:
                return
            yield from batch
