"""The demo's community directory: about 300 services in the fictional town of Riverside.

The organisations and what they run, and the words this module chooses from, are in
`data/directory.json`, the town in `data/town.json`; this module turns them into HSDS records
(organisations, locations and addresses, services at locations, schedules, costs, phones,
contacts, languages, and interest categories as taxonomy attributes) with bulk inserts, then
`directory_team.py` adds what each demo team knows. Identifiers are uuid5 names under a fixed
namespace and every choice comes from a seeded random.Random, so two builds give the same
directory; dates count from today.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models, transaction

from connecting_people.core.models import Team
from connecting_people.directory.fit_records import record_from_words
from connecting_people.directory.hsds.interests import term_id_for
from connecting_people.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Session,
)
from connecting_people.directory.search.facts import refresh_for_services
from connecting_people_demo.data import load
from connecting_people_demo.directory_places import AREAS, COUNTRY, COUNTY, PLACES, TOWN, Area
from connecting_people_demo.directory_team import teams_build
from connecting_people_demo.directory_words import ORGANISATIONS, POOLS, TOPICS, Offer, Org

NAMESPACE = uuid.UUID("0c9a6f3e-2b1d-5e47-8a36-d5f1c2b0e9a4")
SEED = 1905
LONDON = ZoneInfo("Europe/London")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's last part may use
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAYS = WEEKDAYS[:5]
TIMES = {  # start times to choose from, and how long it runs (minutes)
    "early": ((8, 0), (8, 30), (9, 0)),
    "am": ((9, 30), (10, 0), (10, 30)),
    "pm": ((13, 0), (13, 30), (14, 0)),
    "eve": ((18, 30), (19, 0), (19, 30)),
    "day": ((9, 0), (9, 30), (10, 0)),
}
LASTS = {"early": 90, "am": 120, "pm": 120, "eve": 120, "day": 390}
_WORDS = load("directory")
# What a venue's access is like, when the random gives it words: (description, details).
ACCESS: tuple[tuple[str, str], ...] = tuple(
    (access["description"], access["details"]) for access in _WORDS["access"]
)
LANGUAGES: dict[str, str] = _WORDS["languages"]  # code: name
JOIN: tuple[str, ...] = tuple(_WORDS["join"])  # how to join, for offers that do not say
CONTACT_NAMES: tuple[str, ...] = tuple(_WORDS["contact_names"])
CONTACT_TITLES: tuple[str, ...] = tuple(_WORDS["contact_titles"])


def _id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(parts))


@dataclass(frozen=True)
class Planned:
    """One service to build: who runs it and which offer it is."""

    org: Org
    offer: Offer
    from_pool: bool

    @property
    def key(self) -> str:
        return f"{self.org.key}/{self.offer.key}"

    @property
    def name(self) -> str:
        return f"{self.offer.name} at {self.org.name}" if self.from_pool else self.offer.name


def plan(seed: int = SEED) -> list[Planned]:
    """Every service the demo directory has, in a fixed order (no database needed)."""
    planned = []
    for org in ORGANISATIONS:
        planned += [Planned(org, offer, from_pool=False) for offer in org.own]
        pool = POOLS.get(org.kind, ())
        rng = random.Random(f"{seed}:{org.key}")  # noqa: S311 (demo data, not security)
        picks = rng.sample(pool, k=min(org.picks, len(pool)))
        planned += [Planned(org, offer, from_pool=True) for offer in picks]
    return planned


@dataclass
class DirectoryResult:
    organisations: int = 0
    services: int = 0
    entries: int = 0
    connectors: int = 0
    service_ids: list[uuid.UUID] = field(default_factory=list)


@dataclass
class _Rows:
    """Unsaved rows, saved parents first."""

    orgs: list[Organization] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    children: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)

    def add(self, row: models.Model) -> None:
        self.children.setdefault(type(row), []).append(row)


# Children in an order that saves every parent before its children.
CHILD_ORDER: tuple[type[models.Model], ...] = (
    Address, Accessibility, ServiceAtLocation, Contact, Phone, Schedule, CostOption, Language,
    ServiceArea, Attribute, Session,
)  # fmt: skip


@transaction.atomic
def directory_build(*, teams: dict[str, Team], today: dt.date, seed: int = SEED) -> DirectoryResult:
    """Build the demo directory and each demo team's knowledge of it."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not security)
    planned = plan(seed)
    builder = _Builder(rng=rng, today=today)
    builder.build(planned)
    rows = builder.rows
    Organization.objects.bulk_create(rows.orgs)
    Location.objects.bulk_create(rows.locations)
    Service.objects.bulk_create(rows.services)
    for model in CHILD_ORDER:
        model._default_manager.bulk_create(rows.children.get(model, []), batch_size=500)
    keyed = {item.key: service for item, service in zip(planned, rows.services, strict=True)}
    entries, connectors = teams_build(teams=teams, services=keyed, rng=rng, today=today)
    service_ids = [service.id for service in rows.services]
    record_from_words(service_ids)  # access and who it is for, read as an import reads them
    _refresh_search(service_ids)
    return DirectoryResult(
        organisations=len(rows.orgs),
        services=len(rows.services),
        entries=entries,
        connectors=connectors,
        service_ids=service_ids,
    )


