"""`cpi backup FILE`: one archive with the database, the search tables and the data folder's keys.

See `connecting_people.core.backups`. The passphrase that encrypts the keys comes from a file
(`--passphrase-file`) or the CPI_BACKUP_PASSPHRASE environment variable, never the command line
(where other local users could see it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connecting_people.core import backups


class Command(BaseCommand):
    help = "Write a backup of the database and the data folder's keys (encrypted) to FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Where to write the backup (a .tar.gz file).")
        parser.add_argument(
            "--passphrase-file",
            help=f"A file holding the passphrase for the keys (or set {backups.PASSPHRASE_ENV}).",
        )
        parser.add_argument(
            "--without-keys",
            action="store_true",
            help="Back up without the data folder's keys (no passphrase needed).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            passphrase = backups.read_passphrase(options["passphrase_file"])
            if passphrase is None and not options["without_keys"]:
                raise backups.BackupError(
                    "A backup includes the data folder's keys, encrypted with a passphrase. Put "
                    "the passphrase in a file and give --passphrase-file FILE, or set "
                    f"{backups.PASSPHRASE_ENV}. To back up without the keys, add --without-keys."
                )
            if passphrase and options["without_keys"]:
                passphrase = None
            manifest = backups.backup(Path(options["file"]), passphrase=passphrase)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Backed up the {manifest['engine']} database ({len(manifest['row_counts'])} tables, "
            f"{rows} rows) to {options['file']}."
        )
        if manifest["keys"]:
            self.stdout.write(
                f"The keys ({', '.join(manifest['keys'])}) are in it, encrypted: keep the "
                "passphrase somewhere safe and apart from the backup. Without it they cannot be "
                "restored."
            )
        elif options["without_keys"]:
            self.stdout.write(
                "The keys are not in this backup. After restoring it, signed-in sessions and "
                "password-reset links will stop working unless secret_key is put back, and new "
                "research exports will not link to earlier ones unless research_key is put back."
            )
        else:
            self.stdout.write(
                "There were no keys in the data folder: SECRET_KEY and RESEARCH_KEY come from "
                "the environment. Keep them with your other secrets; they are not in the backup."
            )
