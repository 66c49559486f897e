"""Sorting a file's lines with bounded memory: sorted runs spill to temporary files, which are
then merged. Rows are sorted by their text, so their order says nothing about the records'
database order (which follows the order people were added, day by day)."""

from __future__ import annotations

import heapq
import tempfile
from collections.abc import Iterator
from typing import IO

RUN_SIZE = 20_000  # lines held in memory before a sorted run spills to disk


class SortedLines:
    """Add lines (each ending in a newline, with none inside), then iterate them sorted."""

    def __init__(self, run_size: int = RUN_SIZE) -> None:
        self._run_size = run_size
        self._run: list[str] = []
        self._spilled: list[IO[str]] = []
        self.count = 0

    def add(self, line: str) -> None:
        self._run.append(line)
        self.count += 1
        if len(self._run) >= self._run_size:
            self._spill()

    def _spill(self) -> None:
        self._run.sort()
        # Unlinked at once on POSIX: nothing is left on disk if the export stops half way.
        file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115 (closed by __iter__)
        file.writelines(self._run)
        file.seek(0)
        self._spilled.append(file)
        self._run = []

    def __iter__(self) -> Iterator[str]:
        self._run.sort()
        try:
            yield from heapq.merge(*self._spilled, self._run)
        finally:
            for file in self._spilled:
                file.close()
            self._spilled, self._run = [], []
