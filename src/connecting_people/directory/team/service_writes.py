"""Writing a service's simple shape (`editing.ServiceDetails`) back to its HSDS objects.

Only what the page shows is touched: a second place, a richer schedule, a second cost or another
directory's terms stay as they are.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from connecting_people.directory.fit_records import write_access, write_audience
from connecting_people.directory.hsds.interests import INTEREST_TAXONOMY_ID, term_id_for
from connecting_people.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from connecting_people.directory.models.hsds import AddressType, LocationType
from connecting_people.directory.team.editing import (
    FREE,
    IN_PERSON,
    NOT_SAID,
    ONLINE,
    Parts,
    ServiceDetails,
    WeeklySession,
    address_of,
)


def organisation_named(name: str) -> Organization:
    """The organisation with this name (any capitals), or a new one."""
    name = " ".join(name.split())
    found = Organization.objects.filter(name__iexact=name).order_by("name", "id").first()
    return found or Organization.objects.create(name=name, description="")


def service_fields(details: ServiceDetails) -> dict[str, Any]:
    """The Service model's own fields, as the page sets them."""
    return {
        "name": details.name,
        "description": details.description,
        "eligibility_description": details.eligibility,
        "minimum_age": details.minimum_age,
        "maximum_age": details.maximum_age,
        "fees_description": details.cost_description,
        "email": details.email,
        "url": details.website,
        "status": details.status,
    }


def apply_related(service: Service, details: ServiceDetails, parts: Parts) -> None:
    """Write the page's related objects: cost, sessions, places (with their access features),
    phone, interests, who it is only for."""
    _write_cost(service, details, parts.cost)
    _write_sessions(service, details.sessions, parts.sessions)
    _write_place(service, details, parts.place)
    _write_online(service, details, parts.online)
    _write_phone(service, details.phone, parts.phone)
    _write_categories(service, details.categories)
    write_audience(service.id, details.audience)


def _write_cost(service: Service, details: ServiceDetails, cost: CostOption | None) -> None:
    if details.cost == NOT_SAID:
        if cost is not None:
            cost.delete()
        return
    cost = cost or CostOption(service=service, currency="GBP")
    cost.amount = Decimal(0) if details.cost == FREE else details.amount
    cost.option = str(_("Free")) if details.cost == FREE else _unfree(cost.option)
    cost.amount_description = details.cost_description
    cost.currency = cost.currency or "GBP"
    cost.save()


def _unfree(option: str) -> str:
    return "" if option.casefold() == str(_("Free")).casefold() else option


def _write_sessions(service: Service, wanted: list[WeeklySession], had: list[Schedule]) -> None:
    """Update the simple schedules in place (so their ids last), adding or removing the rest."""
    for index, session in enumerate(wanted):
        schedule = had[index] if index < len(had) else Schedule(service=service)
        schedule.freq, schedule.byday = "WEEKLY", session.day
        schedule.interval = 2 if session.every_other_week else None
        schedule.dtstart = session.first_on if session.every_other_week else None
        schedule.opens_at, schedule.closes_at = session.opens_at, session.closes_at
        schedule.save()
    for schedule in had[len(wanted) :]:
        schedule.delete()


def _write_place(
    service: Service, details: ServiceDetails, place: ServiceAtLocation | None
) -> None:
    if IN_PERSON not in details.ways:
        _unlink(place)
        return
    location = place.location if place else Location(location_type=LocationType.PHYSICAL)
    location.latitude, location.longitude = details.latitude, details.longitude
    location.transportation = details.transportation
    location.organization = location.organization or service.organization
    location.save()
    if place is None:
        ServiceAtLocation.objects.create(service=service, location=location)
    address = address_of(location) if place else None
    address = address or Address(location=location, address_type=AddressType.PHYSICAL)
    address.address_1, address.address_2 = details.address_1, details.address_2
    address.city, address.state_province = details.city, details.county
    address.postal_code, address.country = details.postcode, address.country or "GB"
    address.save()
    access = next(iter(location.accessibility.all()), None) if place else None
    if details.accessibility:
        access = access or Accessibility(location=location)
        access.description = details.accessibility
        access.save()
    elif access is not None:
        access.delete()
    write_access("location", location.id, details.access_features)


def _write_online(
    service: Service, details: ServiceDetails, online: ServiceAtLocation | None
) -> None:
    if ONLINE not in details.ways:
        _unlink(online)
        return
    if online is None:
        location = Location.objects.create(
            location_type=LocationType.VIRTUAL,
            url=details.online_url,
            organization=service.organization,
        )
        ServiceAtLocation.objects.create(service=service, location=location)
    else:
        Location.objects.filter(service_at_locations=online).update(url=details.online_url)


def _unlink(link: ServiceAtLocation | None) -> None:
    """Stop a service being at a location; the location goes too when nothing else is there."""
    if link is None:
        return
    location_id = link.location_id
    link.delete()
    if location_id and not ServiceAtLocation.objects.filter(location_id=location_id).exists():
        Location.objects.filter(pk=location_id).delete()
        write_access("location", location_id, [])  # its features went with it


def _write_phone(service: Service, number: str, phone: Phone | None) -> None:
    if not number:
        if phone is not None:
            phone.delete()
        return
    phone = phone or Phone(service=service)
    phone.number = number
    phone.save()


def _write_categories(service: Service, slugs: list[str]) -> None:
    """Link the chosen interests' terms; other taxonomies' terms are left as they are."""
    wanted = {term_id_for(slug) for slug in slugs}
    ours = Attribute.objects.filter(
        link_entity="service",
        link_id=service.id,
        taxonomy_term__taxonomy_detail_id=INTEREST_TAXONOMY_ID,
    )
    ours.exclude(taxonomy_term_id__in=wanted).delete()
    have = set(ours.values_list("taxonomy_term_id", flat=True))
    Attribute.objects.bulk_create(
        Attribute(link_entity="service", link_id=service.id, taxonomy_term_id=term_id)
        for term_id in sorted(wanted - have)
    )
