"""Bringing a caseload in from a file: parsing, checking, the preview and the all-or-nothing add."""

import csv
import datetime as dt
import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people import importing
from connecting_people.people.models import Person, Status, StatusChangeKind
from connecting_people.people.services import person_create
from connecting_people.people.validators import nhs_check_digit

TODAY = dt.date(2026, 3, 1)
NHS = ["9434765919", "9434765927", "9434765935", "9434765943"]


def table(text: str) -> list[list[str]]:
    """A CSV written inline, as rows of cells."""
    return list(csv.reader(io.StringIO(text.strip())))


def parse(text: str) -> importing.ImportReport:
    return importing.parse_table(table(text), today=TODAY)


def messages(report: importing.ImportReport) -> list[str]:
    return [str(error) for error in report.errors]


def csv_file(text: str, name: str = "caseload.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(*sheets: list[list], name: str = "caseload.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for number, rows in enumerate(sheets, start=1):
        sheet = workbook.create_sheet(f"Sheet {number}")
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


# Columns ------------------------------------------------------------------------------------


def test_parse_reads_every_column():
    report = parse("""
Preferred name,Other names,Pronouns,Date of birth,NHS number,Local ID,Email address,Phone number,Address,Postcode,Date started,Status,Keyworker
Sam,Samuel Jones,he/him,26/11/1980,943 476 5919,C-101,sam@example.org,07700 900123,"1 High St, Leeds",ls1  1aa,01/02/2026,Active,Pat@Test.Example
""")  # noqa: E501
    assert report.errors == []
    assert report.warnings == []
    assert report.rows[0].number == 2
    assert report.rows[0].values == {
        "preferred_name": "Sam",
        "other_names": "Samuel Jones",
        "pronouns": "he/him",
        "date_of_birth": "1980-11-26",
        "nhs_number": "9434765919",
        "local_id": "C-101",
        "email": "sam@example.org",
        "phone": "07700 900123",
        "address": "1 High St, Leeds",
        "postcode": "LS1 1AA",
        "started_on": "2026-02-01",
        "status": "active",
        "keyworker": "pat@test.example",
    }


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("PREFERRED_NAME", "preferred_name"),
        ("known as", "preferred_name"),
        ("NHS No.", "nhs_number"),
        ("nhs_number", "nhs_number"),
        ("Client ID", "local_id"),
        ("patient id", "local_id"),
        ("ID", "local_id"),
        ("Key Worker", "keyworker"),
        ("worker_email", "keyworker"),
        ("DOB", "date_of_birth"),
        ("Date of birth (DD/MM/YYYY)", "date_of_birth"),
        ("E-mail", "email"),
    ],
)
def test_headings_are_matched_without_case_spaces_or_underscores(heading, field):
    headings = [heading] if field == "preferred_name" else ["Name", heading]
    positions, warnings = importing.map_columns(headings)
    assert field in positions
    assert warnings == []


def test_unknown_columns_are_ignored_with_a_warning():
    report = parse("Name,Diagnosis,Risk\nSam,secret,high")
    assert report.columns == ["preferred_name"]
    assert report.rows[0].values == {
        "preferred_name": "Sam",
        "status": "referred",
        "started_on": "2026-03-01",
    }
    assert report.warnings == [
        "The column 'Diagnosis' was ignored: it is not something we bring in.",
        "The column 'Risk' was ignored: it is not something we bring in.",
    ]


def test_a_fields_own_heading_wins_over_an_alias():
    report = parse("First name,Preferred name\nSamuel,Sam")
    assert report.rows[0].values["preferred_name"] == "Sam"
    assert report.warnings == [
        "The column 'First name' was ignored: 'Preferred name' was used for preferred name."
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty."),
        ("\n\n,,\n", "The file is empty."),
        ("Sam,9434765919\nAyo,9434765927", "We could not find the column headings"),
        ("NHS number,Status\n9434765919,active", "needs a column for each person's preferred"),
        ("Preferred name,NHS number\n,,\n", "column headings but no people in it"),
    ],
)
def test_files_that_cannot_be_read_as_a_whole(text, message):
    with pytest.raises(importing.ImportFileError, match=message):
        parse(text)


