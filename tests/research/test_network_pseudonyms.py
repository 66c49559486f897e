"""One key for every research export: `cpi export_network` gives a person the same pseudonym as
`cpi export_research` does, with the RESEARCH_KEY setting or with the embedded key file."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command

from connecting_people.core import research_key as core_key
from connecting_people.network.exports import pseudonym
from connecting_people.research import keys
from tests.research.conftest import KEY, OTHER_KEY

pytestmark = pytest.mark.django_db


def _exports(tmp_path, name="one"):
    research, network = tmp_path / f"research-{name}", tmp_path / f"network-{name}"
    call_command("export_research", str(research), stdout=io.StringIO())
    call_command("export_network", str(network), stdout=io.StringIO())
    return research, network


def _people(research):
    with (research / "people.csv").open() as file:
        return {row["status"]: row["person"] for row in csv.DictReader(file)}


def _network_people(network):
    return {path.stem for path in network.glob("*.csv")}


def _fingerprint(folder):
    return re.search(r"Key fingerprint: (\w+)\.", (folder / "README.txt").read_text())[1]


def test_network_export_pseudonyms_are_the_research_exports(world, research_key, tmp_path):
    research, network = _exports(tmp_path)
    ottoline = _people(research)["moved_on"]  # the only one who moved on, and has a map
    assert _network_people(network) == {ottoline}
    rows = list(csv.DictReader(io.StringIO((network / f"{ottoline}.csv").read_text())))
    assert {row["person"] for row in rows} == {ottoline}
    assert _fingerprint(research) == _fingerprint(network)


def test_with_the_embedded_key_file_both_read_the_same_key(world, settings, tmp_path):
    settings.RESEARCH_KEY = ""
    settings.EMBEDDED = True
    settings.DATA_DIR = tmp_path / "data"
    research, network = _exports(tmp_path)
    assert _network_people(network) == {_people(research)["moved_on"]}
    key = (tmp_path / "data" / core_key.KEY_FILE).read_text().strip().encode()
    assert _people(research)["moved_on"] == keys.Pseudonyms(key)("person", world.ottoline.pk)
    assert not (tmp_path / "data" / core_key.OLD_SALT_FILE).exists()  # no salt is made any more


def test_another_key_changes_both_alike(world, research_key, settings, tmp_path):
    first = _exports(tmp_path, "first")
    settings.RESEARCH_KEY = OTHER_KEY
    second = _exports(tmp_path, "second")
    assert _network_people(first[1]) != _network_people(second[1])
    for research, network in (first, second):
        assert _network_people(network) == {_people(research)["moved_on"]}


def test_one_rule_makes_every_pseudonym():
    expected = keys.Pseudonyms(KEY.encode())("person", 42)
    assert pseudonym(KEY.encode(), "person", 42) == expected
    assert pseudonym(KEY, "person", 42) == expected
    assert core_key.pseudonym(KEY.encode(), "person", 42) == expected
    assert keys.research_key is core_key.research_key
