"""`cpi score INSTRUMENT_ID --answers JSON [--version N] [--organisation SLUG]`: score answers by
an instrument's rules.

Answers are an object of question id → answer value, or a list in the published order, with
null for a question not answered. Prints the scores (with subscales and bands) and each answer
as JSON, or every problem in plain English with exit status 2. Scores with the current version
unless --version names another; with --organisation, that organisation's own versions, and
otherwise the whole deployment's.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from connecting_people.core.models import Organisation
from connecting_people.outcomes.management.organisations import organisation_named
from connecting_people.outcomes.models import Instrument
from connecting_people.outcomes.scoring import ScoringError, score
from connecting_people.outcomes.selectors import instrument_version

INVALID = 2


class Command(BaseCommand):
    help = (
        "Score answers by an instrument's published rules and print the scores as JSON. "
        "Exit status 2 with a plain-English reason for invalid or incomplete answers."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        # --version here is the instrument's version; it replaces Django's own --version.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("instrument", help="the instrument id, like ons4 or ucla3")
        parser.add_argument(
            "--answers",
            required=True,
            help='JSON: {"question_id": value, ...} or [value, ...] in the published order',
        )
        parser.add_argument(
            "--version", type=int, metavar="N", help="the instrument version (default: current)"
        )
        parser.add_argument(
            "--organisation",
            metavar="SLUG",
            help="score with this organisation's own version (its short name)",
        )

    def handle(
        self,
        *args: Any,
        instrument: str,
        answers: str,
        version: int | None,
        organisation: str | None,
        **options: Any,
    ) -> None:
        owner = organisation_named(organisation) if organisation is not None else None
        owner_id = owner.pk if owner is not None else None
        found = instrument_version(instrument, version, organisation_id=owner_id)
        if found is None:
            raise CommandError(_not_found(instrument, version, owner), returncode=INVALID)
        try:
            given = json.loads(answers)
        except ValueError as error:
            raise CommandError(
                f"--answers is not valid JSON: {error}", returncode=INVALID
            ) from error
        try:
            result = score(found.parsed, given)
        except ScoringError as error:
            for problem in error.problems:
                self.stderr.write(problem.message)
            raise CommandError(
                f"The answers cannot be scored by {found.slug} version {found.version}.",
                returncode=INVALID,
            ) from error
        output = {**result.as_json(), "version": found.version}
        self.stdout.write(json.dumps(output, indent=2, ensure_ascii=False))


def _not_found(slug: str, version: int | None, owner: Organisation | None) -> str:
    """Why nothing was found, with what there is: the deployment's instruments, or with
    --organisation that organisation's own."""
    if owner is None:
        scoped = Instrument.objects.filter(organisation__isnull=True)
    else:
        scoped = Instrument.objects.filter(organisation=owner)
    known = ", ".join(scoped.current().order_by("slug").values_list("slug", flat=True))
    if version is not None and scoped.filter(slug=slug).exists():
        versions = ", ".join(
            str(v)
            for v in scoped.filter(slug=slug).order_by("version").values_list("version", flat=True)
        )
        return f"{slug} has no version {version}; its versions are {versions}."
    if owner is not None:
        return (
            f"{owner.name} has no instrument {slug!r} of its own. Its own instruments are: "
            f"{known or 'none'}."
        )
    return f"There is no instrument {slug!r}. The instruments loaded are: {known or 'none'}."
