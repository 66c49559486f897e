"""`cpi restore FILE`: put a backup made by `cpi backup` back, then check it.

Refuses a damaged or changed archive, a wrong passphrase, a backup from a newer version and (unless
--replace) a database that already holds accounts, before changing anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connecting_people.core import backups


class Command(BaseCommand):
    help = "Restore the database and the data folder's keys from a backup made by `cpi backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The backup to restore.")
        parser.add_argument(
            "--passphrase-file",
            help=f"A file holding the backup's passphrase (or set {backups.PASSPHRASE_ENV}).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a database that already holds data (asks first unless --yes).",
        )
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing.")

    def handle(self, *args: Any, **options: Any) -> None:
        replace = options["replace"]
        try:
            passphrase = backups.read_passphrase(options["passphrase_file"])
            if replace and not options["yes"] and backups.has_data(backups.default_connection):
                try:
                    answer = input(
                        "This replaces everything in the database with the backup. Type "
                        "'replace' to go ahead: "
                    )
                except EOFError:  # nobody there to answer: add --yes to go ahead unasked
                    answer = ""
                if answer.strip().lower() != "replace":
                    raise backups.BackupError("Nothing has been restored.")
            result = backups.restore(Path(options["file"]), passphrase=passphrase, replace=replace)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(result.manifest["row_counts"].values())
        self.stdout.write(
            f"Restored the backup made at {result.manifest['made_at']}: "
            f"{len(result.manifest['row_counts'])} tables, {rows} rows, all counts checked."
        )
        if result.keys:
            self.stdout.write(f"Restored the keys: {', '.join(result.keys)}.")
        if result.older:
            self.stdout.write(
                "The backup was made by an older version: run `cpi migrate` to bring the "
                "database up to date."
            )
