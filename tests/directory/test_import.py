"""`cpi import_hsds` and `import_path`: HSDS 3.0 in, every record of a file or none, and why."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connecting_people.directory import models as d
from connecting_people.directory.fit_records import PARSED
from connecting_people.directory.hsds.importer import import_path, reading_json
from connecting_people.directory.hsds.importer import report as report_module
from connecting_people.directory.management import progress as progress_line
from connecting_people.directory.management.progress import ProgressLine
from connecting_people.directory.search import engine as search
from tests.directory.hsds_schemas import load

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "hsds"
WALKING = uuid.UUID("5e000000-0000-4000-8000-000000000001")
SHED = uuid.UUID("5e000000-0000-4000-8000-000000000002")
TRUST = uuid.UUID("0a000000-0000-4000-8000-000000000001")


# Helpers -----------------------------------------------------------------------------------------


def directory_counts() -> dict[str, int]:
    """How many rows every directory model holds (HSDS, team layer and search alike)."""
    return {
        model.__name__: model._default_manager.count()
        for model in apps.get_app_config("directory").get_models()
    }


def from_examples(schema: dict[str, Any]) -> Any:
    """An object assembled from the `example` of every property (lists of one)."""
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        return [from_examples(schema["items"])]
    if "properties" in schema:
        return {name: from_examples(part) for name, part in schema["properties"].items()}
    return schema.get("example")


def official_example() -> dict[str, Any]:
    return from_examples(load("compiled/service.json"))


def write(folder: Path, document: Any, name: str = "records.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def new_id() -> str:
    return str(uuid.uuid4())


def service(**fields: Any) -> dict[str, Any]:
    return {"id": new_id(), "name": "Chess club", "status": "active", **fields}


def messages(report) -> list[str]:
    return [str(problem) for problem in report.errors]


# The official example ----------------------------------------------------------------------------


def test_the_official_example_imports_with_warnings(tmp_path):
    report = import_path(write(tmp_path, official_example()))

    assert report.ok, report.lines()
    assert {kind: counts.created for kind, counts in report.counts.items()} == dict.fromkeys(
        report.counts, 1
    )
    assert len(report.counts) == 20
    warned = {(problem.record.split(" ")[0], problem.field) for problem in report.warnings}
    assert ("location", "latitude") in warned  # 100 is not a latitude
    assert ("organization", "parent_organization_id") in warned  # not in the file
    location = d.Location.objects.get()
    assert location.latitude is None
    assert location.longitude == 101
    service = d.Service.objects.get()
    assert service.name == "Community Counselling"
    assert service.organization_id == uuid.UUID("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")
    assert str(service.last_modified.isoformat()).startswith("2023-03-15T10:30:45.123")


def test_the_official_example_imports_twice_without_changing_anything(tmp_path):
    path = write(tmp_path, official_example())
    import_path(path)
    before = {m: list(m.objects.values()) for m in (d.Service, d.Phone, d.Location, d.Attribute)}

    again = import_path(path)

    assert again.ok
    assert again.total().created == again.total().updated == 0
    assert again.total().unchanged == 20
    assert {m: list(m.objects.values()) for m in before} == before
    assert "0 new, 0 updated, 20 unchanged" in again.lines()[0]


@pytest.mark.parametrize(
    "shape", ["compiled/organization.json", "compiled/service_at_location.json"]
)
def test_the_other_official_full_examples_import_twice(tmp_path, shape):
    path = write(tmp_path, from_examples(load(shape)))

    first, again = import_path(path), import_path(path)

    assert first.ok, first.lines()
    assert first.total().created == 20
    assert (again.total().created, again.total().updated) == (0, 0)


def test_a_phone_repeated_under_several_records_gets_each_link(tmp_path):
    import_path(write(tmp_path, official_example()))

    phone = d.Phone.objects.get()
    assert phone.service_id == uuid.UUID("ac148810-d857-441c-9679-408f346de14b")
    assert phone.location_id == uuid.UUID("3a19ff88-4620-4d17-9830-ac1d859eb5d5")
    assert phone.organization_id == uuid.UUID("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")
    assert phone.contact_id == uuid.UUID("1e7efce3-639b-4880-940c-b95cd30cdb50")
    assert phone.service_at_location_id == uuid.UUID("e94c9f38-1e8f-4564-91d4-d53501ab1765")


# Our own example files ---------------------------------------------------------------------------


def test_a_page_of_services_imports_every_nested_part():
    report = import_path(FIXTURES / "services_page.json")

    assert report.ok, report.lines()
    assert report.counts["service"].created == 3
    assert report.counts["organization"].created == 1  # given twice, and linked once more
    assert set(d.Service.objects.values_list("organization_id", flat=True)) == {TRUST}
    walking = d.Service.objects.get(pk=WALKING)
    assert walking.schedules.get().byday == "TU"
    assert walking.cost_options.get().amount == 0
    location = walking.service_at_locations.get().location
    assert location.addresses.get().postal_code == "RV1 2AB"
    assert location.accessibility.count() == 1
    phone = d.Phone.objects.get(pk="f0000000-0000-4000-8000-000000000001")
    assert (phone.service_id, phone.location_id) == (WALKING, location.pk)
    attribute = d.Attribute.objects.exclude(link_type=PARSED).get()  # not read from words
    assert (attribute.link_entity, attribute.link_id) == ("service", WALKING)
    assert attribute.taxonomy_term.taxonomy_detail.name == "Riverside activities"
    shed_phone = d.Phone.objects.get(pk="f0000000-0000-4000-8000-000000000002")
    assert shed_phone.contact.service_id == SHED
    assert d.Service.objects.get(name="Knit and Natter").status == "temporarily closed"


def test_an_organization_with_nested_services_imports():
    report = import_path(FIXTURES / "organization.json")

    assert report.ok, report.lines()
    organization = d.Organization.objects.get()
    assert organization.year_incorporated == 2009
    assert organization.organization_identifiers.get().identifier == "1234567"
    assert set(organization.services.values_list("name", flat=True)) == {
        "Going along together",
        "Telephone friends",
    }
    going = organization.services.get(name="Going along together")
    assert going.program.name == "First steps"
    assert going.service_at_locations.get().location.name == "The Old Library"
    assert going.funding.get().source.startswith("Westshire Council")
    assert organization.locations.count() == 2
    assert organization.contacts.get().name == "Priya Shah"
    assert organization.phones.get().number == "01632 960222"


def _zipped(tmp_path: Path) -> Path:
    archive = tmp_path / "riverside.zip"
    with zipfile.ZipFile(archive, "w") as package:
        for file in (FIXTURES / "tabular").iterdir():
            package.write(file, f"riverside/{file.name}")
    return archive


@pytest.mark.parametrize("given", ["folder", "datapackage.json", "zip"])
def test_a_tabular_package_imports(tmp_path, given):
    path = {
        "folder": FIXTURES / "tabular",
        "datapackage.json": FIXTURES / "tabular" / "datapackage.json",
        "zip": _zipped(tmp_path),
    }[given]

    report = import_path(path)

    assert report.ok, report.lines()
    assert report.warnings == []  # numbers in CSV cells are text, and that is fine
    growing = d.Service.objects.get(name="Community growing patch")
    assert growing.minimum_age == 16
    assert growing.maximum_age is None
    assert str(growing.assured_date) == "2024-11-30"
    assert growing.organization.year_incorporated == 1987
    assert growing.schedules.get().interval == 2
    assert growing.service_at_locations.get().location.addresses.get().city == "Riverside"
    term = d.Attribute.objects.get(link_id=growing.pk).taxonomy_term
    assert (term.name, term.taxonomy_detail.name) == ("Gardening", "Riverside activities")
    assert d.Service.objects.get(name="Seed swap").status == "inactive"


def test_a_folder_of_csv_files_without_a_datapackage_is_read_by_file_names(tmp_path):
    for name in ("organizations.csv", "services.csv"):
        shutil.copy(FIXTURES / "tabular" / name, tmp_path / name)
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n")

    report = import_path(tmp_path)

    assert report.ok, report.lines()
    assert report.counts["service"].created == 2
    assert any("notes.csv was left out" in str(w) for w in report.warnings)


def test_lists_of_taxonomies_and_terms_are_told_apart_by_shape_or_type(tmp_path):
    taxonomy = {"id": new_id(), "name": "Activities", "description": "Things to do"}
    term = {"id": new_id(), "name": "Singing", "description": "Choirs", "code": "SING"}
    term["taxonomy_id"] = taxonomy["id"]

    unclear = import_path(write(tmp_path, [taxonomy], "taxonomies.json"))
    typed = import_path(write(tmp_path, [taxonomy], "taxonomies.json"), kind="taxonomy")
    terms = import_path(write(tmp_path, {"contents": [term], "total_items": 1}, "terms.json"))

    assert "Cannot tell what kind of HSDS records taxonomies.json holds" in str(unclear.errors[0])
    assert typed.ok
    assert terms.ok, terms.lines()
    assert d.TaxonomyTerm.objects.get(code="SING").taxonomy_detail.name == "Activities"


def test_an_import_is_audited_with_its_counts(tmp_path):
    from connecting_people.core.models import AuditEvent

    import_path(FIXTURES / "organization.json")
    import_path(FIXTURES / "organization.json", dry_run=True)
    import_path(write(tmp_path, [service(status="open")]))

    event = AuditEvent.objects.get()
    assert (event.action, event.actor_label) == ("imported", "cpi import_hsds")
    assert event.detail["file"] == "organization.json"
    assert event.detail["service"] == {"created": 2, "updated": 0, "unchanged": 0}


# Running again, and changes ----------------------------------------------------------------------


def test_a_changed_record_is_updated_and_its_version_goes_up(tmp_path):
    import_path(FIXTURES / "services_page.json")
    page = json.loads((FIXTURES / "services_page.json").read_text())
    page["contents"][0]["name"] = "Riverside Wednesday Walks"

    report = import_path(write(tmp_path, page))

    assert report.ok
    assert (report.counts["service"].updated, report.counts["service"].unchanged) == (1, 2)
    walking = d.Service.objects.get(pk=WALKING)
    assert walking.name == "Riverside Wednesday Walks"
    assert walking.version == 2
    assert d.Service.objects.get(pk=SHED).version == 1


def test_last_modified_comes_from_the_file_or_is_when_the_import_changed_it(tmp_path):
    import_path(FIXTURES / "services_page.json")
    walking, shed = d.Service.objects.get(pk=WALKING), d.Service.objects.get(pk=SHED)
    assert walking.last_modified.isoformat() == "2025-01-10T09:00:00+00:00"
    assert shed.last_modified is not None

    import_path(FIXTURES / "services_page.json")

    assert d.Service.objects.get(pk=SHED).last_modified == shed.last_modified


def test_links_to_records_already_in_the_directory_are_fine(tmp_path):
    import_path(FIXTURES / "services_page.json")
    path = write(tmp_path, [service(organization_id=str(TRUST))])

    report = import_path(path)

    assert report.ok, report.lines()
    assert d.Organization.objects.get(pk=TRUST).services.count() == 4


def test_an_update_keeps_our_own_fields(tmp_path):
    from connecting_people.taxonomy.models import InterestCategory

    import_path(FIXTURES / "services_page.json")
    category = InterestCategory.objects.first()
    d.TaxonomyTerm.objects.filter(name="Walking").update(interest_category=category)
    page = json.loads((FIXTURES / "services_page.json").read_text())
    page["contents"][0]["attributes"][0]["taxonomy_term"]["description"] = "Walks of all kinds"

    assert import_path(write(tmp_path, page)).counts["taxonomy_term"].updated == 1

    term = d.TaxonomyTerm.objects.get(name="Walking")
    assert (term.description, term.interest_category) == ("Walks of all kinds", category)


def test_the_number_of_queries_does_not_grow_with_the_file(tmp_path):
    import_path(write(tmp_path, [service()], "first.json"))
    small = write(tmp_path, [service(name=f"Group {n}") for n in range(5)], "small.json")
    large = write(tmp_path, [service(name=f"Group {n}") for n in range(300)], "large.json")

    with CaptureQueriesContext(connection) as for_five:
        assert import_path(small).ok
    with CaptureQueriesContext(connection) as for_three_hundred:
        assert import_path(large).ok

    assert len(for_three_hundred) == len(for_five)


# Rejections --------------------------------------------------------------------------------------


REJECTIONS = [
    ({"name": None}, "name", "is required, but it is missing"),
    ({"status": "open"}, "status", "is not one of the allowed values: active, inactive"),
    ({"id": "walking-group-1"}, "id", "“walking-group-1” is not a UUID"),
    ({"name": 42}, "name", "should be text, but it is a number (“42”)"),
    ({"name": "x" * 256}, "name", "is 256 characters long; at most 255 fit"),
    ({"assured_date": "31/01/2025"}, "assured_date", "is not a date (use YYYY-MM-DD"),
    ({"last_modified": "yesterday"}, "last_modified", "is not a date and time"),
    ({"minimum_age": "old"}, "minimum_age", "should be a number, but it is text"),
    ({"minimum_age": [18]}, "minimum_age", "should be a number, but it is a list"),
    ({"description": "tea\x00and cake"}, "description", "contains a NUL character"),
    ({"organization_id": str(uuid.uuid4())}, "organization_id", "is neither in this file nor"),
    ({"phones": {"number": "1"}}, "phones", "should be a list of records, but it is a record"),
    ({"phones": ["01632 960001"]}, "phones[1]", "should be a record (an object), but it is text"),
    ({"phones": [{"id": new_id()}]}, "number", "is required, but it is missing"),
    ({"schedules": [{"id": new_id(), "freq": "DAILY"}]}, "freq", "allowed values: WEEKLY, MONTHLY"),
    ({"schedules": [{"id": new_id(), "wkst": "XX"}]}, "wkst", "is not one of the allowed values"),
    ({"schedules": [{"id": new_id(), "opens_at": "25:99"}]}, "opens_at", "is not a time"),
    ({"schedules": [{"id": new_id(), "count": -1}]}, "count", "should be a whole number from 0"),
    ({"schedules": [{"id": new_id(), "interval": 1.5}]}, "interval", "should be a whole number"),
    (
        {"service_at_locations": [{"id": new_id(), "location": {"id": new_id()}}]},
        "location_type",
        "is required, but it is missing",
    ),
    (
        {
            "service_at_locations": [
                {"id": new_id(), "location": {"id": new_id(), "location_type": "house"}}
            ]
        },
        "location_type",
        "allowed values: physical, postal, virtual",
    ),
    (
        {"attributes": [{"id": new_id(), "taxonomy_term_id": str(uuid.uuid4())}]},
        "taxonomy_term_id",
        "points to taxonomy_term",
    ),
    (
        {"organization": {"id": new_id(), "name": "Trust"}},
        "description",
        "is required, but it is missing",
    ),
    (
        {
            "organization": {
                "id": new_id(),
                "name": "Trust",
                "description": "A trust",
                "organization_identifiers": [{"id": new_id(), "identifier_type": "Charity"}],
            }
        },
        "identifier",
        "is required, but it is missing",
    ),
    (
        {"metadata": [{"id": new_id(), "last_action_date": "2024-01-01"}]},
        "updated_by",
        "is required, but it is missing",
    ),
]


@pytest.mark.parametrize(("change", "field", "message"), REJECTIONS)
def test_an_invalid_record_is_refused_with_its_field_and_why(tmp_path, change, field, message):
    good = service(name="Board games")
    bad = {key: value for key, value in {**service(), **change}.items() if value is not None}
    path = write(tmp_path, [good, bad])
    before = directory_counts()

    report = import_path(path)

    assert not report.ok
    assert any(p.field == field and message in p.message for p in report.errors), messages(report)
    assert directory_counts() == before
    assert report.counts == {}
    assert report.lines()[0].startswith("Nothing was imported from records.json")


def test_every_rejected_record_in_a_file_is_listed(tmp_path):
    records = [service(name=f"Group {n}") for n in range(6)]
    records[1]["status"] = "open"
    records[3]["name"] = ""
    records[4]["minimum_age"] = "teen"
    records[4]["email"] = 7
    del records[5]["id"]
    path = write(tmp_path, records)

    report = import_path(path)

    assert report.rejected == [
        f"service {records[1]['id']}",
        f"service {records[3]['id']}",
        f"service {records[4]['id']}",
        "service at record [6] in the file (no usable id)",
    ]
    assert len(report.errors) == 5
    assert "because 4 records have problems" in report.lines()[0]
    assert d.Service.objects.count() == 0


def test_the_same_id_with_different_details_is_refused(tmp_path):
    phone_id = new_id()
    first = service(phones=[{"id": phone_id, "number": "01632 960001"}])
    second = service(phones=[{"id": phone_id, "number": "01632 960999"}])

    report = import_path(write(tmp_path, [first, second]))

    assert not report.ok
    assert report.rejected == [f"phone {phone_id}"]
    assert "appears more than once with different details" in report.errors[0].message
    assert d.Phone.objects.count() == 0


def test_a_record_listed_under_two_parents_of_one_kind_is_refused(tmp_path):
    phone = {"id": new_id(), "number": "01632 960001"}
    report = import_path(write(tmp_path, [service(phones=[phone]), service(phones=[phone])]))

    assert not report.ok
    assert report.errors[0].field == "service_id"
    assert "listed under two different records" in report.errors[0].message


def test_the_same_id_with_the_same_details_is_one_record(tmp_path):
    phone = {"id": new_id(), "number": "01632 960001"}
    location = {"id": new_id(), "location_type": "physical", "phones": [phone]}
    first = service(phones=[phone], service_at_locations=[{"id": new_id(), "location": location}])

    report = import_path(write(tmp_path, [first]))

    assert report.ok, report.lines()
    assert report.counts["phone"].created == 1
    stored = d.Phone.objects.get()
    assert (str(stored.service_id), str(stored.location_id)) == (first["id"], location["id"])


UNREADABLE = [
    ("café".encode("latin-1"), "is not UTF-8 text"),
    ('[{"name": "café"}]'.encode("utf-16"), "is not UTF-8 text"),
    (b'[{"id": "x", "name": }]', "is not valid JSON: Expecting value"),
    (b'[{"id": "5e000000-0000-4000-8000-000000000001", "name": "Chess', "ends in the middle"),
    (b'[{"status": "active"}, {}', "the list ends too soon"),
    (b"", "it should be a record, a list of records or a page"),
    (b"42", "it should be a record, a list of records or a page"),
    (b"[] []", "there is more after the end of the JSON"),
    (b'{"contents": [], "colour": "blue"}', "has “contents” but is not an HSDS page"),
    (b'[{"id": "5e000000-0000-4000-8000-000000000001", "name": "A"}]', "Cannot tell what kind"),
]


@pytest.mark.parametrize(("content", "message"), UNREADABLE)
def test_a_file_that_cannot_be_read_imports_nothing_and_says_why(tmp_path, content, message):
    path = tmp_path / "records.json"
    path.write_bytes(content)
    before = directory_counts()

    report = import_path(path)

    assert not report.ok
    assert len(report.errors) == 1
    assert report.errors[0].record == ""
    assert message in report.errors[0].message
    assert directory_counts() == before


def test_a_file_that_is_not_there_is_refused(tmp_path):
    report = import_path(tmp_path / "nowhere.json")

    assert not report.ok
    assert "There is no file or folder at" in report.errors[0].message


@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        ("services.csv", "id,name,name\n", "has the column name more than once"),
        ("services.csv", "id,name,status\n1,2,3,4\n", "has more cells than there are column"),
        ("services.csv", b"id,name\n" + "x,café\n".encode("latin-1"), "is not UTF-8 text"),
        ("datapackage.json", '{"resources": [{"path": "../services.csv"}]}', "no such file"),
        ("datapackage.json", '{"name": "x"}', "has no list of “resources”"),
    ],
)
def test_a_package_with_a_bad_table_imports_nothing(tmp_path, file, content, message):
    shutil.copytree(FIXTURES / "tabular", tmp_path / "package")
    target = tmp_path / "package" / file
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = directory_counts()

    report = import_path(tmp_path / "package")

    assert not report.ok
    assert any(message in problem.message for problem in report.errors), messages(report)
    assert directory_counts() == before


# Warnings ----------------------------------------------------------------------------------------


def test_unknown_fields_are_left_out_with_one_warning_each(tmp_path):
    records = [service(additional_urls=["https://example.org"]) for _n in range(3)]

    report = import_path(write(tmp_path, records))

    assert report.ok
    assert d.Service.objects.count() == 3
    (warning,) = report.warnings
    assert warning.field == "additional_urls"
    assert "and 2 other service records" in warning.record
    assert "is not an HSDS 3.0 field, so it was left out" in warning.message


def test_odd_but_usable_values_are_imported_with_warnings(tmp_path):
    location = {"id": new_id(), "location_type": "physical", "latitude": 100, "longitude": -1.1}
    record = service(
        email="not an address",
        url="example.org/chess",
        schedules=[
            {"id": new_id(), "byday": "MO"},
            {"id": new_id(), "freq": "WEEKLY", "byday": "XY"},
        ],
        cost_options=[{"id": new_id(), "amount": 2.555}],
        service_at_locations=[{"id": new_id(), "location": location}],
    )

    report = import_path(write(tmp_path, [record]))

    assert report.ok, report.lines()
    found = {(w.field, w.message.split(" (")[0]) for w in report.warnings}
    assert ("email", "“not an address” does not look like an email address") in found
    assert ("url", "“example.org/chess” does not look like a web address") in found
    assert ("latitude", "“100” is not a latitude") in found
    assert ("amount", "“2.555” was rounded to 2.56") in found
    assert any(w.field == "freq" and "is missing" in w.message for w in report.warnings)
    assert any("repeat rule cannot be worked out" in w.message for w in report.warnings)
    assert d.Location.objects.get().latitude is None
    assert d.Service.objects.get().email == "not an address"


def test_a_link_the_nesting_contradicts_follows_the_nesting_with_a_warning(tmp_path):
    organization = {"id": new_id(), "name": "Trust", "description": "A trust"}
    record = service(organization_id=str(uuid.uuid4()), organization=organization)

    report = import_path(write(tmp_path, [record]))

    assert report.ok, report.lines()
    assert str(d.Service.objects.get().organization_id) == organization["id"]
    assert report.warnings[0].field == "organization_id"


def test_an_attribute_in_a_service_naming_it_without_saying_its_kind_is_the_services(tmp_path):
    term = {"id": new_id(), "name": "Chess", "description": "Chess"}
    record = service()
    record["attributes"] = [
        {"id": new_id(), "link_id": record["id"], "link_entity": "", "taxonomy_term": term},
        {"id": new_id(), "taxonomy_term": term},  # names nothing: where it sits says
    ]
    elsewhere = new_id()
    record["attributes"].append(
        {"id": new_id(), "link_id": elsewhere, "link_entity": "", "taxonomy_term": term}
    )

    report = import_path(write(tmp_path, [record]))

    assert report.ok, report.lines()
    links = set(d.Attribute.objects.values_list("link_entity", "link_id"))
    assert links == {("service", uuid.UUID(record["id"])), ("", uuid.UUID(elsewhere))}
    found = search.search_services(search.SearchQuery(text="chess"))
    assert [m.service.name for m in found.matches] == ["Chess club"]
    assert found.matches[0].facts.topics == "Chess"


# A dry run, search, progress ---------------------------------------------------------------------


def test_a_dry_run_saves_nothing_but_says_what_would_change():
    before = directory_counts()

    report = import_path(FIXTURES / "services_page.json", dry_run=True)

    assert report.ok
    assert report.counts["service"].created == 3
    assert directory_counts() == before
    assert "nothing was saved (dry run)" in report.lines()[0]


def test_search_is_refreshed_for_the_services_an_import_touched(tmp_path, monkeypatch):
    asked: list[list[uuid.UUID]] = []
    monkeypatch.setattr(search, "refresh_for_services", asked.append, raising=False)
    import_path(FIXTURES / "services_page.json")
    assert set(asked[-1]) == {WALKING, SHED, uuid.UUID("5e000000-0000-4000-8000-000000000003")}

    page = json.loads((FIXTURES / "services_page.json").read_text())
    location = page["contents"][0]["service_at_locations"][0]["location"]
    location["addresses"][0]["postal_code"] = "RV9 9ZZ"
    import_path(write(tmp_path, page))

    assert asked[-1] == [WALKING]  # its address changed, through its location
    import_path(write(tmp_path, page))
    assert len(asked) == 2  # nothing changed, nothing to refresh


def test_a_place_moved_by_an_import_refreshes_the_search_of_its_services(tmp_path, monkeypatch):
    asked: list[list[uuid.UUID]] = []
    monkeypatch.setattr(search, "refresh_for_services", asked.append, raising=False)
    import_path(FIXTURES / "services_page.json")
    page = json.loads((FIXTURES / "services_page.json").read_text())
    location = page["contents"][0]["service_at_locations"][0]["location"]
    location["latitude"], location["longitude"] = 51.0, -1.0

    import_path(write(tmp_path, page))

    assert asked[-1] == [WALKING]  # the location's own row changed, not a part of it


def test_records_split_across_reading_chunks_read_the_same(tmp_path, monkeypatch):
    monkeypatch.setattr(reading_json, "CHUNK", 7)
    records = [service(minimum_age=12345, maximum_age=99.5, name="Ünïcode “quotes” ✓")]

    report = import_path(write(tmp_path, {"contents": records * 1, "total_items": 1}))

    assert report.ok, report.lines()
    stored = d.Service.objects.get()
    assert (stored.minimum_age, stored.maximum_age) == (12345, 99.5)
    assert stored.name == "Ünïcode “quotes” ✓"


def test_progress_is_reported_a_thousand_records_at_a_time(tmp_path):
    calls: list[tuple[str, int, int | None]] = []
    path = write(tmp_path, [service(name=f"Group {n}") for n in range(2500)])

    import_path(path, progress=lambda *args: calls.append(args))

    assert calls == [
        ("checking", 1000, None),
        ("checking", 2000, None),
        ("saving", 1000, 2500),
        ("saving", 2000, 2500),
        ("saving", 2500, 2500),
    ]


def test_the_progress_line_rewrites_itself_with_the_rate_and_the_time_left():
    out = io.StringIO()
    clock = iter([100.0, 103.0, 104.0, 105.0, 106.0]).__next__
    progress = ProgressLine(out, clock=clock, quiet_for=2)

    progress("checking", 12000, None)  # 3 s in: 4,000 a second
    progress("comparing", 1000, 100000)  # 1 s after the last report
    progress("saving", 12000, 100000)  # 1 s after the last report
    progress("saving", 24000, 100000)  # 2 s into saving: 12,000 a second, 76,000 to go
    progress.clear()

    assert out.getvalue().split("\x1b[K") == [
        "\rChecking 12,000 records, 4,000 a second…",
        "\rComparing 1,000 of 100,000 records, 1,000 a second, about 1 min 39 s left…",
        "\rSaving 12,000 of 100,000 records, 12,000 a second, about 7 s left…",
        "\rSaving 24,000 of 100,000 records, 12,000 a second, about 6 s left…",
        "\r",
        "",
    ]


def test_the_progress_line_stays_quiet_for_a_short_import():
    out = io.StringIO()
    clock = iter([0.0, 0.5, 1.5, 1.9]).__next__
    progress = ProgressLine(out, clock=clock, quiet_for=2)

    progress("checking", 1000, None)
    progress("saving", 1000, 2000)
    progress("saving", 2000, 2000)
    progress.clear()

    assert out.getvalue() == ""


def test_progress_goes_to_standard_error_when_asked_for(tmp_path, monkeypatch):
    monkeypatch.setattr(progress_line, "QUIET_FOR_S", 0)
    path = write(tmp_path, [service(name=f"Group {n}") for n in range(2500)])
    out, err = io.StringIO(), io.StringIO()

    call_command("import_hsds", str(path), "--progress", stdout=out, stderr=err)

    assert "Imported records.json: 2,500 new" in out.getvalue()
    shown = err.getvalue()
    assert "\rrecords.json: Checking 2,000 records" in shown
    assert "\rrecords.json: Saving 2,500 of 2,500 records" in shown
    assert shown.endswith("\r\x1b[K")  # taken away before the report
    assert "Checking" not in out.getvalue()


# The command -------------------------------------------------------------------------------------


def test_the_command_imports_and_reports_counts():
    out = io.StringIO()

    call_command("import_hsds", str(FIXTURES / "services_page.json"), stdout=out)

    text = out.getvalue()
    assert "Imported services_page.json: 19 new, 0 updated, 0 unchanged." in text
    assert "  service: 3 new, 0 updated, 0 unchanged" in text
    assert "Checking" not in text  # no progress line when the output is not a terminal
    assert d.Service.objects.count() == 3


def test_the_command_refuses_a_bad_file_naming_every_rejected_record(tmp_path):
    bad = [service(status="open"), service(name=5)]
    err = io.StringIO()

    with pytest.raises(CommandError, match="The file had problems, so nothing from it was saved"):
        call_command("import_hsds", str(write(tmp_path, bad)), stderr=err, stdout=io.StringIO())

    text = err.getvalue()
    assert "Nothing was imported from records.json, because 2 records have problems:" in text
    assert f"  - service {bad[0]['id']} — status: “open” is not one of the allowed values" in text
    assert f"  - service {bad[1]['id']} — name: should be text, but it is a number" in text
    assert d.Service.objects.count() == 0


def test_the_command_exits_non_zero(tmp_path, monkeypatch, capsys):
    from connecting_people.cli import main

    bad = write(tmp_path, [service(status="open")])
    monkeypatch.setattr("sys.argv", ["cpi", "import_hsds", str(bad)])

    with pytest.raises(SystemExit) as exited:
        main()

    assert exited.value.code == 1
    assert "CommandError: The file had problems" in capsys.readouterr().err


def test_the_command_with_several_files_imports_the_good_ones(tmp_path):
    good = write(tmp_path, [service()], "good.json")
    bad = write(tmp_path, [service(status="open")], "bad.json")

    with pytest.raises(CommandError, match="1 of 2 files had problems"):
        call_command("import_hsds", str(good), str(bad), stdout=io.StringIO(), stderr=io.StringIO())

    assert d.Service.objects.count() == 1


def test_the_command_dry_run_saves_nothing():
    out = io.StringIO()

    call_command("import_hsds", str(FIXTURES / "organization.json"), "--dry-run", stdout=out)

    assert "nothing was saved (dry run). It would give 14 new" in out.getvalue()
    assert d.Organization.objects.count() == 0


def test_the_command_type_option_says_what_an_unclear_file_holds(tmp_path):
    path = write(tmp_path, [{"id": new_id(), "name": "Trust", "description": "A trust"}])
    with pytest.raises(CommandError):
        call_command("import_hsds", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    call_command("import_hsds", str(path), "--type", "organization", stdout=io.StringIO())

    assert d.Organization.objects.get().name == "Trust"


def test_a_file_wrong_throughout_lists_the_first_thousand_problems_and_counts_the_rest(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(report_module, "MAX_ERRORS", 3)
    records = [service(name=f"Group {n}", status="open") for n in range(5)]
    records[4]["minimum_age"] = "teen"  # two problems with the last record

    report = import_path(write(tmp_path, records))

    assert len(report.errors) == 3
    assert (report.errors_left_out, report.rejected_left_out) == (3, 2)
    lines = report.lines()
    assert "because 5 records have problems" in lines[0]
    assert lines[1:4] == [f"  - {problem}" for problem in report.errors]
    assert lines[4] == "  … and 3 more problems."
    assert d.Service.objects.count() == 0


@pytest.mark.parametrize(
    ("given", "utc"),
    [
        ("2025-07-01T10:00:00", "2025-07-01T09:00:00+00:00"),  # no offset: UK summer time
        ("2025-01-10T10:00:00", "2025-01-10T10:00:00+00:00"),  # UK winter time is UTC
        ("2025-07-01", "2025-06-30T23:00:00+00:00"),  # a date alone: the start of the UK day
        ("2025-07-01T10:00:00+02:00", "2025-07-01T08:00:00+00:00"),  # an offset is kept
    ],
)
def test_a_date_and_time_with_no_offset_is_uk_time(tmp_path, given, utc):
    report = import_path(write(tmp_path, [service(last_modified=given)]))

    assert report.ok, report.lines()
    moment = d.Service.objects.get().last_modified
    assert moment.astimezone(dt.UTC).isoformat() == utc
