"""The person's profile for ranking: read from their record in a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connecting_people.network.vocab import Kind
from connecting_people.people.models import InterestWhen, Skill
from connecting_people.plans.models import BarrierStatus
from connecting_people.suggestions.models import Preferences, Suggestion, SuggestionStatus
from connecting_people.suggestions.profile import (
    GAP_NO_COMPANY,
    GAP_NO_EMOTIONAL_SUPPORT,
    GAP_NO_OUTSIDE_SERVICES,
    InterestSignal,
    Profile,
    SkillSignal,
    age_on,
    network_gaps,
    profile_for,
)
from connecting_people.taxonomy.models import InterestCategory
from tests.directory.factories import ServiceFactory
from tests.network.factories import ConnectionFactory
from tests.plans.factories import BarrierFactory, InterestFactory, PersonFactory, barrier_type

TODAY = dt.date(2026, 11, 26)

pytestmark = pytest.mark.django_db


def test_an_empty_record_gives_an_open_profile():
    person = PersonFactory(postcode="")
    profile = profile_for(person, today=TODAY)
    assert profile == Profile(
        person_id=person.pk,
        network_gaps=frozenset({GAP_NO_OUTSIDE_SERVICES, GAP_NO_COMPANY, GAP_NO_EMOTIONAL_SUPPORT}),
    )


def test_everything_recorded_comes_through():
    person = PersonFactory(
        postcode="LS6 2AB", what_matters="Being outdoors", date_of_birth=dt.date(1980, 12, 1)
    )
    interest = InterestFactory(person=person, when=InterestWhen.USED_TO, description="Growing veg")
    interest.categories.add(InterestCategory.objects.get(slug="nature-and-gardening"))
    Skill.objects.create(person=person, description="Carpentry", would_teach=True)
    BarrierFactory(person=person, kind=barrier_type("money"))
    BarrierFactory(person=person, kind=barrier_type("time"), status=BarrierStatus.RESOLVED)
    Preferences.objects.create(
        person=person, latitude=53.8, longitude=-1.55, max_travel_km=4, free_days="mo, TU,xx",
        free_times="Morning", online=False, needs_accessibility=True,
        wants_company_first_time=True,
    )  # fmt: skip
    ConnectionFactory(
        person=person, kind=Kind.FRIEND, inside_services=False, gives=["company"],
        label=" Tuesday Walkers ",
    )  # fmt: skip
    ConnectionFactory(person=person, label="Old choir", ended_on=TODAY - dt.timedelta(days=3))
    tried, hidden, old = ServiceFactory(), ServiceFactory(), ServiceFactory()
    Suggestion.objects.create(person=person, service=tried, status=SuggestionStatus.TRIED)
    Suggestion.objects.create(
        person=person, service=hidden, status=SuggestionStatus.NOT_FOR_ME,
        hidden_until=TODAY + dt.timedelta(days=10),
    )  # fmt: skip
    Suggestion.objects.create(
        person=person, service=old, status=SuggestionStatus.NOT_FOR_ME,
        hidden_until=TODAY - dt.timedelta(days=1),
    )  # fmt: skip

    profile = profile_for(person, today=TODAY)

    assert profile.interests == (
        InterestSignal(frozenset({"nature-and-gardening"}), "Growing veg", "used_to"),
    )
    assert profile.skills == (SkillSignal("Carpentry", would_teach=True),)
    assert profile.what_matters == "Being outdoors"
    assert profile.barriers == {"money"}
    assert profile.point == (53.8, -1.55)
    assert profile.area == "ls6"
    assert profile.max_travel_km == 4
    assert profile.free_days == {"MO", "TU"}
    assert profile.free_times == {"morning"}
    assert (profile.in_person, profile.online) == (True, False)
    assert profile.needs_accessibility
    assert profile.wants_company_first_time
    assert not profile.prefers_small_groups
    assert profile.age == 45
    assert profile.network_gaps == {GAP_NO_EMOTIONAL_SUPPORT}
    assert profile.network_labels == {"Tuesday Walkers"}  # current connections only
    assert profile.already == {tried.id}
    assert profile.hidden == {hidden.id}


def test_constant_queries_however_much_is_recorded():
    def count(n: int) -> int:
        person = PersonFactory()
        for i in range(n):
            interest = InterestFactory(person=person)
            interest.categories.add(*InterestCategory.objects.all()[: i % 3 + 1])
            Skill.objects.create(person=person, description=f"skill {i}")
            ConnectionFactory(person=person)
            Suggestion.objects.create(person=person, service=ServiceFactory())
        BarrierFactory(person=person)
        with CaptureQueriesContext(connection) as queries:
            profile_for(person, today=TODAY)
        return len(queries)

    assert count(1) == count(6) <= 7


def test_age_on():
    assert age_on(dt.date(2000, 11, 26), TODAY) == 26
    assert age_on(dt.date(2000, 11, 27), TODAY) == 25
    assert age_on(None, TODAY) is None


def test_network_gaps():
    assert network_gaps([]) == {
        GAP_NO_OUTSIDE_SERVICES,
        GAP_NO_COMPANY,
        GAP_NO_EMOTIONAL_SUPPORT,
    }
    assert network_gaps([(True, ["company", "emotional"])]) == {GAP_NO_OUTSIDE_SERVICES}
    assert network_gaps([(False, ["emotional"]), (True, [])]) == {GAP_NO_COMPANY}
