"""The demo's data files: each fits its JSON Schema, and a file that does not is refused plainly."""

import json

import pytest

from connecting_people_demo import data
from connecting_people_demo.data import DATA, SCHEMAS, DemoDataError

NAMES = sorted(path.stem for path in DATA.glob("*.json"))


def test_every_data_file_has_a_schema_and_every_schema_a_data_file():
    schemas = sorted(path.name.removesuffix(".schema.json") for path in SCHEMAS.glob("*.json"))
    assert schemas == NAMES
    assert len(NAMES) >= 8


@pytest.mark.parametrize("name", NAMES)
def test_each_data_file_fits_its_schema(name):
    assert data.read(DATA / f"{name}.json", schema=SCHEMAS / f"{name}.schema.json")


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_refuses_what_it_does_not_know(name, tmp_path):
    """Every schema is strict at the top: a misspelt key is an error, not silently ignored."""
    content = json.loads((DATA / f"{name}.json").read_text())
    content["misspelt"] = []
    broken = tmp_path / f"{name}.json"
    broken.write_text(json.dumps(content))
    refusal = rf"Demo data {name}\.json, at the top level: .*misspelt"
    with pytest.raises(DemoDataError, match=refusal):
        data.read(broken, schema=SCHEMAS / f"{name}.schema.json")


def _broken_people(tmp_path, change):
    content = json.loads((DATA / "people.json").read_text())
    change(content["teams"]["cmht"][0])
    path = tmp_path / "people.json"
    path.write_text(json.dumps(content))
    return path


def test_a_broken_person_is_refused_with_where_and_what(tmp_path):
    def wrong_status(person):
        person["goals"][0]["steps"][0]["status"] = "finished"

    path = _broken_people(tmp_path, wrong_status)
    with pytest.raises(DemoDataError) as refused:
        data.read(path, schema=SCHEMAS / "people.schema.json")
    assert str(refused.value).startswith(
        "Demo data people.json, at teams/cmht/0/goals/0/steps/0/status: 'finished' is not one of"
    )


def test_a_person_without_a_name_is_refused(tmp_path):
    path = _broken_people(tmp_path, lambda person: person.pop("name"))
    with pytest.raises(DemoDataError, match=r"at teams/cmht/0: 'name' is a required property"):
        data.read(path, schema=SCHEMAS / "people.schema.json")


def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "town.json"
    path.write_text('{"town": "Riverside",')
    with pytest.raises(DemoDataError, match=r"Demo data town\.json is not valid JSON"):
        data.read(path, schema=SCHEMAS / "town.schema.json")


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(DemoDataError, match=r"Demo data file town\.json is missing"):
        data.read(tmp_path / "town.json", schema=SCHEMAS / "town.schema.json")


def test_load_reads_from_the_data_folder(tmp_path, monkeypatch):
    """`load` is what the builders call: it checks the file in the package's data folder."""
    (tmp_path / "town.json").write_text('{"town": 1}')
    monkeypatch.setattr(data, "DATA", tmp_path)
    data.load.cache_clear()
    try:
        with pytest.raises(DemoDataError, match=r"Demo data town\.json, at "):
            data.load("town")
    finally:
        data.load.cache_clear()


def test_build_reads_the_typed_shapes():
    from connecting_people_demo.story import Story

    story = data.build(Story, data.load("people")["teams"]["cmht"][0])
    assert isinstance(story, Story)
    assert isinstance(story.goals, tuple)
    assert story.goals
    assert story.born is None or story.born.year > 1900


def test_the_files_refer_only_to_what_the_others_define(db):
    """Names that cross files (teams, staff, town areas, places, offers, taxonomy) all resolve."""
    from connecting_people.plans.models import BarrierType
    from connecting_people.taxonomy.models import InterestCategory
    from connecting_people_demo.directory import plan

    organisation, people, town = data.load("organisation"), data.load("people"), data.load("town")
    directory, knowledge = data.load("directory"), data.load("team_knowledge")
    teams, staff = set(organisation["teams"]), {s["local_part"] for s in organisation["staff"]}
    areas, places = {a["key"] for a in town["areas"]}, {p["key"] for p in town["places"]}
    categories = set(InterestCategory.objects.values_list("slug", flat=True))
    barrier_types = set(BarrierType.objects.values_list("slug", flat=True))
    everyone = [person for team in people["teams"].values() for person in team]

    assert set(people["teams"]) <= teams
    assert {p.get("keyworker") for p in everyone} - {None} <= staff
    assert {
        s for p in everyone for _, _, slugs in p.get("interests", []) for s in slugs
    } <= categories
    assert {b["kind"] for p in everyone for b in p.get("barriers", [])} <= barrier_types
    assert set(data.load("network_maps")["maps"]) <= {p["name"] for p in everyone}
    assert {o["area"] for o in directory["organisations"]} <= areas
    assert {p["area"] for p in town["places"]} <= areas
    offers = [o for org in directory["organisations"] for o in org.get("own", [])]
    offers += [o for pool in directory["pools"].values() for o in pool]
    assert {o["place"] for o in offers if o.get("place")} <= places
    assert {o.get("cost", "free") for o in offers} <= set(directory["costs"])
    assert {t for o in offers for t in o["topics"].split()} <= set(directory["topics"])
    assert set(directory["topics"].values()) <= categories
    assert set(directory["dated"]) <= {o["key"] for o in offers}
    planned = {item.key for item in plan()}
    assert {key for keys in knowledge["must"].values() for key in keys} <= planned
    connectors = [c for team in knowledge["connectors"].values() for c in team]
    assert {c["area"] for c in connectors} <= areas
    assert {s for c in connectors for s in c["interests"]} <= categories
