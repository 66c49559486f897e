"""The people endpoints: what each token may do, and every way it is refused (issue 19)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people.models import Person, Status
from tests.api.conftest import ApiClient
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people"
PROBLEM = "application/problem+json"


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert body["type"].startswith("https://")
    return body


@pytest.fixture
def sam(cast):
    return PersonFactory(team=cast.team, preferred_name="Sam Quillon", keyworker=cast.practitioner)


@pytest.fixture
def sid(cast):
    return PersonFactory(team=cast.other_team, preferred_name="Sid Sidonius")


# ── Reading ────────────────────────────────────────────────────────────────────────────────
def test_list_shows_the_tokens_team_only_and_audits_the_page(cast, api, sam, sid):
    response = api().get(PEOPLE)
    assert response.status_code == 200
    body = response.json()
    assert [p["id"] for p in body["items"]] == [sam.pk]
    assert body["next"] is None
    event = AuditEvent.objects.filter(action=AuditAction.VIEWED).latest("pk")
    assert event.detail["people"] == [sam.pk]
    assert event.detail["token"]


def test_a_worker_in_two_teams_sees_only_the_tokens_team(cast, api, sam, sid):
    other = api(cast.both_teams, team=cast.other_team)
    assert [p["id"] for p in other.get(PEOPLE).json()["items"]] == [sid.pk]
    assert other.get(f"{PEOPLE}/{sam.pk}").status_code == 404


def test_detail_has_the_record_and_its_etag(cast, api, sam):
    response = api().get(f"{PEOPLE}/{sam.pk}")
    assert response.status_code == 200
    assert response.json()["preferred_name"] == "Sam Quillon"
    assert response["ETag"] == f'"person-{sam.pk}-v{sam.version}"'
    assert response["Cache-Control"] == "private, no-store"


def test_another_teams_person_is_404_and_audited_as_refused(cast, api, sid):
    client = api()
    before = AuditEvent.objects.filter(action=AuditAction.REFUSED).count()
    _problem(client.get(f"{PEOPLE}/{sid.pk}"), 404)
    _problem(client.get(f"{PEOPLE}/999999"), 404)
    refused = AuditEvent.objects.filter(action=AuditAction.REFUSED).order_by("pk")
    assert refused.count() == before + 2
    assert refused.last().detail["token"]


def test_paging_walks_everyone_once_in_id_order(cast, api):
    people = [PersonFactory(team=cast.team) for _ in range(7)]
    client, seen, url = api(), [], f"{PEOPLE}?limit=3"
    while url:
        body = client.get(url).json()
        seen += [p["id"] for p in body["items"]]
        url = body["next"]
    assert seen == sorted(p.pk for p in people)


def test_a_cursor_changed_by_hand_is_a_400(cast, api):
    body = _problem(api().get(f"{PEOPLE}?cursor=abc"), 400)
    assert "cursor" in body["errors"]


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "status=gone", "keyworker=x"])
def test_filters_out_of_range_are_a_400_naming_the_field(cast, api, query):
    body = _problem(api().get(f"{PEOPLE}?{query}"), 400)
    assert query.split("=")[0] in body["errors"]


def test_filters(cast, api, sam):
    moved = PersonFactory(
        team=cast.team,
        status=Status.MOVED_ON,
        moved_on_on=timezone.localdate(),
        destination="other",
    )
    client = api()
    ids = lambda q: [p["id"] for p in client.get(f"{PEOPLE}?{q}").json()["items"]]  # noqa: E731
    assert ids("status=moved_on") == [moved.pk]
    assert set(ids("status=all")) == {sam.pk, moved.pk}
    assert ids("keyworker=me") == [sam.pk]
    assert ids(f"keyworker={cast.team_lead.pk}") == []
    Person.objects.filter(pk=sam.pk).update(updated_at=timezone.now() - dt.timedelta(days=3))
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert ids(f"modified_since={since.replace('+', '%2B')}&status=all") == [moved.pk]


def test_due_for_review_uses_the_caseloads_own_rule(cast, api, sam):
    from tests.plans.factories import GoalFactory

    GoalFactory(person=sam, review_on=timezone.localdate() - dt.timedelta(days=1))
    PersonFactory(team=cast.team)
    client = api()
    assert [p["id"] for p in client.get(f"{PEOPLE}?due_for_review=overdue").json()["items"]] == [
        sam.pk
    ]
    assert client.get(f"{PEOPLE}?due_for_review=soon").json()["items"] == []


# ── Tokens refused ─────────────────────────────────────────────────────────────────────────
def test_no_token_is_401_with_www_authenticate(cast):
    response = ApiClient(None).get(PEOPLE)
    _problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_401_and_audited(cast, make_token):
    raw = make_token()
    before = AuditEvent.objects.filter(action=AuditAction.REFUSED).count()
    _problem(ApiClient(raw[:-2] + "xx").get(PEOPLE), 401)
    _problem(ApiClient("nonsense").get(PEOPLE), 401)
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED).count() == before + 2


def test_a_revoked_token_is_401(cast, make_token, sam):
    from connecting_people.accounts.models import ApiToken
    from connecting_people.accounts.tokens import token_revoke

    raw = make_token()
    token_revoke(token=ApiToken.objects.get(), by=cast.practitioner)
    body = _problem(ApiClient(raw).get(f"{PEOPLE}/{sam.pk}"), 401)
    assert "revoked" in body["detail"]


def test_an_expired_token_is_401(cast, make_token, sam):
    from connecting_people.accounts.models import ApiToken

    raw = make_token()
    ApiToken.objects.update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    body = _problem(ApiClient(raw).get(PEOPLE), 401)
    assert "expired" in body["detail"]


def test_a_token_dies_with_its_owners_access(cast, make_token):
    from connecting_people.core.models import TeamMembership

    raw = make_token(cast.team_lead)
    client = ApiClient(raw)
    assert client.get(PEOPLE).status_code == 200
    TeamMembership.objects.filter(user=cast.team_lead).update(role="practitioner")
    assert "no longer leads" in _problem(client.get(PEOPLE), 401)["detail"]
    TeamMembership.objects.filter(user=cast.team_lead).delete()
    assert "no longer in its team" in _problem(client.get(PEOPLE), 401)["detail"]


def test_a_switched_off_owner_is_401(cast, make_token):
    from connecting_people.accounts.services import user_deactivate

    raw = make_token()
    user_deactivate(user=cast.practitioner, by=cast.org_admin)
    assert "switched off" in _problem(ApiClient(raw).get(PEOPLE), 401)["detail"]


def test_rate_limit_is_429_with_retry_after(cast, api, settings):
    settings.CPI_API_RATE_LIMIT = 3
    client = api()
    assert [client.get(PEOPLE).status_code for _ in range(3)] == [200] * 3
    response = client.get(PEOPLE)
    _problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60


def test_the_limit_is_per_token(cast, api, settings):
    settings.CPI_API_RATE_LIMIT = 1
    first, second = api(), api()
    assert first.get(PEOPLE).status_code == 200
    assert first.get(PEOPLE).status_code == 429
    assert second.get(PEOPLE).status_code == 200


# ── Writing ────────────────────────────────────────────────────────────────────────────────
NEW = {"preferred_name": "Ria Newcome", "nhs_number": "943 476 5919", "pronouns": "she/her"}


def test_create_adds_a_referred_person_to_the_tokens_team(cast, api):
    response = api().post(PEOPLE, NEW)
    assert response.status_code == 201, response.content
    person = Person.objects.get(preferred_name="Ria Newcome")
    assert (person.team, person.status, person.nhs_number) == (cast.team, "referred", "9434765919")
    assert response["Location"] == f"{PEOPLE}/{person.pk}"
    assert response["ETag"] == f'"person-{person.pk}-v1"'
    created = AuditEvent.objects.get(
        action=AuditAction.CREATED, target_type="people.person", target_id=str(person.pk)
    )
    assert created.detail["token"]


def test_create_checks_as_the_form_does_field_by_field(cast, api, sam):
    Person.objects.filter(pk=sam.pk).update(nhs_number="9434765919")
    body = _problem(api().post(PEOPLE, {**NEW, "email": "not-an-email"}), 422)
    assert set(body["errors"]) == {"nhs_number", "email"}
    assert "already has this NHS number" in body["errors"]["nhs_number"][0]


def test_a_body_of_the_wrong_shape_is_422(cast, api):
    body = _problem(api().post(PEOPLE, {"pronouns": "they/them"}), 422)
    assert "preferred_name" in body["errors"]


def test_a_keyworker_from_another_team_is_refused(cast, api):
    body = _problem(api().post(PEOPLE, {**NEW, "keyworker": cast.other_practitioner.pk}), 422)
    assert "keyworker" in body["errors"]


def test_out_of_scope_writes_are_403_and_audited(cast, api, sam):
    client = api(scopes=["people:read", "plans:write"])
    before = AuditEvent.objects.filter(action=AuditAction.REFUSED).count()
    _problem(client.post(PEOPLE, NEW), 403)
    _problem(client.patch(f"{PEOPLE}/{sam.pk}", {"pronouns": "they/them"}, HTTP_IF_MATCH="x"), 403)
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED).count() == before + 2
    assert not Person.objects.filter(preferred_name="Ria Newcome").exists()


def test_a_read_scope_is_needed_to_read(cast, api, sam):
    client = api(scopes=["plans:read"])
    _problem(client.get(PEOPLE), 403)
    _problem(client.get(f"{PEOPLE}/{sam.pk}"), 403)


def test_write_includes_read(cast, api, sam):
    assert api(scopes=["people:write"]).get(f"{PEOPLE}/{sam.pk}").status_code == 200


def test_an_evaluators_token_reads_no_record_and_writes_nothing(cast, api, sam):
    from connecting_people.accounts.models import ApiToken

    client = api(cast.evaluator, scopes=["people:read"], organisation=cast.organisation)
    assert client.get(PEOPLE).json()["items"] == []
    _problem(client.get(f"{PEOPLE}/{sam.pk}"), 404)
    # even a write scope put on it by hand writes nothing
    ApiToken.objects.filter(user=cast.evaluator).update(scopes=["people:write"])
    _problem(client.post(PEOPLE, NEW), 403)
    assert not Person.objects.filter(preferred_name="Ria Newcome").exists()


def test_update_needs_if_match(cast, api, sam):
    _problem(api().patch(f"{PEOPLE}/{sam.pk}", {"pronouns": "they/them"}), 428)


def test_update_with_the_etag_changes_only_what_was_sent(cast, api, sam):
    client = api()
    tag = client.get(f"{PEOPLE}/{sam.pk}")["ETag"]
    response = client.patch(f"{PEOPLE}/{sam.pk}", {"pronouns": "they/them"}, HTTP_IF_MATCH=tag)
    assert response.status_code == 200, response.content
    sam.refresh_from_db()
    assert (sam.pronouns, sam.preferred_name, sam.version) == ("they/them", "Sam Quillon", 2)
    assert response["ETag"] == f'"person-{sam.pk}-v2"'
    changed = AuditEvent.objects.filter(
        action=AuditAction.CHANGED, target_type="people.person", target_id=str(sam.pk)
    ).latest("pk")
    assert changed.detail["fields"] == ["pronouns"]
    assert changed.detail["token"]


def test_an_old_etag_is_412_with_what_changed(cast, api, sam):
    client = api()
    tag = client.get(f"{PEOPLE}/{sam.pk}")["ETag"]
    assert (
        client.patch(f"{PEOPLE}/{sam.pk}", {"pronouns": "he/him"}, HTTP_IF_MATCH=tag).status_code
        == 200
    )
    response = client.patch(f"{PEOPLE}/{sam.pk}", {"pronouns": "they/them"}, HTTP_IF_MATCH=tag)
    body = _problem(response, 412)
    assert body["differences"] == [
        {"field": "pronouns", "label": "pronouns", "theirs": "he/him", "yours": "they/them"}
    ]
    assert response["ETag"] == f'"person-{sam.pk}-v2"'
    sam.refresh_from_db()
    assert sam.pronouns == "he/him"


def test_an_etag_of_another_record_is_412(cast, api, sam):
    _problem(
        api().patch(
            f"{PEOPLE}/{sam.pk}", {"pronouns": "x"}, HTTP_IF_MATCH=f'"person-{sam.pk + 1000}-v1"'
        ),
        412,
    )


def test_updating_another_teams_person_is_404(cast, api, sid):
    _problem(
        api().patch(f"{PEOPLE}/{sid.pk}", {"pronouns": "x"}, HTTP_IF_MATCH=f'"person-{sid.pk}-v1"'),
        404,
    )
    sid.refresh_from_db()
    assert sid.pronouns == ""


# ── Status ─────────────────────────────────────────────────────────────────────────────────
def test_status_change_through_the_lifecycle_service(cast, api, sam):
    client = api()
    tag = client.get(f"{PEOPLE}/{sam.pk}")["ETag"]
    today = timezone.localdate().isoformat()
    response = client.post(
        f"{PEOPLE}/{sam.pk}/status",
        {"action": "move-on", "on": today, "destination": "beyond_services", "keep_in_touch": True},
        HTTP_IF_MATCH=tag,
    )
    assert response.status_code == 200, response.content
    sam.refresh_from_db()
    assert (sam.status, sam.destination) == ("moved_on", "beyond_services")
    assert sam.status_changes.latest("pk").keep_in_touch is True


def test_a_step_not_open_from_here_is_409(cast, api, sam):
    client = api()
    tag = client.get(f"{PEOPLE}/{sam.pk}")["ETag"]
    today = timezone.localdate().isoformat()
    _problem(
        client.post(
            f"{PEOPLE}/{sam.pk}/status", {"action": "return", "on": today}, HTTP_IF_MATCH=tag
        ),
        409,
    )


def test_moving_on_without_where_to_is_422(cast, api, sam):
    client = api()
    tag = client.get(f"{PEOPLE}/{sam.pk}")["ETag"]
    today = timezone.localdate().isoformat()
    body = _problem(
        client.post(
            f"{PEOPLE}/{sam.pk}/status", {"action": "move-on", "on": today}, HTTP_IF_MATCH=tag
        ),
        422,
    )
    assert "destination" in body["errors"]


def test_a_status_change_over_an_old_version_is_412(cast, api, sam):
    client = api()
    tag = client.get(f"{PEOPLE}/{sam.pk}")["ETag"]
    client.patch(f"{PEOPLE}/{sam.pk}", {"pronouns": "he/him"}, HTTP_IF_MATCH=tag)
    today = timezone.localdate().isoformat()
    _problem(
        client.post(
            f"{PEOPLE}/{sam.pk}/status", {"action": "moving-on", "on": today}, HTTP_IF_MATCH=tag
        ),
        412,
    )
    sam.refresh_from_db()
    assert sam.status == "active"


# ── The document ───────────────────────────────────────────────────────────────────────────
def test_openapi_document_and_docs_need_no_token_and_no_cdn(client):
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    paths = document.json()["paths"]
    assert {"/api/v1/people", "/api/v1/people/{pk}", "/api/v1/people/{pk}/status"} <= set(paths)
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content


def test_the_document_says_errors_are_problem_details(client):
    document = client.get("/api/v1/openapi.json").json()
    answers = document["paths"]["/api/v1/people/{pk}"]["patch"]["responses"]
    assert set(answers["412"]["content"]) == {"application/problem+json"}
    assert set(answers["200"]["content"]) == {"application/json"}


def test_a_body_that_is_not_json_is_a_problem(cast, api):
    client = api()
    response = client.client.post(
        PEOPLE, "{not json", content_type="application/json", headers=client.headers
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == PROBLEM
