"""`cpi import_ical SERVICE_ID URL_OR_FILE` and `cpi import_ical --all`: read calendar feeds."""

from __future__ import annotations

import argparse
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from connecting_people.directory.models import Service
from connecting_people.directory.sessions.ical import (
    DEFAULT_DAYS,
    FeedError,
    FeedResult,
    feed_add,
    feed_read,
    feeds_read_all,
)


class Command(BaseCommand):
    help = (
        "Record an iCalendar feed (an http or https address, or a local .ics file) for a "
        "directory service and read its coming sessions; or, with --all, read every stored "
        "feed again. Exits with an error when any feed could not be read."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("service_id", nargs="?", help="The service's id (a UUID).")
        parser.add_argument("source", nargs="?", help="The feed's address, or an .ics file.")
        parser.add_argument(
            "--all", action="store_true", help="Read every stored feed again (no other arguments)."
        )
        parser.add_argument(
            "--days",
            type=_days,
            default=DEFAULT_DAYS,
            help=f"How many days ahead to keep sessions for (default {DEFAULT_DAYS}).",
        )

    def handle(self, *args: Any, service_id: str | None, source: str | None, **options: Any):
        days: int = options["days"]
        if options["all"]:
            if service_id or source:
                raise CommandError("Use either --all, or a service id and a feed, not both.")
            results = feeds_read_all(days=days)
            if not results:
                self.stdout.write("There are no calendar feeds to read.")
        else:
            if not (service_id and source):
                raise CommandError("Give a service id and a feed's address or file, or --all.")
            try:
                feed = feed_add(service=_service(service_id), source=source)
            except FeedError as error:
                raise CommandError(str(error)) from None
            results = [feed_read(feed, days=days)]
        for result in results:
            self._report(result)
        failed = sum(1 for result in results if not result.ok)
        if failed:
            raise CommandError(f"{failed} of {len(results)} calendar feeds could not be read.")

    def _report(self, result: FeedResult) -> None:
        name = f"{result.feed.service.name} ({result.feed})"
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"Read {result.sessions} sessions for {name}."))
        else:
            self.stderr.write(f"Could not read the feed for {name}: {result.error}")


def _service(service_id: str) -> Service:
    try:
        key = uuid.UUID(service_id)
    except ValueError:
        raise CommandError(f"{service_id!r} is not a service id (a UUID).") from None
    service = Service.objects.filter(pk=key).first()
    if service is None:
        raise CommandError(f"There is no service with the id {service_id}.")
    return service


def _days(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 3660:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of days from 1 to 3660")
    return int(value)
