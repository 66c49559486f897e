"""`cpi demo`: build the demonstration organisation and print how to sign in."""

import argparse
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from connecting_people_demo import builders


class Command(BaseCommand):
    help = (
        "Build a fictional demo organisation with two teams, staff in every role and the people "
        "each team supports. Refuses to run on a database that holds anything else."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only build when the database is empty (what `make run` uses); otherwise say so.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the existing demo data first and build it again.",
        )
        parser.add_argument(
            "--people",
            type=_count,
            default=0,
            metavar="N",
            help="Also add N generated people across the demo teams (for benchmarks and checks "
            "at scale). With demo data already here and no --reset, adds N more.",
        )

    def handle(self, *args: Any, if_empty: bool, reset: bool, people: int, **options: Any) -> None:
        if if_empty and not builders.database_is_empty():
            self.stdout.write("The database already has data: keeping it as it is.")
            self._print_sign_in()
            return
        try:
            builders.check_only_demo_data()
        except builders.NotDemoDataError as refusal:
            raise CommandError(str(refusal)) from refusal
        if builders.database_is_empty() or reset:
            self._build()
        elif not people:
            raise CommandError(
                "Demo data is already here. Use `cpi demo --reset` to build it again "
                "(any changes made to it will be lost)."
            )
        if people:
            started = time.perf_counter()
            added = builders.demo_add_people(people)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {added:,} generated people across the demo teams "
                    f"in {time.perf_counter() - started:.1f} s."
                )
            )
        self._print_sign_in()

    def _build(self) -> None:
        if not builders.database_is_empty():
            builders.demo_remove()
        result = builders.demo_build()
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {result.organisation.name}, with {len(result.people)} people "
                "and their plans."
            )
        )
        for user, description in result.staff:
            self.stdout.write(f"  {user.email:<28} {user.name:<15} {description}")

    def _print_sign_in(self) -> None:
        if not builders.User.objects.filter(email__endswith=f"@{builders.DEMO_DOMAIN}").exists():
            return
        self.stdout.write(
            f"Sign in as sam@{builders.DEMO_DOMAIN} (a practitioner), "
            f"priya@{builders.DEMO_DOMAIN} (a team lead) or morgan@{builders.DEMO_DOMAIN} "
            f"(organisation admin), password: {builders.DEMO_PASSWORD}"
        )
        own = f"{builders.ORGANISATION['own_space']['local_part']}@{builders.DEMO_DOMAIN}"
        if builders.User.objects.filter(email=own, is_person=True).exists():
            self.stdout.write(
                f"Try a person's own space at /my/sign-in/ as {own} "
                f"({builders.ORGANISATION['own_space']['person']}), the same password."
            )


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of people (0 or more)")
    return int(value)
