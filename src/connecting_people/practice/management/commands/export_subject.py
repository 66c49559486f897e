"""`cpi export_subject PERSON_ID FILE`: everything held about one person (a subject access
request), as a zip of person.json and person.html, items to review before release flagged.
Audited as an export by the system, with no values."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.people.models import Person
from connecting_people.practice.subject_access import subject_access_zip


class Command(BaseCommand):
    help = (
        "Write everything held about one person into a zip (person.json and a readable "
        "person.html), for a subject access request. Items naming other people and the team's "
        "own notes are marked for review before release."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("person", type=int, help="the person's number (as in their address)")
        parser.add_argument("file", type=Path, help="the zip file to write (must not exist yet)")

    def handle(self, *args: Any, person: int, file: Path, **options: Any) -> None:
        if file.exists():
            raise CommandError(f"{file} already exists: choose a new file name.")
        started = time.monotonic()
        with transaction.atomic():
            found = Person.objects.select_related("team").filter(pk=person).first()
            if found is None:
                raise CommandError(f"There is no person number {person}.")
            data = subject_access_zip(found)
            audit_record(
                by=None,
                action=AuditAction.EXPORTED,
                target=found,
                detail={"export": "subject access", "by": "cpi export_subject"},
            )
        file.write_bytes(data)
        file.chmod(0o600)
        seconds = time.monotonic() - started
        self.stdout.write(f"Wrote {file} ({len(data):,} bytes) in {seconds:.1f} s.")
