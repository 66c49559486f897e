"""One world for walking every page: two organisations, three teams, a person with a full record,
and the standing cast of people who may or may not see it.

    Riverside (org A) ── North (team A) ── practitioner, team_lead; Sam Quillon (a full record)
                     │                     inactive (was a North practitioner; account switched off)
                     └─ South (team B) ─── other_team (practitioner); Sid Sidonius
                     org_admin (admin of Riverside, in no team), evaluator (of Riverside)
    Faraway (org B) ── Far (team C) ────── other_org (team lead); Fay Fayella
    anonymous: nobody signed in; superuser: Django staff, only to show the admin opens at all
    person_self: Sam Quillon's own account (issue 14); other_person: the account of Noor
    Nightingale, another person North supports
    The directory: a service North uses (with a knower and notes) and Riverside keeps, a change to
    it that other_org suggested, a connector North keeps, and the HSDS records (organisation,
    taxonomy and term, service at a location) the read API serves.

Built once per test module by the `world` fixture in tests/test_url_access.py: the module runs
inside one outer transaction that is rolled back at the end, and each test inside a savepoint.

Every model path this world needs is imported here, at the top, so code moving between apps
means changing only these lines.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.db import connection
from django.utils import timezone

# ── Model and service paths (update here when code moves) ─────────────────────────────────────
from connecting_people.accounts import tokens
from connecting_people.accounts.models import ApiToken
from connecting_people.core.models import (
    AuditAction,
    AuditEvent,
    OrganisationRoleKind,
    TeamJoinRequest,
    TeamMembership,
    TeamRole,
)
from connecting_people.directory.models import (
    ChangeSuggestion,
    CommunityConnector,
    DirectorySource,
    Organization,
    ServiceAtLocation,
    ServiceKnower,
    ServiceOwner,
    Taxonomy,
    TaxonomyTerm,
    TeamService,
)
from connecting_people.network import services as network
from connecting_people.network.models import Connection, SharedStory, Snapshot
from connecting_people.outcomes import services as outcomes
from connecting_people.outcomes.models import CompletedBy, Response
from connecting_people.outcomes.selectors import instrument_version
from connecting_people.people.models import (
    ErasureRequest,
    Interest,
    Person,
    PersonAccount,
    Skill,
    Status,
)
from connecting_people.plans import services as plans
from connecting_people.plans.models import Barrier, Contact, Goal, Step
from connecting_people.suggestions.models import Suggestion
from tests.directory.factories import (
    ServiceFactory,
    ServiceKnowerFactory,
    TeamServiceFactory,
    in_person,
)
from tests.factories import (
    OrganisationFactory,
    OrganisationRoleFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)
from tests.plans.factories import (
    ContactFactory,
    GoalFactory,
    InterestFactory,
    PersonFactory,
    StepFactory,
    barrier_type,
)
from tests.suggestions.factories import ConnectorFactory, SuggestionFactory

# The tables a refused write must leave alone (checked by counting rows before and after).
KEY_TABLES = {
    "people": Person,
    "interests": Interest,
    "skills": Skill,
    "goals": Goal,
    "steps": Step,
    "barriers": Barrier,
    "contacts": Contact,
    "connections": Connection,
    "stories": SharedStory,
    "snapshots": Snapshot,
    "suggestions": Suggestion,
    "responses": Response,
    "memberships": TeamMembership,
    "team services": TeamService,
    "knowers": ServiceKnower,
    "connectors": CommunityConnector,
    "directory sources": DirectorySource,
    "erasure requests": ErasureRequest,
    "change suggestions": ChangeSuggestion,
}

# And the fields of Sam's records (and North's directory layer) that the quick buttons change.
KEY_FIELDS = {
    "person": (Person, ["status", "version"]),
    "goal": (Goal, ["status", "version"]),
    "step": (Step, ["status", "position", "version"]),
    "suggestion": (Suggestion, ["status", "shortlisted", "version"]),
    "entry": (TeamService, ["last_checked_on", "version"]),
    "connector": (CommunityConnector, ["last_checked_on", "version"]),
    "source": (DirectorySource, ["name", "last_synced_at", "version"]),
    "erasure": (ErasureRequest, ["status"]),
    "change_suggestion": (ChangeSuggestion, ["status"]),
    "api_token": (ApiToken, ["revoked_at"]),  # issue 19
}

# Words only some of the cast may ever see, on any page: a person's name (their team only), and
# what North keeps about the directory (North only). Everyone else must never meet them.
SECRETS = {
    b"Quillon": ("practitioner", "team_lead", "person_self"),  # Sam, North's person
    b"Zanzibar": ("practitioner", "team_lead"),  # North's connector and its notes on a service
    b"Sidonius": ("other_team",),  # Sid, South's person
    b"Fayella": ("other_org",),  # Fay, Faraway's person
    b"Nightingale": ("practitioner", "team_lead", "other_person"),  # Noor, North's, signs in too
}

# Who walks the pages, in the order the failures are named.
MEMBERS = [
    "practitioner",
    "team_lead",
    "other_team",
    "other_org",
    "org_admin",
    "evaluator",
    "inactive",
    "anonymous",
    "person_self",  # issue 14: people's own accounts
    "other_person",
]
PEOPLE_ACCOUNTS = ("person_self", "other_person")


def state_of(w: SimpleNamespace) -> tuple:
    """What a refused POST must not change: the key tables' row counts, and the fields of the
    world's records that the one-button POSTs (status, reorder, checked, shortlist) change.

    One query (it runs twice for each of hundreds of refused POSTs)."""
    records = {
        "person": w.sam.person,
        "goal": w.sam.goal,
        "step": w.sam.step,
        "suggestion": w.sam.suggestion,
        "entry": w.entry,
        "connector": w.connector,
        "erasure": w.erasure_request,
        "change_suggestion": w.change_suggestion,
        "source": w.source,
        "api_token": w.api_token,
    }
    # Only table and column names from the models go into the text; the ids are parameters.
    quote = connection.ops.quote_name
    parts = [
        f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})"  # noqa: S608 (names from our own models; values in parameters)
        for m in KEY_TABLES.values()
    ]
    params = []
    for name, (model, names) in KEY_FIELDS.items():
        table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
        for field_name in names:
            column = quote(model._meta.get_field(field_name).column)
            parts.append(f"(SELECT {column} FROM {table} WHERE {key} = %s)")  # noqa: S608 (names from our own models; values in parameters)
            params.append(records[name].pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return cursor.fetchone()


def refusals_by(user) -> int:  # type: ignore[no-untyped-def]
    return AuditEvent.objects.filter(actor=user, action=AuditAction.REFUSED).count()


def last_refusal_of(user):  # type: ignore[no-untyped-def]
    """The newest REFUSED audit event for this user, or None."""
    return AuditEvent.objects.filter(actor=user, action=AuditAction.REFUSED).order_by("pk").last()


def _member(team, role=TeamRole.PRACTITIONER, **user_fields):  # type: ignore[no-untyped-def]
    return TeamMembershipFactory(team=team, role=role, user=UserFactory(**user_fields)).user


def _own_account(person: Person, *, email: str):  # type: ignore[no-untyped-def]
    user = UserFactory(email=email, name=person.preferred_name, is_person=True)
    PersonAccount.objects.create(person=person, user=user, status="active")
    return user


def _record(person: Person, by) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """Everything a person's pages can be about: plan, interests, map, suggestions, measures."""
    earliest = timezone.localdate() - dt.timedelta(days=60)
    if person.started_on > earliest:  # a snapshot 30 days ago cannot come before the start
        Person.objects.filter(pk=person.pk).update(started_on=earliest)
        person.started_on = earliest
    goal = GoalFactory(person=person, text="Get back to swimming")
    step = StepFactory(goal=goal, text="Find the pool")
    StepFactory(goal=goal, text="Buy a costume")
    barrier = plans.barrier_create(
        person=person, kind=barrier_type("money"), plan="Ask about concessions", by=by
    )
    contact = ContactFactory(person=person)
    interest = InterestFactory(person=person, description="Swimming")
    skill = person.skills.create(description="Baking bread", would_teach=True)
    friend = network.connection_add(
        person=person, by=by, label="Friend Fran", kind="friend", ring="close", feels="supportive"
    )
    neighbour = network.connection_add(
        person=person, by=by, label="Neighbour Ned", kind="neighbour", ring="middle"
    )
    network.ties_set(connection=friend, knows=[neighbour], by=by)
    story = network.story_share(
        person=person, text="We swim together on Fridays now", connection=friend, by=by
    )
    snapshot = network.snapshot_take(
        person=person, taken_on=timezone.localdate() - dt.timedelta(days=30), kind="baseline", by=by
    )
    suggestion = SuggestionFactory(person=person)
    answering = outcomes.response_start(
        person=person,
        instrument=instrument_version("ons4"),
        by=by,
        completed_by=CompletedBy.WITH_WORKER,
        answers={"satisfied": 4},
    )
    complete = outcomes.response_start(
        person=person,
        instrument=instrument_version("ucla3"),
        by=by,
        completed_by=CompletedBy.WITH_WORKER,
        answers={"lack_companionship": 3, "left_out": 2, "isolated": 3},
    )
    outcomes.response_complete(response=complete, by=by, version=complete.version)
    return SimpleNamespace(
        person=person,
        goal=goal,
        step=step,
        barrier=barrier,
        contact=contact,
        interest=interest,
        skill=skill,
        connection=friend,
        story=story,
        snapshot=snapshot,
        suggestion=suggestion,
        answering=answering,
        complete=complete,
    )


