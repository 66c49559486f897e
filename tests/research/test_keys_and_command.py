"""The research key (outside the database, never the SECRET_KEY), the coarsening helpers, and
`cpi export_research`'s options, errors and audit."""

from __future__ import annotations

import datetime as dt
import io
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.research.coarse import age_band, cell, month, months_between
from connecting_people.research.keys import KEY_FILE, Pseudonyms, research_key
from connecting_people.research.sorting import SortedLines
from tests.research.conftest import KEY


def test_key_comes_from_the_setting(settings):
    settings.RESEARCH_KEY = KEY
    assert research_key() == KEY.encode()


def test_embedded_key_is_made_once_in_the_data_folder_readable_by_us_only(settings, tmp_path):
    settings.RESEARCH_KEY = ""
    settings.EMBEDDED = True
    settings.DATA_DIR = tmp_path
    first = research_key()
    path = tmp_path / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert research_key() == first
    assert first != settings.SECRET_KEY.encode()
    assert len(first) >= 32


def test_production_without_a_key_is_refused(settings):
    settings.RESEARCH_KEY = ""
    settings.EMBEDDED = False
    with pytest.raises(ImproperlyConfigured, match="Set RESEARCH_KEY"):
        research_key()


def test_the_secret_key_is_never_the_research_key(settings):
    settings.SECRET_KEY = "x" * 50
    settings.RESEARCH_KEY = "x" * 50
    with pytest.raises(ImproperlyConfigured, match="same as SECRET_KEY"):
        research_key()


def test_short_key_is_refused(settings):
    settings.RESEARCH_KEY = "short"
    with pytest.raises(ImproperlyConfigured, match="at least 32"):
        research_key()


def test_pseudonyms_are_stable_and_depend_on_the_key_and_the_table():
    one, other = Pseudonyms(KEY.encode()), Pseudonyms(b"y" * 40)
    assert one("person", 7) == one("person", 7)
    assert len(one("person", 7)) == 16
    assert one("person", 7) != other("person", 7)
    assert one("person", 7) != one("team", 7)
    assert one("person", None) == ""


@pytest.mark.parametrize(
    ("born", "on", "band"),
    [
        (dt.date(2006, 3, 18), dt.date(2024, 3, 17), "under 18"),
        (dt.date(2006, 3, 17), dt.date(2024, 3, 17), "18-24"),
        (dt.date(1999, 3, 18), dt.date(2024, 3, 17), "18-24"),
        (dt.date(1999, 3, 17), dt.date(2024, 3, 17), "25-34"),
        (dt.date(1949, 3, 17), dt.date(2024, 3, 17), "75+"),
        (None, dt.date(2024, 3, 17), ""),
    ],
)
def test_age_bands_at_their_edges(born, on, band):
    assert age_band(born, on) == band


def test_months_and_cells():
    assert month(dt.date(2024, 3, 17)) == "2024-03"
    assert month(None) == ""
    assert months_between(dt.date(2023, 12, 31), dt.date(2024, 1, 1)) == 1
    assert [cell(v) for v in (None, True, False, 2 / 3, 1.0, 7, "a\nb")] == [
        "",
        "true",
        "false",
        "0.6667",
        "1",
        "7",
        "a b",
    ]


def test_sorted_lines_spill_to_disk_and_merge_in_order():
    lines = SortedLines(run_size=3)
    for n in [5, 3, 9, 1, 7, 2, 8, 6, 4, 0]:
        lines.add(f"{n}\n")
    assert list(lines) == [f"{n}\n" for n in range(10)]
    assert lines.count == 10


@pytest.fixture
def export_folder(tmp_path):
    return tmp_path / "out"


def test_command_refuses_a_folder_that_is_not_empty(world, research_key, export_folder):
    export_folder.mkdir()
    (export_folder / "old.csv").write_text("x")
    with pytest.raises(CommandError, match="is not an empty folder") as caught:
        call_command("export_research", str(export_folder))
    assert caught.value.returncode == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--organisation", "nowhere"], "There is no organisation with the short name 'nowhere'"),
        (["--team", "999999"], "There is no team with ID 999999"),
    ],
)
def test_command_names_what_it_cannot_find(cast, research_key, export_folder, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_research", str(export_folder), *options)
    assert not export_folder.exists()


def test_command_refuses_a_team_of_another_organisation(cast, research_key, export_folder):
    options = ["--organisation", cast.organisation.slug, "--team", str(cast.elsewhere_team.pk)]
    with pytest.raises(CommandError, match="is not part of the organisation"):
        call_command("export_research", str(export_folder), *options)


def test_command_without_a_key_says_how_to_set_one(cast, settings, export_folder):
    settings.RESEARCH_KEY = ""
    settings.EMBEDDED = False
    with pytest.raises(CommandError, match="Set RESEARCH_KEY"):
        call_command("export_research", str(export_folder))
    assert not export_folder.exists()


def test_command_reports_and_is_audited(world, research_key, export_folder):
    out = io.StringIO()
    slug = world.cast.organisation.slug
    call_command("export_research", str(export_folder), "--organisation", slug, stdout=out)
    assert "9 people, 8 questionnaires, 2 network snapshots and 3 suggestions" in out.getvalue()
    event = AuditEvent.objects.get(action=AuditAction.EXPORTED)
    assert event.actor is None
    assert event.actor_label == "cpi export_research"
    assert event.target_id == str(world.cast.organisation.pk)
    assert event.detail["export"] == "research"
    assert event.detail["rows"]["people"] == 9
    assert stat.S_IMODE(export_folder.stat().st_mode) == 0o700
