"""Rich directory records for the HSDS export and API tests: one service with every nested part.

`rich_service()` fills every HSDS part a service can have, at every level, and attaches the team
layer with distinctive PLANTED strings that must never leave (`private_strings()` lists them).
`plain_service()` is a cheap service with an organisation and one location, for counting queries.
"""

from __future__ import annotations

import datetime
import decimal
import itertools
from dataclasses import dataclass, field

from django.utils import timezone

from connecting_people.directory import models as d
from connecting_people.directory.models.team import ConnectorKind, FeedbackRating
from tests.factories import TeamFactory, UserFactory

PLANTED = "PLANTED-PRIVATE"
_serial = itertools.count(1)


def private_strings() -> list[str]:
    """Every distinctive string planted in the team layer (and our own fields)."""
    return [
        f"{PLANTED}-team-notes",
        f"{PLANTED}-contact-name",
        f"{PLANTED}-contact-how",
        f"{PLANTED}-knower-how",
        f"{PLANTED}-feedback-note",
        f"{PLANTED}-connector-name",
        f"{PLANTED}-connector-offers",
        f"{PLANTED}-connector-notes",
        f"{PLANTED}-feed-file",
        f"{PLANTED}-session-title",
        f"{PLANTED}-session-where",
    ]


@dataclass
class Rich:
    service: d.Service
    organization: d.Organization
    location: d.Location
    service_at_location: d.ServiceAtLocation
    taxonomy: d.Taxonomy
    term: d.TaxonomyTerm
    parent_term: d.TaxonomyTerm
    extra: dict[str, object] = field(default_factory=dict)


def taxonomy(name: str = "Activities") -> d.Taxonomy:
    return d.Taxonomy.objects.create(
        name=f"{name} {next(_serial)}",
        description="Kinds of activity",
        uri="https://taxonomy.example/activities",
        version="2",
    )


def term(tax: d.Taxonomy | None, name: str, parent: d.TaxonomyTerm | None = None, **kw):
    return d.TaxonomyTerm.objects.create(
        code=name.lower().replace(" ", "-"),
        name=name,
        description=f"About {name}",
        parent=parent,
        taxonomy=tax.name if tax else "",
        taxonomy_detail=tax,
        language="en",
        term_uri=f"https://taxonomy.example/{next(_serial)}",
        **kw,
    )


def attribute(record, entity: str, the_term: d.TaxonomyTerm, value: str = "") -> d.Attribute:
    return d.Attribute.objects.create(
        link_id=record.pk,
        link_entity=entity,
        link_type="classification",
        taxonomy_term=the_term,
        value=value,
    )


def organization(name: str = "Riverside Community Trust") -> d.Organization:
    return d.Organization.objects.create(
        name=f"{name} {next(_serial)}",
        alternate_name="Riverside",
        description="A community charity running groups in the town.",
        email="hello@riverside.example",
        website="https://riverside.example",
        tax_status="charity",
        tax_id="1234567",
        year_incorporated=1998,
        legal_status="Charitable incorporated organisation",
        logo="https://riverside.example/logo.png",
        uri="https://riverside.example/about",
    )


def plain_service(org: d.Organization | None = None, name: str = "Walking group") -> d.Service:
    """A service with an organisation, one location, a phone and a term: for counting queries."""
    org = org or organization()
    service = d.Service.objects.create(
        organization=org,
        name=f"{name} {next(_serial)}",
        description="Gentle walks.",
        last_modified=timezone.now(),
    )
    location = d.Location.objects.create(
        location_type="physical", name="Park gate", latitude=51.5, longitude=-0.12
    )
    d.Address.objects.create(
        location=location,
        address_1="1 Park Road",
        city="Riverside",
        state_province="Kent",
        postal_code="RV1 1AA",
        country="GB",
        address_type="physical",
    )
    sal = d.ServiceAtLocation.objects.create(service=service, location=location)
    d.Phone.objects.create(service=service, number="01234 567890")
    d.Schedule.objects.create(service_at_location=sal, freq="WEEKLY", byday="TU")
    tax = d.Taxonomy.objects.filter(name__startswith="Plain").first() or taxonomy("Plain")
    attribute(service, "service", term(tax, f"Walking {next(_serial)}"))
    d.Metadata.objects.create(
        resource_id=service.pk,
        resource_type="service",
        last_action_date=timezone.now(),
        last_action_type="create",
        field_name="name",
        previous_value="",
        replacement_value=service.name,
        updated_by="import",
    )
    return service


