"""Contacts on a person through the API (issue 19)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.plans.models import Contact
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(cast):
    return PersonFactory(team=cast.team)


def _contact(today=None):
    return {
        "happened_on": (today or timezone.localdate()).isoformat(),
        "kind": "meeting",
        "what_happened": "Went to the library café together.",
        "went_along": True,
    }


def test_log_a_contact_and_list_it(cast, api, sam):
    client = api()
    response = client.post(f"/api/v1/people/{sam.pk}/contacts", _contact())
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(person=sam)
    assert (contact.went_along, contact.learned_skill, contact.recorded_by) == (
        True,
        False,
        cast.practitioner,
    )
    assert AuditEvent.objects.get(
        action=AuditAction.CREATED, target_type="plans.contact", target_id=str(contact.pk)
    ).detail["token"]
    listed = client.get(f"/api/v1/people/{sam.pk}/contacts").json()
    assert [c["id"] for c in listed["items"]] == [contact.pk]


def test_contacts_page_newest_first(cast, api, sam):
    client = api()
    for _ in range(3):
        assert client.post(f"/api/v1/people/{sam.pk}/contacts", _contact()).status_code == 201
    first = client.get(f"/api/v1/people/{sam.pk}/contacts?limit=2").json()
    second = client.get(first["next"]).json()
    ids = [c["id"] for c in first["items"] + second["items"]]
    assert ids == sorted(Contact.objects.values_list("pk", flat=True), reverse=True)
    assert second["next"] is None


def test_a_cursor_of_another_persons_contacts_is_400(cast, api, sam):
    other = PersonFactory(team=cast.team)
    client = api()
    for _ in range(2):
        client.post(f"/api/v1/people/{sam.pk}/contacts", _contact())
    cursor = (
        client.get(f"/api/v1/people/{sam.pk}/contacts?limit=1").json()["next"].split("cursor=")[1]
    )
    assert client.get(f"/api/v1/people/{other.pk}/contacts?cursor={cursor}").status_code == 400


def test_a_contact_in_the_future_is_422_with_the_forms_words(cast, api, sam):
    import datetime as dt

    response = api().post(
        f"/api/v1/people/{sam.pk}/contacts", _contact(timezone.localdate() + dt.timedelta(days=2))
    )
    assert response.status_code == 422
    assert response.json()["errors"]["happened_on"] == ["The date cannot be in the future"]


def test_another_teams_persons_contacts_are_404(cast, api):
    sid = PersonFactory(team=cast.other_team)
    client = api()
    assert client.get(f"/api/v1/people/{sid.pk}/contacts").status_code == 404
    assert client.post(f"/api/v1/people/{sid.pk}/contacts", _contact()).status_code == 404
    assert not Contact.objects.exists()


def test_contacts_need_the_plans_scopes(cast, api, sam):
    client = api(scopes=["people:read", "people:write", "plans:read"])
    assert client.get(f"/api/v1/people/{sam.pk}/contacts").status_code == 200
    assert client.post(f"/api/v1/people/{sam.pk}/contacts", _contact()).status_code == 403
    assert api(scopes=["people:write"]).get(f"/api/v1/people/{sam.pk}/contacts").status_code == 403
    assert not Contact.objects.exists()


def test_an_evaluators_token_logs_nothing(cast, api, sam):
    client = api(cast.evaluator, scopes=["plans:read"], organisation=cast.organisation)
    assert client.get(f"/api/v1/people/{sam.pk}/contacts").status_code == 404
    assert client.post(f"/api/v1/people/{sam.pk}/contacts", _contact()).status_code == 403
