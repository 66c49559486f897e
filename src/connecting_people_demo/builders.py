"""What `cpi demo` builds: a fictional organisation with two teams, staff in every role, and
the people each team supports, with their plans (`people.py`) and network maps with snapshots
(`network.py`); `--people N` adds many generated people for checks at scale (`crowd.py`, with
their maps from `network_crowd.py`).

Everything is deterministic for a given date, so screenshots, tests and benchmarks see the same
data each time; dates count from today, so the demo always looks current. All email addresses use
the reserved .example domain.

The fiction itself is data: `data/*.json`, each file checked against `schemas/<name>.schema.json`
as it is read (`data.py`; docs/adr/0015-demo-as-data.md). This package is installed only when
the environment variable CPI_DEMO is true, so production has no `cpi demo`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from connecting_people.accounts import services
from connecting_people.accounts.models import User
from connecting_people.core.models import Organisation, OrganisationRoleKind, Team, TeamRole
from connecting_people.outcomes import pairs
from connecting_people.people import own_account
from connecting_people.people.models import Person
from connecting_people_demo.crowd import crowd_add
from connecting_people_demo.data import load
from connecting_people_demo.directory import directory_build, directory_remove
from connecting_people_demo.network import networks_build, snapshots_catch_up
from connecting_people_demo.network_crowd import crowd_networks_add
from connecting_people_demo.outcomes import outcomes_build
from connecting_people_demo.people import people_build
from connecting_people_demo.suggestions import suggestions_build

# The organisation, its teams and staff (data/organisation.json). Team and organisation roles
# are the accounts models' values; a team's key names it in the other data files.
ORGANISATION = load("organisation")
DEMO_DOMAIN: str = ORGANISATION["domain"]
DEMO_PASSWORD: str = ORGANISATION["password"]  # printed for the demo; never for real data


@dataclass
class DemoResult:
    organisation: Organisation
    teams: dict[str, Team]
    staff: list[tuple[User, str]] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    own_space: User | None = None


class NotDemoDataError(Exception):
    """The database holds real data, so the demo must not touch it."""


def database_is_empty() -> bool:
    return not (Organisation.objects.exists() or User.objects.exists())


def check_only_demo_data() -> None:
    """Refuse to go on if anything in the database was not made by the demo."""
    real_orgs = Organisation.objects.filter(is_demo=False)
    real_users = User.objects.exclude(email__endswith=f"@{DEMO_DOMAIN}")
    if real_orgs.exists() or real_users.exists():
        raise NotDemoDataError(
            "This database holds data that the demo did not make "
            f"({real_orgs.count()} organisations, {real_users.count()} accounts). "
            "The demo only runs on an empty database or one holding demo data alone."
        )


@transaction.atomic
def demo_remove() -> None:
    """Delete everything the demo made (only ever called after check_only_demo_data)."""
    # People hold on to their team (PROTECT), so they go first, taking their records with them.
    Person.objects.filter(team__organisation__is_demo=True).delete()
    for organisation in Organisation.objects.filter(is_demo=True):
        organisation.teams.all().delete()
        organisation.delete()
    directory_remove()
    User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()


@transaction.atomic
def demo_build() -> DemoResult:
    """Build the demo organisation, its teams and staff, and the people each team supports."""
    about = ORGANISATION["organisation"]
    organisation = services.organisation_create(
        name=about["name"], slug=about["slug"], is_demo=True, by=None
    )
    teams = {
        key: services.team_create(
            organisation=organisation, name=team["name"], description=team["description"], by=None
        )
        for key, team in ORGANISATION["teams"].items()
    }
    result = DemoResult(organisation=organisation, teams=teams)
    for member in ORGANISATION["staff"]:
        team_roles, org_roles = member["teams"], member["organisation_roles"]
        user = services.staff_create(
            email=f"{member['local_part']}@{DEMO_DOMAIN}",
            name=member["name"],
            password=DEMO_PASSWORD,
            by=None,
        )
        for key, role in team_roles.items():
            services.membership_set(user=user, team=teams[key], role=role, by=None)
        for role in org_roles:
            services.organisation_role_grant(
                user=user, organisation=organisation, role=role, by=None
            )
        result.staff.append((user, _describe(team_roles, org_roles, teams)))
    staff = {user.email.split("@")[0]: user for user, _ in result.staff}
    today = timezone.localdate()
    result.people = people_build(teams=teams, staff=staff, today=today)
    result.own_space = _own_space_build(result.people, teams)
    networks_build(people=result.people, today=today)
    directory_build(teams=teams, today=today)
    suggestions_build(teams=teams, today=today)
    snapshots_catch_up(people=result.people)  # the ideas tried made connections, dated earlier
    outcomes_build(teams=teams, today=today)
    return result


@transaction.atomic
def demo_add_people(count: int) -> int:
    """Add `count` generated people, spread across the demo teams, with their network maps."""
    teams = list(Team.objects.filter(organisation__is_demo=True).order_by("pk"))
    today = timezone.localdate()
    already = Person.objects.filter(team__in=teams).count()
    last = Person.objects.aggregate(last=Max("pk"))["last"] or 0
    added = crowd_add(teams=teams, count=count, today=today)
    new = Person.objects.filter(team__in=teams, pk__gt=last)
    crowd_networks_add(people=new, today=today, seed=already)
    # The maps were bulk inserted: work out their first and latest measures for the report.
    pairs.refresh_networks(list(new.values_list("pk", flat=True)))
    return added


def _own_space_build(people: list[Person], teams: dict[str, Team]) -> User:
    """One person with their own account, already started, signing in with the demo password
    (issue 14), so a newcomer can try the person's own space."""
    about = ORGANISATION["own_space"]
    team = teams[about["team"]]
    person = next(p for p in people if p.team_id == team.pk and p.preferred_name == about["person"])
    email = f"{about['local_part']}@{DEMO_DOMAIN}"
    account, _code = own_account.person_account_invite(person=person, email=email, by=None)
    own_account.person_account_start(account=account)
    return own_account.person_password_set(user=account.user, password=DEMO_PASSWORD, by=None)


def _describe(team_roles: dict[str, str], org_roles: list[str], teams: dict[str, Team]) -> str:
    parts = [f"{TeamRole(role).label} in {teams[key].name}" for key, role in team_roles.items()]
    parts += [str(OrganisationRoleKind(role).label) for role in org_roles]
    return "; ".join(parts)
