"""`cpi load_instrument FILE [--check] [--organisation SLUG]`: validate an instrument definition
and load it.

Every problem is printed with the JSON path of the part at fault, and the command exits with
status 2 without loading anything. A valid definition loads as a new version when its content
is new, and changes nothing when that content is already the current version. With
--organisation it is loaded for that organisation only (its own versions, seen by no other);
without, for the whole deployment. An unknown organisation is refused with status 2 too. See
docs/adr/0012-outcome-instruments.md for the format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from connecting_people.core.models import Organisation
from connecting_people.outcomes import loading, services
from connecting_people.outcomes.management.organisations import organisation_named
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
        parser.add_argument(
            "--organisation",
            metavar="SLUG",
            help="load it for this organisation only (its short name); "
            "without it, for the whole deployment",
        )

    def handle(
        self, *args: Any, file: str, check: bool, organisation: str | None, **options: Any
    ) -> None:
        path = Path(file)
        owner = organisation_named(organisation) if organisation is not None else None
        try:
            data = read_definition(path)
            if check:
                definition = checked(data)
            else:
                loaded = services.instrument_load(
                    data=data,
                    by=None,
                    loaded_from=path.name,
                    actor_label="cpi load_instrument",
                    organisation=owner,
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
        self.stdout.write(_report(loaded, owner))


def _report(loaded: loading.Loaded, owner: Organisation | None) -> str:
    instrument = loaded.instrument
    name = f"{instrument.slug} version {instrument.version}"
    if owner is not None:
        name += f" for {owner.name}"
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