@transaction.atomic
def directory_remove(seed: int = SEED) -> None:
    """Delete the records the demo directory made (found by their fixed ids), nothing else."""
    planned = plan(seed)
    service_ids = [_id("service", item.key) for item in planned]
    places = ServiceAtLocation.objects.filter(service_id__in=service_ids).values("location_id")
    Attribute.objects.filter(link_entity="location", link_id__in=places).delete()
    Attribute.objects.filter(link_entity="service", link_id__in=service_ids).delete()
    Service.objects.filter(id__in=service_ids).delete()
    Location.objects.filter(id__in=[_id("place", key) for key in PLACES]).delete()
    Organization.objects.filter(id__in=[_id("org", org.key) for org in ORGANISATIONS]).delete()


def _refresh_search(service_ids: list[uuid.UUID]) -> None:
    """Let search know about the new services."""
    refresh_for_services(service_ids)


class _Builder:
    def __init__(self, *, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today
        self.rows = _Rows()
        self.venues: dict[str, Location] = {}
        self.online: dict[str, Location] = {}
        self.places: dict[str, Location] = {}
        self.phones = iter(range(100, 1000))

    def build(self, planned: list[Planned]) -> None:
        for org in ORGANISATIONS:
            self._organisation(org)
        for key in PLACES:
            self._place(key)
        for item in planned:
            self._service(item)

    def _phone(self, **owner: Any) -> None:
        number = f"01632 960{next(self.phones):03d}"
        self.rows.add(Phone(id=_id("phone", number), number=number, type="voice", **owner))

    def _organisation(self, org: Org) -> None:
        area = AREAS[org.area]
        record = Organization(
            id=_id("org", org.key),
            name=org.name,
            description=org.about,
            email=f"{org.key}@example.org",
            website=f"https://{org.key}.example.org",
            legal_status=org.legal,
            year_incorporated=org.founded,
        )
        self.rows.orgs.append(record)
        self._phone(organization=record)
        venue = self._location(
            key=f"venue/{org.key}", name=org.venue, area=area, organization=record
        )
        self.venues[org.key] = venue

    def _place(self, key: str) -> None:
        place = PLACES[key]
        self.places[key] = self._location(
            key=f"place/{key}",
            name=place.name,
            area=AREAS[place.area],
            street=place.street,
            description=place.description,
            transportation=place.transportation,
            access=place.access,
            ident=_id("place", key),
        )

    def _location(
        self,
        *,
        key: str,
        name: str,
        area: Area,
        organization: Organization | None = None,
        street: str = "",
        description: str = "",
        transportation: str = "",
        access: str = "",
        ident: uuid.UUID | None = None,
    ) -> Location:
        rng = self.rng
        location = Location(
            id=ident or _id("location", key),
            location_type="physical",
            organization=organization,
            name=name,
            description=description,
            transportation=transportation or area.buses,
            latitude=round(area.latitude + rng.uniform(-0.009, 0.009), 5),
            longitude=round(area.longitude + rng.uniform(-0.014, 0.014), 5),
        )
        self.rows.locations.append(location)
        inward = f"{rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
        postcode = f"{area.district} {inward}"
        self.rows.add(
            Address(
                id=_id("address", key),
                location=location,
                address_1=f"{rng.randint(1, 140)} {street or rng.choice(area.streets)}",
                address_2="" if area.key == "centre" else area.name,
                city=TOWN,
                state_province=COUNTY,
                postal_code=postcode,
                country=COUNTRY,
                address_type="physical",
            )
        )
        if access or rng.random() < 0.55:
            description, details = (access, "") if access else rng.choice(ACCESS)
            self.rows.add(
                Accessibility(
                    id=_id("access", key),
                    location=location,
                    description=description,
                    details=details,
                )
            )
        return location

    def _online(self, org: Org) -> Location:
        if org.key not in self.online:
            location = Location(
                id=_id("online", org.key),
                location_type="virtual",
                organization_id=_id("org", org.key),
                name=f"{org.name} online",
                description="On a video call: the link is sent when you join.",
                url=f"https://{org.key}.example.org/online",
            )
            self.rows.locations.append(location)
            self.online[org.key] = location
        return self.online[org.key]

    def _service(self, item: Planned) -> None:
        rng, offer, org = self.rng, item.offer, item.org
        service = Service(
            id=_id("service", item.key),
            organization_id=_id("org", org.key),
            name=item.name,
            description=offer.about,
            url=f"https://{org.key}.example.org/{offer.key}",
            email=f"{org.key}@example.org",
            status=offer.status,
            alert=offer.alert,
            application_process=offer.how or rng.choice(JOIN),
            eligibility_description=offer.who,
            minimum_age=offer.ages[0] if offer.ages else None,
            maximum_age=offer.ages[1] if offer.ages else None,
            fees_description=COSTS[offer.cost][0],
            last_modified=self._moment(-rng.randint(3, 540), dt.time(9)),
            assured_date=self.today - dt.timedelta(days=rng.randint(10, 400))
            if rng.random() < 0.3
            else None,
        )
        self.rows.services.append(service)
        for location in self._where(item):
            at = ServiceAtLocation(
                id=_id("at", item.key, str(location.id)), service=service, location=location
            )
            self.rows.add(at)
        self._schedule(item, service)
        self._costs(item, service)
        for slug in offer.topics.split():
            self.rows.add(
                Attribute(
                    id=_id("attribute", item.key, slug),
                    link_entity="service",
                    link_id=service.id,
                    taxonomy_term_id=term_id_for(TOPICS[slug]),
                )
            )
        self._extras(item, service)

    def _where(self, item: Planned) -> list[Location]:
        if item.offer.online:
            return [self._online(item.org)]
        here = self.places[item.offer.place] if item.offer.place else self.venues[item.org.key]
        return [here, self._online(item.org)] if item.offer.also_online else [here]

    def _schedule(self, item: Planned, service: Service) -> None:
        if item.offer.when == "appt":
            return
        repeat, _, rest = item.offer.when.partition("-")
        if repeat == "m" and rest.startswith("1-"):  # "m-1-pm": the last week of the month
            repeat, rest = "m-1", rest[2:]
        time_key, _, days = rest.partition(":")
        days = days or self.rng.choice(DAYS)
        hour, minute = self.rng.choice(TIMES[time_key])
        opens = dt.time(hour, minute)
        closes = (
            dt.datetime.combine(self.today, opens) + dt.timedelta(minutes=LASTS[time_key])
        ).time()
        fields: dict[str, Any] = {"freq": "WEEKLY", "byday": days}
        if repeat == "2w":
            monday = self.today - dt.timedelta(
                days=self.today.weekday() + 7 * self.rng.randint(1, 8)
            )
            fields.update(interval=2, dtstart=monday, wkst="MO")
        elif repeat.startswith("m"):
            nth = repeat[1:]
            fields.update(freq="MONTHLY", byday=",".join(f"{nth}{day}" for day in days.split(",")))
        self.rows.add(
            Schedule(
                id=_id("schedule", item.key),
                service=service,
                opens_at=opens,
                closes_at=closes,
                attending_type="online" if item.offer.online else "in person",
                **fields,
            )
        )

    def _costs(self, item: Planned, service: Service) -> None:
        _words, options = COSTS[item.offer.cost]
        for i, (option, amount, about) in enumerate(options):
            self.rows.add(
                CostOption(
                    id=_id("cost", item.key, str(i)),
                    service=service,
                    option=option,
                    currency="GBP",
                    amount=amount,
                    amount_description=about,
                )
            )

    def _extras(self, item: Planned, service: Service) -> None:
        rng, org = self.rng, item.org
        if rng.random() < 0.35:
            self._phone(service=service)
        if rng.random() < 0.3:
            first = rng.choice(CONTACT_NAMES)
            self.rows.add(
                Contact(
                    id=_id("contact", item.key),
                    service=service,
                    name=first,
                    title=rng.choice(CONTACT_TITLES),
                    email=f"{first.lower()}.{org.key}@example.org",
                )
            )
        for code in item.offer.languages:
            self.rows.add(
                Language(
                    id=_id("language", item.key, code),
                    service=service,
                    name=LANGUAGES[code],
                    code=code,
                )
            )
        if org.kind == "council":
            self.rows.add(
                ServiceArea(
                    id=_id("area", item.key),
                    service=service,
                    name="Riverside borough",
                    extent_type="",
                    description="The whole of Riverside and its villages.",
                )
            )
        for n, session in enumerate(_dated(item, self.today)):
            self.rows.add(Session(service=service, uid=f"demo-{item.key}-{n}", **session))

    def _moment(self, days: int, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(self.today + dt.timedelta(days=days), time, tzinfo=LONDON)


def _dated(item: Planned, today: dt.date) -> Iterator[dict[str, Any]]:
    """The special dated sessions of an offer (DATED), a few weeks ahead of today."""
    where = PLACES[item.offer.place].name if item.offer.place else item.org.venue
    day_codes = item.offer.when.partition(":")[2].split(",")
    weekday = WEEKDAYS.index(day_codes[0]) if day_codes[0] in WEEKDAYS else None
    for title, days, (hour, minute), minutes in DATED.get(item.offer.key, ()):
        day = today + dt.timedelta(days=days)
        if weekday is not None:  # on the day of the week it usually runs
            day += dt.timedelta(days=(weekday - day.weekday()) % 7)
        starts = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)
        yield {
            "title": title,
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(minutes=minutes),
            "where": where,
        }


def _amount(amount: str | None) -> Decimal | None:
    return Decimal(amount) if amount is not None else None


# Cost code: (words for the service, [(option, amount or None, about), ...]).
COSTS: dict[str, tuple[str, list[tuple[str, Decimal | None, str]]]] = {
    code: (
        cost["words"],
        [(o["option"], _amount(o["amount"]), o["about"]) for o in cost["options"]],
    )
    for code, cost in _WORDS["costs"].items()
}
# Offer key: (title, days from today, (hour, minute), minutes) for each dated session.
DATED: dict[str, tuple[tuple[str, int, tuple[int, int], int], ...]] = {
    key: tuple((d["title"], d["day"], (d["at"][0], d["at"][1]), d["minutes"]) for d in dated)
    for key, dated in _WORDS["dated"].items()
}
