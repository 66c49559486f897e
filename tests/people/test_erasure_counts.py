"""Erasing a record keeps the team's counts (issue 15, section 6: "aggregate counts kept").

For each report that counts people's records, the counts after an erasure equal the counts
before it: the report of change (each questionnaire score's paired sums, the network map's size
and outside share, the number of people with a pair), the same with the people who asked to be
left out of research left out, and the organisation's team page (what each team did in the last
whole quarter). What is kept on the tombstone is numbers, dates and kinds: never a name or a
word anyone wrote.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from connecting_people.network import services as network_services
from connecting_people.network.models import Connection, SnapshotKind
from connecting_people.outcomes import pairs, report
from connecting_people.outcomes.models import ChangePair
from connecting_people.people.erasure import person_erase
from connecting_people.people.models import ErasedActivity, ErasedPerson, Person
from connecting_people.plans.models import Contact, ContactKind
from connecting_people.practice.team_page import organisation
from connecting_people.practice.team_page.periods import last_quarter
from connecting_people.suggestions.models import Suggestion, SuggestionChange, SuggestionStatus
from tests.factories import PersonFactory
from tests.outcomes.change_helpers import ons4, take

TODAY = timezone.localdate()
QUARTER = last_quarter(TODAY)
IN_QUARTER = QUARTER.since + dt.timedelta(days=10)


def _day(days_ago: int) -> dt.date:
    return TODAY - dt.timedelta(days=days_ago)


def _full_record(cast, n: int, *, research_opt_out: bool = False) -> Person:
    """Someone with paired questionnaires, a map with two snapshots, and a quarter's work."""
    person = PersonFactory(
        team=cast.team,
        preferred_name=f"Counted {n}",
        started_on=_day(400),
        research_opt_out=research_opt_out,
    )
    take(person, "ons4", ons4(3 + n % 4), _day(300))
    take(person, "ons4", ons4(5 + n % 3, worthwhile=7), _day(100))
    for label, outside in (("Jo", True), ("GP", False)):
        Connection.objects.create(
            person=person,
            label=f"{label} {n}",
            kind="friend",
            ring="close",
            inside_services=not outside,
            started_on=_day(320),
        )
    network_services.snapshot_take(
        person=person, taken_on=_day(300), kind=SnapshotKind.BASELINE, by=cast.practitioner
    )
    Connection.objects.create(
        person=person, label=f"Choir {n}", kind="group", ring="middle", started_on=IN_QUARTER
    )
    network_services.snapshot_take(
        person=person, taken_on=_day(1), kind=SnapshotKind.REVIEW, by=cast.practitioner
    )
    Contact.objects.create(
        person=person,
        happened_on=IN_QUARTER,
        kind=ContactKind.MEETING,
        what_happened="Shared how to knit.",
        taught_skill=True,
    )
    tried = Suggestion.objects.create(
        person=person, idea="Parkrun", status=SuggestionStatus.GOING_REGULARLY
    )
    for status in (SuggestionStatus.TRIED, SuggestionStatus.GOING_REGULARLY):
        SuggestionChange.objects.create(suggestion=tried, to_status=status, on=IN_QUARTER)
    # Tried twice in the quarter: one activity tried, not two.
    SuggestionChange.objects.create(
        suggestion=tried, to_status=SuggestionStatus.TRIED, on=IN_QUARTER
    )
    return person


@pytest.fixture
def team(cast):
    return [_full_record(cast, n, research_opt_out=(n == 2)) for n in range(7)]


def _counts(cast):
    teams = [cast.team.pk, cast.other_team.pk]
    found = report.find(teams)
    research = report.find(teams, research_only=True)
    rows = organisation.organisation_rows(
        cast.organisation, member_of=frozenset(teams), current=cast.team.pk, today=TODAY
    )
    done = {row.team.pk: row.done for row in rows["rows"]}
    return {"report": found.sums, "research": research.sums, "team page": done}


def _erase(person):
    return person_erase(person=person, by=None, how="retention", actor_label="test")


@pytest.mark.django_db
def test_the_counts_are_the_same_after_an_erasure(cast, team):
    before = _counts(cast)
    assert before["report"][f"{report.NETWORK}:{report.SIZE}"][cast.team.pk].n == 7
    assert before["report"][report.PEOPLE][cast.team.pk].n == 7
    assert before["research"][report.PEOPLE][cast.team.pk].n == 6
    assert before["team page"][cast.team.pk][:4] == ["7", "7", "7", "7"]
    _erase(team[0])
    _erase(team[2])  # the one left out of research stays left out
    assert Person.objects.filter(team=cast.team).count() == 5
    assert _counts(cast) == before


@pytest.mark.django_db
def test_the_pairs_kept_hold_numbers_and_dates_only(cast, team):
    erased = _erase(team[0])
    kept = ChangePair.objects.filter(erased=erased)
    assert kept.count() >= 5  # four ONS4 scores and the map's two measures
    assert set(kept.values_list("person", flat=True)) == {None}
    kinds = sorted(ErasedActivity.objects.filter(erased=erased).values_list("kind", flat=True))
    # two new connections outside services, one skill shared, and every change of the
    # suggestion (its two "tried" count as one activity on the team page)
    assert kinds == ["kept_going", "new_connection", "new_connection", "taught", "tried", "tried"]
    fields = {f.name for f in ErasedActivity._meta.get_fields()}
    assert fields == {"id", "erased", "kind", "on", "item"}


@pytest.mark.django_db
def test_rebuilding_the_pairs_keeps_the_erased_ones(cast, team):
    erased = _erase(team[0])
    before = _counts(cast)
    kept = ChangePair.objects.filter(erased=erased).count()
    pairs.rebuild()
    assert ChangePair.objects.filter(erased=erased).count() == kept
    assert _counts(cast) == before


@pytest.mark.django_db
def test_erasing_the_tombstone_too_removes_what_it_kept(cast, team):
    erased = _erase(team[0])
    ErasedPerson.objects.filter(pk=erased.pk).delete()
    assert not ChangePair.objects.filter(erased_id=erased.pk).exists()
    assert not ErasedActivity.objects.filter(erased_id=erased.pk).exists()