def rich_service() -> Rich:
    """A service with every nested part filled, and the private team layer around it."""
    org = organization()
    program = d.Program.objects.create(
        organization=org,
        name="Healthy Lives",
        alternate_name="HL",
        description="A programme of active groups.",
    )
    d.OrganizationIdentifier.objects.create(
        organization=org,
        identifier_scheme="GB-CHC",
        identifier_type="Charity number",
        identifier="1234567",
    )
    d.Funding.objects.create(organization=org, source="Lottery community fund")
    d.Phone.objects.create(organization=org, number="01234 000111", type="voice")
    d.Contact.objects.create(organization=org, name="Office", email="office@riverside.example")
    service = d.Service.objects.create(
        organization=org,
        program=program,
        name=f"Tuesday Walking Group {next(_serial)}",
        alternate_name="Tuesday walks",
        description="A friendly walk around the park, with tea afterwards.",
        url="https://riverside.example/walks",
        email="walks@riverside.example",
        status="active",
        interpretation_services="BSL on request",
        application_process="Just come along.",
        fees_description="Free",
        wait_time="None",
        fees="None",
        accreditations="Walking for Health",
        eligibility_description="Adults of any fitness",
        minimum_age=18.0,
        maximum_age=99.5,
        assured_date=datetime.date(2024, 5, 1),
        assurer_email="assure@riverside.example",
        licenses="None needed",
        alert="No walk on bank holidays",
        last_modified=datetime.datetime(2024, 6, 1, 9, 30, 15, 123000, tzinfo=datetime.UTC),
    )
    phone = d.Phone.objects.create(
        service=service,
        number="01234 567890",
        extension=12.0,
        type="voice",
        description="Walk leader",
    )
    d.Language.objects.create(phone=phone, name="Welsh", code="cy", note="Some days")
    d.Schedule.objects.create(
        service=service,
        valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2025, 12, 31),
        dtstart=datetime.date(2024, 1, 2),
        timezone=0.0,
        until=datetime.date(2025, 12, 30),
        count=100,
        wkst="MO",
        freq="WEEKLY",
        interval=1,
        byday="TU",
        description="Every Tuesday morning",
        opens_at=datetime.time(10, 0),
        closes_at=datetime.time(11, 30),
        schedule_link="https://riverside.example/walks/times",
        attending_type="in_person",
        notes="Meet at the gate",
    )
    d.ServiceArea.objects.create(
        service=service,
        name="Riverside town",
        description="The town and nearby villages",
        extent="POLYGON((0 0,1 0,1 1,0 0))",
        extent_type="wkt",
        uri="https://areas.example/riverside",
    )
    location = d.Location.objects.create(
        location_type="physical",
        url="https://riverside.example/park",
        organization=org,
        name="Riverside Park gate",
        alternate_name="Park gate",
        description="The main gate of the park.",
        transportation="Bus 12 stops outside",
        latitude=51.5074,
        longitude=-0.1278,
        external_identifier="UPRN-1",
        external_identifier_type="UPRN",
    )
    d.Address.objects.create(
        location=location,
        attention="Walks",
        address_1="1 Park Road",
        address_2="Gate 2",
        city="Riverside",
        region="South East",
        state_province="Kent",
        postal_code="RV1 1AA",
        country="GB",
        address_type="physical",
    )
    d.Accessibility.objects.create(
        location=location,
        description="Step-free paths",
        details="Some gravel",
        url="https://riverside.example/access",
    )
    d.Language.objects.create(location=location, name="English", code="en")
    d.Phone.objects.create(location=location, number="01234 222333", type="voice")
    d.Schedule.objects.create(
        location=location,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR",
        opens_at=datetime.time(8),
        closes_at=datetime.time(20),
    )
    d.Contact.objects.create(location=location, name="Park keeper", title="Keeper")
    sal = d.ServiceAtLocation.objects.create(
        service=service, location=location, description="Walks start here."
    )
    sal_contact = d.Contact.objects.create(
        service_at_location=sal,
        name="Walk leader",
        title="Volunteer",
        department="Walks",
        email="leader@riverside.example",
    )
    d.Phone.objects.create(contact=sal_contact, number="07700 900123", type="cell")
    d.Phone.objects.create(service_at_location=sal, number="07700 900456", type="text")
    d.Schedule.objects.create(
        service_at_location=sal,
        freq="MONTHLY",
        byday="1TU",
        opens_at=datetime.time(14),
        closes_at=datetime.time(15),
    )
    d.Language.objects.create(service=service, name="English", code="en", note="Spoken")
    d.Funding.objects.create(service=service, source="Town council grant")
    d.CostOption.objects.create(
        service=service,
        valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2024, 12, 31),
        option="Tea",
        currency="GBP",
        amount=decimal.Decimal("1.50"),
        amount_description="For the tea afterwards",
    )
    d.CostOption.objects.create(
        service=service, option="Walk", currency="GBP", amount=decimal.Decimal("0.00")
    )
    d.RequiredDocument.objects.create(
        service=service, document="None", uri="https://riverside.example/docs"
    )
    d.Contact.objects.create(service=service, name="Sam Organiser", title="Organiser")
    tax = taxonomy()
    parent = term(tax, "Physical activity")
    walking = term(tax, "Walking", parent=parent)
    loose = term(None, "Outdoors")
    attribute(service, "service", walking, "yes")
    attribute(service, "service", loose)
    attribute(location, "location", walking)
    attribute(sal, "service_at_location", walking)
    attribute(phone, "phone", loose)
    attribute(org, "organization", parent)
    d.Metadata.objects.create(
        resource_id=service.pk,
        resource_type="service",
        last_action_date=datetime.datetime(2024, 6, 1, 9, 30, tzinfo=datetime.UTC),
        last_action_type="update",
        field_name="description",
        previous_value="",
        replacement_value="A friendly walk",
        updated_by="directory",
    )
    d.Metadata.objects.create(
        resource_id=location.pk,
        resource_type="location",
        last_action_date=datetime.datetime(2024, 6, 2, tzinfo=datetime.UTC),
        last_action_type="create",
        field_name="name",
        previous_value="",
        replacement_value="Riverside Park gate",
        updated_by="directory",
    )
    _plant_team_layer(service)
    return Rich(service, org, location, sal, tax, walking, parent)


