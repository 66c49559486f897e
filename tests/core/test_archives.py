"""core/archives.py: a zip is refused before it is read if it holds too many entries or says it
unpacks to too much, and reading stops at the limit whatever the zip says."""

from __future__ import annotations

import io
import zipfile

import pytest

from connecting_people.core.archives import (
    ArchiveTooLarge,
    Budget,
    Limits,
    archive_limits,
    check_zip,
    size_text,
)


def _zip(files: dict[str, bytes]) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return zipfile.ZipFile(buffer)


class Endless(io.RawIOBase):
    """A stream of zeros that never ends, and counts what it gave."""

    given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = bytes(len(buffer))
        self.given += len(buffer)
        return len(buffer)


def test_the_limits_come_from_the_settings(settings):
    settings.ARCHIVE_MAX_UNPACKED_BYTES = 1234
    settings.ARCHIVE_MAX_ENTRIES = 5

    assert archive_limits() == Limits(unpacked_bytes=1234, entries=5)


def test_the_default_limits_are_500_mb_and_10_000_entries():
    assert archive_limits() == Limits(unpacked_bytes=500 * 1024 * 1024, entries=10_000)


def test_an_archive_within_its_limits_is_accepted():
    archive = _zip({"a.csv": b"x" * 600, "b.csv": b"y" * 400})

    assert check_zip(archive, name="ok.zip", limits=Limits(1000, 2)) == Limits(1000, 2)


def test_an_archive_that_says_it_unpacks_to_too_much_is_refused():
    archive = _zip({"a.csv": b"0" * 2_000_000})

    with pytest.raises(ArchiveTooLarge) as refused:
        check_zip(archive, name="bomb.zip", limits=Limits(1024 * 1024, 10))

    assert refused.value.message == (
        "bomb.zip would unpack to 2 MB, more than the 1 MB an archive may unpack to "
        "(ARCHIVE_MAX_UNPACKED_BYTES). Nothing was read from it."
    )


def test_an_archive_with_too_many_entries_is_refused():
    archive = _zip({f"{n}.csv": b"" for n in range(11)})

    with pytest.raises(ArchiveTooLarge) as refused:
        check_zip(archive, name="many.zip", limits=Limits(1000, 10))

    assert refused.value.message == (
        "many.zip holds 11 files, more than the 10 an archive may hold (ARCHIVE_MAX_ENTRIES). "
        "Nothing was read from it."
    )


def test_reading_stops_at_the_limit_however_much_the_entry_holds():
    budget = Budget(name="liar.zip", limit=100_000)
    source = Endless()

    with pytest.raises(ArchiveTooLarge, match=r"reading stopped at 98 KB \(ARCHIVE_MAX_UNP"):
        budget.reader(source).read()  # "all of it": counted as it comes, not at the end

    assert source.given <= 100_000 + 64 * 1024


def test_every_entry_of_an_archive_shares_one_budget():
    budget = Budget(name="two.zip", limit=1000)
    assert budget.reader(io.BytesIO(b"x" * 600)).read() == b"x" * 600
    second = io.TextIOWrapper(budget.reader(io.BytesIO(b"y" * 600)), encoding="utf-8")

    with pytest.raises(ArchiveTooLarge):
        second.read()


def test_an_entry_within_the_budget_reads_as_text_line_by_line():
    budget = Budget(name="ok.zip", limit=1000)
    text = io.TextIOWrapper(budget.reader(io.BytesIO(b"id,name\n1,Walk\n")), encoding="utf-8")

    assert list(text) == ["id,name\n", "1,Walk\n"]
    assert budget.used == 15


@pytest.mark.parametrize(
    ("size", "said"),
    [(500, "500 bytes"), (64 * 1024, "64 KB"), (500 * 1024 * 1024, "500 MB"), (2 << 30, "2.0 GB")],
)
def test_sizes_are_said_as_people_say_them(size, said):
    assert size_text(size) == said
