"""How much memory `cpi import_hsds` needs to turn away a zip bomb (issue 15).

    .venv/bin/python -m bench.zip_bomb [MEGABYTES …]       # default: 1024 400

For each size it writes a zip whose services.csv is a heading and then that many megabytes of
zeros with no line break (about 1 KB of zip a megabyte), imports it with `cpi import_hsds` in a
fresh process against an embedded database in a temporary folder, and prints the process's peak
resident memory (resource.getrusage), the time taken and the importer's message. The limits are
the settings' (ARCHIVE_MAX_UNPACKED_BYTES, 500 MB by default): set it in the environment to
try others. Figures are in the pull request's note.
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

MB = 1024 * 1024


def make_bomb(path: Path, megabytes: int) -> None:
    chunk = b"0" * MB
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("services.csv", "w", force_zip64=True) as entry,
    ):
        entry.write(b"id,name\n")
        for _ in range(megabytes):
            entry.write(chunk)


def _child(path: str) -> None:
    """In the fresh process: import the file, then print the peak memory in KB."""
    import django
    from django.core.management import call_command
    from django.core.management.base import CommandError

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connecting_people.settings")
    django.setup()
    with contextlib.suppress(CommandError):  # a refusal is what is measured
        call_command("import_hsds", path)
    print(f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "CPI_DATA_DIR": folder, "CPI_DEMO": "false"}
        env.pop("DATABASE_URL", None)
        cpi = Path(sys.executable).with_name("cpi")
        subprocess.run([cpi, "migrate", "-v0"], env=env, check=True)  # noqa: S603 (our own cpi)
        for megabytes in sizes:
            path = Path(folder) / f"bomb-{megabytes}mb.zip"
            make_bomb(path, megabytes)
            started = time.monotonic()
            done = subprocess.run(  # noqa: S603 (this script, with a file it made)
                [sys.executable, "-m", "bench.zip_bomb", "--child", str(path)],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.monotonic() - started
            lines = done.stderr.splitlines()
            peak = next((int(x.split()[1]) for x in lines if x.startswith("peak ")), 0)
            said = next((x.strip() for x in lines if x.startswith("  - ")), "")
            print(
                f"{megabytes:,} MB of zeros in a {path.stat().st_size / 1024:,.0f} KB zip: "
                f"peak {peak / 1024:,.0f} MB, {seconds:.1f} s; {said}"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2])
    else:
        main([int(size) for size in sys.argv[1:]] or [1024, 400])
