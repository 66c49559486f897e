"""`cpi send_reminders`: the daily job. Records what has newly fallen due for each member of
staff (once: running it again the same day adds nothing) and emails a digest, with a count and a
link and no personal details, to those who asked. Schedule it with cron or a systemd timer
(docs/reminders.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from connecting_people.practice.reminders.services import reminders_send


class Command(BaseCommand):
    help = (
        "Find what needs doing for each member of staff (reviews, steps, questionnaires, "
        "keeping in touch, maps, directory checks), record each reminder once, and email a "
        "digest (a count and a link, no names) to those who asked for one. Safe to run twice."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--date", help="work as if today were this date (YYYY-MM-DD), to catch up a missed day"
        )
        parser.add_argument(
            "--site-url", help="the address staff open the app at (default: CPI_SITE_URL)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date must look like 2026-12-07.") from error
        summary = reminders_send(today=today, site_url=options["site_url"])
        self.stdout.write(
            f"Reminders: {summary.new} new for {summary.staff} staff; {summary.emails} emails sent."
        )