# Rows ---------------------------------------------------------------------------------------


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers():
    report = parse("Name,NHS number\nSam,\n,\n\nAyo,9434765910")
    assert [row.number for row in report.rows] == [2, 5]
    assert messages(report) == [
        "Row 5, NHS number: this is not a valid NHS number: the last digit does not match the "
        "others. Check it has been copied correctly."
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("943476591", "an NHS number is 10 digits long, like 943 476 5919. This one has 9."),
        ("94347659190", "an NHS number is 10 digits long, like 943 476 5919. This one has 11."),
        ("943-476-591X", "an NHS number has only digits, like 943 476 5919"),
        ("9434765910", "this is not a valid NHS number: the last digit does not match"),
    ],
)
def test_bad_nhs_numbers_are_named_by_row_and_field(value, message):
    report = parse(f"Name,NHS number\nSam,{value}")
    assert messages(report)[0].startswith(f"Row 2, NHS number: {message}")
    assert report.rows[0].bad == {"nhs_number"}
    assert report.rows[0].values["nhs_number"] == value  # shown as typed


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/1980", "there is no such date as 31/02/1980"),
        ("26/11/80", "write the year in full, like 26/11/1980"),
        ("next Tuesday", "enter a date like 26/11/1980"),
        ("29186", "enter a date like 26/11/1980"),
        ("02/03/2026", "this date is in the future"),
        ("01/01/1850", "check the year: 1850 is too long ago"),
    ],
)
def test_bad_dates_of_birth(value, message):
    report = parse(f"Name,Date of birth\nSam,{value}")
    assert messages(report) == [f"Row 2, Date of birth: {message}"]


@pytest.mark.parametrize(
    "value", ["26/11/1980", "26-11-1980", "26.11.1980", "1980-11-26", "26 November 1980",
              "26 Nov 1980", "26/11/1980 00:00", "1980-11-26T00:00:00"]
)  # fmt: skip
def test_dates_in_the_usual_shapes(value):
    assert importing.parse_date(value) == dt.date(1980, 11, 26)


def test_date_started_defaults_to_today_and_cannot_be_in_the_future_or_before_birth():
    report = parse("Name,Date started,DOB\nSam,,\nAyo,2026-03-02,\nBea,01/01/1990,02/02/1991")
    assert report.rows[0].values["started_on"] == "2026-03-01"
    assert messages(report) == [
        "Row 3, Date started: this date is in the future",
        "Row 4, Date started: this is before their date of birth",
    ]


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("", "referred"),
        ("Referred", "referred"),
        ("ACTIVE", "active"),
        ("moving on", "moving_on"),
        ("Moving-on", "moving_on"),
        ("moving_on", "moving_on"),
    ],
)
def test_statuses_by_name_or_label(value, status):
    assert parse(f"Name,Status\nSam,{value}").rows[0].values["status"] == status


def test_moved_on_people_are_refused_with_the_reason():
    report = parse("Name,Status\nSam,Moved on\nAyo,closed")
    assert messages(report) == [
        "Row 2, Status: people who have moved on are not brought in. Add them when they come "
        "back to the service.",
        "Row 3, Status: use one of: referred, active or moving on",
    ]


def test_other_field_problems():
    report = parse(f"Name,Email,Keyworker,Pronouns\n,not-an-email,Pat,{'x' * 41}")
    assert messages(report) == [
        "Row 2, Preferred name: every person needs a preferred name",
        "Row 2, Pronouns: this is 41 characters long; it can be up to 40",
        "Row 2, Email address: enter an email address in the right format, like name@example.org",
        "Row 2, Keyworker: enter an email address in the right format, like name@example.org",
    ]


def test_duplicates_in_the_file_name_each_other():
    report = parse(
        f"Name,NHS number,Local ID\nSam,{NHS[0]},A1\nAyo,{NHS[1]},A1\nBea,{NHS[0]},\n"
        f"Cal,{NHS[0]},A2"
    )
    assert messages(report) == [
        "Row 2, NHS number: the same NHS number is also on rows 4 and 5",
        "Row 4, NHS number: the same NHS number is also on rows 2 and 5",
        "Row 5, NHS number: the same NHS number is also on rows 2 and 4",
        "Row 2, Local ID: the same local ID is also on row 3",
        "Row 3, Local ID: the same local ID is also on row 2",
    ]


def test_no_more_than_five_thousand_people_in_a_file():
    rows = [["Name"]] + [[f"P{n}"] for n in range(importing.MAX_ROWS)]
    assert len(importing.parse_table(rows, today=TODAY).rows) == importing.MAX_ROWS
    with pytest.raises(importing.ImportFileError, match="more than 5,000 people"):
        importing.parse_table([*rows, ["One more"]], today=TODAY)


