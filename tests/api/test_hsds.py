"""The HSDS read API at /api/hsds/: every response valid against the official schemas, paged as
the specification's Page, its filters, errors as JSON, public or staff-only by setting."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from connecting_people.directory import models as d
from connecting_people.directory.hsds import params
from connecting_people.directory.hsds.schemas import OFFICIAL_BASE
from connecting_people.directory.search import engine as search
from tests.directory import hsds_records as records
from tests.directory.hsds_schemas import check_shape, folder, validate_page, validate_response

pytestmark = pytest.mark.django_db

API = "/api/hsds"
MINIMAL = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "last_modified": {"type": "string", "format": "date-time"},
    },
    "additionalProperties": False,
}


@pytest.fixture
def rich(db):
    folder()
    return records.rich_service()


def _get(client, path, **query):
    response = client.get(f"{API}{path}", query)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response, json.loads(response.content)


def _ok(client, path, **query):
    response, body = _get(client, path, **query)
    assert response.status_code == 200, body
    return body


def _items_valid(body, schema):
    validate_page(body, {"$ref": OFFICIAL_BASE + schema})
    for item in body["contents"]:
        check_shape(item, schema)


# What each endpoint gives ---------------------------------------------------------------------


def test_root_says_which_version_and_where_the_specification_is(client, rich):
    body = _ok(client, "/")

    validate_response(body, "/")
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/openapi.json")


def test_services_list_is_a_valid_page_of_list_shapes(client, rich):
    body = _ok(client, "/services")

    validate_response(body, "/services")
    _items_valid(body, "compiled/service_list.json")
    assert [s["id"] for s in body["contents"]] == [str(rich.service.pk)]
    assert body["contents"][0]["organization"]["id"] == str(rich.organization.pk)


def test_services_full_gives_fully_nested_services(client, rich):
    body = _ok(client, "/services", full="true")

    _items_valid(body, "compiled/service.json")
    assert body["contents"][0]["service_at_locations"][0]["location"]["addresses"]


def test_services_minimal_gives_only_ids_and_when_changed(client, rich):
    body = _ok(client, "/services", minimal="true")

    validate_page(body, MINIMAL)
    assert body["contents"] == [
        {"id": str(rich.service.pk), "last_modified": "2024-06-01T09:30:15.123Z"}
    ]


def test_one_service_is_fully_nested_and_valid(client, rich):
    body = _ok(client, f"/services/{rich.service.pk}")

    validate_response(body, "/services/{id}")
    check_shape(body, "compiled/service.json")
    assert body["contacts"][0]["name"] == "Sam Organiser"


def test_organizations_list_full_and_one(client, rich):
    listed = _ok(client, "/organizations")
    full = _ok(client, "/organizations", full="true")
    with_services = _ok(client, "/organizations", full_service="true")
    one = _ok(client, f"/organizations/{rich.organization.pk}")
    one_full = _ok(client, f"/organizations/{rich.organization.pk}/", full_service="1")

    validate_response(listed, "/organizations")
    _items_valid(listed, "compiled/organization_list.json")
    _items_valid(full, "compiled/organization.json")
    _items_valid(with_services, "compiled/organization.json")
    validate_response(one, "/organizations/{id}")
    check_shape(one, "compiled/organization.json")
    check_shape(one_full, "compiled/organization.json")
    assert "phones" not in one["services"][0]
    assert one_full["services"][0]["phones"][0]["number"] == "01234 567890"
    assert with_services["contents"][0]["services"][0]["phones"]


def test_taxonomies_and_terms(client, rich):
    taxonomies = _ok(client, "/taxonomies", search=rich.taxonomy.name)
    one_taxonomy = _ok(client, f"/taxonomies/{rich.taxonomy.pk}")
    terms = _ok(client, "/taxonomy_terms", taxonomy_id=str(rich.taxonomy.pk))
    one_term = _ok(client, f"/taxonomy_terms/{rich.term.pk}")

    validate_response(taxonomies, "/taxonomies")
    assert [t["id"] for t in taxonomies["contents"]] == [str(rich.taxonomy.pk)]
    validate_response(one_taxonomy, "/taxonomies/{id}")
    check_shape(one_taxonomy, "taxonomy.json")
    validate_response(terms, "/taxonomy_terms")
    _items_valid(terms, "taxonomy_term.json")
    assert {t["name"] for t in terms["contents"]} == {"Walking", "Physical activity"}
    validate_response(one_term, "/taxonomy_terms/{id}")
    check_shape(one_term, "taxonomy_term.json")
    assert one_term["taxonomy_detail"]["id"] == str(rich.taxonomy.pk)


def test_taxonomy_terms_filter_by_parent_and_top(client, rich):
    mine = {"taxonomy_id": str(rich.taxonomy.pk)}

    children = _ok(client, "/taxonomy_terms", parent_id=str(rich.parent_term.pk))
    top = _ok(client, "/taxonomy_terms", top_only="true", **mine)
    searched = _ok(client, "/taxonomy_terms", search="walk", **mine)

    assert [t["name"] for t in children["contents"]] == ["Walking"]
    assert [t["name"] for t in top["contents"]] == ["Physical activity"]
    assert [t["name"] for t in searched["contents"]] == ["Walking"]


def test_service_at_locations_list_full_and_one(client, rich):
    listed = _ok(client, "/service_at_locations")
    full = _ok(client, "/service_at_locations", full="true")
    one = _ok(client, f"/service_at_locations/{rich.service_at_location.pk}")

    validate_response(listed, "/service_at_locations")
    _items_valid(listed, "compiled/service_at_location_list.json")
    _items_valid(full, "compiled/service_at_location.json")
    # openapi.json names compiled/service.json for this response, which cannot fit a service at
    # a location (it has no name or status); compiled/service_at_location.json is its shape.
    check_shape(one, "compiled/service_at_location.json")
    assert one["service"]["id"] == str(rich.service.pk)
    assert one["location"]["id"] == str(rich.location.pk)


# Paging ---------------------------------------------------------------------------------------


def test_pages_follow_the_specification(client, db):
    folder()
    for _ in range(3):
        records.plain_service()

    first = _ok(client, "/services", per_page=2)
    second = _ok(client, "/services", per_page=2, page=2)
    beyond = _ok(client, "/services", per_page=2, page=3)

    for body in (first, second, beyond):
        validate_response(body, "/services")
    assert (first["total_items"], first["total_pages"], first["size"]) == (3, 2, 2)
    assert first["first_page"]
    assert not first["last_page"]
    assert (second["page_number"], second["size"], second["last_page"]) == (2, 1, True)
    assert beyond["empty"]
    assert beyond["contents"] == []
    ids = [s["id"] for s in first["contents"] + second["contents"]]
    assert len(set(ids)) == 3


def test_per_page_defaults_to_50_and_stops_at_100(client, db):
    folder()
    d.TaxonomyTerm.objects.bulk_create(
        d.TaxonomyTerm(name=f"Term {n:03}", description="x") for n in range(120)
    )

    default = _ok(client, "/taxonomy_terms")
    many = _ok(client, "/taxonomy_terms", per_page=100000)

    assert default["size"] == 50
    assert many["size"] == 100
    assert many["total_pages"] == -(-many["total_items"] // 100)


def test_api_pages_are_never_larger_than_search_pages():
    assert params.MAX_PER_PAGE <= search.MAX_PER_PAGE


def test_ndjson_streams_every_result_without_paging(client, db):
    folder()
    for _ in range(3):
        records.plain_service()

    response = client.get(f"{API}/services", {"format": "ndjson", "per_page": 1, "full": "1"})

    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 3
    for line in lines:
        check_shape(json.loads(line), "compiled/service.json")


@pytest.mark.parametrize(
    ("path", "model", "schema"),
    [
        ("/organizations", d.Organization, "organization.json"),
        ("/service_at_locations", d.ServiceAtLocation, "compiled/service_at_location.json"),
    ],
)
def test_ndjson_walks_big_tables_by_id_never_by_offset(client, db, path, model, schema):
    folder()
    for _ in range(params.MAX_PER_PAGE + 5):  # more than one batch
        records.plain_service()

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{API}{path}", {"format": "ndjson"})
        lines = b"".join(response.streaming_content).decode().splitlines()

    ids = [json.loads(line)["id"] for line in lines]
    assert ids == sorted(str(pk) for pk in model.objects.values_list("id", flat=True))
    reads = [q["sql"] for q in captured if model._meta.db_table in q["sql"].split("FROM")[1]]
    assert reads, "the table was read"
    assert not any("OFFSET" in sql for sql in reads)
    check_shape(json.loads(lines[-1]), schema)


# Filters ---------------------------------------------------------------------------------------


@pytest.fixture
def two_services(rich):
    other_org = records.organization("Elsewhere")
    other = records.plain_service(org=other_org, name="Knitting circle")
    d.Service.objects.filter(pk=other.pk).update(
        last_modified=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC), status="defunct"
    )
    return rich, other


def _ids(body):
    return [item["id"] for item in body["contents"]]


def test_services_filter_by_words_term_taxonomy_organisation_and_date(client, two_services):
    rich, _other = two_services
    mine = [str(rich.service.pk)]

    assert _ids(_ok(client, "/services", search="Tuesday Walking")) == mine
    assert _ids(_ok(client, "/services", taxonomy_term_id=str(rich.term.pk))) == mine
    assert _ids(_ok(client, "/services", taxonomy_id=str(rich.taxonomy.pk))) == mine
    assert _ids(_ok(client, "/services", organization_id=str(rich.organization.pk))) == mine
    assert _ids(_ok(client, "/services", modified_after="2024-01-01T00:00:00Z")) == mine
    assert _ids(_ok(client, "/services", modified_after="2024-06-01 10:00:00 01:00")) == mine
    assert _ids(_ok(client, "/services", modified_after="2024-06-01T09:31:00Z")) == []


def test_closed_services_are_still_listed(client, two_services):
    _rich, other = two_services

    listed = _ids(_ok(client, "/services", per_page=100))

    assert str(other.pk) in listed


def test_service_at_locations_filter(client, two_services):
    rich, _other = two_services
    mine = [str(rich.service_at_location.pk)]

    assert _ids(_ok(client, "/service_at_locations", search="Tuesday")) == mine
    assert _ids(_ok(client, "/service_at_locations", taxonomy_term_id=str(rich.term.pk))) == mine
    assert _ids(_ok(client, "/service_at_locations", taxonomy_id=str(rich.taxonomy.pk))) == mine
    by_org = _ok(client, "/service_at_locations", organization_id=str(rich.organization.pk))
    assert _ids(by_org) == mine
    recent = _ok(client, "/service_at_locations", modified_after="2024-01-01")
    assert _ids(recent) == mine


def test_service_at_locations_near_a_point_nearest_first(client, rich):
    far = records.plain_service(name="Far away")
    d.Location.objects.filter(service_at_locations__service=far).update(
        latitude=55.9533, longitude=-3.1883
    )
    near = records.plain_service(name="Just round the corner")
    d.Location.objects.filter(service_at_locations__service=near).update(
        latitude=51.5080, longitude=-0.1281
    )
    point = {"lat": "51.5074", "lng": "-0.1278"}

    close = _ok(client, "/service_at_locations", proximity="1000", **point)
    wide = _ok(client, "/service_at_locations", proximity="50000", per_page=1, page=2, **point)

    validate_response(close, "/service_at_locations")
    assert _ids(close) == [
        str(rich.service_at_location.pk),
        str(d.ServiceAtLocation.objects.get(service=near).pk),
    ]
    assert wide["total_items"] == 2  # Edinburgh is further than 50 km
    assert _ids(wide) == [str(d.ServiceAtLocation.objects.get(service=near).pk)]


@pytest.mark.parametrize("proximity", ["50001", "1000000", "inf", "1e400"])
def test_proximity_is_at_most_50_km(client, db, proximity):
    response, body = _get(
        client, "/service_at_locations", proximity=proximity, lat="51.5", lng="-0.12"
    )

    assert response.status_code == 400
    assert body["message"] == "proximity can be at most 50000 metres (50 km)."


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"postcode": "RV1 1AA"}, "cannot look up postcodes"),
        ({"postcode": "RV1 1AA", "proximity": "500"}, "give all three"),
        ({"lat": "51.5", "lng": "-0.1"}, "give all three"),
        ({"lat": "951.5", "lng": "-0.1", "proximity": "5"}, "lat must be a number from -90 to 90"),
        ({"lat": "x", "lng": "-0.1", "proximity": "5"}, "lat must be a number"),
    ],
)
def test_service_at_locations_refuse_what_they_cannot_do(client, rich, query, says):
    response, body = _get(client, "/service_at_locations", **query)

    assert response.status_code == 400
    assert says in body["message"]


# Errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "query", "says"),
    [
        ("/services", {"page": "0"}, "page must be a whole number"),
        ("/services", {"per_page": "lots"}, "per_page must be a whole number"),
        ("/services", {"modified_after": "last Tuesday"}, "modified_after must be a date and time"),
        ("/services", {"taxonomy_term_id": "walking"}, "taxonomy_term_id must be an HSDS id"),
        ("/services", {"full": "perhaps"}, "full must be true or false"),
        ("/services", {"format": "xml"}, "format must be json or ndjson"),
        ("/service_at_locations", {"organization_id": "1"}, "organization_id must be an HSDS id"),
        ("/taxonomy_terms", {"top_only": "2"}, "top_only must be true or false"),
    ],
)
def test_bad_parameters_are_refused_saying_what_is_wrong(client, db, path, query, says):
    response, body = _get(client, path, **query)

    assert response.status_code == 400
    assert body["status"] == 400
    assert says in body["message"]


@pytest.mark.parametrize("path", ["/services", "/organizations", "/taxonomy_terms"])
@pytest.mark.parametrize(
    "page", ["99999999999999999999", "1000001", "²", "\u0661", "-1", "0", "abc", "+2", "1.5"]
)
def test_odd_page_numbers_are_a_400_never_a_crash(client, db, path, page):
    response, body = _get(client, path, page=page)

    assert response.status_code == 400
    assert body["message"] == "page must be a whole number from 1 to 1,000,000."


def test_the_largest_page_is_an_empty_page(client, db):
    records.plain_service()

    body = _ok(client, "/services", page="1000000")

    assert (body["page_number"], body["empty"], body["total_items"]) == (1000000, True, 1)


@pytest.mark.parametrize(
    "path",
    [
        "/services/00000000-0000-4000-8000-000000000001",
        "/services/not-a-uuid",
        "/organizations/00000000-0000-4000-8000-000000000002",
        "/taxonomies/00000000-0000-4000-8000-000000000003",
        "/taxonomy_terms/123",
        "/service_at_locations/00000000-0000-4000-8000-000000000004",
        "/locations",
        "/services/a/b",
    ],
)
def test_unknown_ids_and_paths_are_json_404s(client, db, path):
    response, body = _get(client, path)

    assert response.status_code == 404
    assert body["status"] == 404


def test_only_reading_is_allowed(client, rich):
    response = client.post(f"{API}/services", {"name": "Sneaky"})

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert json.loads(response.content)["status"] == 405
    assert not d.Service.objects.filter(name="Sneaky").exists()


def test_trailing_slashes_and_head_are_accepted(client, rich):
    assert client.get(f"{API}/services/").status_code == 200
    assert client.get(f"{API}/services/{rich.service.pk}/").status_code == 200
    assert client.head(f"{API}/services").status_code == 200


# Who may read ----------------------------------------------------------------------------------


def test_public_by_default_with_cors_and_caching(client, rich):
    response, _body = _get(client, "/services")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"


@override_settings(HSDS_API_PUBLIC=False)
@pytest.mark.parametrize("who", [None, "outsider"])
def test_when_not_public_only_staff_may_read(client, cast, sign_in, rich, who):
    sign_in(getattr(cast, who) if who else None)

    response, body = _get(client, "/services")

    assert response.status_code == 401
    assert body["status"] == 401
    assert "Access-Control-Allow-Origin" not in response
    assert "public" not in response["Cache-Control"]


@override_settings(HSDS_API_PUBLIC=False)
@pytest.mark.parametrize("who", ["practitioner", "org_admin", "evaluator"])
def test_when_not_public_staff_read_without_public_caching(client, cast, sign_in, rich, who):
    sign_in(getattr(cast, who))

    response, body = _get(client, f"/services/{rich.service.pk}")

    assert response.status_code == 200
    assert body["id"] == str(rich.service.pk)
    assert "Access-Control-Allow-Origin" not in response
    assert response["Cache-Control"] == "private, no-store"


def test_nothing_private_in_any_response(client, rich):
    paths = [
        ("/services", {"full": "true"}),
        ("/services", {}),
        (f"/services/{rich.service.pk}", {}),
        ("/organizations", {"full_service": "true"}),
        (f"/organizations/{rich.organization.pk}", {"full_service": "true"}),
        ("/service_at_locations", {"full": "true"}),
        (f"/service_at_locations/{rich.service_at_location.pk}", {}),
        ("/taxonomy_terms", {"per_page": "100"}),
        ("/taxonomies", {}),
    ]

    for path, query in paths:
        text = client.get(f"{API}{path}", query).content.decode()
        for planted in records.private_strings():
            assert planted not in text, (path, planted)
        assert "interest_category" not in text


# Queries ---------------------------------------------------------------------------------------


def _queries(client, path, query):
    client.get(f"{API}{path}", query)  # indexes new services for search first
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{API}{path}", query).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/services", {"full": "true"}),
        ("/services", {}),
        ("/organizations", {"full_service": "true"}),
        ("/service_at_locations", {"full": "true"}),
        ("/service_at_locations", {"proximity": "50000", "lat": "51.5", "lng": "-0.12"}),
        ("/taxonomy_terms", {}),
    ],
)
def test_a_page_costs_the_same_queries_for_2_or_20_services(client, db, path, query):
    folder()
    for _ in range(2):
        records.plain_service()
    few = _queries(client, path, query)
    for _ in range(18):
        records.plain_service()

    assert _queries(client, path, query) == few


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"total_items": "three", "contents": []}, "/services"),
        ({"contents": [{"id": "6a1c2f3e-0000-4000-8000-000000000001"}]}, "/services"),
        ({"id": "6a1c2f3e-0000-4000-8000-000000000001", "name": "x"}, "/services/{id}"),
    ],
    ids=["page-count", "list-item-without-name", "service-without-status"],
)
def test_the_response_check_itself_refuses_what_the_specification_refuses(body, path):
    folder()
    with pytest.raises(AssertionError):
        validate_response(body, path)
