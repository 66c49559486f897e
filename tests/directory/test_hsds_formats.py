"""Email and web addresses that fail the HSDS formats are kept (the import warns) but never
published: the JSON export, the tabular export and the API stay valid against the official
schemas, and staff still see what was stored on the service page."""

from __future__ import annotations

import csv
import json

import pytest
from django.urls import reverse

from connecting_people.directory import models as d
from connecting_people.directory.hsds.export import export_hsds
from connecting_people.directory.hsds.schemas import OFFICIAL_BASE
from connecting_people.directory.hsds.values import ENTITY, FORMAT, attribute_name, is_valid
from tests.directory import hsds_records as records
from tests.directory.hsds_schemas import (
    check_shape,
    folder,
    format_checker,
    load,
    validate_page,
    validate_response,
)

pytestmark = pytest.mark.django_db

BAD = {"uri": "www.example.org", "email": "bob at example"}
JSON_SCHEMAS = {
    "services.json": "compiled/service.json",
    "organizations.json": "compiled/organization.json",
    "taxonomies.json": "taxonomy.json",
    "taxonomy_terms.json": "taxonomy_term.json",
}


@pytest.fixture
def badly_addressed(db):
    """A full service whose every email and web address, at every level, fails its format."""
    folder()
    rich = records.rich_service()
    for (model, name), kind in FORMAT.items():
        model.objects.update(**{attribute_name(model, name): BAD[kind]})
    d.Contact.objects.create(service=rich.service, name="Bob", email=BAD["email"])
    d.Location.objects.filter(pk=rich.location.pk).update(url="ex ample://no")
    return rich


def test_the_formats_are_the_official_schemas_formats(db):
    folder()
    for (model, name), kind in FORMAT.items():
        assert load(f"{ENTITY[model]}.json")["properties"][name]["format"] == kind, (model, name)
    for model in ENTITY:
        properties = load(f"{ENTITY[model]}.json")["properties"]
        for name in model.hsds_fields:
            wanted = properties.get(name, {}).get("format")
            if wanted in ("uri", "email"):
                assert FORMAT.get((model, name)) == wanted, (model, name)


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        ("uri", "https://riverside.example/walks?day=2", True),
        ("uri", "mailto:walks@riverside.example", True),
        ("uri", "tel:+441632960000", True),
        ("uri", "www.example.org", False),
        ("uri", "riverside.example:8080", False),
        ("uri", "http://", False),
        ("uri", "https://[::1", False),
        ("uri", "https://river side.example", False),
        ("uri", "javascript:alert(1)", False),
        ("email", "walks@riverside.example", True),
        ("email", "bob at example", False),
        ("email", "@riverside.example", False),
    ],
)
def test_what_counts_as_a_valid_address(kind, value, ok):
    assert is_valid(kind, value) is ok
    if ok:  # whatever we publish, the schema's own check accepts too
        assert format_checker().conforms(value, kind)


def test_json_export_leaves_out_bad_addresses_and_stays_valid(badly_addressed, tmp_path):
    export_hsds(tmp_path)

    for name, schema in JSON_SCHEMAS.items():
        text = (tmp_path / "json" / name).read_text(encoding="utf-8")
        page = json.loads(text)
        validate_page(page, {"$ref": OFFICIAL_BASE + schema})
        for item in page["contents"]:
            check_shape(item, schema)
        for bad in [*BAD.values(), "ex ample://no"]:
            assert bad not in text, name
    service = json.loads((tmp_path / "json" / "services.json").read_text())["contents"][0]
    assert "url" not in service
    assert "email" not in service
    assert "website" not in service["organization"]


def test_tabular_export_leaves_out_bad_addresses(badly_addressed, tmp_path):
    export_hsds(tmp_path)
    tables = tmp_path / "tabular"
    package = json.loads((tables / "datapackage.json").read_text(encoding="utf-8"))

    checked = 0
    for resource in package["resources"]:
        text = (tables / resource["path"]).read_text(encoding="utf-8")
        for bad in [*BAD.values(), "ex ample://no"]:
            assert bad not in text, resource["path"]
        formats = {
            f["name"]: f["format"]
            for f in resource["schema"]["fields"]
            if f.get("format") in ("uri", "email")
        }
        for row in csv.DictReader(text.splitlines()):
            for column, kind in formats.items():
                if row[column]:
                    assert format_checker().conforms(row[column], kind), (column, row[column])
                checked += 1
    assert checked >= 10


def test_the_api_leaves_out_bad_addresses_and_stays_valid(badly_addressed, client):
    rich = badly_addressed
    paths = [
        (f"/services/{rich.service.pk}", "compiled/service.json"),
        (f"/organizations/{rich.organization.pk}", "compiled/organization.json"),
        (
            f"/service_at_locations/{rich.service_at_location.pk}",
            "compiled/service_at_location.json",
        ),
    ]
    for path, schema in paths:
        response = client.get(f"/api/hsds{path}")
        assert response.status_code == 200
        check_shape(json.loads(response.content), schema)
        for bad in BAD.values():
            assert bad not in response.content.decode()
    for path in ["/services", "/organizations", "/service_at_locations"]:
        response = client.get(f"/api/hsds{path}", {"full": "true"})
        body = json.loads(response.content)
        validate_response(body, path)
        for bad in BAD.values():
            assert bad not in response.content.decode()


def test_good_addresses_are_published_as_they_are(db, client):
    folder()
    rich = records.rich_service()
    d.Service.objects.filter(pk=rich.service.pk).update(
        url="https://riverside.example/walks", email="walks@riverside.example"
    )

    body = json.loads(client.get(f"/api/hsds/services/{rich.service.pk}").content)

    assert (body["url"], body["email"]) == (
        "https://riverside.example/walks",
        "walks@riverside.example",
    )


def test_staff_still_see_what_was_stored(badly_addressed, sign_in, cast):
    page = sign_in(cast.practitioner).get(
        reverse("directory:service", args=[badly_addressed.service.pk])
    )

    assert "www.example.org" in page.text
    assert "bob at example" in page.text
