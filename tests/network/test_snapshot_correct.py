"""Correcting a snapshot: a new snapshot of the map as it stands now replaces a wrong one, which
is kept but no longer counted. Who may, the date rules, refusing a second correction (also when
two race), and that the history and the report of change use the correction."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection as db
from django.test import Client
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.network import selectors, services
from connecting_people.network.models import Snapshot, SnapshotKind
from connecting_people.outcomes.models import ChangePair
from connecting_people.outcomes.pairs import NETWORK, SIZE
from tests.network.factories import PersonFactory, build_map, days_ago

ALLOWED = ["practitioner", "team_lead", "both_teams"]
REFUSED = ["other_practitioner", "elsewhere_lead", "outsider", "evaluator", "org_admin"]


def _date(days_back=0):
    return days_ago(days_back).strftime("%d/%m/%Y")


@pytest.fixture
def person(cast):
    return PersonFactory(
        team=cast.team, preferred_name="Sam", keyworker=cast.practitioner, started_on=days_ago(400)
    )


@pytest.fixture
def snapshots(cast, person):
    """A baseline 100 days ago with three people on the map, and a review 10 days ago; then two
    people who had been missed are added (they had started 200 days ago)."""
    build_map(person, cast.practitioner, 3, prefix="Aunt", started_ago=300)
    baseline = services.snapshot_take(
        person=person, taken_on=days_ago(100), kind=SnapshotKind.BASELINE, by=cast.practitioner
    )
    review = services.snapshot_take(
        person=person, taken_on=days_ago(10), kind=SnapshotKind.REVIEW, by=cast.practitioner
    )
    build_map(person, cast.practitioner, 2, prefix="Missed", started_ago=200)
    return baseline, review


def _url(person, snapshot):
    return reverse("network:snapshot_correct", args=[person.pk, snapshot.pk])


def _correct(person, old, by, **kwargs):
    return services.snapshot_take(
        person=person,
        taken_on=kwargs.pop("taken_on", old.taken_on),
        kind=old.kind,
        by=by,
        note=kwargs.pop("note", "Two people were missed"),
        corrects=old,
    )


# Who may ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ALLOWED)
def test_correction_page_open_to_the_persons_team(sign_in, cast, person, snapshots, who):
    baseline, _review = snapshots
    response = sign_in(getattr(cast, who)).get(_url(person, baseline))
    html = response.content.decode()
    assert response.status_code == 200
    assert "The map as it stands now (5 connections) becomes a new snapshot" in html
    assert "The new snapshot replaces this one." in html
    assert "kept, but it is no longer counted" in html
    assert f'value="{_date(100)}"' in html  # the date defaults to the old snapshot's
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, actor=getattr(cast, who), target_type="people.person"
    ).exists()


@pytest.mark.parametrize("who", ALLOWED)
def test_correcting_a_snapshot(sign_in, cast, person, snapshots, who):
    baseline, _review = snapshots
    client = sign_in(getattr(cast, who))
    response = client.post(
        _url(person, baseline), {"taken_on": _date(100), "note": "Two people were missed"}
    )
    correction = Snapshot.objects.get(corrects=baseline)
    assert response.status_code == 302
    assert response.url == reverse("network:snapshot", args=[person.pk, correction.pk])
    assert correction.kind == SnapshotKind.BASELINE
    assert correction.taken_on == days_ago(100)
    assert correction.note == "Two people were missed"
    assert correction.entries.count() == 5
    assert correction.taken_by == getattr(cast, who)
    page = client.get(response.url).content.decode()
    assert "Snapshot corrected: this one replaces the snapshot of" in page
    assert "govuk-notification-banner--success" in page
    assert "This snapshot corrects the one of" in page


@pytest.mark.parametrize("who", REFUSED)
def test_correction_refused_as_not_found(sign_in, cast, person, snapshots, who):
    baseline, _review = snapshots
    client = sign_in(getattr(cast, who))
    assert client.get(_url(person, baseline)).status_code == 404
    response = client.post(_url(person, baseline), {"taken_on": _date(100), "note": "Sneaky"})
    assert response.status_code == 404
    assert b"Aunt 0" not in response.content
    assert not Snapshot.objects.filter(corrects=baseline).exists()
    assert Snapshot.objects.count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).exists()


def test_correction_needs_sign_in(client, person, snapshots):
    baseline, _review = snapshots
    for response in (
        client.get(_url(person, baseline)),
        client.post(_url(person, baseline), {"taken_on": _date(100), "note": "Why"}),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse(settings.LOGIN_URL))
    assert Snapshot.objects.count() == 2


def test_a_snapshot_of_someone_else_cannot_be_corrected_under_this_persons_address(
    sign_in, cast, person, snapshots
):
    other = PersonFactory(team=cast.team, started_on=days_ago(400))
    theirs = services.snapshot_take(
        person=other, taken_on=days_ago(5), kind="baseline", by=cast.practitioner
    )
    client = sign_in(cast.practitioner)
    assert client.get(_url(person, theirs)).status_code == 404
    assert client.post(_url(person, theirs), {"taken_on": _date(5), "note": "x"}).status_code == 404
    assert not Snapshot.objects.filter(corrects=theirs).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.REFUSED, detail__model="network.snapshot"
    ).exists()


def test_the_service_refuses_to_correct_another_persons_snapshot(cast, person, snapshots):
    other = PersonFactory(team=cast.team, started_on=days_ago(400))
    theirs = services.snapshot_take(
        person=other, taken_on=days_ago(5), kind="baseline", by=cast.practitioner
    )
    with pytest.raises(ValidationError, match="not one of this person's"):
        _correct(person, theirs, cast.practitioner)
    assert not Snapshot.objects.filter(corrects=theirs).exists()


# The date and the note ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"taken_on": _date(-1)}, "A snapshot cannot be dated in the future"),
        ({"taken_on": _date(401)}, "The date cannot be before they started with the team"),
        ({"taken_on": ""}, "Enter the date of the snapshot"),
        ({"taken_on": "31/02/2025"}, "Enter the date of the snapshot as a real date"),
        ({"taken_on": _date(100), "note": ""}, "Say why the snapshot needs correcting"),
    ],
)
def test_correction_form_says_what_to_fix(sign_in, cast, person, snapshots, data, message):
    baseline, _review = snapshots
    response = sign_in(cast.practitioner).post(
        _url(person, baseline), {"note": "Two people were missed", **data}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    if data.get("note", True):
        assert "Two people were missed" in html  # what was typed is kept
    assert not Snapshot.objects.filter(corrects=baseline).exists()


def test_a_correction_may_be_dated_on_the_day_they_started(sign_in, cast, person, snapshots):
    baseline, _review = snapshots
    sign_in(cast.practitioner).post(_url(person, baseline), {"taken_on": _date(400), "note": "x"})
    assert Snapshot.objects.get(corrects=baseline).taken_on == days_ago(400)


# Only once ---------------------------------------------------------------------------------------


def test_a_corrected_snapshot_cannot_be_corrected_again(sign_in, cast, person, snapshots):
    baseline, _review = snapshots
    first = _correct(person, baseline, cast.team_lead)
    client = sign_in(cast.practitioner)
    page = client.get(_url(person, baseline)).content.decode()
    assert "This snapshot has already been corrected" in page
    assert reverse("network:snapshot", args=[person.pk, first.pk]) in page
    assert "<form" not in page.split("<main")[1]
    response = client.post(_url(person, baseline), {"taken_on": _date(100), "note": "Mine"})
    assert response.status_code == 200
    assert "This snapshot has already been corrected" in response.content.decode()
    assert list(Snapshot.objects.filter(corrects=baseline)) == [first]


def test_the_second_of_two_corrections_sees_the_first(cast, person, snapshots):
    """Both people opened the form before either saved: the service's own check refuses the
    second, whatever the page showed."""
    baseline, _review = snapshots
    stale = Snapshot.objects.get(pk=baseline.pk)
    _correct(person, baseline, cast.team_lead)
    with pytest.raises(ValidationError, match="This snapshot has already been corrected"):
        _correct(person, stale, cast.practitioner)
    assert Snapshot.objects.filter(corrects=baseline).count() == 1
    assert Snapshot.objects.count() == 3


@pytest.mark.skipif(
    db.vendor != "postgresql",
    reason="needs a database server: SQLite's shared in-memory test database cannot take two "
    "writers at once (this file runs on PostgreSQL too)",
)
@pytest.mark.django_db(transaction=True)
def test_two_corrections_racing_one_wins_one_is_refused(cast):
    person = PersonFactory(team=cast.team, started_on=days_ago(400))
    build_map(person, cast.practitioner, 2)
    old = services.snapshot_take(
        person=person, taken_on=days_ago(20), kind="baseline", by=cast.practitioner
    )
    barrier = threading.Barrier(2, timeout=30)
    results = {}

    def correct(user, note):
        client = Client()
        client.force_login(user)
        barrier.wait()
        response = client.post(_url(person, old), {"taken_on": _date(20), "note": note})
        results[note] = (response.status_code, response.content.decode())
        db.close()

    threads = [
        threading.Thread(target=correct, args=(cast.practitioner, "First")),
        threading.Thread(target=correct, args=(cast.team_lead, "Second")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = sorted(status for status, _html in results.values())
    assert statuses == [200, 302]
    refused = next(html for status, html in results.values() if status == 200)
    assert "This snapshot has already been corrected" in refused
    assert Snapshot.objects.filter(corrects=old).count() == 1


# Marked, and no longer counted -------------------------------------------------------------------


def test_a_corrected_snapshots_page_links_to_its_correction(sign_in, cast, person, snapshots):
    baseline, review = snapshots
    correction = _correct(person, baseline, cast.practitioner, taken_on=days_ago(99))
    client = sign_in(cast.practitioner)
    html = client.get(reverse("network:snapshot", args=[person.pk, baseline.pk])).content.decode()
    assert "Replaced by a correction on" in html
    assert days_ago(99).strftime("%-d %B %Y") in html
    assert reverse("network:snapshot", args=[person.pk, correction.pk]) in html
    assert "Correct this snapshot" not in html
    html = client.get(reverse("network:snapshot", args=[person.pk, review.pk])).content.decode()
    assert "Correct this snapshot" in html
    assert _url(person, review) in html
    assert "Replaced by a correction" not in html


def test_the_history_marks_the_corrected_snapshot_and_measures_from_the_correction(
    sign_in, cast, person, snapshots
):
    baseline, review = snapshots
    correction = _correct(person, baseline, cast.practitioner)
    history = selectors.snapshot_history(selectors.snapshots_for(person))
    by_pk = {v.pk: v for v in history}
    assert by_pk[baseline.pk].replaced_by == correction
    assert by_pk[correction.pk].replaced_by is None
    assert [v.pk for v in selectors.kept(history)] == [correction.pk, review.pk]
    # The review is measured against the correction (five people), not the old baseline (three).
    assert by_pk[review.pk].previous == by_pk[correction.pk].state
    assert by_pk[review.pk].measures.size == 3
    assert by_pk[review.pk].measures.ended_since_previous == 2  # the two who were missed
    network = selectors.person_network(person)
    assert network["latest"].pk == review.pk
    html = sign_in(cast.practitioner).get(reverse("network:map", args=[person.pk])).content
    html = html.decode()
    assert f'id="replaced-{baseline.pk}"' in html
    assert html.count("Replaced by a correction") == 1


def test_the_report_pairs_use_the_correction(cast, person, snapshots):
    baseline, _review = snapshots
    size = ChangePair.objects.get(person=person, instrument=NETWORK, score=SIZE)
    assert (size.baseline_on, size.before, size.after) == (days_ago(100), 3, 3)
    _correct(person, baseline, cast.practitioner)
    size = ChangePair.objects.get(person=person, instrument=NETWORK, score=SIZE)
    assert (size.baseline_on, size.latest_on) == (days_ago(100), days_ago(10))
    assert (size.before, size.after) == (5, 3)


def test_a_correction_is_audited_with_the_snapshot_it_corrects(cast, person, snapshots):
    baseline, _review = snapshots
    correction = _correct(person, baseline, cast.practitioner)
    event = AuditEvent.objects.get(
        action=AuditAction.CREATED, target_type="network.snapshot", target_id=str(correction.pk)
    )
    assert event.actor == cast.practitioner
    assert event.detail == {"connections": 5, "corrects": baseline.pk, "subject": person.pk}
    plain = AuditEvent.objects.get(
        action=AuditAction.CREATED, target_type="network.snapshot", target_id=str(baseline.pk)
    )
    assert "corrects" not in plain.detail


def test_who_is_around_and_then_and_now_leave_the_corrected_snapshot_out(cast, person, snapshots):
    from connecting_people.network.comparison import network_comparison

    _baseline, review = snapshots
    _correct(person, review, cast.practitioner)  # the review, with the two who were missed
    overview = selectors.network_overview(person)
    assert overview["snapshot_count"] == 2  # the baseline and the correction
    assert overview["latest"].corrects_id == review.pk
    assert overview["new_since"] == 0  # the correction already holds the two who were missed
    compared = network_comparison(person)
    assert review.pk not in [v.pk for v in compared["history"]]
    with pytest.raises(LookupError):
        network_comparison(person, then=str(review.pk))
