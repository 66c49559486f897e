"""`cpi rebuild_search`: work out every service's search facts and words again, a batch at a time.

Needed after restoring a backup, after a bulk change made outside the importer and the screens,
or after a migration that rebuilt the facts table (on SQLite that drops the full-text trigger,
which this puts back). Memory stays bounded however big the directory is.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from connecting_people.directory.search.facts import refresh_all


class Command(BaseCommand):
    help = "Rebuild the directory's search facts and full-text index for every service."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", type=int, default=2000, help="services read and written at a time"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        show = sys.stdout.isatty() and options["verbosity"] > 0

        def progress(done: int, total: int) -> None:
            if show:
                self.stdout.write(f"\r{done:,} of {total:,} services", ending="")
                self.stdout.flush()

        done = refresh_all(batch=max(1, options["batch"]), progress=progress)
        if show:
            self.stdout.write("")
        seconds = time.perf_counter() - started
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Rebuilt the search facts of {done:,} services in {seconds:.1f} s."
                )
            )
