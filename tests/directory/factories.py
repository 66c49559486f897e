"""factory_boy factories for the directory: HSDS records and the team layer on them.

ServiceFactory()                      a running service with its organisation
ServiceFactory(organization=None)     one without
LocationFactory(), AddressFactory(location=...), ServiceAtLocationFactory(service=, location=)
in_person(service, city="Leeds")      a physical place with an address, linked to the service
ScheduleFactory(service=..., byday="TU")   every Tuesday, 10:00 to 12:00
CostOptionFactory(service=..., amount=0)   free
TeamServiceFactory(team=..., service=...)  a team uses a service (never checked: due now)
ServiceKnowerFactory(entry=..., user=...), FeedbackFactory(entry=...)
with_interests(service, "music", ...)      links our interest terms to the service
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from connecting_people.directory.hsds.interests import term_id_for
from connecting_people.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    Feedback,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceKnower,
    TeamService,
)
from connecting_people.directory.models.hsds import AddressType, LocationType, ServiceStatus
from connecting_people.directory.models.team import FeedbackRating
from tests.factories import TeamFactory, UserFactory

__all__ = [
    "AccessibilityFactory",
    "AddressFactory",
    "CostOptionFactory",
    "FeedbackFactory",
    "LocationFactory",
    "OrganizationFactory",
    "PhoneFactory",
    "ScheduleFactory",
    "ServiceAtLocationFactory",
    "ServiceFactory",
    "ServiceKnowerFactory",
    "TeamServiceFactory",
    "in_person",
    "with_interests",
]


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Community Trust {n}")
    description = factory.LazyAttribute(lambda o: f"{o.name} runs groups in town.")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Community group {n}")
    description = "A friendly group that meets every week. Everyone welcome."
    status = ServiceStatus.ACTIVE


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    location_type = LocationType.PHYSICAL
    name = factory.Sequence(lambda n: f"Community centre {n}")
    latitude = 53.8008
    longitude = -1.5491


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    location = factory.SubFactory(LocationFactory)
    address_1 = factory.Sequence(lambda n: f"{n + 1} High Street")
    city = "Leeds"
    state_province = "West Yorkshire"
    postal_code = "LS1 4AP"
    country = "GB"
    address_type = AddressType.PHYSICAL


class AccessibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accessibility

    location = factory.SubFactory(LocationFactory)
    description = "Step-free access and an accessible toilet."


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    freq = "WEEKLY"
    byday = "TU"
    opens_at = dt.time(10)
    closes_at = dt.time(12)


class CostOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostOption

    service = factory.SubFactory(ServiceFactory)
    currency = "GBP"
    amount = Decimal("2.50")
    option = "A session"


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    service = factory.SubFactory(ServiceFactory)
    number = "0113 496 0000"


class TeamServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamService

    team = factory.SubFactory(TeamFactory)
    service = factory.SubFactory(ServiceFactory)


class ServiceKnowerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceKnower

    entry = factory.SubFactory(TeamServiceFactory)
    user = factory.SubFactory(UserFactory)
    how = "Knows the organiser"


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    entry = factory.SubFactory(TeamServiceFactory)
    rating = FeedbackRating.WENT_WELL
    note = "Felt welcome from the start."


def in_person(service: Service, *, city: str = "Leeds", accessible: bool = False) -> Location:
    """Give a service a place to go, with an address (and accessibility information)."""
    location = LocationFactory()
    AddressFactory(location=location, city=city)
    if accessible:
        AccessibilityFactory(location=location)
    ServiceAtLocationFactory(service=service, location=location)
    return location


def with_interests(service: Service, *slugs: str) -> None:
    """List a service under our interest categories (their fixed taxonomy terms)."""
    Attribute.objects.bulk_create(
        Attribute(link_entity="service", link_id=service.id, taxonomy_term_id=term_id_for(slug))
        for slug in slugs
    )
