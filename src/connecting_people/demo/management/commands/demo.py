"""`cpi demo`: build the demonstration organisation and print how to sign in."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from connecting_people.demo import builders


class Command(BaseCommand):
    help = (
        "Build a fictional demo organisation with two teams and staff in every role. "
        "Refuses to run on a database that holds anything else."
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

    def handle(self, *args: Any, if_empty: bool, reset: bool, **options: Any) -> None:
        if if_empty and not builders.database_is_empty():
            self.stdout.write("The database already has data: keeping it as it is.")
            self._print_sign_in()
            return
        try:
            builders.check_only_demo_data()
        except builders.NotDemoDataError as refusal:
            raise CommandError(str(refusal)) from refusal
        if not builders.database_is_empty():
            if not reset:
                raise CommandError(
                    "Demo data is already here. Use `cpi demo --reset` to build it again "
                    "(any changes made to it will be lost)."
                )
            builders.demo_remove()
        result = builders.demo_build()
        self.stdout.write(self.style.SUCCESS(f"Built {result.organisation.name}."))
        for user, description in result.staff:
            self.stdout.write(f"  {user.email:<28} {user.name:<15} {description}")
        self._print_sign_in()

    def _print_sign_in(self) -> None:
        if not builders.User.objects.filter(email__endswith=f"@{builders.DEMO_DOMAIN}").exists():
            return
        self.stdout.write(
            f"Sign in as sam@{builders.DEMO_DOMAIN} (a practitioner), "
            f"priya@{builders.DEMO_DOMAIN} (a team lead) or morgan@{builders.DEMO_DOMAIN} "
            f"(organisation admin), password: {builders.DEMO_PASSWORD}"
        )
