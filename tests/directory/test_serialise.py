"""The HSDS 3.0 shapes: every object valid against the official schemas, nothing private in them,
and a fixed number of queries however many services a page holds."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connecting_people.directory import models as d
from connecting_people.directory.hsds import serialise
from connecting_people.taxonomy.models import InterestCategory
from tests.directory import hsds_records as records
from tests.directory.hsds_schemas import check_shape, folder

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich():
    folder()  # skip early, with the reason, when the schemas are absent
    return records.rich_service()


def _only(items, **match):
    found = [i for i in items if all(i.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"expected one of {match} in {items}"
    return found[0]


def test_full_service_is_valid_and_carries_every_nested_part(rich):
    shaped = serialise.service_json(rich.service)

    check_shape(shaped, "compiled/service.json")
    assert shaped["id"] == str(rich.service.pk)
    assert shaped["minimum_age"] == 18
    assert isinstance(shaped["minimum_age"], int)
    assert shaped["maximum_age"] == 99.5
    assert shaped["assured_date"] == "2024-05-01"
    assert shaped["last_modified"] == "2024-06-01T09:30:15.123Z"
    phone = _only(shaped["phones"], number="01234 567890")
    assert phone["extension"] == 12
    assert phone["languages"][0]["code"] == "cy"
    assert phone["attributes"][0]["taxonomy_term"]["name"] == "Outdoors"
    schedule = shaped["schedules"][0]
    assert (schedule["opens_at"], schedule["closes_at"]) == ("10:00:00", "11:30:00")
    assert schedule["timezone"] == 0
    assert schedule["count"] == 100
    assert shaped["service_areas"][0]["extent_type"] == "wkt"
    assert shaped["languages"][0]["name"] == "English"
    assert shaped["organization"]["year_incorporated"] == 1998
    assert shaped["funding"][0]["source"] == "Town council grant"
    amounts = sorted(c.get("amount") for c in shaped["cost_options"])
    assert amounts == [0, 1.5]
    assert shaped["program"]["name"] == "Healthy Lives"
    assert shaped["required_documents"][0]["document"] == "None"
    assert shaped["contacts"][0]["name"] == "Sam Organiser"


def test_full_service_nests_locations_with_all_their_parts(rich):
    shaped = serialise.service_json(rich.service)

    (sal,) = shaped["service_at_locations"]
    assert sal["description"] == "Walks start here."
    assert sal["contacts"][0]["phones"][0]["number"] == "07700 900123"
    assert sal["phones"][0]["type"] == "text"
    assert sal["schedules"][0]["byday"] == "1TU"
    assert sal["attributes"][0]["taxonomy_term"]["name"] == "Walking"
    location = sal["location"]
    assert location["latitude"] == 51.5074
    assert location["addresses"][0]["postal_code"] == "RV1 1AA"
    assert location["accessibility"][0]["description"] == "Step-free paths"
    assert location["languages"][0]["code"] == "en"
    assert location["phones"][0]["number"] == "01234 222333"
    assert location["schedules"][0]["byday"] == "MO,TU,WE,TH,FR"
    assert location["contacts"][0]["name"] == "Park keeper"
    assert location["attributes"][0]["link_entity"] == "location"
    assert location["metadata"][0]["replacement_value"] == "Riverside Park gate"


def test_attributes_carry_their_term_and_its_taxonomy(rich):
    shaped = serialise.service_json(rich.service)

    walking = _only(shaped["attributes"], value="yes")
    assert walking["link_entity"] == "service"
    assert walking["taxonomy_term"]["parent_id"] == str(rich.parent_term.pk)
    assert walking["taxonomy_term"]["taxonomy_detail"]["name"] == rich.taxonomy.name
    loose = _only(
        shaped["attributes"], taxonomy_term_id=str(d.TaxonomyTerm.objects.get(name="Outdoors").pk)
    )
    assert "taxonomy_detail" not in loose["taxonomy_term"]


def test_metadata_keeps_required_empty_values_and_gives_the_date(rich):
    (change,) = serialise.service_json(rich.service)["metadata"]

    assert change["previous_value"] == ""
    assert change["last_action_date"] == "2024-06-01"


def test_attributes_attach_only_to_the_kind_of_record_they_name(rich):
    records.attribute(rich.service, "organization", rich.term, "wrong kind")
    records.attribute(rich.service, "", rich.term, "any kind")

    values = {a.get("value") for a in serialise.service_json(rich.service)["attributes"]}

    assert "any kind" in values
    assert "wrong kind" not in values


def test_empty_text_and_missing_values_are_left_out(db):
    folder()
    service = d.Service.objects.create(name="Bare")

    shaped = serialise.service_json(service)

    check_shape(shaped, "compiled/service.json")
    assert set(shaped) == {
        "id",
        "name",
        "status",
        "phones",
        "schedules",
        "service_areas",
        "service_at_locations",
        "languages",
        "funding",
        "cost_options",
        "required_documents",
        "contacts",
        "attributes",
        "metadata",
    }
    assert all(shaped[k] == [] for k in shaped if k not in ("id", "name", "status"))


def test_required_fields_are_given_even_when_empty(db):
    folder()
    org = d.Organization.objects.create(name="No description yet", description="")

    shaped = serialise.organizations_list_json([org])[0]

    check_shape(shaped, "compiled/organization_list.json")
    assert shaped["description"] == ""


def test_service_list_shape_has_one_to_one_fields_and_heads(rich):
    (shaped,) = serialise.services_list_json([rich.service])

    check_shape(shaped, "compiled/service_list.json")
    assert shaped["organization"]["id"] == str(rich.organization.pk)
    assert shaped["program"]["name"] == "Healthy Lives"
    assert not any(isinstance(v, list) for v in shaped.values())


def test_minimal_services_have_only_id_and_last_modified(rich):
    (shaped,) = serialise.services_minimal_json([rich.service])

    assert shaped == {"id": str(rich.service.pk), "last_modified": "2024-06-01T09:30:15.123Z"}


def test_organization_shapes_are_valid(rich):
    (listed,) = serialise.organizations_list_json([rich.organization])
    plain = serialise.organization_json(rich.organization)
    full = serialise.organization_json(rich.organization, full_service=True)

    check_shape(listed, "compiled/organization_list.json")
    check_shape(plain, "compiled/organization.json")
    check_shape(full, "compiled/organization.json")
    assert plain["organization_identifiers"][0]["identifier"] == "1234567"
    assert plain["programs"][0]["name"] == "Healthy Lives"
    assert plain["funding"][0]["source"] == "Lottery community fund"
    assert plain["phones"][0]["number"] == "01234 000111"
    assert plain["contacts"][0]["name"] == "Office"
    assert plain["locations"][0]["addresses"][0]["city"] == "Riverside"
    assert plain["attributes"][0]["taxonomy_term"]["name"] == "Physical activity"
    assert plain["services"] == [serialise.record_fields(rich.service)]
    (service,) = full["services"]
    assert "organization" not in service
    assert service["service_at_locations"][0]["location"]["name"] == "Riverside Park gate"


def test_service_at_location_shapes_are_valid(rich):
    (listed,) = serialise.service_at_locations_list_json([rich.service_at_location])
    full = serialise.service_at_location_json(rich.service_at_location)

    check_shape(listed, "compiled/service_at_location_list.json")
    check_shape(full, "compiled/service_at_location.json")
    assert listed["location"]["name"] == "Riverside Park gate"
    assert listed["service"]["organization"]["id"] == str(rich.organization.pk)
    assert full["location"]["addresses"][0]["address_1"] == "1 Park Road"
    assert full["contacts"][0]["phones"][0]["number"] == "07700 900123"
    assert full["service"]["phones"][0]["number"] == "01234 567890"
    assert "service_at_locations" not in full["service"]


def test_taxonomy_shapes_are_valid(rich):
    shaped_taxonomy = serialise.taxonomy_json(rich.taxonomy)
    terms = serialise.taxonomy_terms_json(
        list(d.TaxonomyTerm.objects.filter(pk__in=[rich.term.pk, rich.parent_term.pk]))
    )

    check_shape(shaped_taxonomy, "taxonomy.json")
    for shaped in terms:
        check_shape(shaped, "taxonomy_term.json")
        assert shaped["taxonomy_detail"]["id"] == str(rich.taxonomy.pk)
        assert shaped["taxonomy_id"] == str(rich.taxonomy.pk)


def test_our_own_fields_and_the_team_layer_never_appear(rich):
    category = InterestCategory.objects.first() or InterestCategory.objects.create(
        slug="walking", name="Walking"
    )
    rich.term.interest_category = category
    rich.term.save()
    everything = [
        serialise.service_json(rich.service),
        serialise.services_list_json([rich.service]),
        serialise.organization_json(rich.organization, full_service=True),
        serialise.service_at_location_json(rich.service_at_location),
        serialise.taxonomy_terms_json([rich.term]),
    ]

    text = json.dumps(everything)

    for planted in records.private_strings():
        assert planted not in text
    for key in ('"interest_category', '"updated_at"', '"team', '"knowers"', '"feedback"'):
        assert key not in text
    assert '"version": 1' not in text  # the service's edit counter (taxonomies have text versions)


def _queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


@pytest.mark.parametrize(
    "shape",
    [
        lambda services: serialise.services_full_json(services),
        lambda services: serialise.services_list_json(services),
        lambda services: serialise.service_at_locations_full_json(
            list(d.ServiceAtLocation.objects.filter(service__in=services))
        ),
        lambda services: serialise.service_at_locations_list_json(
            list(d.ServiceAtLocation.objects.filter(service__in=services))
        ),
        lambda services: serialise.organizations_full_json(
            list(d.Organization.objects.filter(services__in=services).distinct()),
            full_service=True,
        ),
        lambda services: serialise.taxonomy_terms_json(list(d.TaxonomyTerm.objects.all())),
    ],
    ids=["services-full", "services-list", "sal-full", "sal-list", "orgs-full", "terms"],
)
def test_a_page_costs_the_same_queries_for_2_or_20_services(db, shape):
    few = [records.plain_service() for _ in range(2)]
    many = few + [records.plain_service() for _ in range(18)]

    assert _queries(lambda: shape(few)) == _queries(lambda: shape(many))


@pytest.mark.parametrize(
    "broken",
    [
        {"id": "not-a-uuid", "name": "x", "status": "active"},
        {"id": "6a1c2f3e-0000-4000-8000-000000000001", "name": "x"},
        {"id": "6a1c2f3e-0000-4000-8000-000000000001", "name": "x", "status": "active", "url": ""},
        {
            "id": "6a1c2f3e-0000-4000-8000-000000000001",
            "name": "x",
            "status": "active",
            "url": "not a web address",
        },
        {
            "id": "6a1c2f3e-0000-4000-8000-000000000001",
            "name": "x",
            "status": "active",
            "last_modified": "2024-06-01 09:30",
        },
        {
            "id": "6a1c2f3e-0000-4000-8000-000000000001",
            "name": "x",
            "status": "active",
            "version": 3,
        },
        {
            "id": "6a1c2f3e-0000-4000-8000-000000000001",
            "name": "x",
            "status": "active",
            "assured_date": "2024-06-01T00:00:00Z",
        },
        {
            "id": "6a1c2f3e-0000-4000-8000-000000000001",
            "name": "x",
            "status": "active",
            "minimum_age": 18.0,
        },
    ],
    ids=["uuid", "required", "empty-uri", "bad-uri", "date-time", "our-field", "date", "whole"],
)
def test_the_schema_check_itself_refuses_what_hsds_refuses(broken):
    folder()
    with pytest.raises(AssertionError):
        check_shape(broken, "compiled/service.json")
