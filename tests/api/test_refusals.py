"""Every endpoint against every refusal (issue 19): another team's record, expired and revoked
tokens, scopes that do not cover it, and evaluators' tokens; a refused change changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from connecting_people.accounts.models import ApiToken
from connecting_people.accounts.tokens import token_revoke
from connecting_people.people.models import Person
from connecting_people.plans.models import Contact
from tests.api.conftest import ApiClient
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # {pk}: a person's id
    scope: str
    body: dict | None = None
    if_match: bool = False

    @property
    def writes(self) -> bool:
        return self.scope.endswith(":write")


TODAY = timezone.localdate().isoformat()
CONTACT = {"happened_on": TODAY, "kind": "meeting", "what_happened": "Tea and a chat."}
ENDPOINTS = {
    "person_list": Endpoint("get", "/api/v1/people", "people:read"),
    "person_detail": Endpoint("get", "/api/v1/people/{pk}", "people:read"),
    "person_create": Endpoint("post", "/api/v1/people", "people:write", {"preferred_name": "Ria"}),
    "person_update": Endpoint(
        "patch", "/api/v1/people/{pk}", "people:write", {"pronouns": "they/them"}, if_match=True
    ),
    "person_status": Endpoint(
        "post",
        "/api/v1/people/{pk}/status",
        "people:write",
        {"action": "moving-on", "on": TODAY},
        if_match=True,
    ),
    "contact_list": Endpoint("get", "/api/v1/people/{pk}/contacts", "plans:read"),
    "contact_log": Endpoint("post", "/api/v1/people/{pk}/contacts", "plans:write", CONTACT),
}
ALL = ["people:read", "people:write", "plans:read", "plans:write"]


def _call(client: ApiClient, endpoint: Endpoint, person: Person):
    path = endpoint.path.format(pk=person.pk)
    headers = (
        {"HTTP_IF_MATCH": f'"person-{person.pk}-v{person.version}"'} if endpoint.if_match else {}
    )
    if endpoint.method == "get":
        return client.get(path, **headers)
    return getattr(client, endpoint.method)(path, endpoint.body, **headers)


def _state():
    return (
        list(Person.objects.order_by("pk").values_list("pk", "version", "pronouns", "status")),
        Contact.objects.count(),
    )


@pytest.fixture
def people(cast):
    return (
        PersonFactory(team=cast.team, preferred_name="Sam Quillon"),
        PersonFactory(team=cast.other_team, preferred_name="Sid Sidonius"),
    )


@pytest.mark.parametrize("name", ENDPOINTS)
def test_allowed(cast, api, people, name):
    endpoint = ENDPOINTS[name]
    response = _call(api(scopes=[endpoint.scope]), endpoint, people[0])
    assert response.status_code in (200, 201), response.content
    assert b"Sidonius" not in response.content


@pytest.mark.parametrize("name", [n for n in ENDPOINTS if "{pk}" in ENDPOINTS[n].path])
def test_another_teams_record_is_404_and_unchanged(cast, api, people, name):
    before = _state()
    response = _call(api(scopes=ALL), ENDPOINTS[name], people[1])
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert _state() == before


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize("how", ["expired", "revoked", "owner switched off", "owner left"])
def test_a_dead_token_is_401_and_changes_nothing(cast, make_token, people, name, how):
    client = ApiClient(make_token(scopes=ALL))
    row = ApiToken.objects.get()
    if how == "expired":
        ApiToken.objects.update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    elif how == "revoked":
        token_revoke(token=row, by=cast.practitioner)
    elif how == "owner switched off":
        type(cast.practitioner).objects.filter(pk=cast.practitioner.pk).update(is_active=False)
    else:
        cast.practitioner.team_memberships.all().delete()
    before = _state()
    response = _call(client, ENDPOINTS[name], people[0])
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert _state() == before


@pytest.mark.parametrize("name", ENDPOINTS)
def test_scopes_that_do_not_cover_it_are_403_and_change_nothing(cast, api, people, name):
    endpoint = ENDPOINTS[name]
    area, _kind = endpoint.scope.split(":")
    # reads of the other area; writes with this area's read only
    scopes = [f"{area}:read"] if endpoint.writes else [s for s in ALL if not s.startswith(area)]
    before = _state()
    response = _call(api(scopes=scopes), endpoint, people[0])
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("name", ENDPOINTS)
def test_an_evaluators_token_writes_nothing_and_reads_no_record(cast, api, people, name):
    endpoint = ENDPOINTS[name]
    client = api(
        cast.evaluator, scopes=["people:read", "plans:read"], organisation=cast.organisation
    )
    ApiToken.objects.filter(user=cast.evaluator).update(scopes=ALL)  # even if its scopes said so
    before = _state()
    response = _call(client, endpoint, people[0])
    if endpoint.writes:
        assert response.status_code == 403
    elif "{pk}" in endpoint.path:
        assert response.status_code == 404
    else:
        assert response.json()["items"] == []
    assert _state() == before
