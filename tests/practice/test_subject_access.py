"""The subject access export (issue 15): everything held about one person, as JSON and a readable
page, with items naming other people and the team's own notes flagged for review; for the
person's team only."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.network.services import story_share
from connecting_people.people import services
from connecting_people.practice.subject_access import (
    SECTIONS,
    as_html,
    as_json,
    subject_access,
)
from tests.plans.factories import ContactFactory, PersonFactory
from tests.research.conftest import PLANTED, world  # noqa: F401  (the fixture)

# Planted values that belong to someone or something else, never to Ottoline's record.
NOT_HERS = {
    "team",
    "other_team",
    "organisation",
    "elsewhere_person",
    "north_names",
    "south_names",
    "connector_offers",
    "connector",
}


@pytest.fixture
def ottoline(world, cast):  # noqa: F811
    person = world.ottoline
    services.consent_record(
        person=person,
        kind="email",
        given=True,
        on=dt.date(2024, 3, 18),
        note="Said so at the first meeting",
        by=cast.practitioner,
    )
    story_share(person=person, text="Fran and I sing in the choir now", by=cast.practitioner)
    # issue 14: what she wrote in her own space
    services.different_view_add(
        person=person, about_kind="what_matters", about_id=person.pk, text="Mine", by=None
    )
    services.own_update_add(person=person, text="The choir was lovely", by=None)
    return person


def _held(person):
    return json.loads(as_json(subject_access(person)))


def test_it_holds_every_kind_of_record(ottoline):
    held = _held(ottoline)
    for key, _heading in SECTIONS:
        assert held[key], f"nothing in {key}"
    text = json.dumps(held, ensure_ascii=False)
    for name, value in PLANTED.items():
        if name not in NOT_HERS:
            assert value in text, name
    assert "Said so at the first meeting" in text
    assert held["shared_stories"][0]["text"]["review"] == "third party"
    assert held["consents"][0]["kind"] == "Being contacted by email"


def test_the_audit_trail_names_staff_and_times(ottoline, cast):
    trail = _held(ottoline)["audit_trail"]
    assert any(e["who"] == "Pat Practitioner" and e["at"] for e in trail)
    assert {"record", "what", "who", "at"} == set(trail[0])


def test_third_parties_and_worker_notes_are_flagged(ottoline):
    held = _held(ottoline)
    labels = {c["label"]["value"]: c["label"]["review"] for c in held["connections"]}
    assert labels[PLANTED["connection"]] == "third party"
    assert len(labels) == 3
    assert all(review == "third party" for review in labels.values())
    contact = held["contacts"][0]
    assert contact["people_met"] == {"value": PLANTED["people_met"], "review": "third party"}
    assert contact["follow_ups"]["review"] == "worker note"
    notes = [s["notes"] for s in held["steps"] if s["notes"]]
    assert notes == [{"value": PLANTED["step_notes"], "review": "worker note"}]
    html = as_html(subject_access(ottoline), ottoline)
    assert f"<mark>Review: third party</mark> {PLANTED['connection']}" in html
    assert "<mark>Review: worker note</mark>" in html
    assert "Before this is released" in html
    assert "style" not in html
    assert "<script" not in html


def test_json_is_valid_and_stable(ottoline):
    first, second = subject_access(ottoline), subject_access(ottoline)
    first.pop("about"), second.pop("about")
    assert as_json(first) == as_json(second)
    json.loads(as_json(first))


def test_queries_do_not_grow_with_the_rows(cast):
    person = PersonFactory(team=cast.team)
    ContactFactory(person=person, recorded_by=cast.practitioner)
    with CaptureQueriesContext(connection) as few:
        subject_access(person)
    for _ in range(30):
        ContactFactory(person=person, recorded_by=cast.practitioner, people_met="Someone")
    with CaptureQueriesContext(connection) as many:
        held = subject_access(person)
    assert len(held["contacts"]) == 31
    assert len(many) == len(few)


def _download(client, person):
    return client.post(reverse("practice:subject_access", args=[person.pk]))


def test_the_team_downloads_a_zip_and_it_is_audited_without_values(sign_in, cast, ottoline):
    response = _download(sign_in(cast.practitioner), ottoline)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["person.html", "person.json"]
        assert PLANTED["connection"] in archive.read("person.html").decode()
        json.loads(archive.read("person.json"))
    event = AuditEvent.objects.filter(action=AuditAction.EXPORTED).get()
    assert (event.actor, event.target_id) == (cast.practitioner, str(ottoline.pk))
    assert event.detail == {"export": "subject access"}


@pytest.mark.parametrize("who", ["other_practitioner", "elsewhere_lead", "evaluator", "org_admin"])
def test_anyone_else_is_refused_and_that_is_audited(sign_in, cast, ottoline, who):
    response = _download(sign_in(getattr(cast, who)), ottoline)
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).exists()


def test_it_only_takes_a_post(sign_in, cast, ottoline):
    url = reverse("practice:subject_access", args=[ottoline.pk])
    assert sign_in(cast.practitioner).get(url).status_code == 405


def test_the_person_page_offers_it(sign_in, cast, ottoline):
    html = sign_in(cast.practitioner).get(ottoline.get_absolute_url()).content.decode()
    assert "Download everything we hold" in html
    assert reverse("practice:subject_access", args=[ottoline.pk]) in html


def test_the_command_writes_the_zip_and_is_audited(ottoline, tmp_path):
    out = io.StringIO()
    target = tmp_path / "sar.zip"
    call_command("export_subject", str(ottoline.pk), str(target), stdout=out)
    assert "Wrote" in out.getvalue()
    with zipfile.ZipFile(target) as archive:
        held = json.loads(archive.read("person.json"))
    assert held["record"]["preferred_name"] == PLANTED["preferred_name"]
    assert target.stat().st_mode & 0o077 == 0
    assert AuditEvent.objects.filter(action=AuditAction.EXPORTED, actor=None).exists()
