"""`GET /api/fhir/Patient/{id}/$everything` with a token: the same Bundle as `cpi export_fhir`,
only for the token's own team, audited with the token (issue 19)."""

from __future__ import annotations

import json

import pytest

from connecting_people.core.models import AuditAction, AuditEvent
from tests.api.fhir.builders import checked, full_person, of_type
from tests.factories import PersonFactory, TeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


def _path(pk, related: bool = False) -> str:
    return f"/api/fhir/Patient/{pk}/$everything" + ("?related=true" if related else "")


@pytest.fixture
def person(cast):
    return full_person(cast)


def test_a_token_gets_the_persons_bundle_as_fhir_json_audited_with_the_token(cast, api, person):
    response = api(scopes=["plans:read"]).get(_path(person.pk))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/fhir+json"
    bundle = checked(json.loads(response.content))
    assert bundle["type"] == "searchset"
    assert of_type(bundle, "Patient")[0]["id"] == str(person.pk)
    assert not of_type(bundle, "RelatedPerson")  # only when asked for
    viewed = AuditEvent.objects.filter(
        action=AuditAction.VIEWED, target_type="people.person", target_id=str(person.pk)
    )
    assert viewed.count() == 1  # one event for one read, naming the token
    assert viewed.get().detail["token"]
    assert viewed.get().detail["fhir"]


def test_the_people_on_their_map_only_when_asked_for(cast, api, person):
    bundle = json.loads(api(scopes=["plans:read"]).get(_path(person.pk, related=True)).content)
    assert of_type(checked(bundle), "RelatedPerson")


def test_another_teams_person_is_404_as_a_problem_and_audited(cast, api):
    elsewhere = PersonFactory()
    response = api(scopes=["plans:read"]).get(_path(elsewhere.pk))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED).exists()
    assert not AuditEvent.objects.filter(
        action=AuditAction.VIEWED, target_id=str(elsewhere.pk)
    ).exists()


def test_only_the_tokens_own_team_though_its_owner_works_in_another(cast, api, make_token):
    second = TeamFactory(organisation=cast.team.organisation)
    TeamMembershipFactory(team=second, user=cast.practitioner)
    there = PersonFactory(team=second)
    response = api(scopes=["plans:read"]).get(_path(there.pk))  # a token for North only
    assert response.status_code == 404


@pytest.mark.parametrize("scopes", [["people:read"], ["people:read", "people:write"]])
def test_a_token_without_plans_read_is_403(cast, api, person, scopes):
    response = api(scopes=scopes).get(_path(person.pk))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_no_token_is_401(cast, client, person):
    response = client.get(_path(person.pk))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_its_openapi_document_describes_the_operation(client):
    paths = client.get("/api/fhir/openapi.json").json()["paths"]
    assert "/api/fhir/Patient/{pk}/$everything" in paths
