"""Small builders for the search tests: a service with the HSDS parts a search looks at."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from connecting_people.directory.hsds.interests import term_id_for
from connecting_people.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from connecting_people.directory.search.facts import refresh_for_services

# Millbrook (the demo's fictional town) and places at known distances from it.
MILLBROOK = (52.5000, -1.5000)
ONE_KM_NORTH = (52.5090, -1.5000)  # 1.0 km
TEN_KM_NORTH = (52.5899, -1.5000)  # 10.0 km

_postcodes = itertools.count(1)


def organisation(name: str = "Millbrook Community Trust") -> Organization:
    return Organization.objects.create(name=name, description=f"{name} runs things in town.")


def place(
    *,
    at: tuple[float, float] | None = MILLBROOK,
    city: str = "Millbrook",
    postcode: str | None = None,
    kind: str = "physical",
    accessibility: str = "",
    url: str = "",
) -> dict[str, Any]:
    return {
        "at": at,
        "city": city,
        "postcode": postcode or f"MB{next(_postcodes) % 9 + 1} 2AB",
        "kind": kind,
        "accessibility": accessibility,
        "url": url,
    }


def interest_term(slug: str) -> TaxonomyTerm:
    """Our own taxonomy's term for an interest category (made by the migrations)."""
    return TaxonomyTerm.objects.get(id=term_id_for(slug))


def make_service(
    name: str = "Tuesday walking group",
    *,
    description: str = "",
    refresh: bool = True,
    organization: Organization | None = None,
    costs: list[tuple[Decimal | int | None, str]] = (),
    schedules: list[dict[str, Any]] = (),
    places: list[dict[str, Any]] = (),
    terms: list[TaxonomyTerm] = (),
    areas: list[str] = (),
    **fields: Any,
) -> Service:
    """A service with its costs, schedules, locations, terms and areas; indexed unless told."""
    service = Service.objects.create(
        name=name, description=description, organization=organization, **fields
    )
    for amount, option in costs:
        amount = None if amount is None else Decimal(amount)
        CostOption.objects.create(service=service, amount=amount, option=option, currency="GBP")
    for schedule in schedules:
        Schedule.objects.create(service=service, **schedule)
    for where in places:
        _locate(service, where)
    for term in terms:
        Attribute.objects.create(link_entity="service", link_id=service.id, taxonomy_term=term)
    for area in areas:
        ServiceArea.objects.create(service=service, name=area)
    if refresh:
        refresh_for_services([service.id])
    return service


def _locate(service: Service, where: dict[str, Any]) -> Location:
    lat, lon = where["at"] if where["at"] else (None, None)
    location = Location.objects.create(
        location_type=where["kind"], latitude=lat, longitude=lon, url=where["url"]
    )
    ServiceAtLocation.objects.create(service=service, location=location)
    if where["kind"] != "virtual":
        Address.objects.create(
            location=location,
            address_1="1 High Street",
            city=where["city"],
            state_province="Midshire",
            postal_code=where["postcode"],
            country="GB",
            address_type="physical",
        )
    if where["accessibility"]:
        Accessibility.objects.create(location=location, description=where["accessibility"])
    return location


def weekly(byday: str = "", opens: str | None = None, closes: str | None = None, **more: Any):
    """A weekly schedule on these days (RFC 5545 BYDAY), opening and closing at these times."""
    return {
        "freq": "WEEKLY",
        "byday": byday,
        "opens_at": dt.time.fromisoformat(opens) if opens else None,
        "closes_at": dt.time.fromisoformat(closes) if closes else None,
        **more,
    }


def names(page) -> list[str]:
    return [match.service.name for match in page.matches]
