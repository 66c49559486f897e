"""`cpi load_reflection_questions FILE [--organisation SLUG]`: the practice reflection's
questions from a file shaped like practice/reflection/questions.json.

With --organisation, the questions become that organisation's own, and its teams answer them
instead of the app's; without, they replace the app's own. Questions the file no longer has are
taken out of use, not deleted, so past reflections keep them. A file that cannot be loaded stops
with exit status 2 and changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from connecting_people.outcomes.management.organisations import organisation_named
from connecting_people.practice.reflection.loading import (
    InvalidQuestions,
    questions_load,
    read_questions,
)

INVALID = 2


class Command(BaseCommand):
    help = "Load the practice reflection's questions, for one organisation or for everyone."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the questions file (JSON)")
        parser.add_argument(
            "--organisation", metavar="SLUG", help="load them for this organisation only"
        )

    def handle(self, *args: Any, file: str, organisation: str | None, **options: Any) -> None:
        owner = organisation_named(organisation) if organisation is not None else None
        try:
            questions = read_questions(Path(file))
        except InvalidQuestions as invalid:
            raise CommandError(f"{invalid} Nothing was loaded.", returncode=INVALID) from invalid
        counts = questions_load(questions=questions, organisation=owner, by=None)
        whose = f"for {owner.name}" if owner else "for everyone"
        self.stdout.write(
            f"Reflection questions {whose}: {counts['added']} added, {counts['kept']} kept, "
            f"{counts['retired']} taken out of use."
        )
