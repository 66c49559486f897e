"""`cpi export_fhir EMAIL PERSON_ID [--related] [--output FILE]`: one person's plan as a FHIR R4
Bundle (JSON), as a member of staff sees it.

The access layer decides, as for the screens: the staff account must be active and in the
person's team; anyone else (another team, an evaluator, an organisation admin outside the team,
a person's own account) is refused with the same message as for a person who does not exist,
and the command ends with a non-zero status. The export and any refusal are audited under that
account. The bundle is checked with fhir.resources before it is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from pydantic import ValidationError

from connecting_people.api.fhir import Refused, everything, validate
from connecting_people.core.models import AuditAction

HOW = "cpi export_fhir"


class Command(BaseCommand):
    help = (
        "Write one person's plan as a FHIR R4 Bundle (JSON), as the given member of staff may "
        "see it: Patient, CarePlan, Goals, Questionnaires, QuestionnaireResponses and score "
        "Observations, and with --related the people on their map (by relationship only). "
        "Audited under that account."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email", help="the email address of the member of staff exporting")
        parser.add_argument("person", help="the person's number (as in their page's address)")
        parser.add_argument(
            "--related",
            action="store_true",
            help="include the people on their map as RelatedPerson (relationship only, no names)",
        )
        parser.add_argument(
            "--output", type=Path, help="the file to write (must not exist yet); else the screen"
        )

    def handle(
        self, *args: Any, email: str, person: str, related: bool, output: Path | None, **o: Any
    ) -> None:
        if output is not None and output.exists():
            raise CommandError(f"{output} already exists: choose a new file name.")
        viewer = _staff(email)
        try:  # not in a transaction: a refusal's audit event must stay
            bundle = everything(
                viewer, person, include_related=related, how=HOW, action=AuditAction.EXPORTED
            )
            validate(bundle)
        except Refused:
            raise CommandError(
                f"{email} may not see person number {person}, or there is no such person. "
                "Only staff in the person's team can export their plan."
            ) from None
        except ValidationError as error:  # a fault of ours: say so rather than write bad FHIR
            message = f"The bundle is not valid FHIR, so nothing was written: {error}"
            raise CommandError(message) from error
        data = json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(data, ending="")
        else:
            with output.open("x", encoding="utf-8") as file:
                file.write(data)
            output.chmod(0o600)
            entries = len(bundle["entry"])
            self.stderr.write(f"Wrote person {person}'s plan ({entries} resources) to {output}.")


def _staff(email: str) -> Any:
    """The account, or a clear error (an unknown address is refused, and not audited: there is
    no one to audit it under)."""
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None or not user.is_active:
        raise CommandError(f"There is no active account with the email address {email}.")
    return user
