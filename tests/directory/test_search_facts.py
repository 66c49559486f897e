# ruff: noqa: S608 (SQL here names only our own tables)
"""The search facts: the rules that derive them, keeping them fresh, rebuilding them, places."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from connecting_people.directory.models import (
    Attribute,
    CostOption,
    SearchFacts,
    SearchPlace,
    SearchPoint,
    SearchTerm,
    Service,
    TaxonomyTerm,
)
from connecting_people.directory.search import fulltext
from connecting_people.directory.search.engine import SearchQuery, places, search_services
from connecting_people.directory.search.facts import (
    WRITING_CACHE_KIB,
    refresh_all,
    refresh_for_services,
    refresh_for_terms,
    roomy_cache,
)
from connecting_people.directory.search.facts_rules import (
    cost_facts,
    day_bits,
    parts_of_day,
    postcode_district,
    says_free,
    stale_after,
    valid_point,
)
from tests.directory.search_helpers import (
    MILLBROOK,
    ONE_KM_NORTH,
    interest_term,
    make_service,
    names,
    place,
    weekly,
)

# The rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "free"),
    [
        ("Free", True),
        ("free of charge", True),
        ("No charge, donations welcome", True),
        ("", False),
        ("£2 a week", False),
        ("Free for the first 2 weeks", False),  # names a number: not plainly free
        ("Freedom pass holders", False),
    ],
)
def test_says_free(text, free):
    assert says_free(text) is free


def test_cost_facts_from_options_or_fees():
    service = Service(fees="", fees_description="")
    option = {"option": "", "amount_description": ""}

    # (free, lowest, highest, known)
    assert cost_facts(service, []) == (False, None, None, False)  # nothing said: not known
    assert cost_facts(Service(fees="  "), []) == (False, None, None, False)
    assert cost_facts(Service(fees="Free"), []) == (True, None, None, True)
    assert cost_facts(Service(fees_description="No charge"), []) == (True, None, None, True)
    assert cost_facts(Service(fees="£3 on the door"), []) == (False, None, None, True)
    assert cost_facts(service, [option | {"amount": Decimal(4)}]) == (
        False,
        Decimal(4),
        Decimal(4),
        True,
    )
    assert cost_facts(
        service, [option | {"amount": Decimal(0)}, option | {"amount": Decimal("7.5")}]
    ) == (True, Decimal(0), Decimal("7.5"), True)
    assert cost_facts(service, [option | {"amount": None, "option": "Free entry"}]) == (
        True,
        Decimal(0),
        Decimal(0),
        True,
    )
    assert cost_facts(service, [option | {"amount": None, "option": "Ask at the door"}]) == (
        False,
        None,
        None,
        True,
    )


def test_day_bits_from_byday_or_the_first_date():
    def bits(**schedule):
        return day_bits([{"byday": "", "freq": "", "dtstart": None} | schedule], [])

    assert bits(byday="MO,WE") == 1 | 4
    assert bits(byday="2TU, -1FR") == 2 | 16
    assert bits(byday="su") == 64
    assert bits(freq="WEEKLY", dtstart=dt.date(2026, 1, 3)) == 32  # a Saturday
    assert bits(freq="MONTHLY", dtstart=dt.date(2026, 1, 3)) == 0  # a date, not a weekday
    assert bits(byday="nonsense") == 0


@pytest.mark.parametrize(
    ("opens", "closes", "parts"),
    [
        ("09:00", None, 1),
        ("11:00", "12:00", 1),
        ("11:00", "13:00", 1 | 2),
        ("12:00", None, 2),
        ("16:30", "18:00", 2 | 4),
        ("17:00", None, 4),
        ("09:00", "21:00", 1 | 2 | 4),
        ("22:00", "01:00", 4),  # runs past midnight: when it starts
    ],
)
def test_parts_of_day(opens, closes, parts):
    closes = dt.time.fromisoformat(closes) if closes else None
    assert parts_of_day(dt.time.fromisoformat(opens), closes) == parts


@pytest.mark.parametrize(
    ("postcode", "district"),
    [("MB1 2AB", "mb1"), ("mb12ab", "mb1"), ("SW1A 1AA", "sw1a"), ("NG10 1AA", "ng10"), ("", "")],
)
def test_postcode_district(postcode, district):
    assert postcode_district(postcode) == district


def test_valid_point():
    assert valid_point(52.5, -1.5)
    assert not valid_point(0, 0)
    assert not valid_point(None, 1)
    assert not valid_point(91, 0)
    assert not valid_point(float("nan"), 0)


# Keeping the facts fresh --------------------------------------------------------------------


@pytest.mark.django_db
def test_refresh_after_a_change_finds_the_new_and_not_the_old():
    service = make_service("Knitting circle", costs=[(6, "Per session")])
    Service.objects.filter(pk=service.pk).update(name="Crochet circle")
    CostOption.objects.filter(service=service).update(amount=0)

    assert search_services(SearchQuery(text="knitting")).total == 1  # not refreshed yet
    assert search_services(SearchQuery(text="crochet")).total == 0

    refresh_for_services([service.pk])

    assert names(search_services(SearchQuery(text="knitting"))) == []
    assert names(search_services(SearchQuery(text="crochet", free_only=True))) == ["Crochet circle"]


@pytest.mark.django_db
def test_refresh_replaces_the_side_rows():
    service = make_service(
        "Club", places=[place(), place()], terms=[interest_term("music")], areas=["Ward 3"]
    )
    refresh_for_services([service.pk, service.pk])

    assert SearchFacts.objects.count() == 1
    assert SearchPoint.objects.count() == 2
    assert SearchTerm.objects.count() == 1
    assert SearchPlace.objects.filter(kind="area").count() == 1


@pytest.mark.django_db
def test_a_deleted_service_leaves_no_facts_or_words():
    service = make_service("Gardening club", places=[place()], terms=[interest_term("music")])
    make_service("Walking group")

    service.delete()

    assert names(search_services(SearchQuery(text="gardening"))) == []
    assert SearchFacts.objects.count() == 1
    assert (SearchPoint.objects.count(), SearchTerm.objects.count()) == (0, 0)
    assert _indexed_rows() == 1


@pytest.mark.django_db
def test_refresh_of_a_gone_service_forgets_it():
    service = make_service("Gardening club")
    facts_id = service.search_facts.pk
    Service.objects.filter(pk=service.pk)._raw_delete(connection.alias)  # behind Django's back

    assert refresh_for_services([service.pk]) == 0
    refresh_all()

    assert not SearchFacts.objects.filter(pk=facts_id).exists()
    assert _indexed_rows() == 0


@pytest.mark.django_db
def test_refresh_for_terms_after_a_term_is_matched_to_an_interest():
    term = TaxonomyTerm.objects.create(name="Allotments", description="x")
    make_service("Plot 12", terms=[term])
    assert names(search_services(SearchQuery(categories=["nature-and-gardening"]))) == []

    term.interest_category = interest_term("nature-and-gardening").interest_category
    term.save()
    refresh_for_terms([term.id])

    assert names(search_services(SearchQuery(categories=["nature-and-gardening"]))) == ["Plot 12"]


@pytest.mark.django_db
def test_services_added_without_a_refresh_are_found_on_the_next_search():
    make_service("Gardening club", refresh=False)

    assert names(search_services(SearchQuery(text="gardening"))) == ["Gardening club"]
    assert SearchFacts.objects.count() == 1


@pytest.mark.django_db
def test_schedules_of_a_service_at_a_location_count():
    service = make_service("Club", places=[place()])
    at = service.service_at_locations.get()
    at.schedules.create(freq="WEEKLY", byday="FR", opens_at=dt.time(19))
    refresh_for_services([service.pk])

    facts = SearchFacts.objects.get(service=service)
    assert (facts.days, facts.times) == (16, 4)


@pytest.mark.django_db
def test_rebuild_search_command_rebuilds_everything():
    for n in range(5):
        make_service(f"Gardening group {n}", refresh=False)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {fulltext.FACTS_TABLE}")  # and the trigger forgets the words

    out = io.StringIO()
    call_command("rebuild_search", "--batch", "2", stdout=out)

    assert "Rebuilt the search facts of 5 services" in out.getvalue()
    assert SearchFacts.objects.count() == 5
    assert _indexed_rows() == 5
    assert search_services(SearchQuery(text="gardening")).total == 5


@pytest.mark.django_db
def test_words_written_again_replace_the_old_ones():
    service = make_service("Gardening club")
    facts_id = service.search_facts.pk
    texts = ("Knitting circle", "", "", "", "", "")

    fulltext.write([(facts_id, texts)])  # over words already indexed for this row
    fulltext.write([(facts_id, texts)])

    assert _indexed_rows() == 1
    assert names(search_services(SearchQuery(text="gardening"))) == []
    assert search_services(SearchQuery(text="knitting")).total == 1


@pytest.mark.django_db
def test_a_large_write_has_a_roomier_cache_only_while_it_runs():
    def cache_size() -> int:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    if connection.vendor != "sqlite":
        pytest.skip(reason="SQLite's page cache only")
    before = cache_size()
    with roomy_cache():
        assert cache_size() == -WRITING_CACHE_KIB
    assert cache_size() == before


def _indexed_rows() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT COUNT(*) FROM {fulltext.FTS_TABLE}")
        else:
            cursor.execute(
                f"SELECT COUNT(*) FROM {fulltext.FACTS_TABLE} "
                f"WHERE {fulltext.PG_COLUMN} IS NOT NULL"
            )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_full_text_index_is_the_databases_own():
    fulltext.install()  # safe to run again
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [fulltext.FTS_TABLE])
            assert "fts5" in cursor.fetchone()[0]
        else:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [fulltext.PG_INDEX]
            )
            assert "gin" in cursor.fetchone()[0].lower()


# Places for the "near" picker -----------------------------------------------------------------


@pytest.mark.django_db
def test_places_are_towns_at_the_middle_of_their_locations():
    make_service("A", places=[place(at=MILLBROOK, city="Millbrook")])
    make_service("B", places=[place(at=ONE_KM_NORTH, city="millbrook ")])
    make_service("C", places=[place(at=(52.0, -1.0), city="Ashby")])
    make_service("Closed", places=[place(at=(53.0, -2.0), city="Gone")], status="defunct")
    make_service("Online", places=[place(at=None, kind="virtual")])

    found = places()

    assert [p.name for p in found] == ["Ashby", "Millbrook"]
    assert (found[1].latitude, found[1].longitude) == pytest.approx((52.5045, -1.5))


@pytest.mark.django_db
def test_places_follow_changes():
    make_service("A", places=[place(at=MILLBROOK, city="Millbrook")])
    assert [p.name for p in places()] == ["Millbrook"]

    make_service("B", places=[place(at=(52.0, -1.0), city="Ashby")])
    assert [p.name for p in places()] == ["Ashby", "Millbrook"]

    Service.objects.get(name="B").delete()
    assert [p.name for p in places()] == ["Millbrook"]


# Whatever is typed, search answers ----------------------------------------------------------


class TestAnyTextIsSafe(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        make_service("Gardening club", schedules=[weekly("TU")])
        make_service("Walking group")

    @given(st.text(max_size=60))
    def test_any_text_gives_a_page(self, text):
        page = search_services(SearchQuery(text=text))
        assert 0 <= page.total <= 2
        assert all(isinstance(r, str) for m in page.matches for r in m.reasons)


@pytest.mark.django_db
def test_an_attribute_that_does_not_say_what_it_describes_counts_when_it_names_a_service():
    term = TaxonomyTerm.objects.create(name="Knitting", description="Knitting")
    service = make_service("Craft club", refresh=False)
    Attribute.objects.create(link_entity="", link_id=service.id, taxonomy_term=term)
    Attribute.objects.create(link_entity="location", link_id=service.id, taxonomy_term=term)
    other = make_service("Book club", refresh=False)
    Attribute.objects.create(link_entity="organization", link_id=other.id, taxonomy_term=term)
    refresh_for_services([service.id, other.id])

    assert names(search_services(SearchQuery(taxonomy_term_ids=[term.id]))) == ["Craft club"]
    assert SearchTerm.objects.filter(term_id=term.id).count() == 1
    term.name = "Knitting and sewing"
    term.save()
    assert refresh_for_terms([term.id]) == 1
    assert SearchTerm.objects.get(term_id=term.id).name == "Knitting and sewing"


# Facts that go out of date ----------------------------------------------------------------------


def test_stale_after_is_the_first_end_or_the_last_session_of_a_day_and_time():
    day = dt.date(2026, 12, 1)  # a Tuesday
    tz = dt.UTC

    def session(date: dt.date, hour: int = 10) -> dict:
        return {"starts_at": dt.datetime(date.year, date.month, date.day, hour, tzinfo=tz),
                "ends_at": None}  # fmt: skip

    assert stale_after([], [], []) is None
    assert stale_after([{"valid_to": day}, {"valid_to": None}], [], []) == day
    later, sooner = day + dt.timedelta(5), day + dt.timedelta(3)
    assert stale_after([{"valid_to": later}], [{"valid_to": None, "until": sooner}], []) == sooner
    # Tuesday mornings until the 15th; one Wednesday on the 2nd: the Wednesday goes first.
    weekly = [session(day), session(day + dt.timedelta(7)), session(day + dt.timedelta(14))]
    assert stale_after([], [], weekly) == day + dt.timedelta(14)
    assert stale_after([], [], [*weekly, session(day + dt.timedelta(1))]) == day + dt.timedelta(1)
    # The same day in the evening is another part of the day.
    assert stale_after([], [], [*weekly, session(day, 19)]) == day


@pytest.mark.django_db
def test_a_cost_option_that_has_ended_no_longer_counts_after_the_next_search(monkeypatch):
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    with monkeypatch.context() as then:  # the facts were worked out yesterday
        then.setattr(timezone, "localdate", lambda *args, **kwargs: yesterday)
        offer = make_service("Swim offer", fees="£4 a swim", refresh=False)
        CostOption.objects.create(service=offer, amount=0, option="Launch week", valid_to=yesterday)
        refresh_for_services([offer.id])
        assert SearchFacts.objects.get(service=offer).stale_after == yesterday
        assert names(search_services(SearchQuery(free_only=True))) == ["Swim offer"]

    assert names(search_services(SearchQuery(free_only=True))) == []  # today: the offer is over
    facts = SearchFacts.objects.get(service=offer)
    assert (facts.is_free, facts.cost_known, facts.stale_after) == (False, True, None)


@pytest.mark.django_db
def test_a_search_with_nothing_stale_refreshes_nothing():
    make_service("Lasting", costs=[(0, "Entry")])
    before = SearchFacts.objects.get().pk

    search_services(SearchQuery())

    assert SearchFacts.objects.get().pk == before
