"""The research export: nothing identifying leaves, pseudonyms are keyed and stable, files
reproduce byte for byte, small counts are held back and the dictionary covers every column."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from connecting_people.research import export, scope, sorting
from connecting_people.research.scope import Scope
from connecting_people.research.tables import TABLES
from tests.research.conftest import DATES, KEY, OTHER_KEY, PLANTED

pytestmark = pytest.mark.django_db

FILES = {f"{t.name}.csv" for t in TABLES} | {
    "aggregates.csv",
    "data_dictionary.csv",
    "README.txt",
}


def run_export(folder, *options):
    call_command("export_research", str(folder), *options, stdout=io.StringIO())
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def rows(files, name):
    return list(csv.DictReader(io.StringIO(files[f"{name}.csv"].decode())))


def _forms(day):
    """The ways a date could be written, none of which may appear."""
    return {
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        day.strftime("%d.%m.%Y"),
        day.strftime("%Y%m%d"),
        f"{day.day} {day:%B %Y}",
        f"{day.day} {day:%b %Y}",
    }


@pytest.fixture
def files(world, research_key, tmp_path):
    return run_export(tmp_path / "out", "--organisation", world.cast.organisation.slug)


def test_export_writes_every_file(files):
    assert set(files) == FILES


def test_no_planted_identifier_or_free_text_appears_in_any_file(files):
    found = []
    for name, data in files.items():
        lowered = data.lower()
        for field, value in PLANTED.items():
            if value.lower().encode() in lowered:
                found.append((name, field))
        for day in [*DATES.values()]:
            for form in _forms(day):
                if form.lower().encode() in lowered:
                    found.append((name, form))
        for form in _forms(DATES["started"].replace(year=1971)) | {"1971-03"}:
            if form.encode() in lowered:
                found.append((name, form))  # the date of birth, or its month
        if b"@" in data:
            found.append((name, "@ (an email address)"))
    assert found == []


def test_planted_words_would_be_found_if_they_leaked(world, tmp_path):
    """The search above can fail: the planted values are really in the database."""
    ottoline = world.ottoline
    assert ottoline.postcode == PLANTED["postcode"]
    assert ottoline.goals.get().text == PLANTED["goal"]
    assert ottoline.connections.filter(label=PLANTED["connection"]).exists()


def test_every_date_is_a_month(files):
    for name, data in files.items():
        if name.endswith(".csv"):
            assert not re.search(rb"\d{4}-\d{2}-\d{2}", data), name
    people = {r["started_month"] for r in rows(files, "people")}
    assert people == {"2024-03"}


def test_people_are_coarsened_and_counted(files, world):
    ottoline = next(r for r in rows(files, "people") if r["status"] == "moved_on")
    assert ottoline["started_month"] == "2024-03"
    assert ottoline["moved_on_month"] == "2024-07"
    assert ottoline["destination"] == "beyond_services"
    assert ottoline["age_band_at_start"] == "45-54"  # 53 on 17 March 2024
    assert (ottoline["interests"], ottoline["interest_categories"]) == ("1", "2")
    assert (ottoline["skills"], ottoline["barriers"], ottoline["contacts"]) == ("1", "1", "1")
    assert len(rows(files, "people")) == 9  # 7 in North Team, 2 in South; none from elsewhere


def test_plan_is_counts_only(files):
    summary = rows(files, "goals_steps_summary")
    busy = [r for r in summary if r["goals"] == "1"]
    assert len(busy) == 1
    assert busy[0]["goals_working_on"] == "1"
    assert (busy[0]["steps"], busy[0]["steps_done"], busy[0]["steps_to_do"]) == ("2", "1", "1")


def test_measures_scores_and_items(files):
    measures = rows(files, "measures")
    assert len(measures) == 8  # Ottoline's 3 complete and 5 others; the one in progress is not
    follow_up = next(m for m in measures if m["taken_month"] == "2024-07")
    assert (follow_up["instrument"], follow_up["months_from_start"]) == ("ons4", "4")
    assert follow_up["instrument_version"] == "1"
    scores = [s for s in rows(files, "measure_scores") if s["response"] == follow_up["response"]]
    assert {s["score"]: (s["value"], s["band"]) for s in scores} == {
        "anxious": ("2", "low"),
        "happy": ("6", "medium"),
        "satisfied": ("7", "high"),
        "worthwhile": ("8", "high"),
    }
    items = rows(files, "item_responses")
    assert len(items) == 4 + 3 + 4 + 5 * 3
    answered = {i["item"]: i["value"] for i in items if i["response"] == follow_up["response"]}
    assert answered == {"satisfied": "7", "worthwhile": "8", "happy": "6", "anxious": "2"}


def test_network_snapshots_and_measures(files):
    snapshots = sorted(rows(files, "network_snapshots"), key=lambda s: s["number"])
    assert [(s["number"], s["month"], s["kind"]) for s in snapshots] == [
        ("1", "2024-04", "baseline"),
        ("2", "2024-09", "review"),
    ]
    measures = {m["snapshot"]: m for m in rows(files, "network_measures")}
    baseline, review = (measures[s["snapshot"]] for s in snapshots)
    assert (baseline["size"], baseline["outside_services"], baseline["ties"]) == ("3", "2", "1")
    assert baseline["outside_share"] == "0.6667"
    assert (review["size"], review["ended_since_baseline"], review["kind_worker"]) == (
        "2",
        "1",
        "0",
    )


def test_suggestions_carry_no_names_and_keep_their_story(files, world):
    suggestions = {s["kind"]: s for s in rows(files, "suggestions")}
    assert set(suggestions) == {"service", "connector", "idea"}
    service = world.ottoline.suggestions.get(service__isnull=False).service
    assert suggestions["service"]["service"] == str(service.id)
    assert suggestions["service"]["service_categories"] == "music;nature-and-gardening"
    assert suggestions["service"]["connector"] == ""
    assert suggestions["connector"]["service"] == ""
    assert suggestions["connector"]["connector"]
    assert (suggestions["idea"]["status"], suggestions["idea"]["reason"]) == (
        "not_for_me",
        "timing",
    )
    changes = sorted(rows(files, "suggestion_changes"), key=lambda c: c["step"])
    assert [(c["step"], c["from_status"], c["to_status"], c["month"]) for c in changes] == [
        ("1", "", "suggested", "2024-06"),
        ("2", "suggested", "talked_about", "2024-06"),
        ("3", "talked_about", "tried", "2024-06"),
    ]
    assert {c["suggestion"] for c in changes} == {suggestions["service"]["suggestion"]}


def test_pseudonyms_are_keyed_hashes_linking_the_files(files, world):
    expected = hmac.new(KEY.encode(), f"person:{world.ottoline.pk}".encode(), hashlib.sha256)
    ottoline = next(r for r in rows(files, "people") if r["status"] == "moved_on")
    assert ottoline["person"] == expected.hexdigest()[:16]
    for table in ("goals_steps_summary", "measures", "network_snapshots", "suggestions"):
        assert ottoline["person"] in {r["person"] for r in rows(files, table)}, table


def test_same_data_and_key_give_byte_identical_files(world, research_key, tmp_path):
    first = run_export(tmp_path / "one")
    second = run_export(tmp_path / "two")
    assert first == second
    assert all(b"\r" not in data for data in first.values())
    assert timezone.localdate().isoformat().encode() not in first["README.txt"]


def test_another_key_gives_other_pseudonyms(world, research_key, settings, tmp_path):
    first = run_export(tmp_path / "one")
    settings.RESEARCH_KEY = OTHER_KEY
    second = run_export(tmp_path / "two")
    people = [{r["person"] for r in rows(files, "people")} for files in (first, second)]
    assert len(people[0]) == len(people[1]) == 10
    assert people[0].isdisjoint(people[1])
    # Only the pseudonyms (and the key's fingerprint) differ.
    assert first["data_dictionary.csv"] == second["data_dictionary.csv"]
    assert first["README.txt"] != second["README.txt"]


def test_small_counts_are_held_back(files, world):
    aggregates = rows(files, "aggregates")
    counts = [a["count"] for a in aggregates]
    assert not [c for c in counts if c.isdigit() and 0 < int(c) < 5]
    north = run_pseudonym(world.cast.team.pk)
    south = run_pseudonym(world.cast.other_team.pk)
    cell = {(a["team"], a["topic"], a["category"]): a["count"] for a in aggregates}
    assert cell[(north, "people_by_status", "referred")] == "6"
    assert cell[(north, "people_by_status", "moved_on")] == "<5"
    assert cell[(north, "people_by_status", "active")] == "0"
    assert cell[(south, "people_by_status", "referred")] == "<5"
    assert cell[(north, "responses_by_instrument", "ucla3")] == "6"
    assert cell[(north, "people_measured_by_instrument", "ucla3")] == "6"
    assert cell[(north, "responses_by_instrument", "ons4")] == "<5"
    assert cell[(south, "responses_by_instrument", "ons4")] == "0"
    # The README says what is true: the row-level files give the same counts, small ones too.
    people = rows(files, "people")
    moved_on = [p for p in people if p["team"] == north and p["status"] == "moved_on"]
    assert 0 < len(moved_on) < 5
    readme = files["README.txt"].decode()
    assert "cannot be worked out from that file alone" in readme
    assert "the same counts, small ones too, can be worked out from them" in readme


def run_pseudonym(pk, key=KEY, table="team"):
    return hmac.new(key.encode(), f"{table}:{pk}".encode(), hashlib.sha256).hexdigest()[:16]


def test_dictionary_covers_every_column_of_every_file(files):
    dictionary = rows(files, "data_dictionary")
    described = {}
    for row in dictionary:
        if row["column"]:
            assert row["type"], row
            assert row["meaning"], row
            described.setdefault(row["table"], []).append(row["column"])
    for name, data in files.items():
        if name.endswith(".csv"):
            header = next(csv.reader(io.StringIO(data.decode())))
            assert described.pop(name.removesuffix(".csv")) == header, name
    assert described == {}
    assert any(r["table"] == "practice_indicators" and not r["column"] for r in dictionary)


def test_team_option_exports_one_team(world, research_key, tmp_path):
    files = run_export(tmp_path / "out", "--team", str(world.cast.other_team.pk))
    assert len(rows(files, "people")) == 2
    assert {r["team"] for r in rows(files, "people")} == {run_pseudonym(world.cast.other_team.pk)}


def test_small_batches_and_runs_give_the_same_files(world, research_key, tmp_path, monkeypatch):
    """Memory is bounded by the batch and run sizes, never by the data: the answer is the same."""
    whole = run_export(tmp_path / "whole")
    monkeypatch.setattr(scope, "BATCH_SIZE", 2)
    monkeypatch.setattr(sorting, "RUN_SIZE", 3)
    monkeypatch.setattr(Scope.person_batches, "__defaults__", (2,))
    monkeypatch.setattr(sorting.SortedLines.__init__, "__defaults__", (3,))
    assert run_export(tmp_path / "pieces") == whole


def test_zip_download_holds_the_same_files_and_reproduces(world, research_key):
    scope_ = Scope(organisation=world.cast.organisation)
    data = b"".join(export.zip_stream(scope_, KEY.encode()))
    assert data == b"".join(export.zip_stream(scope_, KEY.encode()))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert set(archive.namelist()) == FILES
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    folder = dict(export.export_files(scope_, KEY.encode()))
    assert archive.read("people.csv").decode() == "".join(folder["people.csv"])


def _queries(scope_):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        for _name, lines in export.export_files(scope_, KEY.encode()):
            for _line in lines:
                pass
    return len(queries)


def test_queries_are_fixed_per_batch_of_people_not_per_person(world):
    from tests.research.conftest import _measures, _network, _plan

    scope_ = Scope(organisation=world.cast.organisation)
    before = _queries(scope_)
    for n in range(3):
        person = world.north[n]
        _plan(person, world.cast.practitioner)
        _network(person, world.cast.practitioner)
        _measures(person, world.cast.practitioner)
    assert _queries(scope_) == before


def test_text_cells_cannot_run_as_formulas_and_numbers_stay_numbers():
    lines = list(
        export._plain_lines(
            export.DICTIONARY_COLUMNS,
            [('=HYPERLINK("http://evil.example")', -3, Decimal("-0.25"), "-3 made up", "@x")],
        )
    )

    assert lines[1] == '"\'=HYPERLINK(""http://evil.example"")",-3,-0.25,\'-3 made up,\'@x\n'