def test_excel_cells_numbers_and_dates():
    rows = [
        ("Name", "NHS number", "DOB", "Date started", "Local ID"),
        ("Sam", 9434765919, dt.datetime(1980, 11, 26), dt.date(2026, 1, 5), 101.0),
        (None, None, None, None, None),
    ]
    report = importing.parse_table(rows, today=TODAY)
    assert report.errors == []
    assert report.rows[0].values == {
        "preferred_name": "Sam",
        "nhs_number": "9434765919",
        "date_of_birth": "1980-11-26",
        "started_on": "2026-01-05",
        "local_id": "101",
        "status": "referred",
    }


def test_preview_shows_values_as_people_read_them():
    report = parse("Name,NHS number,DOB,Status\nSam,9434765919,1980-11-26,moving on\nAyo,123,,")
    assert report.preview() == [
        {
            "number": 2,
            "cells": [
                {"text": "Sam", "bad": False},
                {"text": "26 Nov 1980", "bad": False},
                {"text": "943 476 5919", "bad": False},
                {"text": "Moving on", "bad": False},
            ],
        },
        {
            "number": 3,
            "cells": [
                {"text": "Ayo", "bad": False},
                {"text": "", "bad": False},
                {"text": "123", "bad": True},
                {"text": "Referred", "bad": False},
            ],
        },
    ]
    assert [str(h) for h in report.headings] == [
        "Preferred name",
        "Date of birth",
        "NHS number",
        "Status",
    ]


# Properties ---------------------------------------------------------------------------------

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)
valid_nhs = nine_digits.filter(lambda d: nhs_check_digit(d) is not None).map(
    lambda d: f"{d}{nhs_check_digit(d)}"
)


@given(valid_nhs, st.sampled_from(["", " ", "-"]))
def test_any_valid_nhs_number_passes_however_it_is_spaced(number, gap):
    shown = gap.join([number[:3], number[3:6], number[6:]])
    report = importing.parse_table([["Name", "NHS"], ["Sam", shown]], today=TODAY)
    assert report.errors == []
    assert report.rows[0].values["nhs_number"] == number


@given(valid_nhs, st.integers(0, 9), st.integers(1, 9))
def test_any_single_digit_change_to_a_valid_nhs_number_fails(number, position, shift):
    digit = (int(number[position]) + shift) % 10
    changed = f"{number[:position]}{digit}{number[position + 1 :]}"
    report = importing.parse_table([["Name", "NHS"], ["Sam", changed]], today=TODAY)
    assert [error.field_label for error in report.errors] == ["NHS number"]


@given(
    st.dates(dt.date(1900, 1, 1), TODAY),
    st.sampled_from(["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%-d/%-m/%Y", "excel"]),
)
def test_dates_round_trip(date, shape):
    value = dt.datetime.combine(date, dt.time()) if shape == "excel" else date.strftime(shape)
    report = importing.parse_table([["Name", "DOB"], ["Sam", value]], today=TODAY)
    assert report.rows[0].values["date_of_birth"] == date.isoformat()


cell = st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(), st.dates())


@given(st.lists(st.lists(cell, max_size=6), max_size=8))
def test_any_table_is_reported_on_never_crashed_on(rows):
    headings = [["Name", "NHS number", "DOB", "Status", "Keyworker", "Email"]]
    try:
        report = importing.parse_table(headings + rows, today=TODAY)
    except importing.ImportFileError:
        return
    assert all(error.row >= 2 for error in report.errors)
    assert all(row.values["preferred_name"] or row.bad for row in report.rows)


names = st.text(
    st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=100
).filter(lambda s: s == s.strip() and s)


@given(st.lists(names, min_size=1, max_size=10))
def test_names_round_trip_through_csv(people):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([["Preferred name"], *([name] for name in people)])
    rows = importing.read_csv(io.BytesIO(buffer.getvalue().encode()))
    report = importing.parse_table(rows, today=TODAY)
    assert [row.values["preferred_name"] for row in report.rows] == people


