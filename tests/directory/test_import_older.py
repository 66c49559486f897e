"""HSDS 1.x and 2.0 tabular packages are read as HSDS 3.0, with a report of what did not fit
(issue 18). The tables below use the older versions' own file names and columns (as their
datapackage.json files list them), filled with data of our own in the shape published
directories use: weekday names, physical and postal addresses, eligibility as its own table."""

from __future__ import annotations

import csv
import datetime
import json
import uuid
import zipfile
from pathlib import Path

import pytest

from connecting_people.directory import models as d
from connecting_people.directory.hsds.importer import import_path
from connecting_people.directory.hsds.importer.kinds import older_version

pytestmark = pytest.mark.django_db

ORG, SERVICE, LOCATION, SAL = (str(uuid.uuid4()) for _ in range(4))
TERM, PARENT_TERM, PHONE = (str(uuid.uuid4()) for _ in range(3))


def _table(folder: Path, name: str, header: list[str], *rows: list[str]) -> None:
    with (folder / name).open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def _common(folder: Path) -> None:
    _table(
        folder,
        "organizations.csv",
        ["id", "name", "alternate_name", "description", "email", "url", "tax_status", "tax_id",
         "year_incorporated", "legal_status"],
        [ORG, "Kingsmead Friends", "", "", "hello@kingsmead.example",
         "https://kingsmead.example", "", "", "1998", ""],
    )  # fmt: skip
    _table(
        folder,
        "locations.csv",
        ["id", "organization_id", "name", "alternate_name", "description", "transportation",
         "latitude", "longitude"],
        [LOCATION, ORG, "Kingsmead Hall", "", "", "Bus 12 to the door", "", ""],
    )  # fmt: skip
    _table(
        folder,
        "physical_addresses.csv",
        ["id", "location_id", "attention", "address_1", "address_2", "address_3", "address_4",
         "city", "region", "state_province", "postal_code", "country"],
        [str(uuid.uuid4()), LOCATION, "", "1 Mill Lane", "", "Kingsmead", "", "Riverside", "",
         "Riverside County", "ZZ1 1AA", "GB"],
    )  # fmt: skip
    _table(
        folder,
        "services_at_location.csv",
        ["id", "service_id", "location_id", "description"],
        [SAL, SERVICE, LOCATION, "In the small hall"],
    )
    _table(
        folder,
        "phones.csv",
        ["id", "location_id", "service_id", "organization_id", "contact_id",
         "service_at_location_id", "number", "extension", "type", "language", "description",
         "department"],
        [PHONE, "", SERVICE, "", "", "", "01632 960123", "", "voice", "Welsh", "", "Bookings"],
    )  # fmt: skip
    _table(
        folder,
        "accessibility_for_disabilities.csv",
        ["id", "location_id", "accessibility", "details"],
        [str(uuid.uuid4()), LOCATION, "Level access from the car park", "Hearing loop at the desk"],
    )


def one_x(folder: Path) -> Path:
    """An HSDS 1.1 package, without a datapackage.json (files known by name)."""
    _common(folder)
    _table(
        folder,
        "holiday_schedules.csv",
        ["id", "service_id", "location_id", "service_at_location_id", "closed", "opens_at",
         "closes_at", "start_date", "end_date"],
        [str(uuid.uuid4()), SERVICE, "", "", "true", "", "", "2026-12-24", "2026-12-26"],
    )  # fmt: skip
    _table(
        folder,
        "services.csv",
        ["id", "organization_id", "program_id", "name", "alternate_name", "description", "url",
         "email", "status", "interpretation_services", "application_process", "wait_time",
         "fees", "accrediations", "licenses", "taxonomy_ids"],
        [SERVICE, ORG, "", "Lunch club", "", "Hot lunch and a chat.", "", "", "active", "",
         "Just come along", "", "£3 for lunch", "", "", ""],
    )  # fmt: skip
    _table(
        folder, "eligibility.csv", ["id", "service_id", "eligibility"],
        [str(uuid.uuid4()), SERVICE, "Over 60s"],
    )  # fmt: skip
    _table(
        folder,
        "regular_schedules.csv",
        ["id", "service_id", "location_id", "service_at_location_id", "weekday", "opens_at",
         "closes_at"],
        [str(uuid.uuid4()), SERVICE, "", "", "Tuesday", "12:00", "14:00"],
        [str(uuid.uuid4()), SERVICE, "", "", "Someday", "12:00", "14:00"],
    )  # fmt: skip
    _table(
        folder,
        "taxonomy.csv",
        ["id", "name", "parent_id", "parent_name", "vocabulary"],
        [PARENT_TERM, "Food", "", "", "Open Eligibility"],
        [TERM, "Meals", PARENT_TERM, "Food", "Open Eligibility"],
    )
    _table(
        folder,
        "services_taxonomy.csv",
        ["id", "service_id", "taxonomy_id", "taxonomy_detail"],
        [str(uuid.uuid4()), SERVICE, TERM, ""],
    )
    _table(
        folder, "payments_accepted.csv", ["id", "service_id", "payment"],
        [str(uuid.uuid4()), SERVICE, "Cash"],
    )  # fmt: skip
    return folder


