"""ChangePair: each person's baseline and latest follow-up score, kept in step with their
responses, and the report's sums from it agreeing with working the pairs out one by one."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from connecting_people.network import services as network_services
from connecting_people.network.models import Snapshot, SnapshotKind
from connecting_people.outcomes import pairs, report, services, stats
from connecting_people.outcomes.models import ChangePair
from connecting_people.outcomes.pairs import network_pairs_from
from tests.factories import PersonFactory
from tests.network.factories import ConnectionFactory
from tests.outcomes.change_helpers import days_ago, ons4, take, ucla3

D = dt.date


def _scores(**values):
    return {"scores": {k: {"value": v} for k, v in values.items()}}


def _stored(person):
    return {
        (p.instrument, p.score): (p.baseline_on, p.latest_on, p.before, p.after)
        for p in ChangePair.objects.filter(person=person)
    }


def test_the_first_and_the_latest_at_least_eight_weeks_later():
    responses = [
        (D(2026, 1, 1), 3, _scores(total=5, band=None)),
        (D(2026, 1, 1), 1, _scores(total=4)),  # same day, recorded first: the baseline
        (D(2026, 2, 1), 9, _scores(total=9)),
        (D(2026, 5, 1), 2, _scores(total=7, extra=1)),  # the latest
    ]
    assert pairs.pairs_from(responses) == [("total", D(2026, 1, 1), D(2026, 5, 1), 4.0, 7.0)]


def test_no_pair_without_a_follow_up_eight_weeks_on():
    first = (D(2026, 1, 1), 1, _scores(total=4))
    assert pairs.pairs_from([first]) == []
    assert pairs.pairs_from([first, (D(2026, 2, 25), 2, _scores(total=6))]) == []  # 55 days
    assert pairs.pairs_from([first, (D(2026, 2, 26), 2, _scores(total=6))]) == [
        ("total", D(2026, 1, 1), D(2026, 2, 26), 4.0, 6.0)
    ]


def test_a_score_missing_at_either_end_is_not_paired():
    responses = [
        (D(2026, 1, 1), 1, _scores(a=1, b=None, c=2.5)),
        (D(2026, 6, 1), 2, {"scores": {"a": {"value": 3}, "b": {"value": 1}, "c": "broken"}}),
    ]
    assert pairs.pairs_from(responses) == [("a", D(2026, 1, 1), D(2026, 6, 1), 1.0, 3.0)]


def test_completing_and_correcting_keep_the_pairs_in_step(cast):
    person = PersonFactory(team=cast.team)
    take(person, "ons4", ons4(2, anxious=8), days_ago(120))
    assert _stored(person) == {}
    latest = take(person, "ons4", ons4(7, anxious=3), days_ago(10))
    found = _stored(person)
    assert found[("ons4", "satisfied")] == (days_ago(120), days_ago(10), 2.0, 7.0)
    assert found[("ons4", "anxious")] == (days_ago(120), days_ago(10), 8.0, 3.0)
    latest.refresh_from_db()
    services.response_save_answers(
        response=latest, by=cast.practitioner, answers={"satisfied": 9}, version=latest.version
    )
    assert _stored(person)[("ons4", "satisfied")] == (days_ago(120), days_ago(10), 2.0, 9.0)


def test_rebuild_gives_what_the_services_kept(cast):
    people = [PersonFactory(team=cast.team) for _ in range(3)]
    for n, person in enumerate(people):
        take(person, "ucla3", ucla3(3, 3, n + 1), days_ago(200))
        take(person, "ucla3", ucla3(1, 2, 1), days_ago(100 - n * 30))
        take(person, "ons4", ons4(n), days_ago(90))
    kept = {p.pk: _stored(p) for p in people}
    ChangePair.objects.update(after=-1)  # out of step, as after a bulk load
    assert pairs.rebuild() == sum(len(v) for v in kept.values())
    assert {p.pk: _stored(p) for p in people} == kept


def test_the_report_from_sums_agrees_with_the_pairs_one_by_one(cast):
    values = [(4, 6), (5, 6), (3, 5), (6, 6), (2, 5), (7, 1)]
    for before, after in values:
        person = PersonFactory(team=cast.team)
        take(person, "ons4", ons4(before), days_ago(200))
        take(person, "ons4", ons4(after), days_ago(20))
    row = next(r for r in report.change_report({cast.team.pk}).rows if r.measure.id == "satisfied")
    expected = stats.paired_change([(float(b), float(a)) for b, a in values])
    assert row.change.n == expected.n == 6
    for field in ("mean_before", "mean_after", "mean_change", "sd_change", "ci_low", "ci_high"):
        assert abs(getattr(row.change, field) - getattr(expected, field)) < 1e-9, field


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10) | st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2)),
            st.integers(0, 10) | st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2)),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_sums_give_the_same_summary_as_the_pairs(values):
    pairs_ = [(float(b), float(a)) for b, a in values]
    direct = stats.paired_change(pairs_)
    changes = [a - b for b, a in pairs_]
    summed = stats.paired_change_from_sums(
        stats.Sums(
            n=len(pairs_),
            before=sum(b for b, _ in pairs_),
            after=sum(a for _, a in pairs_),
            change=sum(changes),
            change_squared=sum(c * c for c in changes),
        )
    )
    assert summed.n == direct.n
    assert abs(summed.mean_change - direct.mean_change) < 1e-9
    if direct.sd_change is None:
        assert summed.sd_change is None
    else:
        assert abs(summed.sd_change - direct.sd_change) < 1e-6 * max(1, direct.sd_change)
        if direct.sd_change == 0 or direct.sd_change > 1e-3:
            # No spread at all, or a clear one: both agree on whether there is an effect size.
            assert (summed.d_z is None) == (direct.d_z is None)


def test_snapshots_keep_their_counts_and_the_network_pairs_follow_them(cast):
    person = PersonFactory(team=cast.team, started_on=days_ago(365))
    friend = ConnectionFactory(person=person, kind="friend", inside_services=False,
                               started_on=days_ago(300))  # fmt: skip
    ConnectionFactory(person=person, kind="worker", inside_services=True, started_on=days_ago(300))
    first = network_services.snapshot_take(
        person=person, taken_on=days_ago(200), kind=SnapshotKind.BASELINE, by=None
    )
    assert not ChangePair.objects.filter(person=person).exists()  # no follow-up yet
    ConnectionFactory(person=person, kind="group", inside_services=False, started_on=days_ago(90))
    ConnectionFactory(person=person, kind="family", inside_services=False, started_on=days_ago(80))
    friend.ended_on = days_ago(50)
    friend.save()
    latest = network_services.snapshot_take(
        person=person, taken_on=days_ago(10), kind=SnapshotKind.REVIEW, by=None
    )
    first.refresh_from_db()
    latest.refresh_from_db()
    assert (first.current_count, first.outside_count) == (2, 1)
    assert (latest.current_count, latest.outside_count) == (3, 2)  # friend ended, two began
    kept = _stored(person)
    assert kept[(pairs.NETWORK, pairs.SIZE)] == (days_ago(200), days_ago(10), 2.0, 3.0)
    assert kept[(pairs.NETWORK, pairs.OUTSIDE)] == (days_ago(200), days_ago(10), 50.0, 200 / 3)
    # Snapshots stored without their counts (loaded some other way) are counted from entries.
    Snapshot.objects.update(current_count=None, outside_count=None)
    ChangePair.objects.all().delete()
    pairs.refresh_networks([person.pk])
    assert _stored(person) == kept
    # A correction replaces the latest snapshot.
    network_services.snapshot_take(
        person=person, taken_on=days_ago(60), kind=SnapshotKind.REVIEW, by=None, corrects=latest
    )
    assert _stored(person)[(pairs.NETWORK, pairs.SIZE)][1] == days_ago(60)


def test_network_pairs_leave_out_corrected_snapshots_and_empty_maps():
    snapshots = [
        (D(2026, 1, 1), 1, None, 0, 0),
        (D(2026, 6, 1), 2, None, 4, 1),
        (D(2026, 7, 1), 3, None, 9, 9),
        (D(2026, 7, 2), 4, 3, 5, 2),  # corrects 3
    ]
    assert network_pairs_from(snapshots) == [
        ("size", D(2026, 1, 1), D(2026, 7, 2), 0.0, 5.0)  # no share: the first map was empty
    ]
    assert network_pairs_from(snapshots[:1]) == []


def test_the_command_rebuilds_them(cast):
    from io import StringIO

    from django.core.management import call_command

    person = PersonFactory(team=cast.team)
    take(person, "ucla3", ucla3(3, 3, 3), days_ago(200))
    take(person, "ucla3", ucla3(1, 2, 1), days_ago(20))
    ChangePair.objects.all().delete()
    out = StringIO()
    call_command("rebuild_outcomes", stdout=out)
    assert "Worked out 1 baseline and latest scores." in out.getvalue()
    assert ChangePair.objects.filter(person=person, instrument="ucla3").count() == 1
