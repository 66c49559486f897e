"""`cpi export_hsds DIR [--format json|tabular|both]`: the directory as Open Referral HSDS 3.0.

Writes DIR/json/ (services.json, organizations.json, taxonomies.json, taxonomy_terms.json: each
an HSDS API Page holding every record) and DIR/tabular/ (datapackage.json and one CSV per HSDS
table), valid against the official HSDS 3.0 schemas. Only the HSDS records leave: nothing of the
team layer (who knows a service, team notes, what people said, connectors, calendar sessions).
Files of the same name in DIR are replaced; the same directory always gives the same files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from connecting_people.directory.hsds.export import BATCH_SIZE, export_hsds


class Command(BaseCommand):
    help = (
        "Write the community directory as Open Referral HSDS 3.0: JSON (json/) and a tabular "
        "data package (tabular/). Team notes and everything else private stays behind."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", type=Path, help="the folder to write into (made if needed)")
        parser.add_argument(
            "--format",
            choices=["json", "tabular", "both"],
            default="both",
            help="what to write (default: both)",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"services shaped at a time; bounds memory (default {BATCH_SIZE})",
        )

    def handle(
        self, *args: Any, folder: Path, format: str, batch_size: int, **options: Any
    ) -> None:
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} is a file, not a folder.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        counts = export_hsds(
            folder,
            json_files=format in ("json", "both"),
            tables=format in ("tabular", "both"),
            batch_size=batch_size,
        )
        self.stdout.write(f"Wrote the directory as HSDS 3.0 into {folder}:")
        width = max(len(name) for name in counts)
        for name, count in counts.items():
            noun = "record" if name.startswith("json/") else "row"
            self.stdout.write(f"  {name.ljust(width)}  {count} {noun}{'' if count == 1 else 's'}")
