"""The evaluation's checker: each kind of broken limit or must is caught on hand-built records
(and nothing when they fit), "not known" is told apart and never allowed above "known to fit",
and the directory's own records are read (not the ranking's facts)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace
from decimal import Decimal

import pytest

from connecting_people.directory.fit import ACCESS_TAXONOMY, AUDIENCE_TAXONOMY
from connecting_people.directory.models import CommunityConnector
from connecting_people.directory.models.hsds import Attribute, Taxonomy, TaxonomyTerm
from connecting_people.suggestions.evaluation.violations import (
    Record,
    Verdict,
    ages_in_words,
    audience_in_words,
    check,
    connector_key,
    cost_of,
    days_in_words,
    days_of,
    distance_km,
    musts_of,
    out_of_order,
    parts_of_day,
    records_for,
    service_key,
    violations,
)
from tests.directory.factories import TeamServiceFactory
from tests.directory.search_helpers import make_service, place, weekly
from tests.factories import TeamFactory

HOME = (53.0, -1.5)
NEAR = (53.005, -1.5)  # about 0.56 km north
FAR = (53.05, -1.5)  # about 5.6 km north


@dataclass(frozen=True)
class Person:
    barriers: frozenset[str] = frozenset()
    age: int | None = 40
    age_band: str = ""
    in_person: bool = True
    online: bool = False
    needs_accessibility: bool = False
    point: tuple[float, float] | None = HOME
    max_travel_km: float | None = 3.0
    free_days: frozenset[str] = frozenset()
    free_times: frozenset[str] = frozenset()
    access_needs: frozenset[str] = frozenset()
    group_sizes: frozenset[str] = frozenset()
    max_cost: float | None = None
    musts: frozenset[str] | None = None
    circumstances: frozenset[str] = frozenset()
    extra: dict = field(default_factory=dict)


FINE = Record(
    key=service_key(uuid.uuid4()),
    name="Fine",
    free=True,
    lowest_cost=0.0,
    days=frozenset({"MO"}),
    parts=frozenset({"morning"}),
    in_person=True,
    points=(NEAR,),
    access_features=frozenset({"step_free", "hearing_loop"}),
    group_size="small",
)
EVERY_MUST = frozenset({"cost", "distance", "when", "delivery", "group_size", "access"})
PICKY = Person(
    musts=EVERY_MUST,
    max_cost=2.0,
    free_days=frozenset({"MO", "TU"}),
    free_times=frozenset({"morning"}),
    group_sizes=frozenset({"small", "one_to_one"}),
    access_needs=frozenset({"step_free"}),
)


def test_distance_is_great_circle():
    assert distance_km(HOME, NEAR) == pytest.approx(0.556, abs=0.01)
    assert distance_km(HOME, HOME) == 0.0


def test_a_service_that_fits_every_must_breaks_nothing_and_is_known_to_fit():
    assert check(PICKY, FINE) == Verdict()
    assert check(PICKY, FINE).known_to_fit
    assert check(Person(), FINE).known_to_fit


@pytest.mark.parametrize(
    ("person", "record", "expected"),
    [
        (Person(), replace(FINE, active=False), ["closed"]),
        (Person(age=17), replace(FINE, minimum_age=18.0), ["too young"]),
        (Person(age=30), replace(FINE, maximum_age=25.0), ["too old"]),
        (Person(age=None, age_band="50_64"), replace(FINE, maximum_age=25.0), ["too old"]),
        (Person(age=None), replace(FINE, maximum_age=5.0), ["too old"]),  # taken as an adult
        (Person(), replace(FINE, audience=frozenset({"women"})), ["only for women"]),
        (Person(circumstances=frozenset({"carers"})),
         replace(FINE, audience=frozenset({"bereaved"})), ["only for bereaved"]),
        (PICKY, replace(FINE, free=False, lowest_cost=3.0), ["costs more than they would pay"]),
        (PICKY, replace(FINE, free=False, lowest_cost=None), ["cost not known"]),
        (Person(barriers=frozenset({"money"})), replace(FINE, free=False, lowest_cost=1.0),
         ["costs more than they would pay"]),  # never chosen: money means free only
        (PICKY, replace(FINE, points=(FAR,)), ["too far"]),
        (PICKY, replace(FINE, points=()), ["nowhere to measure how far"]),
        (Person(barriers=frozenset({"transport-or-distance"}), max_travel_km=None),
         replace(FINE, points=(FAR,)), ["too far"]),  # 5.6 km, over the 5 km default
        (PICKY, replace(FINE, days=frozenset({"SA"})), ["not on a day they are free"]),
        (PICKY, replace(FINE, parts=frozenset({"evening"})), ["not at a time they are free"]),
        (Person(barriers=frozenset({"time"}), free_days=frozenset({"SA", "SU"})), FINE,
         ["not on a day they are free"]),  # never chosen: time as a barrier makes it hard
        (Person(in_person=False, online=True), FINE, ["in person only"]),
        (PICKY, replace(FINE, in_person=False, online=True, points=()), ["online only"]),
        (Person(online=True, barriers=frozenset({"digital-access"})),
         replace(FINE, in_person=False, online=True, points=()), ["online only"]),
        (PICKY, replace(FINE, group_size="large"), ["group size not theirs"]),
        (PICKY, replace(FINE, access_features=frozenset({"hearing_loop"})), ["lacks step_free"]),
        (Person(needs_accessibility=True), replace(FINE, access_features=frozenset({"lift"})),
         ["lacks step_free"]),  # the old tick box meant step-free
        (
            PICKY,
            replace(FINE, active=False, free=False, lowest_cost=9.0, points=(FAR,)),
            ["closed", "too far", "costs more than they would pay"],
        ),
    ],
)  # fmt: skip
def test_each_kind_of_broken_limit_is_caught(person, record, expected):
    assert violations(person, record) == expected


@pytest.mark.parametrize(
    ("person", "record", "unknown"),
    [
        (PICKY, replace(FINE, days=frozenset(), parts=frozenset()), ["when not known"]),
        (PICKY, replace(FINE, group_size=""), ["group size not known"]),
        (PICKY, replace(FINE, access_features=frozenset()), ["access not known"]),
        (PICKY, replace(FINE, in_person=False, online=False), ["in person or online not known"]),
        (Person(age=None, age_band="18_24"), replace(FINE, minimum_age=19.0),
         ["age band only partly inside its ages"]),
        (PICKY, replace(FINE, kind="connector", points=()), ["where not known"]),
    ],
)  # fmt: skip
def test_not_known_is_kept_apart_from_broken(person, record, unknown):
    verdict = check(person, record)
    assert verdict.broken == ()
    assert list(verdict.unknown) == unknown
    assert not verdict.known_to_fit


@pytest.mark.parametrize(
    ("person", "record"),
    [
        # Wishes, not musts: only what they chose as a must is held.
        (replace(PICKY, musts=frozenset()), replace(FINE, free=False, lowest_cost=9.0,
         days=frozenset({"SA"}), group_size="large", access_features=frozenset({"lift"}),
         points=(FAR,))),
        (Person(circumstances=frozenset({"women"})), replace(FINE, audience=frozenset({"women"}))),
        (Person(age=None, age_band="18_24"), replace(FINE, minimum_age=18.0, maximum_age=25.0)),
        (Person(online=True), replace(FINE, online=True, points=(FAR,),
         access_features=frozenset())),  # joined online: neither distance nor access apply
        (Person(barriers=frozenset({"transport-or-distance"}), max_travel_km=8.0),
         replace(FINE, points=(FAR,))),  # their own limit wins
        (Person(age=None, max_travel_km=None), replace(FINE, minimum_age=18.0, points=(FAR,))),
        (replace(PICKY, max_cost=None), replace(FINE, free=False, lowest_cost=50.0)),
        (PICKY, replace(FINE, free=False, lowest_cost=2.0)),  # at their most
    ],
)  # fmt: skip
def test_what_fits_or_was_only_a_wish_breaks_nothing(person, record):
    assert violations(person, record) == []


def test_musts_never_chosen_come_from_the_barriers():
    assert musts_of(Person()) == {"distance", "delivery"}
    barriers = frozenset({"money", "time", "physical-health-or-access", "worry-about-groups"})
    assert musts_of(Person(barriers=barriers)) == {"cost", "when", "access", "distance",
                                                    "delivery"}  # fmt: skip
    assert musts_of(Person(needs_accessibility=True)) >= {"access"}
    assert musts_of(Person(barriers=barriers, musts=frozenset({"cost"}))) == {"cost"}


def test_connectors_are_held_to_the_same_access_rule():
    helper = replace(FINE, key=connector_key(3), kind="connector")
    assert violations(PICKY, replace(helper, access_features=frozenset({"lift"}))) == [
        "lacks step_free"
    ]
    assert check(PICKY, helper).known_to_fit


def test_not_known_above_a_known_fit_is_found_and_below_is_fine():
    fits, unknown, broken = Verdict(), Verdict(unknown=("when not known",)), Verdict(("closed",))
    assert out_of_order([unknown, fits]) == [0]
    assert out_of_order([fits, unknown, unknown]) == []
    assert out_of_order([unknown, broken, unknown, fits, unknown]) == [0, 2]
    assert out_of_order([broken, fits]) == []  # broken is counted as broken, not here
    assert out_of_order([]) == []


# --- the words and schedules, read independently -----------------------------------------------


@pytest.mark.parametrize(
    ("eligibility", "name", "audience"),
    [
        ("Women.", "", {"women"}),
        ("Women and girls.", "", {"women"}),
        ("Men.", "", {"men"}),
        ("Unpaid carers.", "", {"carers"}),
        ("Carers aged 16 to 25.", "", {"carers"}),
        ("Children under 4 with a parent or carer.", "", {"parents"}),
        ("Families with children under 11.", "", {"parents"}),
        ("", "Bereavement café at St Anne's Church", {"bereaved"}),
        ("Mostly over-50s; anyone who would like a slower game.", "", set()),
        ("Children 5 to 11 with a grown-up; adults who love Lego welcome too.", "", set()),
        ("Especially for people who are lonely, and their carers.", "", set()),
        ("Mostly older people; everyone welcome.", "", set()),
        ("", "Men's Shed", set()),
        ("", "", set()),
    ],
)
def test_audience_in_eligibility_words(eligibility, name, audience):
    assert audience_in_words(eligibility, name) == audience


@pytest.mark.parametrize(
    ("eligibility", "ages"),
    [
        ("Young people aged 11 to 18.", (11, 18)),
        ("People over 50 who live alone or feel lonely.", (50, None)),
        ("Under-16s only.", (None, 15)),
        ("Children under 5 with a parent or carer.", (None, None)),  # the child's age
        ("Mostly over-50s; anyone who would like a slower game.", (None, None)),
        ("Adults who love walking.", (None, None)),
    ],
)
def test_ages_in_eligibility_words(eligibility, ages):
    assert ages_in_words(eligibility) == ages


def test_parts_of_the_day_and_days_of_a_schedule():
    t = dt.time
    assert parts_of_day(t(10), t(12)) == {"morning"}
    assert parts_of_day(t(11, 30), t(13, 30)) == {"morning", "afternoon"}
    assert parts_of_day(t(10), t(16, 30)) == {"morning", "afternoon"}
    assert parts_of_day(t(18, 30), t(20, 30)) == {"evening"}
    assert parts_of_day(t(14), None) == {"afternoon"}
    assert days_of("MONTHLY", "1SA", None) == {"SA"}
    assert days_of("MONTHLY", "-1FR", None) == {"FR"}
    assert days_of("WEEKLY", "MO,WE", None) == {"MO", "WE"}
    assert days_of("WEEKLY", "", dt.date(2026, 12, 8)) == {"TU"}
    assert days_of("DAILY", "", None) == {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
    assert days_of("", "", None) == set()
    assert days_in_words("Tuesdays and Thursday mornings") == {"TU", "TH"}
    assert days_in_words("every day") == {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
    assert days_in_words("ring her") == set()


def test_cost_from_options_or_fees():
    assert cost_of([(Decimal(0), "Free")], "") == (True, 0.0)
    assert cost_of([(Decimal("4.50"), "Each"), (Decimal("2.25"), "Leisure card")], "") == (
        False,
        2.25,
    )
    assert cost_of([(None, "Free: nothing to pay")], "") == (True, 0.0)
    assert cost_of([(None, "£3 on the door")], "") == (False, None)
    assert cost_of([], "Free, with a pot for donations.") == (True, 0.0)
    assert cost_of([], "Pay what you can.") == (True, 0.0)
    assert cost_of([], "£2 a session.") == (False, None)
    assert cost_of([], "") == (False, None)


# --- reading the directory's records -----------------------------------------------------------


def _term(taxonomy: dict, code: str) -> TaxonomyTerm:
    tax, _ = Taxonomy.objects.get_or_create(
        id=taxonomy["id"], defaults={"name": taxonomy["name"], "description": taxonomy["name"]}
    )
    term, _ = TaxonomyTerm.objects.get_or_create(
        taxonomy_detail=tax, code=code, defaults={"name": code, "description": code}
    )
    return term


@pytest.mark.django_db
def test_records_are_read_from_the_directory_not_the_facts(django_assert_num_queries):
    team = TeamFactory()
    cafe = make_service(
        "Carers' café",
        eligibility_description="Unpaid carers.",
        costs=[(0, "Free")],
        schedules=[weekly("1WE", "10:00", "12:00", freq="MONTHLY")],
        places=[
            place(at=HOME, accessibility="Two steps at the door."),
            place(kind="virtual", at=None),
        ],
    )
    location = cafe.service_at_locations.get(location__location_type="physical").location
    Attribute.objects.create(
        link_entity="location", link_id=location.id, taxonomy_term=_term(ACCESS_TAXONOMY, "lift")
    )
    Attribute.objects.create(
        link_entity="service", link_id=cafe.id, taxonomy_term=_term(AUDIENCE_TAXONOMY, "carers")
    )
    walk = make_service(
        "Youth walk",
        eligibility_description="Young people aged 11 to 18.",
        costs=[(3, "Each session")],
        places=[place(at=FAR)],
        status="temporarily closed",
    )
    TeamServiceFactory(team=team, service=walk, group_size="large")
    maureen = CommunityConnector.objects.create(
        team=team, kind="person", name="Maureen", offers="Walks", when="Tuesdays",
        latitude=NEAR[0], longitude=NEAR[1], group_size="small", access_features="step_free,bsl",
    )  # fmt: skip
    with django_assert_num_queries(8):
        records = records_for(team.pk)
    c = records[service_key(cafe.id)]
    assert c.free
    assert (c.days, c.parts) == ({"WE"}, {"morning"})
    assert (c.in_person, c.online) == (True, True)
    assert c.points == (HOME,)
    assert c.access_features == {"lift"}  # the words "two steps" are not a feature
    assert c.audience == {"carers"}
    assert c.group_size == ""
    w = records[service_key(walk.id)]
    assert not w.active
    assert (w.free, w.lowest_cost) == (False, 3.0)
    assert (w.minimum_age, w.maximum_age) == (11, 18)  # from the words: the record has none
    assert w.group_size == "large"
    assert (w.days, w.parts) == (frozenset(), frozenset())
    m = records[connector_key(maureen.pk)]
    assert m.kind == "connector"
    assert m.days == {"TU"}
    assert m.access_features == {"step_free", "bsl"}
    assert m.group_size == "small"
    assert m.points == (NEAR,)
    assert connector_key(maureen.pk) not in records_for(None)
    assert records_for(None)[service_key(walk.id)].group_size == ""  # no team, no size

    carer = Person(circumstances=frozenset({"carers"}), musts=frozenset({"access"}),
                   access_needs=frozenset({"step_free"}))  # fmt: skip
    assert violations(carer, c) == ["lacks step_free"]
    assert violations(Person(), c) == ["only for carers"]
    assert set(violations(Person(age=40), w)) == {"closed", "too old", "too far"}
