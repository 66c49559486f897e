"""`cpi createtoken EMAIL --scopes people:read,people:write --expires 2027-01-31 [--name ...]
[--team ID | --organisation ID]`: make an API token for a staff account and print it, once.

The token is made under the account's role in its team (the only team it works in, or the one
named with --team; an evaluator's with --organisation), by the same rules as the page under
"Your account" (ADR 0022). Only its hash is kept: copy it now. Audited as done by the system.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from connecting_people.accounts.models import User
from connecting_people.accounts.tokens import SCOPES, token_issue
from connecting_people.core import access
from connecting_people.core.models import Organisation, Team

Place = tuple[Team | None, Organisation | None]


class Command(BaseCommand):
    help = "Make an API token for a staff account and print it (shown only this once)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")
        parser.add_argument(
            "--scopes", required=True, help=f"Comma-separated, from: {', '.join(SCOPES)}"
        )
        parser.add_argument("--expires", required=True, help="The last day it works: YYYY-MM-DD")
        parser.add_argument("--name", default="Made with cpi createtoken")
        parser.add_argument("--team", type=int, help="The team's id, if they work in several")
        parser.add_argument("--organisation", type=int, help="For an evaluator: the organisation")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No account has the email address {options['email']}.")
        try:
            expires = dt.date.fromisoformat(options["expires"])
        except ValueError as bad:
            raise CommandError("Give --expires as a date, like 2027-01-31.") from bad
        team, organisation = self._where(user, options)
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            _row, token = token_issue(
                user=user,
                name=options["name"],
                scopes=scopes,
                expires_on=expires,
                team=team,
                organisation=organisation,
                by=None,
            )
        except ValidationError as refused:
            lines = [f"{field}: {' '.join(m)}" for field, m in refused.message_dict.items()]
            raise CommandError("The token was not made.\n" + "\n".join(lines)) from refused
        self.stdout.write(token)
        self.stderr.write("Copy it now: it is not shown again and only its hash is kept.")

    def _where(
        self, user: User, options: dict[str, Any]
    ) -> tuple[Team | None, Organisation | None]:
        if options["organisation"] is not None:
            organisation = Organisation.objects.filter(pk=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"There is no organisation {options['organisation']}.")
            return None, organisation
        teams = list(access.teams_for(user))
        if getattr(user, "is_person", False):
            account = access.own_account(user)
            return (account.person.team if account else None), None
        if options["team"] is not None:
            team = next((t for t in teams if t.pk == options["team"]), None)
            if team is None:
                raise CommandError(f"{user.email} does not work in team {options['team']}.")
            return team, None
        if len(teams) != 1:
            names = ", ".join(f"{t.pk} ({t.name})" for t in teams) or "none"
            raise CommandError(f"Name the team with --team: {user.email} works in {names}.")
        return teams[0], None
