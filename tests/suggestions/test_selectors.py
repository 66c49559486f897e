"""Reads of suggestions: the team's "what is working" (counts only, naming no one) and one
person's suggestions by status, each in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from connecting_people.suggestions import selectors, services
from connecting_people.suggestions.models import (
    NotForMeReason,
    SuggestionSource,
    SuggestionStatus,
)
from tests.directory.factories import ServiceFactory
from tests.plans.factories import PersonFactory
from tests.suggestions.factories import ConnectorFactory, SuggestionFactory

S = SuggestionStatus


def _journey(person, by, service, *steps, reason=""):
    suggestion = services.suggestion_create(
        person=person, by=by, service=service, source=SuggestionSource.RANKED
    )
    for step in steps:
        services.suggestion_move(
            suggestion=suggestion,
            by=by,
            to_status=step,
            version=suggestion.version,
            reason=reason if step == S.NOT_FOR_ME else "",
        )
    return suggestion


@pytest.fixture
def garden(db):
    return ServiceFactory(name="Gardening club")


@pytest.fixture
def choir(db):
    return ServiceFactory(name="Community choir")


def _people(cast, n):
    return [PersonFactory(team=cast.team, preferred_name=f"Secretname{i}") for i in range(n)]


def test_team_what_is_working_counts_per_service(cast, garden, choir):
    by = cast.practitioner
    a, b, c, d, e = _people(cast, 5)
    _journey(a, by, garden, S.TRIED, S.GOING_REGULARLY)
    _journey(b, by, garden, S.TRIED)
    _journey(c, by, garden, S.TRIED, S.NOT_FOR_ME, reason=NotForMeReason.TIMING)
    _journey(d, by, garden, S.NOT_FOR_ME, reason=NotForMeReason.TRIED_DID_NOT_LIKE)
    _journey(e, by, garden, S.NOT_FOR_ME, reason=NotForMeReason.TIMING)
    _journey(a, by, choir, S.TALKED_ABOUT)

    rows = {row.name: row for row in selectors.team_what_is_working(cast.team)}

    g = rows["Gardening club"]
    assert (g.suggested, g.tried, g.going_regularly, g.not_for_me) == (5, 4, 1, 3)
    assert g.top_reason == NotForMeReason.TIMING
    assert g.top_reason_label == "The times don't work"
    assert g.keep_going_share == pytest.approx(0.25)
    ch = rows["Community choir"]
    assert (ch.suggested, ch.tried, ch.going_regularly, ch.not_for_me) == (1, 0, 0, 0)
    assert ch.top_reason == ""
    assert ch.keep_going_share is None


def test_team_what_is_working_most_kept_going_first(cast, garden, choir):
    by = cast.practitioner
    a, b = _people(cast, 2)
    _journey(a, by, garden, S.TRIED)
    _journey(a, by, choir, S.GOING_REGULARLY)
    _journey(b, by, choir)
    assert [r.name for r in selectors.team_what_is_working(cast.team)] == [
        "Community choir",
        "Gardening club",
    ]


def test_team_what_is_working_counts_status_set_without_history(cast, garden):
    """Rows made some other way (imports, fixtures) still count by their status."""
    SuggestionFactory(person=PersonFactory(team=cast.team), service=garden, status=S.TRIED)
    [row] = selectors.team_what_is_working(cast.team)
    assert row.tried == 1


def test_team_what_is_working_only_this_team_services_only(cast, garden):
    _journey(PersonFactory(team=cast.other_team), cast.other_practitioner, garden, S.TRIED)
    person = PersonFactory(team=cast.team)
    services.suggestion_create(
        person=person,
        by=cast.practitioner,
        connector=ConnectorFactory(team=cast.team),
        source=SuggestionSource.WORKER,
    )
    services.suggestion_create(
        person=person, by=cast.practitioner, idea="Choir", source=SuggestionSource.WORKER
    )
    assert selectors.team_what_is_working(cast.team) == []
    [row] = selectors.team_what_is_working(cast.other_team)
    assert row.tried == 1


def test_team_what_is_working_since(cast, garden, choir):
    old = SuggestionFactory(person=PersonFactory(team=cast.team), service=garden)
    old.suggested_on = timezone.localdate() - dt.timedelta(days=100)
    old.save()
    SuggestionFactory(person=PersonFactory(team=cast.team), service=choir)
    since = timezone.localdate() - dt.timedelta(days=30)
    assert [r.name for r in selectors.team_what_is_working(cast.team, since=since)] == [
        "Community choir"
    ]
    assert len(selectors.team_what_is_working(cast.team)) == 2


def test_team_what_is_working_names_no_one(cast, garden):
    for person in _people(cast, 3):
        _journey(person, cast.practitioner, garden, S.TRIED)
    rows = selectors.team_what_is_working(cast.team)
    text = repr(rows) + repr([vars(r) for r in rows])
    assert "Secretname" not in text
    assert cast.practitioner.name not in text
    assert cast.practitioner.email not in text


def _count_queries(fn):
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_team_what_is_working_constant_queries(cast):
    def grow(n):
        for person in _people(cast, n):
            _journey(person, cast.practitioner, ServiceFactory(), S.NOT_FOR_ME, reason="cost")
            _journey(person, cast.practitioner, ServiceFactory(), S.TRIED)

    grow(1)
    few = _count_queries(lambda: selectors.team_what_is_working(cast.team))
    grow(6)
    many = _count_queries(lambda: selectors.team_what_is_working(cast.team))
    assert few == many == 2


def test_person_suggestions_grouped_by_status_in_journey_order(cast, garden, choir):
    person = PersonFactory(team=cast.team)
    tried = _journey(person, cast.practitioner, garden, S.TRIED)
    idea = services.suggestion_create(
        person=person, by=cast.practitioner, idea="Choir", source=SuggestionSource.PERSON
    )
    nope = _journey(person, cast.practitioner, choir, S.NOT_FOR_ME, reason="cost")
    _journey(PersonFactory(team=cast.team), cast.practitioner, garden)  # someone else's

    grouped = selectors.person_suggestions(person)

    assert list(grouped) == list(S.values)
    assert [s.pk for s in grouped[S.SUGGESTED]] == [idea.pk]
    assert [s.pk for s in grouped[S.TRIED]] == [tried.pk]
    assert [s.pk for s in grouped[S.NOT_FOR_ME]] == [nope.pk]
    assert grouped[S.TALKED_ABOUT] == []
    assert grouped[S.GOING_REGULARLY] == []


def test_person_suggestions_constant_queries(cast):
    person = PersonFactory(team=cast.team)

    def read():
        for group in selectors.person_suggestions(person).values():
            for s in group:
                _ = (s.service and s.service.name, s.connector and s.connector.name)
                _ = s.service and s.service.organization and s.service.organization.name

    def grow(n):
        for _ in range(n):
            SuggestionFactory(person=person)
            SuggestionFactory(
                person=person, service=None, connector=ConnectorFactory(team=cast.team)
            )

    grow(1)
    few = _count_queries(read)
    grow(5)
    many = _count_queries(read)
    assert few == many == 1