# Files --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.txt", b"Name\nSam"), "must be a CSV file or an Excel"),
        (SimpleUploadedFile("old.xls", b"Name\nSam"), "Save it again as .xlsx or CSV"),
        (SimpleUploadedFile("empty.csv", b""), "The file is empty."),
        (SimpleUploadedFile("big.csv", b"Name\n" + b"x" * (5 * 1024 * 1024)), "bigger than 5 MB"),
        (SimpleUploadedFile("book.csv", b"PK\x03\x04rest"), "its name should end in .xlsx"),
        (SimpleUploadedFile("fake.xlsx", b"Name\nSam"), "is not an Excel workbook"),
        (SimpleUploadedFile("broken.xlsx", b"PK\x03\x04broken"), "could not open this Excel"),
        (SimpleUploadedFile("bytes.csv", b"Name\n\x81\x8d\xff\xfe"), "could not read the text"),
        (SimpleUploadedFile("long.csv", b"Name\nSam\n" + b"x" * 200_000), "could not read line 3"),
    ],
)
def test_files_refused_whole(cast, upload, message):
    with pytest.raises(importing.ImportFileError, match=message):
        importing.parse_upload(upload, team=cast.team)


def test_csv_with_a_byte_order_mark(cast):
    report = importing.parse_upload(csv_file("\ufeffPreferred name\nZoë", "a.csv"), team=cast.team)
    assert report.rows[0].values["preferred_name"] == "Zoë"
    assert report.warnings == []
    assert report.file_name == "a.csv"


def test_csv_in_windows_1252(cast):
    report = importing.parse_upload(csv_file("Name\nZoë\nRené", encoding="cp1252"), team=cast.team)
    assert [row.values["preferred_name"] for row in report.rows] == ["Zoë", "René"]


def test_csv_separated_by_semicolons_with_an_address_over_two_lines(cast):
    text = 'Name;Address;NHS number\r\nSam;"1 High St\nLeeds";9434765919\r\nAyo;;123\r\n'
    report = importing.parse_upload(csv_file(text), team=cast.team)
    assert report.rows[0].values["address"] == "1 High St\nLeeds"
    assert messages(report)[0].startswith("Row 3, NHS number:")


def test_excel_workbook_first_sheet_only(cast):
    upload = xlsx_file(
        [["Preferred name", "DOB", "NHS number"], ["Sam", dt.datetime(1980, 11, 26), 9434765919],
         [], ["Ayo", None, None]],
        [["Name"], ["Not read"]],
    )  # fmt: skip
    report = importing.parse_upload(upload, team=cast.team)
    assert [(row.number, row.values["preferred_name"]) for row in report.rows] == [
        (2, "Sam"),
        (4, "Ayo"),
    ]
    assert report.rows[0].values["date_of_birth"] == "1980-11-26"
    assert report.rows[0].values["nhs_number"] == "9434765919"
    assert report.warnings == ["Only the first sheet, 'Sheet 1', was read."]


def test_workbooks_that_unpack_too_big_are_refused(cast, monkeypatch):
    monkeypatch.setattr(importing.tables, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(importing.ImportFileError, match="too big to read"):
        importing.parse_upload(xlsx_file([["Name"], ["Sam"]]), team=cast.team)


def test_workbooks_that_unpack_beyond_the_archive_setting_are_refused(cast, settings):
    settings.ARCHIVE_MAX_UNPACKED_BYTES = 1000
    with pytest.raises(importing.ImportFileError, match="too big to read"):
        importing.parse_upload(xlsx_file([["Name"], ["Sam"]]), team=cast.team)


def test_workbooks_with_more_parts_than_the_archive_setting_allows_are_refused(cast, settings):
    upload = xlsx_file([["Name"], ["Sam"]])
    with zipfile.ZipFile(io.BytesIO(upload.read())) as workbook:
        parts = len(workbook.infolist())
    upload.seek(0)
    settings.ARCHIVE_MAX_ENTRIES = parts - 1
    with pytest.raises(importing.ImportFileError, match="too big to read"):
        importing.parse_upload(upload, team=cast.team)
    settings.ARCHIVE_MAX_ENTRIES = parts
    upload.seek(0)
    assert importing.parse_upload(upload, team=cast.team).rows[0].values["preferred_name"] == "Sam"


def test_a_workbook_padded_with_a_zip_bomb_is_refused_before_it_is_read(cast):
    buffer = io.BytesIO(xlsx_file([["Name"], ["Sam"]]).read())
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as workbook,
        workbook.open("xl/media/padding.bin", "w") as padding,
    ):
        for _ in range(101):  # MB: more than a workbook may unpack to
            padding.write(bytes(1024 * 1024))
    upload = SimpleUploadedFile("caseload.xlsx", buffer.getvalue())
    assert upload.size < 200 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(importing.ImportFileError, match="too big to read"):
            importing.parse_upload(upload, team=cast.team)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_large_uploads_kept_on_disk_are_read_too(cast, kind):
    small = csv_file("Name\nSam") if kind == "csv" else xlsx_file([["Name"], ["Sam"]])
    content = small.read()
    upload = TemporaryUploadedFile(f"big.{kind}", "text/csv", len(content), None)
    upload.write(content)
    upload.seek(0)
    report = importing.parse_upload(upload, team=cast.team)
    assert report.rows[0].values["preferred_name"] == "Sam"
    assert not upload.closed
    upload.close()


