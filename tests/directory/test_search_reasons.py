# ruff: noqa: RUF001 (reasons quote the words searched for in curly quotes, as UK style does)
"""Each match says why, in plain words, for what was asked and nothing else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from connecting_people.directory.models import TeamService
from connecting_people.directory.search import reasons as search_reasons
from connecting_people.directory.search.engine import SearchQuery, search_services
from connecting_people.directory.search.reasons import distance_words, join_words, money
from tests.directory.search_helpers import (
    MILLBROOK,
    ONE_KM_NORTH,
    interest_term,
    make_service,
    organisation,
    place,
    weekly,
)

pytestmark = pytest.mark.django_db


def reasons(**query) -> list[str]:
    page = search_services(SearchQuery(**query))
    assert len(page.matches) == 1, [m.service.name for m in page.matches]
    return page.matches[0].reasons


def test_reasons_say_where_each_word_is():
    make_service(
        "Garden share",
        description="Grow food with neighbours",
        organization=organisation("Millbrook Allotments"),
        terms=[interest_term("nature-and-gardening")],
    )

    assert reasons(text="garden") == ["‘garden’ is in its name"]
    assert reasons(text="garden share") == ["‘garden’ and ‘share’ are in its name"]
    assert reasons(text="neighbours grow") == ["‘neighbours’ and ‘grow’ are in its description"]
    assert reasons(text="allotments") == ["‘allotments’ is in the name of who runs it"]
    assert reasons(text="nature") == ["Listed under Nature and gardening"]
    assert reasons(text="garden food") == [
        "‘garden’ is in its name",
        "‘food’ is in its description",
    ]


def test_reasons_for_a_word_typed_halfway():
    make_service("Gardening club")

    assert reasons(text="gard") == ["‘gard’ is in its name"]


def test_reasons_for_categories_and_terms():
    music = interest_term("music")
    make_service("Choir", terms=[music, interest_term("social-groups")])

    assert reasons(categories=["music"]) == ["Listed under Music"]
    assert reasons(taxonomy_term_ids=[music.id]) == ["Listed under Music"]


def test_reasons_for_cost():
    make_service("Free one", costs=[(0, "Entry")])
    make_service("Cheap one", costs=[("3.50", "Entry")])
    make_service("Family swim", costs=[(0, "Children"), (4, "Adults")])

    assert reasons(free_only=True, text="free one") == ["‘free’ and ‘one’ are in its name", "Free"]
    assert reasons(low_cost=True, text="cheap") == ["‘cheap’ is in its name", "From £3.50"]
    assert reasons(free_only=True, text="swim") == ["‘swim’ is in its name", "Free for some"]


def test_reasons_for_days_and_times():
    make_service("Club", schedules=[weekly("TU,TH", "09:30", "11:00")])

    assert reasons(days=["TU"]) == ["Runs on Tuesdays"]
    assert reasons(days=["TH", "TU", "SA"]) == ["Runs on Tuesdays and Thursdays"]
    assert reasons(time_of_day="morning") == ["Mornings"]


def test_reasons_for_distance_and_place():
    make_service("Hall", places=[place(at=ONE_KM_NORTH, city="Millbrook", postcode="MB1 4XY")])
    make_service("Elsewhere", areas=["Riverside"])

    assert reasons(near=MILLBROOK, within_km=5) == ["1.0 km away"]
    assert reasons(area="Millbrook") == ["In Millbrook"]
    assert reasons(area="mb1") == ["In MB1"]
    assert reasons(area="riverside") == ["Serves riverside"]


def test_reasons_for_delivery_access_and_age():
    make_service(
        "Hall",
        places=[place(accessibility="Ramp at the side door")],
        minimum_age=18,
        maximum_age=65,
    )

    assert reasons(delivery="in_person") == ["In person"]
    assert reasons(accessible=True) == ["Has accessibility information"]
    assert reasons(age=30) == ["For ages 18 to 65"]


def test_reasons_for_ages_with_one_end_or_none():
    make_service("Fifty plus", minimum_age=50)
    make_service("Teen space", maximum_age=17.5)
    make_service("Everyone")

    assert reasons(age=60, text="fifty") == ["‘fifty’ is in its name", "For ages 50 and over"]
    assert reasons(age=10, text="teen") == ["‘teen’ is in its name", "For ages up to 17.5"]
    assert reasons(age=10, text="everyone") == ["‘everyone’ is in its name", "Open to all ages"]


def test_reasons_for_online():
    make_service("Video chat", places=[place(at=None, kind="virtual")])

    assert reasons(delivery="online") == ["Online"]


def test_reasons_say_your_team_uses_it(cast):
    used = make_service("Used")
    TeamService.objects.create(team=cast.team, service=used)

    assert reasons(team_id=cast.team.pk) == ["Your team uses it"]
    assert reasons(my_team_ids=[cast.team.pk]) == ["Your team uses it"]
    assert reasons(my_team_ids=[cast.other_team.pk]) == []


def test_reasons_for_the_record():
    trust = organisation("Trust")
    make_service(
        "Paused",
        organization=trust,
        status="temporarily closed",
        last_modified=timezone.make_aware(dt.datetime(2026, 3, 3, 12)),
    )

    assert reasons(organization_id=trust.id, include_closed=True) == [
        "Run by Trust",
        "Closed for now",
    ]
    assert reasons(
        modified_after=timezone.now() - dt.timedelta(days=3650), include_closed=True
    ) == [
        "Updated on 3 March 2026",
        "Closed for now",
    ]


def test_reasons_are_empty_for_a_plain_browse():
    make_service("Club", costs=[(0, "Entry")], places=[place()])

    assert reasons() == []


def test_reasons_come_in_a_steady_order():
    make_service(
        "Garden club",
        costs=[(0, "Free")],
        schedules=[weekly("TU", "10:00")],
        places=[place(at=ONE_KM_NORTH)],
        terms=[interest_term("nature-and-gardening")],
    )

    assert reasons(
        text="garden",
        categories=["nature-and-gardening"],
        near=MILLBROOK,
        free_only=True,
        days=["TU"],
        time_of_day="morning",
        delivery="in_person",
        area="Millbrook",
    ) == [
        "‘garden’ is in its name",
        "Listed under Nature and gardening",
        "1.0 km away",
        "Free",
        "Runs on Tuesdays",
        "Mornings",
        "In person",
        "In Millbrook",
    ]


def test_reasons_go_through_translation(monkeypatch):
    make_service("Garden club", costs=[(0, "Entry")], schedules=[weekly("TU")])
    monkeypatch.setattr(search_reasons, "_", lambda text: f"[{text}]")
    monkeypatch.setattr(
        search_reasons, "ngettext", lambda one, many, n: f"[{one if n == 1 else many}]"
    )

    assert reasons(text="garden", free_only=True, days=["TU"]) == [
        "[%(words)s is in its name]".replace("%(words)s", "‘garden’"),
        "[Free]",
        "[Runs on %(days)s]".replace("%(days)s", "[Tuesdays]"),
    ]


@pytest.mark.parametrize(
    ("km", "words"),
    [(0.05, "Less than 100 metres away"), (1.25, "1.2 km away"), (12.6, "13 km away")],
)
def test_distance_words(km, words):
    assert distance_words(km) == words


def test_join_words_and_money():
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"]) == "a, b and c"
    assert (money(Decimal("3")), money(Decimal("3.5"))) == ("£3", "£3.50")
