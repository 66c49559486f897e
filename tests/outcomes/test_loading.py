"""Loading definitions: versions, the shipped instruments after migrate, and `cpi load_instrument`
and `cpi score` with their exit statuses."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.outcomes import loading, services
from connecting_people.outcomes.models import CompletedBy, Instrument, InstrumentSource
from connecting_people.outcomes.selectors import instrument_version
from tests.outcomes.helpers import licensed_swemwbs_data, made_up_data, shipped_data
from tests.plans.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _write(tmp_path, data, name="made-up.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def _load(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_instrument", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _score(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("score", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# Shipped after migrate --------------------------------------------------------------------------


def test_the_shipped_instruments_are_there_after_migrate():
    current = {i.slug: i for i in Instrument.objects.current()}
    assert set(current) >= {"ons4", "ucla3", "ons-lonely", "swemwbs", "lsns6"}
    assert all(current[s].source == InstrumentSource.SHIPPED for s in current)
    assert all(current[s].organisation is None for s in current)  # for the whole deployment
    assert [s for s in sorted(current) if current[s].needs_wording] == ["lsns6", "swemwbs"]
    assert current["ons4"].version == 1
    assert current["ons4"].content_hash == loading.content_hash(shipped_data("ons4"))


def test_loading_the_shipped_instruments_again_changes_nothing():
    before = list(Instrument.objects.values_list("slug", "version", "content_hash"))
    outcomes = {loaded.outcome for loaded in loading.load_shipped()}
    assert outcomes == {loading.UNCHANGED}
    assert list(Instrument.objects.values_list("slug", "version", "content_hash")) == before


def test_a_changed_shipped_definition_becomes_the_next_version():
    data = shipped_data("ucla3")
    data["notes"] += " Changed in a later release."
    loaded = loading.load(data, source=InstrumentSource.SHIPPED)
    assert (loaded.outcome, loaded.instrument.version) == (loading.CREATED, 2)
    assert instrument_version("ucla3").version == 2
    assert instrument_version("ucla3", 1).is_current is False


def test_shipped_definitions_never_replace_an_organisations_own_version(tmp_path):
    _load(_write(tmp_path, licensed_swemwbs_data(), "swemwbs-licensed.json"))
    assert instrument_version("swemwbs").needs_wording is False

    assert {loaded.outcome for loaded in loading.load_shipped()} == {loading.UNCHANGED}
    changed_template = shipped_data("swemwbs")
    changed_template["notes"] += " Updated."
    kept = loading.load(changed_template, source=InstrumentSource.SHIPPED)

    assert kept.outcome == loading.KEPT
    current = instrument_version("swemwbs")
    assert (current.version, current.source, current.needs_wording) == (2, "loaded", False)


# cpi load_instrument ----------------------------------------------------------------------------


def test_load_twice_makes_one_version_and_says_so(tmp_path):
    path = _write(tmp_path, made_up_data())
    out, _ = _load(path)
    assert out.strip() == "Loaded test-scale version 1; it is now the current version."
    out, _ = _load(path)
    assert out.strip() == "test-scale version 1 already has this content; nothing changed."
    assert Instrument.objects.filter(slug="test-scale").count() == 1
    event = AuditEvent.objects.get(
        action=AuditAction.IMPORTED, target_id=str(instrument_version("test-scale").pk)
    )
    assert event.actor_label == "cpi load_instrument"
    assert event.detail["file"] == "made-up.json"


def test_reformatting_the_file_is_not_a_change(tmp_path):
    _load(_write(tmp_path, made_up_data()))
    reordered = dict(reversed(list(made_up_data().items())))
    (tmp_path / "compact.json").write_text(json.dumps(reordered), encoding="utf-8")
    out, _ = _load(tmp_path / "compact.json")
    assert "nothing changed" in out


def test_changed_definition_loads_as_a_new_version_and_old_responses_keep_theirs(tmp_path, cast):
    _load(_write(tmp_path, made_up_data()))
    first = instrument_version("test-scale")
    person = PersonFactory(team=cast.team)
    response = services.response_start(
        person=person,
        instrument=first,
        by=cast.practitioner,
        completed_by=CompletedBy.WITH_WORKER,
        answers={"a": 4, "b": 1, "c": 2, "d": 3},
    )
    services.response_complete(response=response, by=cast.practitioner, version=response.version)

    changed = made_up_data()
    changed["scores"][3]["lookup"]["table"][7]["value"] = 70  # raw 10 now converts to 70
    out, _ = _load(_write(tmp_path, changed, "made-up-v2.json"))

    assert out.strip() == "Loaded test-scale version 2; it is now the current version."
    second = instrument_version("test-scale")
    assert (second.version, first.version) == (2, 1)
    first.refresh_from_db()
    assert first.is_current is False
    response.refresh_from_db()
    assert response.instrument_id == first.pk
    assert response.scored_with_id == first.pk
    assert response.scores["version"] == 1
    assert response.scores["scores"]["converted"]["value"] == 66.6

    scored_now, _ = _score("test-scale", "--answers", json.dumps(response.answers))
    scored_then, _ = _score(
        "test-scale", "--answers", json.dumps(response.answers), "--version", "1"
    )
    assert json.loads(scored_now)["scores"]["converted"]["value"] == 70
    assert json.loads(scored_then)["scores"]["converted"]["value"] == 66.6


def test_loading_an_earlier_content_makes_that_version_current_again(tmp_path):
    original = _write(tmp_path, made_up_data())
    _load(original)
    changed = made_up_data()
    changed["title"] = "A retitled made-up scale"
    _load(_write(tmp_path, changed, "v2.json"))
    out, _ = _load(original)
    assert out.strip() == "test-scale version 1 has this content; it is the current version again."
    assert instrument_version("test-scale").version == 1
    assert Instrument.objects.filter(slug="test-scale").count() == 2


def test_invalid_definition_prints_every_problem_and_exits_2(tmp_path):
    data = made_up_data()
    data["items"][2]["options"][0]["value"] = "one"
    del data["citation"]
    path = _write(tmp_path, data, "broken.json")
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("load_instrument", str(path), stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 2
    assert str(caught.value) == "broken.json: 2 problems found; nothing was loaded."
    assert err.getvalue().splitlines() == [
        "$.citation: is required",
        "$.items[2].options[0].value: must be a whole number",
    ]
    assert not Instrument.objects.filter(slug="test-scale").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "$: is not valid JSON: Expecting property name"),
        ('{"a": NaN}', "$: is not valid JSON: NaN is not a number JSON allows"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("load_instrument", str(path), stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 2
    assert err.getvalue().startswith(message)


def test_the_real_command_line_exits_with_status_2(tmp_path):
    data = made_up_data()
    data["scores"][0]["range"]["max"] = 13
    path = _write(tmp_path, data)
    env = {**os.environ, "CPI_DATA_DIR": str(tmp_path / "data")}
    env.setdefault("SECRET_KEY", "insecure-key-for-tests-only")
    run = subprocess.run(
        [sys.executable, "-m", "connecting_people", "load_instrument", str(path), "--check"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.splitlines()[0] == (
        "$.scores[0].range: says 3 to 13, but the questions and rules give 3 to 12"
    )
    assert "1 problem found; nothing was loaded." in run.stderr


def test_check_only_loads_nothing(tmp_path):
    out = io.StringIO()
    call_command("load_instrument", str(_write(tmp_path, made_up_data())), "--check", stdout=out)
    assert out.getvalue().strip() == "made-up.json: test-scale is a valid definition."
    assert not Instrument.objects.filter(slug="test-scale").exists()


def test_loading_a_definition_without_wording_says_it_must_be_supplied(tmp_path):
    data = shipped_data("lsns6")
    data["id"] = "lsns6-copy"
    out, _ = _load(_write(tmp_path, data))
    assert "the wording must be supplied by a licensed organisation" in out


# cpi score --------------------------------------------------------------------------------------


def test_score_prints_scores_bands_and_answers_as_json():
    out, _ = _score(
        "ons4", "--answers", '{"satisfied": 4, "worthwhile": 9, "happy": 6, "anxious": 6}'
    )
    data = json.loads(out)
    assert data["instrument"] == "ons4"
    assert data["version"] == 1
    assert data["scores"]["satisfied"]["band"] == {"id": "low", "label": "Low"}
    assert data["scores"]["worthwhile"]["band"]["label"] == "Very high"
    assert data["scores"]["anxious"] | {"title": None} == {
        "title": None,
        "value": 6,
        "band": {"id": "high", "label": "High"},
        "range": [0, 10],
        "higher_is": "worse",
        "subscale": None,
        "answered": 1,
        "of": 1,
        "prorated": False,
    }
    assert data["items"]["happy"] == {"answer": 6, "scored": 6, "label": "6"}


def test_score_takes_a_list_in_the_published_order():
    out, _ = _score("ucla3", "--answers", "[1, 2, 3]")
    assert json.loads(out)["scores"]["total"]["value"] == 6


@pytest.mark.parametrize(
    ("args", "error", "stderr"),
    [
        (
            ["ucla3", "--answers", "[1, null, 3]"],
            "cannot be scored by ucla3 version 1",
            "Not answered: question 2 (left_out).",
        ),
        (
            ["ucla3", "--answers", '{"left_out": 4}'],
            "cannot be scored",
            "4 is not one of the answers",
        ),
        (["ucla3", "--answers", "[1, 2"], "--answers is not valid JSON", ""),
        (
            ["nope", "--answers", "[]"],
            "There is no instrument 'nope'. The instruments loaded are: lsns6, ons-lonely, "
            "ons4, swemwbs, ucla3.",
            "",
        ),
        (
            ["ucla3", "--answers", "[1, 1, 1]", "--version", "7"],
            "ucla3 has no version 7; its versions are 1.",
            "",
        ),
    ],
)
def test_score_refuses_with_a_clear_reason_and_exit_2(args, error, stderr):
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("score", *args, stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 2
    assert error in str(caught.value)
    assert stderr in err.getvalue()
