"""`cpi import_hsds` and archives: a zip bomb is refused before it is read, with little memory,
and a package is read within bounds whatever it says about itself (core/archives.py)."""

from __future__ import annotations

import json
import shutil
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from connecting_people.core.archives import Limits
from connecting_people.directory import models as d
from connecting_people.directory.hsds.importer import import_path, reading_tables

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "hsds"
ZEROS = 50 * 1024 * 1024  # unpacked; about 50 KB packed
MB = 1024 * 1024


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """services.csv: a heading, then 50 MB of zeros with no line break, in a zip of ~50 KB."""
    path = tmp_path_factory.mktemp("bomb") / "services.zip"
    chunk = b"0" * MB
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("services.csv", "w") as entry,
    ):
        entry.write(b"id,name\n")
        for _ in range(ZEROS // MB):
            entry.write(chunk)
    assert path.stat().st_size < 100 * 1024
    return path


def _messages(report) -> list[str]:
    return [problem.message for problem in report.errors]


def _nothing_saved() -> bool:
    return not d.Service.objects.exists() and not d.Organization.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_read_and_with_little_memory(bomb, settings):
    settings.ARCHIVE_MAX_UNPACKED_BYTES = MB
    tracemalloc.start()
    try:
        report = import_path(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert not report.ok
    assert _messages(report) == [
        "services.zip would unpack to 50 MB, more than the 1 MB an archive may unpack to "
        "(ARCHIVE_MAX_UNPACKED_BYTES). Nothing was read from it."
    ]
    assert peak < 5 * MB, f"{peak / MB:.1f} MB"
    assert _nothing_saved()


def test_the_command_refuses_a_zip_bomb_in_plain_words(bomb, settings, capsys):
    settings.ARCHIVE_MAX_UNPACKED_BYTES = MB

    with pytest.raises(CommandError, match="nothing from it was saved"):
        call_command("import_hsds", str(bomb))

    error = capsys.readouterr().err
    assert "more than the 1 MB an archive may unpack to (ARCHIVE_MAX_UNPACKED_BYTES)" in error
    assert "Traceback" not in error


def test_reading_stops_at_the_limit_even_when_a_zip_passes_the_check_before(
    bomb, settings, monkeypatch
):
    settings.ARCHIVE_MAX_UNPACKED_BYTES = MB
    monkeypatch.setattr(reading_tables, "check_zip", lambda archive, name: Limits(MB, 10))
    monkeypatch.setattr(reading_tables, "LINE_LIMIT", 2 * ZEROS)  # so only the budget stops it

    report = import_path(bomb)

    assert _messages(report) == [
        "services.zip unpacks to more than it says it holds, so reading stopped at 1 MB "
        "(ARCHIVE_MAX_UNPACKED_BYTES). Nothing was saved from it."
    ]
    assert _nothing_saved()


def test_a_zip_with_too_many_files_is_refused(settings, tmp_path):
    settings.ARCHIVE_MAX_ENTRIES = 20
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for file in (FIXTURES / "tabular").iterdir():
            archive.write(file, file.name)
        for number in range(21):
            archive.writestr(f"notes/{number}.txt", "")

    report = import_path(path)

    assert _messages(report) == [
        f"many.zip holds {21 + len(list((FIXTURES / 'tabular').iterdir()))} files, more than the "
        "20 an archive may hold (ARCHIVE_MAX_ENTRIES). Nothing was read from it."
    ]
    assert _nothing_saved()


def test_a_package_within_lowered_limits_still_imports(settings, tmp_path):
    files = list((FIXTURES / "tabular").iterdir())
    settings.ARCHIVE_MAX_ENTRIES = len(files)
    settings.ARCHIVE_MAX_UNPACKED_BYTES = sum(f.stat().st_size for f in files)
    path = tmp_path / "riverside.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.write(file, file.name)

    report = import_path(path)

    assert report.ok, report.lines()
    assert d.Service.objects.filter(name="Community growing patch").exists()


def test_a_zip_whose_sizes_lie_is_refused_in_plain_words(tmp_path):
    """The central directory says services.csv is 100 bytes; it holds much more."""
    path = tmp_path / "liar.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("services.csv", b"id,name\n" + b"0" * 1_000_000)
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)  # its uncompressed size
    path.write_bytes(bytes(data))

    report = import_path(path)

    assert not report.ok
    assert _messages(report) == [
        "services.csv in liar.zip is damaged, so it cannot be read (Bad CRC-32 for file "
        "'services.csv')."
    ]
    assert _nothing_saved()


def test_a_csv_line_longer_than_the_limit_is_refused_before_it_is_all_read(tmp_path, monkeypatch):
    monkeypatch.setattr(reading_tables, "LINE_LIMIT", 1000)
    shutil.copy(FIXTURES / "tabular" / "organizations.csv", tmp_path / "organizations.csv")
    (tmp_path / "services.csv").write_text("id,name\n" + "0" * 5000 + "\n", encoding="utf-8")

    report = import_path(tmp_path)

    assert _messages(report) == [
        "services.csv has a line longer than 1,000 bytes (line 2): is it a CSV file?"
    ]


def test_a_package_description_longer_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reading_tables, "DESCRIPTOR_LIMIT", 1000)
    shutil.copytree(FIXTURES / "tabular", tmp_path / "package")
    described = tmp_path / "package" / "datapackage.json"
    package = json.loads(described.read_text(encoding="utf-8"))
    described.write_text(json.dumps(package, indent=4) + " " * 1000, encoding="utf-8")

    report = import_path(described)

    assert _messages(report) == [
        "datapackage.json is longer than a package description can be (1,000 bytes)."
    ]
