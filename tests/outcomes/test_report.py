"""The team report's numbers: who is paired (baseline, latest follow-up at least 8 weeks later,
baseline in the period), each score on its own, the network measures from snapshots, and a fixed
number of queries however many people there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connecting_people.network import services as network_services
from connecting_people.network.models import SnapshotKind
from connecting_people.outcomes import report
from tests.factories import PersonFactory
from tests.network.factories import ConnectionFactory
from tests.outcomes.change_helpers import days_ago, ons4, take, ucla3

BASELINES = [4, 5, 3, 6, 2]
LATEST = [6, 6, 5, 6, 5]  # changes 2, 1, 2, 0, 3: mean 1.6, 95% CI 0.1843 to 3.0157


def _row(found, group, score_id):
    return next(r for r in found.rows if (r.measure.group, r.measure.id) == (group, score_id))


@pytest.fixture
def five(cast):
    people = []
    for before, after in zip(BASELINES, LATEST, strict=True):
        person = PersonFactory(team=cast.team)
        take(person, "ons4", ons4(before, anxious=6), days_ago(200))
        take(person, "ons4", ons4(0, anxious=5), days_ago(110))  # in between: not used
        take(person, "ons4", ons4(after, anxious=4), days_ago(20))
        people.append(person)
    return people


def test_paired_change_of_each_ons4_score(cast, five):
    found = report.change_report({cast.team.pk})
    satisfied = _row(found, "ons4", "satisfied")
    assert satisfied.n == 5
    assert satisfied.change.mean_before == 4.0
    assert satisfied.change.mean_after == 5.6
    assert round(satisfied.change.ci_low, 4) == 0.1843
    assert round(satisfied.change.ci_high, 4) == 3.0157
    anxious = _row(found, "ons4", "anxious")
    assert anxious.change.mean_change == -2
    assert anxious.measure.higher_is == "worse"
    assert found.people == 5


def test_a_follow_up_under_eight_weeks_after_the_baseline_does_not_count(cast, five):
    late = PersonFactory(team=cast.team)
    take(late, "ons4", ons4(1), days_ago(60))
    take(late, "ons4", ons4(9), days_ago(60 - report.FOLLOW_UP_AT_LEAST_DAYS + 1))
    just = PersonFactory(team=cast.team)
    take(just, "ons4", ons4(4), days_ago(report.FOLLOW_UP_AT_LEAST_DAYS))
    take(just, "ons4", ons4(6), days_ago(0))
    found = report.change_report({cast.team.pk})
    assert _row(found, "ons4", "satisfied").n == 6  # `just` counts, `late` does not


def test_too_few_people_and_other_teams_left_out(cast, five):
    other = PersonFactory(team=cast.other_team)
    take(other, "ucla3", ucla3(3, 3, 3), days_ago(200))
    take(other, "ucla3", ucla3(1, 1, 1), days_ago(10))
    mine = report.change_report({cast.team.pk})
    assert _row(mine, "ucla3", "total").n == 0
    assert _row(mine, "ucla3", "total").too_few
    theirs = report.change_report({cast.other_team.pk})
    total = _row(theirs, "ucla3", "total")
    assert total.n == 1
    assert total.too_few
    assert _row(theirs, "ons4", "satisfied").n == 0


def test_the_period_chooses_by_the_baseline_date(cast, five):
    assert _row(report.change_report({cast.team.pk}, since=days_ago(199)), "ons4", "happy").n == 0
    assert _row(report.change_report({cast.team.pk}, until=days_ago(200)), "ons4", "happy").n == 5
    assert (
        _row(report.change_report({cast.team.pk}, since=days_ago(201), until=days_ago(199)),
             "ons4", "happy").n
        == 5
    )  # fmt: skip


def test_network_size_and_outside_share_from_first_and_latest_snapshots(cast):
    person = PersonFactory(team=cast.team, started_on=days_ago(365))
    friend = ConnectionFactory(person=person, kind="friend", inside_services=False,
                               started_on=days_ago(300))  # fmt: skip
    ConnectionFactory(person=person, kind="worker", inside_services=True, started_on=days_ago(300))
    network_services.snapshot_take(
        person=person, taken_on=days_ago(200), kind=SnapshotKind.BASELINE, by=None
    )
    ConnectionFactory(person=person, kind="group", inside_services=False, started_on=days_ago(100))
    ConnectionFactory(person=person, kind="family", inside_services=False, started_on=days_ago(90))
    friend.ended_on = days_ago(50)
    friend.save()
    wrong = network_services.snapshot_take(
        person=person, taken_on=days_ago(10), kind=SnapshotKind.REVIEW, by=None
    )
    # The correction replaces the latest snapshot: the same map, so the same numbers.
    network_services.snapshot_take(
        person=person, taken_on=days_ago(9), kind=SnapshotKind.REVIEW, by=None, corrects=wrong
    )
    found = report.change_report({cast.team.pk})
    size = _row(found, report.NETWORK, report.SIZE)
    share = _row(found, report.NETWORK, report.OUTSIDE)
    assert size.n == 1
    assert (size.change.mean_before, size.change.mean_after) == (2, 3)  # friend ended
    assert (share.change.mean_before, share.change.mean_after) == (50, pytest.approx(200 / 3))


def _queries(team_ids):
    with CaptureQueriesContext(connection) as queries:
        report.change_report(team_ids)
    return len(queries)


def test_the_same_number_of_queries_however_many_people(cast, five):
    few = _queries({cast.team.pk})
    for n in range(6):
        person = PersonFactory(team=cast.team)
        take(person, "ucla3", ucla3(3, 2, n % 3 + 1), days_ago(150))
        take(person, "ucla3", ucla3(2, 1, 1), days_ago(5))
        network_services.snapshot_take(
            person=person, taken_on=days_ago(150), kind=SnapshotKind.BASELINE, by=None
        )
    assert _queries({cast.team.pk}) == few == 3


def test_no_teams_no_queries_for_people(cast):
    found = report.change_report(set())
    assert found.rows == []
    assert found.people == 0


def test_only_questionnaires_the_teams_organisation_can_ask(cast):
    from connecting_people.outcomes import services
    from tests.outcomes.helpers import licensed_swemwbs_data

    services.instrument_load(
        data=licensed_swemwbs_data(), by=None, organisation=cast.elsewhere_team.organisation
    )
    theirs = {r.measure.group for r in report.change_report({cast.elsewhere_team.pk}).rows}
    ours = {r.measure.group for r in report.change_report({cast.team.pk}).rows}
    assert "swemwbs" in theirs
    assert "swemwbs" not in ours
    assert {"ons4", "ucla3", "ons-lonely", report.NETWORK} <= ours
