"""The plain shape of a service that the add and edit screens work with.

A service in HSDS is spread over many objects (organisation, locations and addresses, costs,
schedules, phones, attributes). Staff edit one simple page: `ServiceDetails`. `details_for` reads
it from the HSDS objects; `service_writes` writes it back. Anything richer than
the page can show (a second place, a monthly schedule, a second cost, another directory's terms)
is kept as it is, never lost by an edit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from connecting_people.core.concurrency import Difference
from connecting_people.directory.fit import ACCESS_FEATURES, AUDIENCES
from connecting_people.directory.fit_records import read_access, read_audience
from connecting_people.directory.hsds.interests import INTEREST_TAXONOMY_ID
from connecting_people.directory.models import (
    Address,
    Attribute,
    CostOption,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from connecting_people.directory.models.hsds import (
    LocationType,
    ServiceStatus,
    Weekday,
)

FREE, PAID, NOT_SAID = "free", "paid", ""
IN_PERSON, ONLINE = "in_person", "online"
_PLAIN_DAY = re.compile(r"^(MO|TU|WE|TH|FR|SA|SU)$")


@dataclass
class WeeklySession:
    """One simple weekly (or every other week) session: a day and the hours."""

    day: str  # "MO".."SU"
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    every_other_week: bool = False
    first_on: dt.date | None = None  # one date it runs, so "every other week" knows which weeks


@dataclass
class ServiceDetails:
    name: str
    organisation: str
    description: str = ""
    eligibility: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    categories: list[str] = field(default_factory=list)  # interest category slugs
    cost: str = NOT_SAID  # FREE, PAID or NOT_SAID
    amount: Decimal | None = None
    cost_description: str = ""
    sessions: list[WeeklySession] = field(default_factory=list)
    ways: list[str] = field(default_factory=list)  # IN_PERSON and/or ONLINE
    address_1: str = ""
    address_2: str = ""
    city: str = ""
    county: str = ""
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    transportation: str = ""
    accessibility: str = ""
    # Issue 17: the place's access features and who the service is only for (`directory.fit`).
    access_features: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    online_url: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    status: str = ServiceStatus.ACTIVE


LABELS = {
    "name": _("Name"),
    "organisation": _("Organisation"),
    "description": _("What it is"),
    "eligibility": _("Who it is for"),
    "minimum_age": _("Youngest age"),
    "maximum_age": _("Oldest age"),
    "categories": _("Interests"),
    "cost": _("Cost"),
    "amount": _("Amount"),
    "cost_description": _("About the cost"),
    "sessions": _("When"),
    "ways": _("How people take part"),
    "address_1": _("Address line 1"),
    "address_2": _("Address line 2"),
    "city": _("Town or city"),
    "county": _("County"),
    "postcode": _("Postcode"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
    "transportation": _("Getting there"),
    "accessibility": _("Accessibility"),
    "access_features": _("Access features"),
    "audience": _("Only for"),
    "online_url": _("Web address to join online"),
    "phone": _("Phone"),
    "email": _("Email"),
    "website": _("Website"),
    "status": _("Status"),
}


# Reading ------------------------------------------------------------------------------------


@dataclass
class Parts:
    """The HSDS objects the simple page edits; anything else is left alone."""

    place: ServiceAtLocation | None = None  # the in-person place
    online: ServiceAtLocation | None = None
    cost: CostOption | None = None
    phone: Phone | None = None
    sessions: list[Schedule] = field(default_factory=list)
    kept_schedules: list[Schedule] = field(default_factory=list)


def is_simple(schedule: Schedule) -> bool:
    """A schedule the page can edit: weekly or every other week, on one day, from a time."""
    interval = schedule.interval or 1
    return (
        schedule.freq == "WEEKLY"
        and interval in (1, 2)
        and bool(_PLAIN_DAY.match(schedule.byday.strip().upper()))
        and not (schedule.bymonthday or schedule.byweekno or schedule.byyearday)
        and not (schedule.count or schedule.until or schedule.valid_from or schedule.valid_to)
        and schedule.timezone is None
        and schedule.opens_at is not None
        and (interval == 1 or schedule.dtstart is not None)
        and schedule.location_id is None
        and schedule.service_at_location_id is None
    )


def parts_for(service: Service) -> Parts:
    """The editable objects of a service, in a fixed number of queries."""
    links = list(
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location")
        .prefetch_related("location__addresses", "location__accessibility")
        .order_by("id")
    )
    parts = Parts(
        place=next((s for s in links if _kind(s) == LocationType.PHYSICAL), None),
        online=next((s for s in links if _kind(s) == LocationType.VIRTUAL), None),
        cost=CostOption.objects.filter(service=service).order_by("id").first(),
        phone=Phone.objects.filter(service=service).order_by("id").first(),
    )
    for schedule in Schedule.objects.filter(service=service).order_by("id"):
        (parts.sessions if is_simple(schedule) else parts.kept_schedules).append(schedule)
    return parts


def _kind(link: ServiceAtLocation) -> str:
    return link.location.location_type if link.location else ""


def address_of(location: Location) -> Address | None:
    addresses = sorted(location.addresses.all(), key=lambda a: a.address_type != "physical")
    return addresses[0] if addresses else None


def our_categories(service: Service) -> list[str]:
    """The interest categories chosen for a service on our own taxonomy (not imported terms)."""
    return list(
        Attribute.objects.filter(
            link_entity="service",
            link_id=service.id,
            taxonomy_term__taxonomy_detail_id=INTEREST_TAXONOMY_ID,
        )
        .order_by("taxonomy_term__code")
        .values_list("taxonomy_term__code", flat=True)
    )


def details_for(service: Service, parts: Parts | None = None) -> ServiceDetails:
    """The service as the simple page shows it."""
    parts = parts or parts_for(service)
    details = ServiceDetails(
        name=service.name,
        organisation=service.organization.name if service.organization else "",
        description=service.description,
        eligibility=service.eligibility_description,
        minimum_age=_whole(service.minimum_age),
        maximum_age=_whole(service.maximum_age),
        categories=our_categories(service),
        audience=read_audience(service.id),
        email=service.email,
        website=service.url,
        status=service.status,
        phone=parts.phone.number if parts.phone else "",
        sessions=[
            WeeklySession(
                day=s.byday.strip().upper(),
                opens_at=s.opens_at,
                closes_at=s.closes_at,
                every_other_week=(s.interval or 1) == 2,
                first_on=s.dtstart if (s.interval or 1) == 2 else None,
            )
            for s in parts.sessions
        ],
    )
    _read_cost(details, parts.cost, service)
    _read_place(details, parts.place)
    if parts.online:
        details.ways.append(ONLINE)
        details.online_url = parts.online.location.url
    return details


def _whole(age: float | None) -> int | None:
    return None if age is None else int(age)


def _read_cost(details: ServiceDetails, cost: CostOption | None, service: Service) -> None:
    details.cost_description = service.fees_description
    if cost is None:
        return
    said_free = cost.amount is None and "free" in cost.option.casefold()
    details.cost = FREE if cost.amount == 0 or said_free else PAID
    details.amount = cost.amount if details.cost == PAID else None


def _read_place(details: ServiceDetails, place: ServiceAtLocation | None) -> None:
    if place is None:
        return
    location = place.location
    details.ways.append(IN_PERSON)
    details.latitude, details.longitude = location.latitude, location.longitude
    details.transportation = location.transportation
    access = next(iter(location.accessibility.all()), None)
    details.accessibility = access.description if access else ""
    details.access_features = read_access("location", location.id)
    address = address_of(location)
    if address:
        details.address_1, details.address_2 = address.address_1, address.address_2
        details.city, details.county = address.city, address.state_province
        details.postcode = address.postal_code


# Comparing ----------------------------------------------------------------------------------


def differences(theirs: ServiceDetails, yours: ServiceDetails) -> list[Difference]:
    """Where the saved service (theirs) differs from what was typed (yours), in plain words."""
    found = []
    for item in fields(ServiceDetails):
        mine, saved = getattr(yours, item.name), getattr(theirs, item.name)
        if _comparable(item.name, mine) != _comparable(item.name, saved):
            found.append(
                Difference(
                    field=item.name,
                    label=str(LABELS[item.name]),
                    theirs=shown(item.name, saved),
                    yours=shown(item.name, mine),
                )
            )
    return found


def _comparable(name: str, value: Any) -> Any:
    if name in ("categories", "ways", "access_features", "audience"):
        return sorted(value)
    if name == "organisation":
        return " ".join(value.split()).casefold()
    return value


def shown(name: str, value: Any) -> Any:
    """A field's value as the pages show it."""
    if name == "sessions":
        return "; ".join(describe_session(s) for s in value)
    if name == "status":
        return dict(ServiceStatus.choices).get(value, value)
    if name == "cost":
        return {FREE: _("Free"), PAID: _("It costs something")}.get(value, "")
    if name == "ways":
        return ", ".join(str({IN_PERSON: _("In person"), ONLINE: _("Online")}[w]) for w in value)
    if name in ("access_features", "audience"):
        terms = ACCESS_FEATURES if name == "access_features" else AUDIENCES
        return ", ".join(str(t.label) for t in terms if t.slug in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else value


def describe_session(session: WeeklySession) -> str:
    """A session in plain words, such as "Every other Tuesday, 10:00 to 12:00"."""
    day = dict(Weekday.choices).get(session.day, session.day)
    text = (_("Every other %(day)s") if session.every_other_week else _("Every %(day)s")) % {
        "day": day
    }
    if session.opens_at and session.closes_at:
        hours = _("%(opens)s to %(closes)s") % {
            "opens": f"{session.opens_at:%H:%M}",
            "closes": f"{session.closes_at:%H:%M}",
        }
        return f"{text}, {hours}"
    if session.opens_at:
        return f"{text}, {session.opens_at:%H:%M}"
    return str(text)
