"""`cpi load_instrument FILE [--check]`: validate an instrument definition and load it.

Every problem is printed with the JSON path of the part at fault, and the command exits with
status 2 without loading anything. A valid definition loads as a new version when its content
is new, and changes nothing when that content is already the current version. See
docs/adr/0012-outcome-instruments.md for the format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from connecting_people.outcomes import loading, services
from connecting_people.outcomes.validation import InvalidDefinition, checked, read_definition

INVALID = 2


class Command(BaseCommand):
    help = (
        "Check an instrument definition (JSON) and load it as a new version if its content "
        "changed. Exit status 2, with every problem and its path, when it is not valid."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the definition file (JSON)")
        parser.add_argument(
            "--check", action="store_true", help="only check the definition; load nothing"
        )

    def handle(self, *args: Any, file: str, check: bool, **options: Any) -> None:
        path = Path(file)
        try:
            data = read_definition(path)
            if check:
                definition = checked(data)
            else:
                loaded = services.instrument_load(
                    data=data, by=None, loaded_from=path.name, actor_label="cpi load_instrument"
                )
        except InvalidDefinition as invalid:
            for problem in invalid.problems:
                self.stderr.write(str(problem))
            count = len(invalid.problems)
            raise CommandError(
                f"{path.name}: {count} problem{'s' if count != 1 else ''} found; nothing was "
                "loaded.",
                returncode=INVALID,
            ) from invalid
        if check:
            self.stdout.write(f"{path.name}: {definition.id} is a valid definition.")
            return
        self.stdout.write(_report(loaded))


def _report(loaded: loading.Loaded) -> str:
    instrument = loaded.instrument
    name = f"{instrument.slug} version {instrument.version}"
    lines = {
        loading.CREATED: f"Loaded {name}; it is now the current version.",
        loading.UNCHANGED: f"{name} already has this content; nothing changed.",
        loading.REINSTATED: f"{name} has this content; it is the current version again.",
    }
    report = lines.get(loaded.outcome, f"{name}: {loaded.outcome}")
    if instrument.needs_wording:
        report += (
            "\nIts question wording is not included: the wording must be supplied by a "
            "licensed organisation before it can be asked."
        )
    return report
