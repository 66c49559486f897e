"""Loose ends in published data: an optional link to a record that is nowhere is left out with a
warning naming the record and the field; a required one still refuses the file; `--strict`
refuses both (issue 18).

The package below has the shape of the HSDS 3.0 specification's own example data package, whose
location and contact name organisations that are not in it and whose taxonomy term names a
taxonomy that is not in it (written here from scratch, with ids of our own).
"""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from connecting_people.directory import models as d
from connecting_people.directory.hsds.importer import import_path

pytestmark = pytest.mark.django_db

ORG = str(uuid.uuid4())
SERVICE = str(uuid.uuid4())
LOCATION = str(uuid.uuid4())
CONTACT = str(uuid.uuid4())
TERM = str(uuid.uuid4())
NOWHERE_ORG = str(uuid.uuid4())
NOWHERE_SAL = str(uuid.uuid4())
NOWHERE_TAXONOMY = str(uuid.uuid4())


def _table(folder: Path, name: str, rows: list[dict[str, str]]) -> None:
    with (folder / name).open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def package(folder: Path, **extra: list[dict[str, str]]) -> Path:
    _table(
        folder,
        "organizations.csv",
        [{"id": ORG, "name": "Riverside Trust", "description": "A local charity."}],
    )
    _table(
        folder,
        "services.csv",
        [{"id": SERVICE, "organization_id": ORG, "name": "Walking group", "status": "active"}],
    )
    _table(
        folder,
        "locations.csv",
        [{"id": LOCATION, "location_type": "physical", "organization_id": NOWHERE_ORG}],
    )
    _table(
        folder,
        "contacts.csv",
        [
            {
                "id": CONTACT,
                "name": "Ana",
                "organization_id": NOWHERE_ORG,
                "service_at_location_id": NOWHERE_SAL,
            }
        ],
    )
    _table(
        folder,
        "taxonomy_terms.csv",
        [
            {
                "id": TERM,
                "name": "Walking",
                "description": "Walks.",
                "taxonomy_id": NOWHERE_TAXONOMY,
            }
        ],
    )
    for name, rows in extra.items():
        _table(folder, f"{name}.csv", rows)
    return folder


def _warned(report) -> dict[tuple[str, str], str]:
    return {(w.record, w.field): w.message for w in report.warnings}


def test_optional_links_to_records_that_are_nowhere_are_left_out_with_warnings(tmp_path):
    report = import_path(package(tmp_path))

    assert report.ok, report.lines()
    warned = _warned(report)
    for record, field, target in (
        (f"location {LOCATION}", "organization_id", NOWHERE_ORG),
        (f"contact {CONTACT}", "organization_id", NOWHERE_ORG),
        (f"contact {CONTACT}", "service_at_location_id", NOWHERE_SAL),
        (f"taxonomy_term {TERM}", "taxonomy_id", NOWHERE_TAXONOMY),
    ):
        assert target in warned[(record, field)]
        assert "the link was left out" in warned[(record, field)]
    location = d.Location.objects.get(pk=LOCATION)
    contact = d.Contact.objects.get(pk=CONTACT)
    term = d.TaxonomyTerm.objects.get(pk=TERM)
    assert location.organization_id is None
    assert (contact.organization_id, contact.service_at_location_id) == (None, None)
    assert term.taxonomy_detail_id is None
    assert d.Service.objects.get(pk=SERVICE).organization_id == uuid.UUID(ORG)


def test_a_strict_import_refuses_the_same_package_and_saves_nothing(tmp_path):
    report = import_path(package(tmp_path), strict=True)

    assert not report.ok
    refused = {(e.record, e.field) for e in report.errors}
    assert (f"location {LOCATION}", "organization_id") in refused
    assert (f"contact {CONTACT}", "service_at_location_id") in refused
    assert not d.Service.objects.exists()


@pytest.mark.parametrize(
    ("table", "row", "record", "field"),
    [
        (
            "service_at_location",
            {"id": "SAL", "service_id": SERVICE, "location_id": "NOWHERE"},
            "service_at_location",
            "location_id",
        ),
        (
            "cost_options",
            {"id": "COST", "service_id": "NOWHERE", "amount": "2"},
            "cost_option",
            "service_id",
        ),
        (
            "programs",
            {"id": "PROG", "organization_id": "NOWHERE", "name": "P", "description": "P."},
            "program",
            "organization_id",
        ),
    ],
)
def test_a_required_link_to_a_record_that_is_nowhere_still_refuses_the_file(
    tmp_path, table, row, record, field
):
    own_id, nowhere = str(uuid.uuid4()), str(uuid.uuid4())
    ids = {row["id"]: own_id, "NOWHERE": nowhere}
    row = {key: ids.get(value, value) for key, value in row.items()}

    report = import_path(package(tmp_path, **{table: [row]}))

    assert not report.ok
    problem = next(e for e in report.errors if e.record == f"{record} {own_id}")
    assert problem.field == field
    assert nowhere in problem.message
    assert not d.Service.objects.exists()


def test_a_service_whose_organisation_is_nowhere_still_refuses_the_file(tmp_path):
    folder = package(tmp_path)
    _table(
        folder,
        "services.csv",
        [{"id": SERVICE, "organization_id": NOWHERE_ORG, "name": "Walk", "status": "active"}],
    )

    report = import_path(folder)

    assert not report.ok
    refused = {(e.record, e.field) for e in report.errors}
    assert refused == {(f"service {SERVICE}", "organization_id")}


def test_the_command_lists_the_warnings_and_strict_refuses(tmp_path, capsys):
    folder = package(tmp_path)

    call_command("import_hsds", str(folder), "--dry-run")
    said = capsys.readouterr().out
    assert f"contact {CONTACT} — service_at_location_id" in said
    assert "the link was left out" in said

    with pytest.raises(CommandError):
        call_command("import_hsds", str(folder), "--strict")
    assert "neither in this file nor in the directory" in capsys.readouterr().err
    assert not d.Service.objects.exists()


def test_a_reimport_of_the_same_package_changes_nothing(tmp_path):
    folder = package(tmp_path)
    assert import_path(folder).ok
    again = import_path(folder)

    assert again.ok
    total = again.total()
    assert (total.created, total.updated, total.unchanged) == (0, 0, 5)
    assert len(again.warnings) == 4  # still said, still left out
