"""Search and browse: the words, every filter (let in and left out), order, paging, query counts."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from connecting_people.directory.models import SearchFacts, Taxonomy, TaxonomyTerm, TeamService
from connecting_people.directory.search.engine import (
    LOW_COST_LIMIT,
    MAX_PER_PAGE,
    SearchQuery,
    search_services,
    too_common,
)
from connecting_people.directory.search.reasons import cost_reasons
from tests.directory.search_helpers import (
    MILLBROOK,
    ONE_KM_NORTH,
    TEN_KM_NORTH,
    interest_term,
    make_service,
    names,
    organisation,
    place,
    weekly,
)

pytestmark = pytest.mark.django_db


def found(**query) -> list[str]:
    return names(search_services(SearchQuery(**query)))


# Words -----------------------------------------------------------------------------------------


def test_search_text_finds_the_name_description_organisation_and_terms():
    make_service("Allotment society", description="Plots to grow your own vegetables")
    make_service("Book club", organization=organisation("Millbrook Vegetable Growers"))
    make_service("Drop-in", terms=[interest_term("food-and-cooking")])
    make_service("Chess club", description="Quiet games")

    assert sorted(found(text="vegetables")) == ["Allotment society", "Book club"]
    assert found(text="cooking") == ["Drop-in"]
    assert found(text="chess") == ["Chess club"]


def test_search_text_finds_an_imported_term_and_the_interest_it_means():
    taxonomy = Taxonomy.objects.create(name="Open Eligibility", description="Their terms")
    allotments = TaxonomyTerm.objects.create(
        name="Allotments",
        description="Growing spaces",
        taxonomy_detail=taxonomy,
        interest_category=interest_term("nature-and-gardening").interest_category,
    )
    make_service("Plot 12", terms=[allotments])
    make_service("Quiz night")

    assert found(text="allotments") == ["Plot 12"]
    assert found(text="nature") == ["Plot 12"]  # "Nature and gardening", the interest it means


def test_search_text_last_word_is_a_prefix():
    make_service("Gardening club")
    make_service("Guitar lessons")

    assert found(text="gard") == ["Gardening club"]
    assert found(text="g") == ["Gardening club", "Guitar lessons"]


def test_search_text_other_endings_of_a_word_match():
    make_service("Walking group")
    make_service("Walks and talks cafe")

    assert found(text="walking cafe") == ["Walks and talks cafe"]
    assert found(text="walked") == ["Walking group", "Walks and talks cafe"]


def test_search_text_needs_every_word_but_not_the_little_ones():
    make_service("Men in sheds", description="Woodwork and chat")
    make_service("Woodwork for women")

    assert found(text="woodwork chat") == ["Men in sheds"]
    assert found(text="sheds in the town") == []  # "town" is nowhere
    assert found(text="men in the sheds") == ["Men in sheds"]  # "in" and "the" do not count


@pytest.mark.parametrize("text", ["the", "The", "in the", "  a  ", "the the"])
def test_a_search_of_only_stop_words_finds_nothing_rather_than_everything(text):
    make_service("The community choir")
    make_service("Walking group")

    page = search_services(SearchQuery(text=text))

    assert (page.matches, page.total, page.page) == ([], 0, 1)
    assert too_common(text) == list(dict.fromkeys(text.lower().split()))


def test_punctuation_alone_is_no_search_at_all():
    make_service("Walking group")

    assert too_common("!!") == []
    assert found(text="!!") == ["Walking group"]
    assert too_common("the choir") == []


def test_search_text_ranks_a_name_above_a_mention():
    make_service("Knit and natter", description="Wool, needles and tea")
    make_service("Coffee morning", description="Sometimes we knit")
    make_service("Another knitting circle", description="Knitting for everyone, knitting all day")

    ranked = found(text="knit")
    assert ranked[-1] == "Coffee morning"
    assert set(ranked[:2]) == {"Knit and natter", "Another knitting circle"}


def test_search_text_ignores_case_and_accents():
    make_service("Café conversation")

    assert found(text="CAFE") == ["Café conversation"]
    assert found(text="café") == ["Café conversation"]


BOTH = ["Gardening club", "Walking group"]
GARDEN = ["Gardening club"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"', BOTH),  # no words at all: a plain browse
        ("*", BOTH),
        ("AND", []),  # "and" alone is too common to search for: nothing, not everything
        ("-", BOTH),
        ("(", BOTH),
        (":", BOTH),
        ("\\", BOTH),
        ("!!!", BOTH),
        ("\x00", BOTH),
        ("garden AND", GARDEN),
        ("NOT garden", GARDEN),
        ("garden OR walk", []),  # both words needed, and no service has both
        ('"garden', GARDEN),
        ('walk group"', ["Walking group"]),
        ("garden*", GARDEN),
        ("-garden", GARDEN),
        ("(garden", GARDEN),
        ("{garden}", GARDEN),
        ("garden ^ club", GARDEN),
        ("club:garden", GARDEN),
        ("NEAR(garden club)", []),  # "near" is just a word, found nowhere
        ("'; DROP TABLE directory_service; --", []),
    ],
)
def test_search_text_with_search_syntax_is_just_words(text, expected):
    make_service("Gardening club")
    make_service("Walking group")

    assert found(text=text) == expected


def test_search_text_of_symbols_only_is_a_plain_browse():
    make_service("Gardening club")

    assert found(text="*** ( ) :") == ["Gardening club"]


# Filters, each let in and left out -----------------------------------------------------------


def test_filter_categories_by_interest_slug():
    make_service("Allotment", terms=[interest_term("nature-and-gardening")])
    make_service("Choir", terms=[interest_term("music")])
    make_service("Nothing listed")

    assert found(categories=["nature-and-gardening"]) == ["Allotment"]
    assert found(categories=["music", "nature-and-gardening"]) == ["Allotment", "Choir"]
    assert found(categories=["animals"]) == []


def test_filter_taxonomy_terms_and_taxonomy():
    taxonomy = Taxonomy.objects.create(name="Local list", description="Ours")
    term = TaxonomyTerm.objects.create(
        name="Lunch clubs", description="x", taxonomy_detail=taxonomy
    )
    make_service("Lunch club", terms=[term])
    make_service("Choir", terms=[interest_term("music")])

    assert found(taxonomy_term_ids=[term.id]) == ["Lunch club"]
    assert found(taxonomy_term_ids=[uuid.uuid4()]) == []
    assert found(taxonomy_id=taxonomy.id) == ["Lunch club"]
    assert found(taxonomy_id=interest_term("music").taxonomy_detail_id) == ["Choir"]


def test_filter_organisation():
    trust = organisation("Trust")
    make_service("Ours", organization=trust)
    make_service("Theirs", organization=organisation("Other"))

    assert found(organization_id=trust.id) == ["Ours"]


def test_filter_modified_after():
    now = timezone.now()
    make_service("Fresh", last_modified=now)
    make_service("Old", last_modified=now - dt.timedelta(days=400))
    make_service("Never said")

    assert found(modified_after=now - dt.timedelta(days=1)) == ["Fresh"]


def test_filter_free_only():
    make_service("Zero", costs=[(0, "Entry")])
    make_service("Says free", costs=[(None, "Free for everyone")])
    make_service("Nothing said")
    make_service("Fees say free", fees="Free")
    make_service("Paid", costs=[(3, "Per session")])
    make_service("Fees say a price", fees="£2 a week")
    make_service("Free option among paid ones", costs=[(0, "Under 16s"), (8, "Adults")])

    assert found(free_only=True) == [
        "Fees say free",
        "Free option among paid ones",
        "Says free",
        "Zero",
    ]  # a service that says nothing about cost is not known to be free


def test_nothing_said_about_cost_is_neither_free_nor_low_cost_nor_said_to_be_free():
    quiet = make_service("Nothing said", fees=" ", fees_description="")
    make_service("Free", fees="Free")

    assert found(free_only=True) == ["Free"]
    assert found(low_cost=True) == ["Free"]
    facts = SearchFacts.objects.get(service=quiet)
    assert (facts.is_free, facts.cost_known, facts.lowest_cost) == (False, False, None)
    asked = SearchQuery(free_only=True)
    assert cost_reasons(asked, quiet, facts) == []  # never "Free" for a cost not known


def test_filter_low_cost_is_free_or_at_most_the_limit():
    make_service("Free", costs=[(0, "Entry")])
    make_service("At the limit", costs=[(LOW_COST_LIMIT, "Per session")])
    make_service("Cheapest option counts", costs=[(20, "Course"), (Decimal("2.50"), "Taster")])
    make_service("Dear", costs=[(LOW_COST_LIMIT + Decimal("0.01"), "Per session")])

    assert found(low_cost=True) == ["At the limit", "Cheapest option counts", "Free"]


def test_filter_days():
    make_service("Tuesdays and Thursdays", schedules=[weekly("TU,TH")])
    make_service("Second Wednesday", schedules=[{"freq": "MONTHLY", "byday": "2WE"}])
    make_service("Weekly from a Saturday", schedules=[weekly(dtstart=dt.date(2026, 1, 3))])
    make_service("Ended", schedules=[weekly("TU", valid_to=dt.date(2020, 1, 1))])
    make_service("No schedule")

    assert found(days=["TU"]) == ["Tuesdays and Thursdays"]
    assert found(days=["WE", "TH"]) == ["Second Wednesday", "Tuesdays and Thursdays"]
    assert found(days=["SA"]) == ["Weekly from a Saturday"]
    assert found(days=["su"]) == []


def test_filter_time_of_day():
    make_service("Morning", schedules=[weekly("MO", "10:00", "11:30")])
    make_service("Late morning into lunch", schedules=[weekly("MO", "11:00", "13:00")])
    make_service("Afternoon", schedules=[weekly("MO", "14:00")])
    make_service("Evening", schedules=[weekly("MO", "18:30", "20:00")])

    assert found(time_of_day="morning") == ["Late morning into lunch", "Morning"]
    assert found(time_of_day="afternoon") == ["Afternoon", "Late morning into lunch"]
    assert found(time_of_day="evening") == ["Evening"]


def test_filter_near_within_km():
    make_service("Here", places=[place(at=MILLBROOK)])
    make_service("One km", places=[place(at=ONE_KM_NORTH)])
    make_service("Ten km", places=[place(at=TEN_KM_NORTH)])
    make_service("Online only", places=[place(at=None, kind="virtual")])

    page = search_services(SearchQuery(near=MILLBROOK, within_km=5))

    assert names(page) == ["Here", "One km"]
    assert page.matches[0].distance_km == pytest.approx(0, abs=0.001)
    assert page.matches[1].distance_km == pytest.approx(1.0, abs=0.01)
    assert found(near=MILLBROOK, within_km=0.5) == ["Here"]
    assert found(near=MILLBROOK, within_km=12) == ["Here", "One km", "Ten km"]


def test_filter_near_uses_the_nearest_location():
    make_service("Two places", places=[place(at=TEN_KM_NORTH), place(at=ONE_KM_NORTH)])

    page = search_services(SearchQuery(near=MILLBROOK, within_km=5))

    assert page.matches[0].distance_km == pytest.approx(1.0, abs=0.01)


def test_filter_area_by_town_postcode_district_or_area_served():
    make_service("In town", places=[place(city="Millbrook", postcode="MB1 4XY")])
    make_service("Next town", places=[place(city="Long Eaton", postcode="NG10 1AA")])
    make_service("Serves Millbrook", areas=["Millbrook"])

    assert found(area="millbrook") == ["In town", "Serves Millbrook"]
    assert found(area="  Long   Eaton ") == ["Next town"]
    assert found(area="MB1") == ["In town"]
    assert found(area="mb1 9zz") == ["In town"]  # a full postcode means its district
    assert found(area="Nowhere") == []


def test_filter_accessible():
    make_service("Step-free", places=[place(accessibility="Step-free entrance")])
    make_service("Nothing said", places=[place()])

    assert found(accessible=True) == ["Step-free"]


def test_filter_delivery():
    make_service("Hall", places=[place(kind="physical")])
    make_service("Video call", places=[place(at=None, kind="virtual")])
    make_service("Both", places=[place(), place(at=None, kind="virtual")])
    make_service("Says online", schedules=[weekly("MO", attending_type="Online, on Zoom")])

    assert found(delivery="in_person") == ["Both", "Hall"]
    assert found(delivery="online") == ["Both", "Says online", "Video call"]


def test_filter_age():
    make_service("Young people", minimum_age=11, maximum_age=25)
    make_service("Over 50s", minimum_age=50)
    make_service("Under 18s", maximum_age=17)
    make_service("Everyone")

    assert found(age=16) == ["Everyone", "Under 18s", "Young people"]
    assert found(age=60) == ["Everyone", "Over 50s"]
    assert found(age=25) == ["Everyone", "Young people"]


def test_filter_team_uses_it(cast):
    used = make_service("Used")
    make_service("Not used")
    TeamService.objects.create(team=cast.team, service=used)

    assert found(team_id=cast.team.pk) == ["Used"]
    assert found(team_id=cast.other_team.pk) == []


def test_filter_closed_left_out_unless_asked():
    make_service("Running")
    make_service("Paused", status="temporarily closed")
    make_service("Gone", status="defunct")

    assert found() == ["Running"]
    assert found(include_closed=True) == ["Gone", "Paused", "Running"]


def test_filters_combine():
    make_service(
        "Everything",
        description="A gardening morning",
        costs=[(0, "Free")],
        schedules=[weekly("TU", "10:00", "12:00")],
        places=[place(at=ONE_KM_NORTH, accessibility="Ramp")],
        terms=[interest_term("nature-and-gardening")],
        minimum_age=18,
    )
    make_service("Same but paid", description="A gardening morning", costs=[(12, "Fee")])
    everything = {
        "text": "gardening",
        "categories": ["nature-and-gardening"],
        "free_only": True,
        "low_cost": True,
        "days": ["TU"],
        "time_of_day": "morning",
        "near": MILLBROOK,
        "within_km": 2,
        "area": "Millbrook",
        "accessible": True,
        "delivery": "in_person",
        "age": 30,
    }

    assert found(**everything) == ["Everything"]
    assert found(**(everything | {"days": ["WE"]})) == []
    assert found(**(everything | {"age": 16})) == []


# Order and paging ------------------------------------------------------------------------------


def test_order_by_name_without_words_or_a_place():
    for name in ("beta", "Alpha", "gamma"):
        make_service(name)

    assert found() == ["Alpha", "beta", "gamma"]


def test_order_by_distance_with_near_and_no_words():
    make_service("A far", places=[place(at=TEN_KM_NORTH)])
    make_service("B near", places=[place(at=ONE_KM_NORTH)])
    make_service("C nowhere")

    assert found(near=MILLBROOK) == ["B near", "A far", "C nowhere"]
    assert found(near=MILLBROOK, sort="name") == ["A far", "B near", "C nowhere"]


def test_order_by_distance_pages_from_near_to_far_and_nowhere():
    make_service("Far away", places=[place(at=(53.5, -1.5))])  # about 111 km
    make_service("Near", places=[place(at=ONE_KM_NORTH)])
    make_service("Nowhere")
    make_service("Here", places=[place(at=MILLBROOK)])

    pages = [search_services(SearchQuery(near=MILLBROOK, per_page=1, page=n)) for n in (1, 2, 3, 4)]

    assert [names(p) for p in pages] == [["Here"], ["Near"], ["Far away"], ["Nowhere"]]
    assert {p.total for p in pages} == {4}
    assert pages[2].matches[0].distance_km == pytest.approx(111.2, abs=0.1)


def test_order_by_relevance_with_words_even_with_near():
    make_service("Choir", description="Sing along", places=[place(at=ONE_KM_NORTH)])
    make_service("Singing for the brain", places=[place(at=TEN_KM_NORTH)])

    page = search_services(SearchQuery(text="singing", near=MILLBROOK))

    assert names(page) == ["Singing for the brain", "Choir"]
    assert page.matches[0].distance_km == pytest.approx(10, abs=0.05)


def test_paging():
    for n in range(5):
        make_service(f"Group {n}")

    first = search_services(SearchQuery(per_page=2))
    last = search_services(SearchQuery(per_page=2, page=3))
    beyond = search_services(SearchQuery(per_page=2, page=9))

    assert (first.total, first.total_pages, names(first)) == (5, 3, ["Group 0", "Group 1"])
    assert names(last) == ["Group 4"]
    assert (first.has_previous, first.has_next, last.has_next) == (False, True, False)
    assert (beyond.total, beyond.matches) == (5, [])
    assert search_services(SearchQuery(text="group", per_page=2, page=9)).total == 5


def test_paging_keeps_within_bounds():
    make_service("Only")

    assert search_services(SearchQuery(per_page=0, page=-3)).per_page == 1
    assert search_services(SearchQuery(page=0)).page == 1
    assert search_services(SearchQuery(per_page=10_000)).per_page == MAX_PER_PAGE


# A constant number of queries ----------------------------------------------------------------


def _directory(count: int, team) -> None:
    for n in range(count):
        service = make_service(
            f"Garden group {n}",
            description="Gardening and a cup of tea",
            costs=[(n % 3, "Per session")],
            schedules=[weekly("TU,SA", "10:00", "15:00")],
            places=[place(at=(MILLBROOK[0] + n / 10_000, MILLBROOK[1]), accessibility="Ramp")],
            terms=[interest_term("nature-and-gardening"), interest_term("social-groups")],
            areas=["Millbrook"],
        )
        TeamService.objects.create(team=team, service=service)


EVERY_FILTER = {
    "text": "garden tea",
    "categories": ["nature-and-gardening"],
    "low_cost": True,
    "days": ["TU"],
    "time_of_day": "morning",
    "near": MILLBROOK,
    "within_km": 5,
    "area": "Millbrook",
    "accessible": True,
    "delivery": "in_person",
    "age": 40,
}


@pytest.mark.parametrize(
    "query",
    [{}, {"text": "garden"}, {"near": MILLBROOK}, EVERY_FILTER],
    ids=["browse", "words", "near", "every filter"],
)
def test_search_queries_do_not_grow_with_the_directory(query, cast):
    _directory(5, cast.team)
    query = SearchQuery(**query, team_id=cast.team.pk, my_team_ids=[cast.team.pk], per_page=50)
    search_services(query)  # the first search may index what is missing
    with CaptureQueriesContext(connection) as small:
        small_page = search_services(query)
    _directory(45, cast.team)
    with CaptureQueriesContext(connection) as large:
        large_page = search_services(query)

    assert (small_page.total, large_page.total) == (5, 50)
    assert len(large) <= len(small) <= 7