def build_world() -> SimpleNamespace:
    """The organisations, teams, cast and records described in the module docstring."""
    riverside = OrganisationFactory(name="Riverside Trust")
    north = TeamFactory(organisation=riverside, name="North Team")
    south = TeamFactory(organisation=riverside, name="South Team")
    faraway = OrganisationFactory(name="Faraway Care")
    far = TeamFactory(organisation=faraway, name="Far Team")

    w = SimpleNamespace(org_a=riverside, team_a=north, team_b=south, org_b=faraway, team_c=far)
    w.practitioner = _member(north, name="Pat Practitioner")
    w.team_lead = _member(north, TeamRole.TEAM_LEAD, name="Lee Lead")
    w.inactive = _member(north, name="Ina Inactive")
    w.inactive.is_active = False
    w.inactive.save(update_fields=["is_active"])
    w.other_team = _member(south, name="Sol South")
    w.other_org = _member(far, TeamRole.TEAM_LEAD, name="Fen Faraway")
    w.org_admin = OrganisationRoleFactory(
        organisation=riverside, role=OrganisationRoleKind.ADMIN, user=UserFactory(name="Ada Admin")
    ).user
    w.evaluator = OrganisationRoleFactory(
        organisation=riverside,
        role=OrganisationRoleKind.EVALUATOR,
        user=UserFactory(name="Eve Evaluator"),
    ).user
    # The admin asked to join North themselves (issue 15): only North's lead may decide.
    w.join_request = TeamJoinRequest.objects.create(
        user=w.org_admin, team=north, role=TeamRole.PRACTITIONER
    )
    w.anonymous = None
    w.superuser = UserFactory(name="Sue Super", is_staff=True, is_superuser=True)
    # issue 19: a North practitioner's API token (its owner and North's lead may revoke it)
    w.api_token, _secret = tokens.token_issue(
        user=w.practitioner,
        name="Weekly report",
        scopes=["people:read"],
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        team=north,
        by=w.practitioner,
    )

    sam = PersonFactory(
        team=north, preferred_name="Sam Quillon", keyworker=w.practitioner, status=Status.ACTIVE
    )
    w.sam = _record(sam, w.practitioner)
    # Riverside's data protection lead (not one of the cast) asked for Sam's record to be erased
    # (issue 15): only North's lead may confirm it.
    w.erasure_request = ErasureRequest.objects.create(
        person=sam,
        team=north,
        reason="They asked us to.",
        requested_by=OrganisationRoleFactory(
            organisation=riverside,
            role=OrganisationRoleKind.DATA_PROTECTION,
            user=UserFactory(name="Dee Protection"),
        ).user,
    )
    # issue 14: Sam signs in to their own space, and so does Noor, another of North's people.
    w.person_self = _own_account(sam, email="sam.quillon@people.example")
    noor = PersonFactory(
        team=north,
        preferred_name="Noor Nightingale",
        keyworker=w.practitioner,
        status=Status.ACTIVE,
    )
    w.other_person = _own_account(noor, email="noor@people.example")
    w.sid = PersonFactory(team=south, preferred_name="Sid Sidonius", status=Status.ACTIVE)
    w.fay = PersonFactory(team=far, preferred_name="Fay Fayella", status=Status.ACTIVE)

    # The directory: one service North uses (with a knower), a connector North knows, and the
    # HSDS records the read API serves.
    w.service = ServiceFactory(name="Riverside Swimming Club")
    in_person(w.service)
    ServiceOwner.objects.create(service=w.service, organisation=riverside)  # Riverside keeps it
    w.entry = TeamServiceFactory(
        team=north,
        service=w.service,
        added_by=w.practitioner,
        contact_name="Zanzibar Jones",
        notes="Zanzibar: ask for the quiet lane",
    )
    w.knower = ServiceKnowerFactory(entry=w.entry, user=w.practitioner, how="Zanzibar's cousin")
    w.connector = ConnectorFactory(team=north, name="Zanzibar walkers")
    # A published directory North keeps in step with (issue 18); its address is a documentation
    # one, refused before any fetch, so the walk never reaches the network.
    w.source = DirectorySource.objects.create(
        team=north, name="North's feed", kind="hsds_api", url="http://192.0.2.1/api"
    )
    # Faraway's lead suggested a change to Riverside's service (issue 15): Riverside decides.
    w.change_suggestion = ChangeSuggestion.objects.create(
        service=w.service,
        suggested_by=w.other_org,
        from_organisation=faraway,
        note="The club meets on Thursdays now",
        proposed={"name": "Riverside Swim Club"},
        service_version=w.service.version,
    )
    w.hsds_organization = Organization.objects.get(pk=w.service.organization_id)
    w.service_at_location = ServiceAtLocation.objects.filter(service=w.service).first()
    w.taxonomy = Taxonomy.objects.first()
    w.taxonomy_term = TaxonomyTerm.objects.first()
    return w
