"""What each demo team knows about the directory: the entries it uses, with notes, named
contacts, when each was last checked (some overdue, so the to-check queue has work in it), who on
the team knows it, what people who tried it said, and the team's own community connectors.

The words are in data/team_knowledge.json, all fictional. Written with bulk inserts from the
seeded random the directory build passes in. Notes and what people said never name anyone;
contacts and connectors are fictional first names.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.core.models import Team, TeamMembership
from connecting_people.directory.fit import ACCESS_BITS, join_slugs
from connecting_people.directory.models import (
    CommunityConnector,
    Feedback,
    Service,
    ServiceKnower,
    TeamService,
)
from connecting_people.taxonomy.models import InterestCategory
from connecting_people_demo.data import load
from connecting_people_demo.directory_places import AREAS

_KNOWLEDGE = load("team_knowledge")
# Entries each team surely has ("organisation/offer"): its people's stories mention them.
MUST: dict[str, list[str]] = _KNOWLEDGE["must"]
NOTES: list[str] = _KNOWLEDGE["notes"]
CONTACT_ROLES: list[str] = _KNOWLEDGE["contact_roles"]
KNOWS_HOW: list[str] = _KNOWLEDGE["knows_how"]
FEEDBACK: list[tuple[str, bool, str]] = [
    (f["rating"], f["kept_going"], f["note"]) for f in _KNOWLEDGE["feedback"]
]
# Each team's community connectors: kind, name, offers, interests (slugs), area (a town area key),
# where, when, can_go_along, is_free, how_to_reach.
CONNECTORS: dict[str, list[dict[str, Any]]] = _KNOWLEDGE["connectors"]


def teams_build(
    *, teams: dict[str, Team], services: dict[str, Service], rng: random.Random, today: dt.date
) -> tuple[int, int]:
    """Give each team its entries (with knowers and what people said) and its connectors."""
    entries = connectors = 0
    for key in sorted(teams):
        team = teams[key]
        members = [
            m.user
            for m in TeamMembership.objects.filter(team=team)
            .select_related("user")
            .order_by("user__email")
        ]
        if not members:
            continue
        entries += _entries(team, key, members, services, rng, today)
        connectors += _connectors(team, key, members, rng, today)
    return entries, connectors


def _entries(
    team: Team,
    key: str,
    members: list[User],
    services: dict[str, Service],
    rng: random.Random,
    today: dt.date,
) -> int:
    must = [k for k in MUST.get(key, ()) if k in services]
    rest = [k for k in services if k not in must]
    chosen = must + rng.sample(rest, k=min(len(rest), rng.randint(95, 135) - len(must)))
    rows = [_entry(team, services[k], members, rng, today) for k in sorted(chosen)]
    TeamService.objects.bulk_create(rows)
    _date_the_additions(rows, key, today)
    knowers, feedback = [], []
    for entry in rows:
        if rng.random() < 0.45:
            for user in rng.sample(members, k=min(len(members), rng.choice((1, 1, 2)))):
                knowers.append(
                    ServiceKnower(
                        entry=entry,
                        user=user,
                        how=rng.choice(KNOWS_HOW),
                        can_go_along=rng.random() < 0.3,
                    )
                )
        if rng.random() < 0.3:
            for rating, kept_going, note in rng.sample(FEEDBACK, k=rng.randint(1, 3)):
                feedback.append(
                    Feedback(
                        entry=entry, rating=rating, kept_going=kept_going, note=note,
                        recorded_on=today - dt.timedelta(days=rng.randint(3, 360)),
                        recorded_by=rng.choice(members),
                    )
                )  # fmt: skip
    ServiceKnower.objects.bulk_create(knowers)
    Feedback.objects.bulk_create(feedback)
    return len(rows)


def _date_the_additions(rows: list[TeamService], key: str, today: dt.date) -> None:
    """When each entry was added: the team built its list over the past two years, a few in the
    last weeks, never after its last check. The dates come from a generator of their own, seeded
    by the team and the service, so the rest of the demo is drawn exactly as before."""
    for entry in rows:
        own = random.Random(f"{key}:{entry.service_id}")  # noqa: S311 (demo data, not security)
        days = own.randint(5, 60) if own.random() < 0.06 else own.randint(60, 730)
        added = today - dt.timedelta(days=days)
        if entry.last_checked_on and entry.last_checked_on < added:
            added = entry.last_checked_on
        entry.created_at = timezone.make_aware(dt.datetime.combine(added, dt.time(10)))
    TeamService.objects.bulk_update(rows, ["created_at"])


def _last_checked(rng: random.Random, today: dt.date) -> dt.date | None:
    """Most checked lately, some overdue, a few never: the to-check queue always has work."""
    roll = rng.random()
    if roll < 0.08:
        return None
    if roll < 0.3:
        return today - dt.timedelta(days=rng.randint(200, 420))
    return today - dt.timedelta(days=rng.randint(0, 170))


def _entry(
    team: Team, service: Service, members: list[User], rng: random.Random, today: dt.date
) -> TeamService:
    checked = _last_checked(rng, today)
    entry = TeamService(
        team=team,
        service=service,
        notes=rng.choice(NOTES) if rng.random() < 0.6 else "",
        last_checked_on=checked,
        last_checked_by=rng.choice(members) if checked else None,
        check_every_months=rng.choice((6, 6, 6, 6, 3, 12)),
        added_by=rng.choice(members),
    )
    if rng.random() < 0.5:
        first = rng.choice(
            ("Lorna", "Dev", "Kofi", "Helen", "Bashir", "Megan", "Tom", "Carys", "Femi", "Joan")
        )
        entry.contact_name = f"{first} ({rng.choice(CONTACT_ROLES)})"
        entry.contact_how = (
            f"01632 960{rng.randint(500, 899)}"
            if rng.random() < 0.6
            else f"{first.lower()}@example.org"
        )
    entry.set_check_due()  # what save() does; bulk_create does not call save()
    entry.group_size = group_size_of(service)
    return entry


# What each demo connector is like to join (issue 17): group size, and access as the team knows
# it (nothing where the team does not know). Keyed by the connector's name in the stories.
CONNECTOR_FIT: dict[str, tuple[str, tuple[str, ...]]] = {
    "Maureen (Tuesday walks)": ("small", ("step_free", "seating")),
    "Knitters at the Mill Street café": ("small", ("quiet_space",)),
    "Des (allotment, plot 14)": ("one_to_one", ()),
    "Ruth (befriending volunteer)": ("one_to_one", ()),
    "Saturday chess at the stone tables": ("small", ("step_free", "seating")),
    "Tariq (five-a-side)": ("medium", ()),
    "Reservoir dog walkers": ("medium", ()),
    "Bev (Sunday tea urn)": ("medium", ("step_free", "accessible_toilet", "hearing_loop")),
    "Thursday night quiz team": ("small", ()),
    "Brookfield litter pickers": ("medium", ("step_free",)),
    "Winston (DIY help)": ("one_to_one", ()),
    "Agnieszka (Polish-speaking neighbour)": ("one_to_one", ()),
    "Stan (tea dance regular)": ("large", ("step_free", "lift", "accessible_toilet")),
    "Helen (library book club)": ("small", ("step_free", "hearing_loop", "large_print")),
    "Fieldside parents' walk": ("medium", ("step_free",)),
    "Orchard Way front-garden growers": ("small", ()),
    "Gloria (choir)": ("large", ("step_free", "accessible_toilet")),
}
# A service's group size as a team would know it, from what it is.
GROUP_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("one_to_one", re.compile(
        r"one[- ]to[- ]one|befriend|mentor|advice|appointment|telephone", re.IGNORECASE)),
    ("small", re.compile(
        r"small group|circle|knit|book club|reading|poetry|quiet|chat|sewing", re.IGNORECASE)),
    ("large", re.compile(
        r"choir|tea dance|festival|parkrun|fun run|market|fair\b", re.IGNORECASE)),
)  # fmt: skip


def group_size_of(service: Service) -> str:
    """What a team would say of a service's groups: from its words, else medium; a quarter
    left unknown (by its id, so no random draw changes the rest of the demo)."""
    if service.id.int % 4 == 0:
        return ""
    text = f"{service.name} {service.description}"
    return next((size for size, words in GROUP_WORDS if words.search(text)), "medium")


def _connectors(
    team: Team, key: str, members: list[User], rng: random.Random, today: dt.date
) -> int:
    categories = {c.slug: c for c in InterestCategory.objects.all()}
    stories = CONNECTORS.get(key) or CONNECTORS["cmht"]
    rows = []
    for story in stories:
        area = AREAS[story["area"]]
        checked = _last_checked(rng, today)
        connector = CommunityConnector(
            team=team, kind=story["kind"], name=story["name"], offers=story["offers"],
            where=story["where"], when=story["when"],
            latitude=round(area.latitude + rng.uniform(-0.008, 0.008), 5),
            longitude=round(area.longitude + rng.uniform(-0.012, 0.012), 5),
            how_to_reach=story["how_to_reach"], can_go_along=story["can_go_along"],
            is_free=story["is_free"], known_by=rng.choice(members), last_checked_on=checked,
            last_checked_by=rng.choice(members) if checked else None,
        )  # fmt: skip
        size, access = CONNECTOR_FIT.get(story["name"], ("", ()))
        connector.group_size = size
        connector.access_features = join_slugs(access, ACCESS_BITS)
        connector.set_check_due()  # what save() does; bulk_create does not call save()
        rows.append(connector)
    CommunityConnector.objects.bulk_create(rows)
    through = CommunityConnector.interests.through
    through.objects.bulk_create(
        through(communityconnector_id=connector.pk, interestcategory_id=categories[slug].pk)
        for connector, story in zip(rows, stories, strict=True)
        for slug in story["interests"]
        if slug in categories
    )
    return len(rows)