# Against the team ---------------------------------------------------------------------------


@pytest.fixture
def sam(cast):
    return person_create(
        team=cast.team, by=cast.practitioner, preferred_name="Sam", nhs_number=NHS[0], local_id="A1"
    )


def test_people_already_in_the_team_are_found_by_nhs_number_or_local_id(cast, sam):
    text = f"Name,NHS number,Local ID\nSammy,{NHS[0]},\nS,,A1\nAyo,{NHS[1]},A2"
    report = importing.parse_upload(csv_file(text), team=cast.team)
    assert messages(report) == [
        "Row 2, NHS number: someone with this NHS number is already in the team, as Sam",
        "Row 3, Local ID: someone with this local ID is already in the team, as Sam",
    ]


def test_people_in_other_teams_are_never_revealed(cast, sam):
    text = f"Name,NHS number,Local ID\nSam,{NHS[0]},A1"
    assert importing.parse_upload(csv_file(text), team=cast.other_team).errors == []


def test_keyworkers_must_work_in_the_team(cast):
    text = (
        f"Name,Keyworker\nSam,{cast.practitioner.email.upper()}\n"
        f"Ayo,{cast.other_practitioner.email}\nBea,nobody@test.example"
    )
    report = importing.parse_upload(csv_file(text), team=cast.team)
    assert messages(report) == [
        f"Row 3, Keyworker: nobody with the email {cast.other_practitioner.email} works in "
        "North Team. Add them to the team first, or leave the keyworker blank.",
        "Row 4, Keyworker: nobody with the email nobody@test.example works in North Team. Add "
        "them to the team first, or leave the keyworker blank.",
    ]


def test_import_adds_everyone_with_their_history_and_audit(cast):
    text = (
        f"Name,NHS number,Status,Keyworker,Date started\nSam,{NHS[0]},,,\n"
        f"Ayo,{NHS[1]},active,{cast.practitioner.email},01/02/2026\nBea,,moving on,,"
    )
    report = importing.parse_upload(csv_file(text, "old.csv"), team=cast.team)
    people = importing.caseload_import(
        team=cast.team, rows=report.rows, by=cast.team_lead, file_name="old.csv"
    )
    assert [(p.preferred_name, p.status) for p in people] == [
        ("Sam", Status.REFERRED),
        ("Ayo", Status.ACTIVE),
        ("Bea", Status.MOVING_ON),
    ]
    ayo = Person.objects.get(preferred_name="Ayo")
    assert ayo.keyworker == cast.practitioner
    assert ayo.started_on == dt.date(2026, 2, 1)
    assert [c.kind for c in ayo.status_changes.all()] == [
        StatusChangeKind.REFERRED,
        StatusChangeKind.STARTED,
    ]
    assert people[2].status_changes.count() == 3
    imported = AuditEvent.objects.get(action=AuditAction.IMPORTED)
    assert (imported.team, imported.actor) == (cast.team, cast.team_lead)
    assert imported.detail | {"token": ""} == {"count": 3, "file": "old.csv", "token": ""}
    assert AuditEvent.objects.filter(action=AuditAction.CREATED, team=cast.team).count() == 3


def test_import_is_all_or_nothing(cast, sam):
    rows = [
        importing.ImportRow(2, {"preferred_name": "Ayo", "started_on": "2026-01-01"}),
        importing.ImportRow(3, {"preferred_name": "Bea", "pronouns": "x" * 41}),
    ]
    with pytest.raises(importing.ImportRejected) as rejected:
        importing.caseload_import(team=cast.team, rows=rows, by=cast.practitioner, file_name="f")
    assert str(rejected.value.errors[0]).startswith("Row 3: ")
    assert list(Person.objects.values_list("preferred_name", flat=True)) == ["Sam"]
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORTED).exists()


