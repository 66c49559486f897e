"""What the map pages, the person's page and the team's view read, and at what cost."""

import datetime as dt

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from connecting_people.network import services
from connecting_people.network.comparison import NOW, network_comparison
from connecting_people.network.models import Connection, Snapshot
from connecting_people.network.reports import months_back, team_network_report
from connecting_people.network.selectors import (
    network_overview,
    person_network,
    snapshot_history,
    snapshot_page,
    snapshots_for,
    tied_to,
)
from connecting_people.people.models import Destination, Person, Status
from tests.network.factories import ConnectionFactory, PersonFactory, build_map, days_ago


@pytest.fixture
def person(cast):
    return PersonFactory(team=cast.team, preferred_name="Sam")


def _queries(function, *args, **kwargs):
    with CaptureQueriesContext(db) as captured:
        function(*args, **kwargs)
    return len(captured)


def _snap(person, ago, kind="review"):
    return services.snapshot_take(person=person, taken_on=days_ago(ago), kind=kind, by=None)


def _sized(cast, connections, snapshots):
    person = PersonFactory(team=cast.team)
    build_map(person, cast.practitioner, connections)
    for n in range(snapshots):
        _snap(person, 60 - n, "baseline" if n == 0 else "review")
    return Snapshot.objects.filter(person=person).latest("pk"), person


@pytest.mark.parametrize(
    "read",
    [person_network, network_overview, network_comparison, lambda p: snapshot_page(p, p.last)],
    ids=["person_network", "network_overview", "network_comparison", "snapshot_page"],
)
def test_reads_cost_the_same_queries_whatever_the_size(cast, read):
    small_last, small = _sized(cast, 3, 1)
    big_last, big = _sized(cast, 40, 6)
    small.last, big.last = small_last.pk, big_last.pk
    assert _queries(read, small) == _queries(read, big)


def test_person_network_marks_who_is_new_since_the_latest_snapshot(cast, person):
    old = build_map(person, cast.practitioner, 3)
    _snap(person, 30, "baseline")
    new = ConnectionFactory(person=person, label="Jo", started_on=days_ago(2), kind="group")
    services.connection_end(connection=old[0], on=days_ago(1), reason="", version=1, by=None)
    network = person_network(person)
    assert [c.pk for c in network["current"] if c.is_new] == [new.pk]
    assert [c.pk for c in network["ended"]] == [old[0].pk]
    assert [n.key for n in network["nodes"] if n.is_new] == [str(new.pk)]
    assert network["measures"].size == 3
    assert network["measures"].new_since_previous == 1
    assert network["measures"].ended_since_previous == 1
    assert network["since"].new == (str(new.pk),)
    assert 'class="cp-map"' in network["map"]
    assert "Sam has 3 connections" in network["text"]
    assert network["chart"] is not None
    assert {c.pk: c.knows_count for c in network["current"]}[old[1].pk] == 1


def test_person_network_of_an_empty_map(person):
    network = person_network(person)
    assert network["current"] == []
    assert network["map"] == ""
    assert network["chart"] is None
    assert network["type"].code == "none"
    assert network["since"] is None


def test_snapshot_history_measures_each_against_the_baseline_and_the_one_before(cast, person):
    connections = build_map(person, cast.practitioner, 3)
    early = _snap(person, 40, "other")
    baseline = _snap(person, 30, "baseline")
    ConnectionFactory(person=person, started_on=days_ago(20))
    services.connection_end(
        connection=connections[0], on=days_ago(15), reason="", version=1, by=None
    )
    _snap(person, 10)
    history = snapshot_history(snapshots_for(person))
    assert [v.snapshot for v in history][:2] == [early, baseline]
    assert [v.number for v in history] == [1, 2, 3]
    assert history[0].measures.new_since_baseline is None  # taken before the baseline
    assert history[1].measures.new_since_baseline is None  # the baseline itself
    assert (history[2].measures.new_since_baseline, history[2].measures.ended_since_baseline) == (
        1,
        1,
    )
    assert history[2].measures.new_since_previous == 1
    assert history[0].measures.new_since_previous is None


def test_snapshot_page_marks_who_was_new_and_lists_ended_ones_last(cast, person):
    first, _second = build_map(person, cast.practitioner, 2)
    _snap(person, 30, "baseline")
    jo = ConnectionFactory(person=person, label="Jo", started_on=days_ago(20))
    services.connection_end(connection=first, on=days_ago(15), reason="", version=1, by=None)
    review = _snap(person, 10)
    page = snapshot_page(person, review.pk)
    assert [n.key for n in page["nodes"] if n.is_new] == [str(jo.pk)]
    assert str(first.pk) not in {n.key for n in page["nodes"]}  # ended before: not drawn
    assert [row["label"] for row in page["entries"]][-1] == first.label
    assert page["earlier"].number == 1
    assert page["later"] is None
    with pytest.raises(Snapshot.DoesNotExist):
        snapshot_page(person, 99999)


