"""`cpi import_hsds PATH…`: bring Open Referral HSDS 3.0 records into the directory.

Each PATH is a JSON file (one service or organization, a list of them, or an API page) or a
tabular data package (a folder, its datapackage.json, a .zip of them, or a lone services.csv).
Each file is all or nothing: any invalid record and nothing from that file is saved, and the
report names every rejected record, the field and why. Running it again changes nothing.

A JSON record that lists its children in full (a service's `"phones": […]`, even `[]`) has
exactly those afterwards: children the directory linked to it that the file leaves out are
removed, and counted as removed. A record without the list keeps its children. Tabular data
packages only add and update.

On a terminal (or with --progress) a line on standard error says how far a long import has got:
records done, how many a second, and about how long is left.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from connecting_people.directory.hsds.importer import import_path
from connecting_people.directory.hsds.importer.kinds import KINDS
from connecting_people.directory.management.progress import ProgressLine, wants_progress


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 records from JSON files or tabular data packages. Each file is all or "
        "nothing; the report names every rejected record, the field and why."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "paths",
            nargs="+",
            type=Path,
            metavar="PATH",
            help="a JSON file, or a tabular package (folder, datapackage.json or .zip)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the files and say what would change, without saving anything",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="refuse a file with any link to a record that is neither in it nor in the "
            "directory (by default an optional link is left out, with a warning)",
        )
        parser.add_argument(
            "--type",
            dest="kind",
            choices=list(KINDS),
            metavar="TYPE",
            help="what a JSON file holds when its shape does not say (service, organization, "
            "service_at_location, taxonomy, taxonomy_term, …)",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="show how far a long import has got on standard error even when it is not a "
            "terminal (on a terminal it is always shown)",
        )

    def handle(
        self,
        *args: Any,
        paths: list[Path],
        dry_run: bool,
        kind: str | None,
        strict: bool = False,
        progress: bool = False,
        **options: Any,
    ) -> None:
        refused = 0
        showing = wants_progress(self.stderr, asked=progress)
        for path in paths:
            bar = ProgressLine(self.stderr, label=path.name) if showing else None
            report = import_path(path, dry_run=dry_run, progress=bar, kind=kind, strict=strict)
            if bar:
                bar.clear()
            if report.ok:
                self.stdout.write(self.style.SUCCESS(report.lines()[0]))
                for line in report.lines()[1:]:
                    self.stdout.write(line)
            else:
                refused += 1
                for line in report.lines():
                    self.stderr.write(line)
        if refused and len(paths) == 1:
            raise CommandError("The file had problems, so nothing from it was saved.")
        if refused:
            raise CommandError(
                f"{refused} of {len(paths)} files had problems; nothing from those was saved."
            )
