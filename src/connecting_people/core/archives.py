"""Zip archives read within bounds, so a small file that unpacks to gigabytes (a "zip bomb") is
refused instead of filling the memory or the disk.

    limits = check_zip(archive, name="riverside.zip")      # before anything is read
    budget = Budget(name="riverside.zip", limit=limits.unpacked_bytes)
    stream = budget.reader(archive.open(member))            # counts what it hands out

`check_zip` refuses an archive with more entries than `ARCHIVE_MAX_ENTRIES`, or whose entries
say they unpack to more than `ARCHIVE_MAX_UNPACKED_BYTES` in all, before any of it is read.
What an entry says about its size can be false, so a `Budget` also counts the bytes actually
read, across every entry of the archive, and stops at the same limit. (Python's zipfile already
stops an entry at the size the archive declares for it; the count is there so the bound does not
depend on that.) Both raise `ArchiveTooLarge`, whose message names the limit.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import IO, Any, cast

from django.conf import settings
from django.utils.translation import gettext as _

READ_SIZE = 64 * 1024


class ArchiveTooLarge(ValueError):
    """An archive over its limits; `message` says which, in words for the person importing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    unpacked_bytes: int
    entries: int


def archive_limits() -> Limits:
    """The limits from the settings (ARCHIVE_MAX_UNPACKED_BYTES and ARCHIVE_MAX_ENTRIES)."""
    return Limits(
        unpacked_bytes=settings.ARCHIVE_MAX_UNPACKED_BYTES, entries=settings.ARCHIVE_MAX_ENTRIES
    )


def size_text(size: int) -> str:
    """A number of bytes as people say it: 500 MB, 2.0 GB, 64 KB."""
    if size >= 1 << 30:
        return f"{size / (1 << 30):,.1f} GB"
    if size >= 1 << 20:
        return f"{size / (1 << 20):,.0f} MB"
    if size >= 1 << 10:
        return f"{size / (1 << 10):,.0f} KB"
    return f"{size:,} bytes"


def check_zip(archive: zipfile.ZipFile, *, name: str, limits: Limits | None = None) -> Limits:
    """Refuse the archive, before reading any of it, if it has too many entries or says it
    unpacks to too much. Returns the limits used."""
    limits = limits or archive_limits()
    entries = archive.infolist()
    if len(entries) > limits.entries:
        raise ArchiveTooLarge(
            _(
                "%(name)s holds %(count)s files, more than the %(limit)s an archive may hold "
                "(ARCHIVE_MAX_ENTRIES). Nothing was read from it."
            )
            % {"name": name, "count": f"{len(entries):,}", "limit": f"{limits.entries:,}"}
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.unpacked_bytes:
        raise ArchiveTooLarge(
            _(
                "%(name)s would unpack to %(size)s, more than the %(limit)s an archive may "
                "unpack to (ARCHIVE_MAX_UNPACKED_BYTES). Nothing was read from it."
            )
            % {"name": name, "size": size_text(unpacked), "limit": size_text(limits.unpacked_bytes)}
        )
    return limits


class Budget:
    """The bytes still allowed out of one archive, shared by every entry read from it."""

    def __init__(self, *, name: str, limit: int) -> None:
        self.name = name
        self.limit = limit
        self.used = 0

    def reader(self, raw: IO[bytes]) -> IO[bytes]:
        """`raw` (an opened entry), counting what is read from it against the budget."""
        return cast(IO[bytes], _Counted(raw, self))  # a binary stream, as `raw` is

    def spend(self, size: int) -> None:
        self.used += size
        if self.used > self.limit:
            raise ArchiveTooLarge(
                _(
                    "%(name)s unpacks to more than it says it holds, so reading stopped at "
                    "%(limit)s (ARCHIVE_MAX_UNPACKED_BYTES). Nothing was saved from it."
                )
                % {"name": self.name, "limit": size_text(self.limit)}
            )


class _Counted(io.BufferedIOBase):
    """A binary stream over an archive entry that stops once its budget is spent."""

    def __init__(self, raw: IO[bytes], budget: Budget) -> None:
        super().__init__()
        self._raw = raw
        self._budget = budget

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is not None and size >= 0:
            return self._spent(self._raw.read(size))
        chunks = []  # "all of it" is read a piece at a time, so the count stops it in time
        while chunk := self._spent(self._raw.read(READ_SIZE)):
            chunks.append(chunk)
        return b"".join(chunks)

    def read1(self, size: int = -1) -> bytes:
        return self.read(READ_SIZE if size is None or size < 0 else size)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()

    def _spent(self, data: bytes) -> bytes:
        self._budget.spend(len(data))
        return data
