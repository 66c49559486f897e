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


def test_team_working_counts_connectors_like_services(cast, garden):
    by = cast.practitioner
    walkers = ConnectorFactory(team=cast.team, name="Tuesday walkers")
    a, b, c = _people(cast, 3)
    for person in (a, b):
        suggestion = services.suggestion_create(
            person=person, by=by, connector=walkers, source=SuggestionSource.WORKER
        )
        services.suggestion_move(
            suggestion=suggestion, by=by, to_status=S.TRIED, version=suggestion.version
        )
    [first] = selectors.person_suggestions(a)[S.TRIED]
    services.suggestion_move(
        suggestion=first, by=by, to_status=S.GOING_REGULARLY, version=first.version
    )
    nope = services.suggestion_create(
        person=c, by=by, connector=walkers, source=SuggestionSource.RANKED
    )
    services.suggestion_move(
        suggestion=nope,
        by=by,
        to_status=S.NOT_FOR_ME,
        version=nope.version,
        reason=NotForMeReason.GROUP,
    )
    _journey(a, by, garden, S.TRIED)

    working = selectors.team_working(cast.team)

    [row] = working.connectors
    assert (row.connector_id, row.service_id, row.name) == (walkers.pk, None, "Tuesday walkers")
    assert (row.suggested, row.tried, row.going_regularly, row.not_for_me) == (3, 2, 1, 1)
    assert row.top_reason == NotForMeReason.GROUP
    assert [r.name for r in working.services] == ["Gardening club"]
    assert working.services[0].connector_id is None


def test_team_working_counts_ideas_people_brought_themselves(cast, garden):
    a, b = _people(cast, 2)
    for person, idea in ((a, "Sea swimming"), (b, "Bird watching")):
        services.suggestion_create(
            person=person, by=cast.practitioner, idea=idea, source=SuggestionSource.PERSON
        )
    services.suggestion_create(
        person=a, by=cast.practitioner, idea="Chess", source=SuggestionSource.WORKER
    )
    services.suggestion_create(
        person=b, by=cast.practitioner, service=garden, source=SuggestionSource.PERSON
    )
    working = selectors.team_working(cast.team)
    assert working.own_ideas == 3  # two ideas and a service they asked about themselves
    assert not working.is_empty
    assert "Sea swimming" not in repr(working)


def test_team_working_empty(cast):
    assert selectors.team_working(cast.team).is_empty


@pytest.mark.parametrize(
    ("tried", "going", "percent", "too_few"),
    [(0, 0, None, True), (4, 4, None, True), (5, 3, 60, False), (6, 1, 17, False)],
)
def test_what_is_working_row_says_too_few_below_five(tried, going, percent, too_few):
    row = _row("x", tried, going)
    assert row.too_few_to_say is too_few
    assert row.keep_going_percent == percent


def _row(name, tried, going, suggested=10):
    return selectors.WhatIsWorkingRow(
        service_id=None,
        name=name,
        suggested=suggested,
        tried=tried,
        going_regularly=going,
        not_for_me=0,
        top_reason="",
    )


def test_sort_rows_by_going_tried_or_name():
    rows = [_row("bowls", 3, 0), _row("Choir", 2, 2), _row("archery", 0, 0), _row("Darts", 3, 0)]
    names = {sort: [r.name for r in selectors.sort_rows(rows, sort)] for sort in selectors.SORTS}
    assert names["going"] == ["Choir", "bowls", "Darts", "archery"]
    assert names["tried"] == ["bowls", "Darts", "Choir", "archery"]
    assert names["name"] == ["archery", "bowls", "Choir", "Darts"]
    assert [r.name for r in selectors.sort_rows(rows, "nonsense")] == names["going"]


def test_team_working_constant_queries(cast):
    def grow(n):
        for person in _people(cast, n):
            _journey(person, cast.practitioner, ServiceFactory(), S.NOT_FOR_ME, reason="cost")
            services.suggestion_create(
                person=person,
                by=cast.practitioner,
                connector=ConnectorFactory(team=cast.team),
                source=SuggestionSource.WORKER,
            )
            services.suggestion_create(
                person=person, by=cast.practitioner, idea="Tea", source=SuggestionSource.PERSON
            )

    def read():
        working = selectors.team_working(cast.team, sort="name")
        return [(r.name, r.top_reason_label) for r in working.services + working.connectors]

    grow(1)
    few = _count_queries(read)
    grow(5)
    many = _count_queries(read)
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


def test_team_working_does_not_count_a_tried_slip_that_was_put_right(cast, garden):
    by = cast.practitioner
    a, b, c, d = _people(cast, 4)
    _journey(a, by, garden, S.TRIED, S.TALKED_ABOUT)  # marked tried by mistake, put right
    _journey(b, by, garden, S.TRIED, S.NOT_FOR_ME, reason=NotForMeReason.TIMING)  # went first
    _journey(c, by, garden, S.GOING_REGULARLY, S.TRIED, S.TALKED_ABOUT)  # did go regularly
    _journey(d, by, garden, S.TALKED_ABOUT, S.SUGGESTED)
    [row] = selectors.team_what_is_working(cast.team)
    assert (row.suggested, row.tried, row.going_regularly) == (4, 2, 0)
