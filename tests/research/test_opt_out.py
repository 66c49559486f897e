"""Someone who asked to be left out of research is in no file of the export and in none of its
counts, whichever way it is taken (the command's folder or the evaluator's zip), and the export
says that such people are left out without saying how many."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.management import call_command

from connecting_people.outcomes.models import Response, ResponseStatus
from connecting_people.people.models import Person
from connecting_people.research.keys import Pseudonyms
from tests.research.conftest import KEY

pytestmark = pytest.mark.django_db


def run_export(folder, *options):
    call_command("export_research", str(folder), *options, stdout=io.StringIO())
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def rows(files, name):
    return list(csv.DictReader(io.StringIO(files[f"{name}.csv"].decode())))


def _leave_out(person):
    Person.objects.filter(pk=person.pk).update(research_opt_out=True)


def _hers(ottoline):
    """Every pseudonym that stands for Ottoline or one of her records."""
    named = Pseudonyms(KEY.encode())
    found = {named("person", ottoline.pk)}
    done = Response.objects.filter(person=ottoline, status=ResponseStatus.COMPLETE)
    found |= {named("response", pk) for pk in done.values_list("pk", flat=True)}
    found |= {named("snapshot", pk) for pk in ottoline.snapshots.values_list("pk", flat=True)}
    for pk, connector in ottoline.suggestions.values_list("pk", "connector_id"):
        found |= {named("suggestion", pk), named("connector", connector)}
    return found - {""}


def _everything(files):
    return b"".join(files.values())


@pytest.fixture
def slug(world):
    return world.cast.organisation.slug


def test_someone_left_out_is_in_no_file(world, research_key, slug, tmp_path):
    hers = _hers(world.ottoline)
    assert len(hers) == 1 + 3 + 2 + 3 + 1  # her, questionnaires, snapshots, ideas, connector
    before = _everything(run_export(tmp_path / "before", "--organisation", slug))
    assert all(p.encode() in before for p in hers)  # the search below would find them
    _leave_out(world.ottoline)
    files = run_export(tmp_path / "after", "--organisation", slug)
    assert [p for p in hers if p.encode() in _everything(files)] == []
    assert len(rows(files, "people")) == 8
    assert not [r for r in rows(files, "goals_steps_summary") if r["goals"] != "0"]
    assert len(rows(files, "measures")) == 5  # the other five people's questionnaires
    for only_hers in ("network_snapshots", "network_measures", "suggestions", "suggestion_changes"):
        assert rows(files, only_hers) == [], only_hers


def test_everyone_else_keeps_their_pseudonym(world, research_key, slug, tmp_path):
    before = rows(run_export(tmp_path / "before", "--organisation", slug), "people")
    _leave_out(world.ottoline)
    after = rows(run_export(tmp_path / "after", "--organisation", slug), "people")
    assert after == [r for r in before if r["status"] != "moved_on"]


def test_someone_left_out_is_in_no_count(world, research_key, slug, tmp_path):
    _leave_out(world.ottoline)
    files = run_export(tmp_path / "out", "--organisation", slug)
    north = Pseudonyms(KEY.encode())("team", world.cast.team.pk)
    cell = {
        (a["topic"], a["category"]): a["count"]
        for a in rows(files, "aggregates")
        if a["team"] == north
    }
    assert cell[("people_by_status", "moved_on")] == "0"  # she was the one who had moved on
    assert cell[("people_by_status", "referred")] == "6"
    assert cell[("responses_by_instrument", "ucla3")] == "5"
    assert cell[("people_measured_by_instrument", "ucla3")] == "5"
    # Only she answered ons4: it is not even listed as a questionnaire any more.
    assert not [key for key in cell if key[1] == "ons4"]
    assert {cell[key] for key in cell if key[0] == "snapshots_by_kind"} == {"0"}
    assert {cell[key] for key in cell if key[0] == "suggestions_by_status"} == {"0"}


def test_export_says_who_is_left_out_but_not_how_many(world, research_key, slug, tmp_path):
    nobody = run_export(tmp_path / "nobody", "--organisation", slug)
    _leave_out(world.ottoline)
    one = run_export(tmp_path / "one", "--organisation", slug)

    def said(files):
        text = (files["README.txt"] + files["data_dictionary.csv"]).decode()
        return [line for line in text.splitlines() if "left out of research" in line]

    assert said(one) == said(nobody)
    assert len(said(one)) == 2  # once in README.txt, once in the data dictionary
    assert not any(ch.isdigit() for line in said(one) for ch in line)
    assert one["data_dictionary.csv"] == nobody["data_dictionary.csv"]
    readme = one["README.txt"].decode()
    assert "Everyone who asked to be left out of research: nothing about them is in any" in readme
    note = next(
        r for r in rows(one, "data_dictionary") if r["table"] == "people" and not r["column"]
    )
    assert "not in any file, and in none of the counts in aggregates.csv" in note["meaning"]


def test_evaluators_zip_leaves_them_out_too(world, sign_in, research_key, slug):
    _leave_out(world.ottoline)
    response = sign_in(world.cast.evaluator).post("/research/export/", {"organisation": slug})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert [p for p in _hers(world.ottoline) if p.encode() in everything] == []
    assert len(archive.read("people.csv").decode().splitlines()) == 1 + 8