def _plant_team_layer(service: d.Service) -> None:
    team = TeamFactory()
    user = UserFactory()
    entry = d.TeamService.objects.create(
        team=team,
        service=service,
        notes=f"{PLANTED}-team-notes",
        contact_name=f"{PLANTED}-contact-name",
        contact_how=f"{PLANTED}-contact-how",
        last_checked_on=datetime.date(2024, 6, 1),
        last_checked_by=user,
    )
    d.ServiceKnower.objects.create(entry=entry, user=user, how=f"{PLANTED}-knower-how")
    d.Feedback.objects.create(
        entry=entry, rating=FeedbackRating.WENT_WELL, note=f"{PLANTED}-feedback-note"
    )
    d.CommunityConnector.objects.create(
        team=team,
        kind=ConnectorKind.PERSON,
        name=f"{PLANTED}-connector-name",
        offers=f"{PLANTED}-connector-offers",
        notes=f"{PLANTED}-connector-notes",
    )
    feed = d.CalendarFeed.objects.create(service=service, file_name=f"{PLANTED}-feed-file")
    d.Session.objects.create(
        service=service,
        feed=feed,
        uid="s1",
        title=f"{PLANTED}-session-title",
        where=f"{PLANTED}-session-where",
        starts_at=timezone.now(),
    )