def test_comparison_defaults_and_puts_then_before_now(cast, person):
    connections = build_map(person, cast.practitioner, 3)
    one = _snap(person, 30, "baseline")
    assert (network_comparison(person)["then"].key, network_comparison(person)["now"].key) == (
        str(one.pk),
        NOW,
    )
    services.connection_update(
        connection=connections[2], changes={"ring": "close"}, version=1, by=None
    )
    services.connection_update(
        connection=connections[0], changes={"ring": "outer"}, version=1, by=None
    )
    two = _snap(person, 20)
    compared = network_comparison(person)
    assert (compared["then"].key, compared["now"].key) == (str(one.pk), str(two.pk))
    assert [row["label"] for row in compared["closer"]] == [connections[2].label]
    assert compared["closer"][0]["ring_then"] == "Outer"
    assert [row["label"] for row in compared["further"]] == [connections[0].label]
    swapped = network_comparison(person, then=NOW, now=str(one.pk))
    assert (swapped["then"].key, swapped["now"].key) == (str(one.pk), NOW)
    with pytest.raises(LookupError):
        network_comparison(person, then="12345")


def test_comparison_without_snapshots_has_only_an_empty_history(person):
    assert network_comparison(person) == {"history": []}


def test_network_overview_counts_and_draws_small(cast, person):
    build_map(person, cast.practitioner, 6)
    _snap(person, 5, "baseline")
    overview = network_overview(person)
    assert overview["size"] == 6
    assert overview["outside"] == 4  # a worker and a peer are inside services
    assert overview["snapshot_count"] == 1
    assert overview["review_count"] == 0
    assert (overview["new_since"], overview["ended_since"]) == (0, 0)
    assert 'viewBox="0 0 440 440"' in overview["map"]
    assert overview["type"].title


def test_tied_to_finds_ties_either_way_round(cast, person):
    first, second, third = build_map(person, cast.practitioner, 3)
    assert {c.pk for c in tied_to(second)} == {first.pk, third.pk}
    assert {c.pk for c in tied_to(first)} == {second.pk}


# The team's view ---------------------------------------------------------------------------------


def test_months_back_crosses_the_year():
    assert months_back(dt.date(2026, 2, 17), 3) == [
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]


def test_team_report_counts_people_not_connections_and_ignores_moved_on(cast):
    today = timezone.localdate()
    team_people = Person.objects.filter(team=cast.team)
    gained = PersonFactory(team=cast.team)
    ConnectionFactory(person=gained, kind="friend", inside_services=False, started_on=today)
    ConnectionFactory(person=gained, kind="group", inside_services=False, started_on=today)
    only_inside = PersonFactory(team=cast.team)
    ConnectionFactory(person=only_inside, kind="worker", inside_services=True, started_on=today)
    unknown_start = PersonFactory(team=cast.team)
    ConnectionFactory(person=unknown_start, kind="friend", inside_services=False, started_on=None)
    long_ago = PersonFactory(team=cast.team)
    ConnectionFactory(person=long_ago, inside_services=False, started_on=days_ago(400))
    _snap(long_ago, 3)
    moved_on = PersonFactory(
        team=cast.team,
        status=Status.MOVED_ON,
        moved_on_on=days_ago(1),
        destination=Destination.LOWER_SUPPORT,
    )
    ConnectionFactory(person=moved_on, inside_services=False, started_on=today)
    PersonFactory(team=cast.team)  # no map
    report = team_network_report(team_people, today=today)
    assert report["open"] == 5
    assert report["with_map"] == 4
    assert report["with_review"] == 1
    # Not the one whose start is not known: nobody said it was made since working together.
    assert report["gained"] == 1
    assert report["new_outside"] == 2
    assert report["months"][-1][1:] == (1, 2)
    assert len(report["months"]) == 6
    assert report["since"] == months_back(today, 6)[0]


def test_team_report_counts_an_undated_connection_only_when_it_was_made_since(cast):
    """A connection the person already had when it was typed in is never new (issue 13): the
    demo showed 43 new in one month because every undated connection counted."""
    today = timezone.localdate()
    team_people = Person.objects.filter(team=cast.team)
    said_since = PersonFactory(team=cast.team, started_on=days_ago(300))
    ConnectionFactory(person=said_since, started_on=None, made_since_start=True, began="other")
    knew_them = PersonFactory(team=cast.team, started_on=days_ago(300))
    ConnectionFactory(person=knew_them, started_on=None, made_since_start=True, began="already")
    not_known = PersonFactory(team=cast.team, started_on=days_ago(300))
    ConnectionFactory(person=not_known, kind="friend", inside_services=False, started_on=None)
    on_first_map = PersonFactory(team=cast.team, started_on=days_ago(300))
    first = ConnectionFactory(
        person=on_first_map, kind="friend", started_on=None, made_since_start=True
    )
    _snap(on_first_map, 0, "baseline")
    assert first.snapshot_entries.filter(snapshot__kind="baseline").exists()
    report = team_network_report(team_people, today=today)
    assert (report["gained"], report["new_outside"]) == (1, 1)
    assert report["months"][-1][1:] == (1, 1)  # in the month it was recorded


def test_team_report_costs_the_same_queries_whatever_the_size(cast):
    people = Person.objects.filter(team=cast.team)
    PersonFactory(team=cast.team)
    few = _queries(team_network_report, people)
    for _n in range(5):
        build_map(PersonFactory(team=cast.team), cast.practitioner, 8, started_ago=3)
    assert _queries(team_network_report, people) == few
    assert Connection.objects.count() == 40
