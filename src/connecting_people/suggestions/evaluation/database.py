"""A throwaway database with the demo in it, as `make bench` makes one (bench/run.py).

SQLite in a temporary folder: never the real data folder, never real secrets. Settings are read
when Django starts, so `throwaway_demo` sets the environment first and then sets Django up.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _environment(folder: Path) -> None:
    os.environ["CPI_DATA_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)  # always SQLite in the folder: nothing to drop after
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connecting_people.settings")
    os.environ.setdefault("SECRET_KEY", "insecure-key-for-evaluation-only")
    os.environ.setdefault("CPI_DEMO", "true")  # the demo package: `cpi demo`
    os.environ.setdefault("EMAIL_URL", "consolemail://")
    os.environ.setdefault("HTTPS", "false")
    os.environ.setdefault(
        "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


@contextlib.contextmanager
def throwaway_demo() -> Iterator[None]:
    """Django set up on a fresh, migrated database holding `cpi demo`; deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="cpi-eval-") as folder:
        _environment(Path(folder))
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        call_command("demo", stdout=io.StringIO())
        try:
            yield
        finally:
            from django.db import connections

            connections.close_all()
