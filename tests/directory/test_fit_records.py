"""Access features and audiences as HSDS records (issue 17): terms, attributes, import, facts."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from connecting_people.directory.fit import (
    ACCESS_BITS,
    ACCESS_FEATURES,
    ACCESS_TAXONOMY,
    AUDIENCE_BITS,
    AUDIENCES,
    from_bits,
)
from connecting_people.directory.fit_records import (
    PARSED,
    access_term_id,
    audience_term_id,
    ensure_terms,
    read_access,
    read_audience,
    record_from_words,
    write_access,
    write_audience,
)
from connecting_people.directory.hsds.importer import import_path
from connecting_people.directory.models import (
    Attribute,
    Location,
    SearchFacts,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from connecting_people.directory.search.facts import refresh_for_services
from tests.directory.search_helpers import make_service, place

pytestmark = pytest.mark.django_db


def facts(service: Service) -> SearchFacts:
    return SearchFacts.objects.get(service=service)


def location_of(service: Service) -> Location:
    return Location.objects.get(service_at_locations__service=service)


def test_terms_have_fixed_ids_and_are_made_once() -> None:
    ensure_terms()
    ensure_terms()
    assert Taxonomy.objects.filter(id=ACCESS_TAXONOMY["id"]).count() == 1
    step_free = TaxonomyTerm.objects.get(id=access_term_id("step_free"))
    assert step_free.code == "step_free"
    assert step_free.name == "Step-free access"
    assert step_free.taxonomy_detail_id == uuid.UUID(ACCESS_TAXONOMY["id"])
    assert TaxonomyTerm.objects.filter(
        id__in=[access_term_id(t.slug) for t in ACCESS_FEATURES]
        + [audience_term_id(t.slug) for t in AUDIENCES]
    ).count() == len(ACCESS_FEATURES) + len(AUDIENCES)
    assert access_term_id("step_free") == uuid.uuid5(uuid.UUID(ACCESS_TAXONOMY["id"]), "step_free")


def test_writing_replaces_and_search_facts_follow() -> None:
    service = make_service("Knit and natter", places=[place()])
    location = location_of(service)
    assert (facts(service).access_features, facts(service).access_known) == (0, False)
    write_access("location", location.id, ["step_free", "hearing_loop", "not_a_feature"])
    write_audience(service.id, ["carers"])
    refresh_for_services([service.id])
    row = facts(service)
    assert from_bits(row.access_features, ACCESS_FEATURES) == {"step_free", "hearing_loop"}
    assert row.access_known
    assert row.audience == AUDIENCE_BITS["carers"]
    write_access("location", location.id, ["quiet_space"])
    write_audience(service.id, [])
    refresh_for_services([service.id])
    assert read_access("location", location.id) == ["quiet_space"]
    assert read_audience(service.id) == []
    assert facts(service).access_features == ACCESS_BITS["quiet_space"]
    assert facts(service).audience == 0


def test_access_words_alone_are_known_but_meet_no_need() -> None:
    service = make_service(places=[place(accessibility="Two steps at the door")])
    row = facts(service)
    assert row.access_known
    assert row.access_features == 0


def test_a_service_without_a_place_can_hold_features_itself() -> None:
    service = make_service("Phone friends", places=[place(kind="virtual", at=None)])
    write_access("service", service.id, ["large_print"])
    refresh_for_services([service.id])
    assert facts(service).access_features == ACCESS_BITS["large_print"]


def test_fit_terms_are_not_topics() -> None:
    service = make_service("Craft club")
    write_audience(service.id, ["women"])
    refresh_for_services([service.id])
    row = facts(service)
    assert "Women" not in row.topics
    assert not row.terms.filter(taxonomy_id=audience_term_id("women")).exists()


def test_ages_from_eligibility_words_when_the_service_has_none() -> None:
    rhyme = make_service("Rhyme time", eligibility_description="For under-5s and their grown-ups")
    youth = make_service("Youth club", eligibility_description="Young people aged 11-18")
    own = make_service("Swim", eligibility_description="Over 50s", minimum_age=60)
    vague = make_service("Drop in", eligibility_description="Young people")
    assert (facts(rhyme).minimum_age, facts(rhyme).maximum_age) == (None, 4)
    assert (facts(youth).minimum_age, facts(youth).maximum_age) == (11, 18)
    assert (facts(own).minimum_age, facts(own).maximum_age) == (60, None)
    assert (facts(vague).minimum_age, facts(vague).maximum_age) == (None, None)
    rhyme.refresh_from_db()
    assert rhyme.maximum_age is None  # the record keeps what its directory said


def test_reading_from_words_records_parsed_attributes_and_keeps_chosen_ones() -> None:
    bereavement = make_service(
        "Bereavement café", places=[place(accessibility="Level access. Hearing loop.")]
    )
    chosen = make_service(
        "Carers' café", places=[place(accessibility="Step-free entrance")], refresh=False
    )
    write_access("location", location_of(chosen).id, ["quiet_space"])  # a person chose these
    read = record_from_words([bereavement.id, chosen.id])
    assert read_access("location", location_of(bereavement).id) == ["step_free", "hearing_loop"]
    assert read_audience(bereavement.id) == ["bereaved"]
    assert read_access("location", location_of(chosen).id) == ["quiet_space"]
    assert read_audience(chosen.id) == ["carers"]
    assert read.places == 1
    assert read.features["step_free"] == 1
    parsed = Attribute.objects.filter(link_id=location_of(bereavement).id)
    assert set(parsed.values_list("link_type", flat=True)) == {PARSED}
    # Read again after the words change: replaced, not added
    location_of(bereavement).accessibility.update(description="Two steps at the door")
    record_from_words([bereavement.id])
    assert read_access("location", location_of(bereavement).id) == []


def test_import_reads_access_and_audience_from_words(tmp_path: Path) -> None:
    location_id, service_id = str(uuid.uuid4()), str(uuid.uuid4())
    document = {
        "id": service_id,
        "name": "Rhyme time",
        "status": "active",
        "eligibility_description": "Parents and carers of under-5s",
        "service_at_locations": [
            {
                "id": str(uuid.uuid4()),
                "location": {
                    "id": location_id,
                    "location_type": "physical",
                    "name": "Millbrook Library",
                    "accessibility": [
                        {
                            "id": str(uuid.uuid4()),
                            "description": "Step-free entrance; accessible toilet",
                            "details": "No hearing loop",
                        }
                    ],
                },
            }
        ],
    }
    path = tmp_path / "service.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    report = import_path(path)
    assert report.ok, report.lines()
    row = SearchFacts.objects.get(service_id=service_id)
    assert from_bits(row.access_features, ACCESS_FEATURES) == {"step_free", "accessible_toilet"}
    assert from_bits(row.audience, AUDIENCES) == {"parents"}
    assert row.maximum_age == 4
    assert any("Read from their words" in line for line in report.lines())


def test_import_keeps_attributes_that_arrive_under_our_taxonomy(tmp_path: Path) -> None:
    ensure_terms()
    service_id = str(uuid.uuid4())
    document = {
        "id": service_id,
        "name": "Bereavement café",
        "status": "active",
        "eligibility_description": "Anyone who has lost someone",
        "attributes": [
            {
                "id": str(uuid.uuid4()),
                "link_id": service_id,
                "link_entity": "service",
                "taxonomy_term_id": str(audience_term_id("veterans")),
            }
        ],
    }
    path = tmp_path / "service.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert import_path(path).ok
    assert read_audience(service_id) == ["veterans"]


def test_other_directories_terms_are_read_like_words() -> None:
    """An imported term such as "Wheelchair accessible" on a place counts as the feature."""
    theirs = Taxonomy.objects.create(name="Open Referral UK accessibility", description="")
    wheelchair = TaxonomyTerm.objects.create(
        name="Wheelchair accessible", description="", taxonomy_detail=theirs
    )
    service = make_service("Lunch club", places=[place()], refresh=False)
    Attribute.objects.create(
        link_entity="location", link_id=location_of(service).id, taxonomy_term=wheelchair
    )
    record_from_words([service.id])
    assert read_access("location", location_of(service).id) == ["step_free"]
