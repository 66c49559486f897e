"""`cpi sync_sources`: fetch the directory's sources that are due and apply what changed.

Run it on a schedule (cron or a systemd timer, as `docs/directory-sources.md` shows); each
source says how often it wants fetching, so running this every hour is enough. `--all` fetches
every active source now; `--source ID` one source, due or not. Exits with 1 when any failed.
On a terminal (or with --progress) a line on standard error says how far a long import has got.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from connecting_people.directory.management.progress import ProgressLine, wants_progress
from connecting_people.directory.models import DirectorySource, SourceSync
from connecting_people.directory.sources import due_sources, sync_source


class Command(BaseCommand):
    help = "Fetch the directory's sources that are due, and apply what changed (all or nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--all", action="store_true", help="fetch every active source now")
        parser.add_argument(
            "--source", type=int, action="append", default=[], metavar="ID",
            help="fetch this source now (may be given more than once)",
        )  # fmt: skip
        parser.add_argument(
            "--progress", action="store_true",
            help="show how far a long import has got on standard error even when it is not a "
            "terminal (on a terminal it is always shown)",
        )  # fmt: skip

    def handle(
        self, *args: Any, all: bool, source: list[int], progress: bool = False, **options: Any
    ) -> None:
        if source:
            sources = list(DirectorySource.objects.filter(pk__in=source).order_by("pk"))
            missing = set(source) - {s.pk for s in sources}
            if missing:
                raise CommandError(f"There is no source {', '.join(map(str, sorted(missing)))}.")
        elif all:
            sources = list(DirectorySource.objects.filter(is_active=True).order_by("pk"))
        else:
            sources = list(due_sources())
        if not sources:
            self.stdout.write("No source is due.")
            return
        failed = 0
        showing = wants_progress(self.stderr, asked=progress)
        for each in sources:
            bar = ProgressLine(self.stderr, label=each.name) if showing else None
            sync = sync_source(each, progress=bar)
            if bar:
                bar.clear()
            failed += not sync.ok
            self._say(each, sync)
        if failed:
            raise CommandError(
                f"{failed} of {len(sources)} sources failed; nothing from those changed."
            )

    def _say(self, source: DirectorySource, sync: SourceSync) -> None:
        head = f"{source.name} (source {source.pk}): "
        if not sync.ok:
            self.stderr.write(head + sync.message)
            return
        if sync.not_modified:
            self.stdout.write(head + sync.message)
            return
        self.stdout.write(self.style.SUCCESS(head + source.last_message))
        for warning in sync.warnings[:20]:
            self.stdout.write(f"  - {warning}")
        if len(sync.warnings) > 20:
            self.stdout.write(
                f"  …and {len(sync.warnings) - 20} more warnings (see the source's page)."
            )