def test_import_checks_the_team_again(cast, sam):
    rows = [importing.ImportRow(2, {"preferred_name": "Sammy", "nhs_number": NHS[0]})]
    with pytest.raises(importing.ImportRejected):
        importing.caseload_import(team=cast.team, rows=rows, by=cast.practitioner, file_name="f")


def test_the_same_rows_are_not_added_twice(cast):
    rows = [importing.ImportRow(2, {"preferred_name": "Ayo"})]
    importing.caseload_import(
        team=cast.team, rows=rows, by=cast.practitioner, file_name="f", token="t"
    )
    with pytest.raises(importing.AlreadyImported):
        importing.caseload_import(
            team=cast.team, rows=rows, by=cast.practitioner, file_name="f", token="t"
        )
    assert Person.objects.count() == 1


# Pages --------------------------------------------------------------------------------------

GOOD = f"Preferred name,NHS number,Status\nSam,{NHS[0]},active\nAyo,{NHS[1]},"


def post_file(client, upload, team=None):
    data = {"file": upload}
    if team is not None:
        data["team"] = team.pk
    return client.post(reverse("people:import"), data)


@pytest.mark.parametrize("who", ["practitioner", "team_lead", "both_teams"])
def test_upload_page_opens_for_staff_in_a_team(sign_in, cast, who):
    response = sign_in(getattr(cast, who)).get(reverse("people:import"))
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b"Client ID" in response.content  # the columns are explained


def test_upload_page_offers_each_of_your_teams(sign_in, cast):
    content = sign_in(cast.both_teams).get(reverse("people:import")).content.decode()
    assert "North Team" in content
    assert "South Team" in content
    assert "Faraway Team" not in content


@pytest.mark.parametrize("who", ["outsider", "evaluator", "org_admin"])
def test_upload_and_confirm_refused_to_anyone_not_in_a_team(sign_in, cast, who):
    client = sign_in(getattr(cast, who))
    assert client.get(reverse("people:import")).status_code == 404
    assert post_file(client, csv_file(GOOD), cast.team).status_code == 404
    assert client.post(reverse("people:import_confirm"), {"rows": "x"}).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).exists()


def test_upload_needs_sign_in(client, cast):
    assert client.get(reverse("people:import")).status_code == 302


def test_preview_shows_who_will_be_added(sign_in, cast):
    response = post_file(sign_in(cast.practitioner), csv_file(GOOD + "\nBea,,,"), cast.team)
    content = response.content.decode()
    assert response.status_code == 200
    assert "3 people will be added to North Team." in content
    assert "Add 3 people to North Team" in content
    assert "943 476 5919" in content
    assert 'name="rows"' in content
    assert Person.objects.count() == 0  # nothing saved yet


def test_preview_lists_every_problem_and_offers_no_way_to_add(sign_in, cast, sam):
    text = f"Name,NHS number,Diagnosis\nSam,{NHS[0]},x\nAyo,123,y\n,,\nBea,{NHS[1]},z\n,{NHS[2]},"
    response = post_file(sign_in(cast.practitioner), csv_file(text), cast.team)
    content = response.content.decode()
    assert "There are 3 problems in the file" in content
    assert "Row 2, NHS number: someone with this NHS number is already in the team" in content
    assert "Row 3, NHS number: an NHS number is 10 digits long" in content
    assert "Row 6, Preferred name: every person needs a preferred name" in content
    assert "The column &#x27;Diagnosis&#x27; was ignored" in content
    assert "Nothing has been added" in content
    assert 'name="rows"' not in content
    assert response.context["signed"] == ""


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.pdf", b"%PDF"), "must be a CSV file or an Excel workbook"),
        (SimpleUploadedFile("empty.csv", b""), "The file is empty"),
        (csv_file("Sam,9434765919"), "We could not find the column headings"),
    ],
)
def test_unreadable_files_are_refused_on_the_upload_page(sign_in, cast, upload, message):
    response = post_file(sign_in(cast.practitioner), upload, cast.team)
    assert response.status_code == 200
    assert response.templates[0].name == "people/import_upload.html"
    assert message in response.content.decode()


