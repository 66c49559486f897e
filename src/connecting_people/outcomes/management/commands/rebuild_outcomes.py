"""`cpi rebuild_outcomes`: work out every person's baseline-and-latest scores again.

The app keeps them in step as questionnaires are completed and corrected; this is for after
responses were loaded some other way (a bulk load, a restore of part of the database). Safe to
run at any time: it rewrites the table from the responses in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from connecting_people.outcomes.pairs import rebuild


class Command(BaseCommand):
    help = "Work out every person's baseline and latest follow-up scores again, for the report."

    def handle(self, *args: Any, **options: Any) -> None:
        written = rebuild()
        self.stdout.write(f"Worked out {written:,} baseline and latest scores.")