def two_oh(folder: Path) -> Path:
    """An HSDS 2.0 package, described by a datapackage.json."""
    _common(folder)
    _table(
        folder,
        "services.csv",
        ["id", "organization_id", "program_id", "name", "alternate_name", "description", "url",
         "email", "status", "interpretation_services", "application_process", "wait_time",
         "fees", "accreditations", "licenses"],
        [SERVICE, ORG, "", "Lunch club", "", "Hot lunch and a chat.", "", "", "active", "", "",
         "", "£3 for lunch", "", ""],
    )  # fmt: skip
    _table(
        folder,
        "schedules.csv",
        ["id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to",
         "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday",
         "byweekno", "bymonthday", "byyearday", "description", "opens_at", "closes_at"],
        [str(uuid.uuid4()), SERVICE, "", "", "", "", "", "", "", "", "", "WEEKLY", "1", "TU",
         "", "", "", "Tuesday lunches", "12:00", "14:00"],
    )  # fmt: skip
    _table(
        folder,
        "taxonomy_terms.csv",
        ["id", "term", "description", "parent_id", "taxonomy", "language"],
        [PARENT_TERM, "Food", "Food and meals", "", "Open Eligibility", ""],
        [TERM, "Meals", "", PARENT_TERM, "Open Eligibility", ""],
    )
    _table(
        folder,
        "service_attributes.csv",
        ["id", "service_id", "taxonomy_term_id"],
        [str(uuid.uuid4()), SERVICE, TERM],
    )
    names = [p.name for p in folder.iterdir() if p.suffix == ".csv"]
    resources = [{"name": n.removesuffix(".csv"), "path": n} for n in names]
    (folder / "datapackage.json").write_text(json.dumps({"resources": resources}))
    return folder


def _warnings(report) -> str:
    return "\n".join(w.message for w in report.warnings)


def organisation_website() -> str:
    return d.Organization.objects.get(pk=ORG).website


def _check_common(report) -> None:
    assert report.ok, report.lines()
    service = d.Service.objects.get(pk=SERVICE)
    assert service.fees_description == "£3 for lunch"
    organisation = d.Organization.objects.get(pk=ORG)
    assert organisation.description == "Kingsmead Friends"  # 3.0 needs one: the name stands in
    location = d.Location.objects.get(pk=LOCATION)
    assert location.location_type == "physical"
    address = d.Address.objects.get(location=location)
    assert (address.address_type, address.address_1, address.address_2, address.postal_code) == (
        "physical",
        "1 Mill Lane",
        "Kingsmead",
        "ZZ1 1AA",
    )
    assert d.ServiceAtLocation.objects.filter(pk=SAL, service=service).exists()
    access = d.Accessibility.objects.get(location=location)
    assert (access.description, access.details) == (
        "Level access from the car park",
        "Hearing loop at the desk",
    )
    assert d.Language.objects.get(phone_id=PHONE).name == "Welsh"
    schedule = d.Schedule.objects.get(service=service)
    assert (schedule.freq, schedule.byday, schedule.opens_at) == (
        "WEEKLY",
        "TU",
        datetime.time(12),
    )
    term = d.TaxonomyTerm.objects.get(pk=TERM)
    assert (term.name, str(term.parent_id)) == ("Meals", PARENT_TERM)
    assert d.Attribute.objects.filter(link_id=SERVICE, taxonomy_term=term).count() == 1
    said = _warnings(report)
    assert "phones.csv: the department column (1 row) was not carried over" in said
    assert location.transportation == "Bus 12 to the door"


def test_an_hsds_1x_package_is_read_as_3_0_with_a_report_of_what_did_not_fit(tmp_path):
    report = import_path(one_x(tmp_path))

    _check_common(report)
    said = _warnings(report)
    assert "This is an HSDS 1.x package" in said
    assert d.Service.objects.get(pk=SERVICE).eligibility_description == "Over 60s"
    assert "payments_accepted.csv (1 row) was not carried over" in said
    assert "holiday_schedules.csv (1 row) was not carried over" in said
    assert "taxonomy.csv: the parent_name column (1 row) was not carried over" in said
    assert organisation_website() == "https://kingsmead.example"  # 3.0 calls it website
    assert (
        "regular_schedules.csv: 1 row with the weekday “Someday”, which is not a day of the week"
        in said
    )


def test_an_hsds_2_0_package_is_read_as_3_0(tmp_path):
    report = import_path(two_oh(tmp_path) / "datapackage.json")

    _check_common(report)
    assert "This is an HSDS 2.0 package" in _warnings(report)
    assert d.Schedule.objects.get(service_id=SERVICE).description == "Tuesday lunches"


def test_a_zipped_older_package_imports_and_a_second_import_changes_nothing(tmp_path):
    (tmp_path / "package").mkdir()
    folder = one_x(tmp_path / "package")
    archive = tmp_path / "older.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in folder.iterdir():
            out.write(path, f"directory/{path.name}")

    assert import_path(archive).ok
    again = import_path(archive)

    assert again.ok
    assert (again.total().created, again.total().updated) == (0, 0)


def test_an_older_package_with_a_bad_record_is_refused_whole(tmp_path):
    folder = one_x(tmp_path)
    _table(
        folder,
        "services_at_location.csv",
        ["id", "service_id", "location_id", "description"],
        [SAL, SERVICE, str(uuid.uuid4()), ""],  # a required link to a place that is nowhere
    )

    report = import_path(folder)

    assert not report.ok
    assert not d.Service.objects.exists()


@pytest.mark.parametrize(
    ("names", "version"),
    [
        (["services.csv", "regular_schedules.csv"], "1.x"),
        (["services.csv", "taxonomy.csv"], "1.x"),
        (["x/services.csv", "x/physical_addresses.csv", "x/schedules.csv"], "2.0"),
        (["services.csv", "service_attributes.csv"], "2.0"),
        (["services.csv", "service_at_location.csv", "addresses.csv"], None),
    ],
)
def test_the_version_is_known_from_the_file_names(names, version):
    assert older_version(names) == version