def test_upload_without_a_file(sign_in, cast):
    response = sign_in(cast.practitioner).post(reverse("people:import"), {"team": cast.team.pk})
    assert "Choose the file to bring in" in response.content.decode()


@pytest.mark.parametrize("who", ["practitioner", "both_teams"])  # one team (hidden field), two
def test_a_team_you_do_not_work_in_cannot_be_chosen(sign_in, cast, who):
    response = post_file(sign_in(getattr(cast, who)), csv_file(GOOD), cast.elsewhere_team)
    summary = response.content.decode().split('class="govuk-error-summary"')[1]
    assert "Choose one of your teams" in summary.split("</ul>")[0]
    assert Person.objects.count() == 0


def preview(client, cast, text=GOOD, team=None):
    response = post_file(client, csv_file(text), team or cast.team)
    assert response.context["signed"], response.context["report"].errors
    return response.context["signed"]


def confirm(client, signed):
    return client.post(reverse("people:import_confirm"), {"rows": signed})


def test_confirm_adds_everyone_and_goes_to_the_caseload(sign_in, cast):
    client = sign_in(cast.both_teams)
    response = confirm(client, preview(client, cast, team=cast.other_team))
    assert response.status_code == 302
    assert set(Person.objects.values_list("preferred_name", "team", "status")) == {
        ("Sam", cast.other_team.pk, Status.ACTIVE),
        ("Ayo", cast.other_team.pk, Status.REFERRED),
    }
    assert client.session["current_team_id"] == cast.other_team.pk
    followed = client.get(response.url)
    assert "Added 2 people to South Team." in followed.content.decode()
    imported = AuditEvent.objects.get(action=AuditAction.IMPORTED)
    assert imported.detail["count"] == 2
    assert imported.detail["file"] == "caseload.csv"


def test_confirm_twice_adds_them_once(sign_in, cast):
    client = sign_in(cast.practitioner)
    signed = preview(client, cast)
    confirm(client, signed)
    assert confirm(client, signed).status_code == 302
    assert Person.objects.count() == 2


@pytest.mark.parametrize("change", ["tamper", "garbage", "empty"])
def test_tampered_rows_are_refused(sign_in, cast, change):
    client = sign_in(cast.practitioner)
    signed = preview(client, cast)
    if change == "tamper":
        payload = signing.loads(signed, salt=importing.SIGNING_SALT)
        payload["team"] = cast.other_team.pk
        signed = signing.dumps(payload, compress=True, salt="another.salt")
    bad = {"tamper": signed, "garbage": signed[:-3] + "abc", "empty": ""}[change]
    response = confirm(client, bad)
    assert response.status_code == 400
    assert "Upload the file again" in response.content.decode()
    assert Person.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=cast.practitioner).exists()


def test_rows_signed_for_someone_else_are_refused(sign_in, cast):
    signed = preview(sign_in(cast.practitioner), cast)
    assert confirm(sign_in(cast.team_lead), signed).status_code == 400
    assert Person.objects.count() == 0


def test_rows_are_refused_after_leaving_the_team(sign_in, cast):
    client = sign_in(cast.both_teams)
    signed = preview(client, cast)
    cast.team.memberships.filter(user=cast.both_teams).delete()
    assert confirm(client, signed).status_code == 404
    assert Person.objects.count() == 0


def test_someone_added_since_the_preview_stops_the_whole_import(sign_in, cast):
    client = sign_in(cast.practitioner)
    signed = preview(client, cast)
    person_create(team=cast.team, by=cast.team_lead, preferred_name="Ayodele", nhs_number=NHS[1])
    response = confirm(client, signed)
    content = response.content.decode()
    assert response.status_code == 409
    assert "Row 3, NHS number: someone with this NHS number is already in the team, as Ayodele" in (
        content
    )
    assert list(Person.objects.values_list("preferred_name", flat=True)) == ["Ayodele"]


def test_excel_file_through_the_pages(sign_in, cast):
    client = sign_in(cast.practitioner)
    upload = xlsx_file([["Known as", "Key worker"], ["Sam", cast.practitioner.email]])
    response = post_file(client, upload, cast.team)
    assert confirm(client, response.context["signed"]).status_code == 302
    assert Person.objects.get().keyworker == cast.practitioner


def test_confirm_only_by_post(sign_in, cast):
    assert sign_in(cast.practitioner).get(reverse("people:import_confirm")).status_code == 405
