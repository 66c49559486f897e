"""Issue 16 §7: find a person from the caseload by name or NHS number; move several people to
another keyworker at once (only people the user may change, only keyworkers in the team,
audited, refused when stale)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people.models import Person
from tests.factories import PersonFactory, TeamMembershipFactory

CASELOAD = reverse("practice:caseload")
MOVE = reverse("practice:keyworker_move")


@pytest.fixture
def people(cast):
    return [
        PersonFactory(team=cast.team, preferred_name=name, keyworker=cast.practitioner, **extra)
        for name, extra in (
            ("Des Okafor", {"nhs_number": "9434765919"}),
            ("Ayo Bello", {}),
            ("Desmond Price", {}),
        )
    ]


def names(response):
    return [p.preferred_name for p in response.context["page"].object_list]


def test_find_by_name(cast, sign_in, people):
    client = sign_in(cast.practitioner)
    assert names(client.get(CASELOAD, {"view": "team", "q": "des"})) == [
        "Des Okafor",
        "Desmond Price",
    ]
    assert names(client.get(CASELOAD, {"view": "team", "q": "des  oka"})) == ["Des Okafor"]


def test_find_by_nhs_number_with_spaces(cast, sign_in, people):
    client = sign_in(cast.practitioner)
    assert names(client.get(CASELOAD, {"view": "team", "q": "943 476 5919"})) == ["Des Okafor"]
    assert names(client.get(CASELOAD, {"view": "team", "q": "943476"})) == []


def test_the_search_finds_only_within_the_caseload(cast, sign_in, people):
    PersonFactory(team=cast.other_team, preferred_name="Des Elsewhere")
    found = names(sign_in(cast.practitioner).get(CASELOAD, {"view": "team", "q": "Des"}))
    assert "Des Elsewhere" not in found


def test_the_audit_event_does_not_keep_what_was_searched(cast, sign_in, people):
    sign_in(cast.practitioner).get(CASELOAD, {"view": "team", "q": "Okafor"})
    event = AuditEvent.objects.filter(action=AuditAction.VIEWED).latest("pk")
    assert event.detail["filters"]["q"] is True
    assert "Okafor" not in str(event.detail)


def move(client, people, keyworker, **versions):
    data = {
        "people": [p.pk for p in people],
        "keyworker": keyworker.pk,
        "query": "view=team",
        **{f"version-{p.pk}": versions.get(p.preferred_name, p.version) for p in people},
    }
    return client.post(MOVE, data)


def test_move_several_people_to_another_keyworker(cast, sign_in, people):
    response = move(sign_in(cast.practitioner), people[:2], cast.team_lead)
    assert response.status_code == 302
    assert response.url == f"{CASELOAD}?view=team"
    moved = Person.objects.filter(keyworker=cast.team_lead)
    assert {p.pk for p in moved} == {people[0].pk, people[1].pk}
    assert Person.objects.get(pk=people[2].pk).keyworker == cast.practitioner
    changed = AuditEvent.objects.filter(action=AuditAction.CHANGED, target_type="people.person")
    assert {e.target_id for e in changed} == {str(people[0].pk), str(people[1].pk)}


def test_a_stale_version_moves_nobody(cast, sign_in, people):
    Person.objects.filter(pk=people[1].pk).update(version=7)
    client = sign_in(cast.practitioner)
    response = move(client, people[:2], cast.team_lead)
    assert response.status_code == 302
    assert not Person.objects.filter(keyworker=cast.team_lead).exists()
    page = client.get(response.url).content.decode()
    assert "nobody has been moved" in page


def test_only_keyworkers_in_the_team(cast, sign_in, people):
    move(sign_in(cast.practitioner), people[:1], cast.other_practitioner)
    assert Person.objects.get(pk=people[0].pk).keyworker == cast.practitioner


def test_someone_elses_person_is_a_404_and_nobody_moves(cast, sign_in, people):
    theirs = PersonFactory(team=cast.other_team, keyworker=cast.other_practitioner)
    TeamMembershipFactory(team=cast.team, user=cast.other_practitioner)
    response = move(sign_in(cast.practitioner), [people[0], theirs], cast.team_lead)
    assert response.status_code == 404
    assert Person.objects.get(pk=people[0].pk).keyworker == cast.practitioner


def test_the_caseload_offers_the_move_and_the_session(cast, sign_in, people):
    page = sign_in(cast.practitioner).get(CASELOAD, {"view": "team"}).content.decode()
    assert f'name="version-{people[0].pk}" value="{people[0].version}"' in page
    assert reverse("practice:session", args=[people[0].pk]) in page
    assert "Lee Lead" in page


def test_the_move_service_refuses_a_keyworker_from_another_team(cast, people):
    from django.core.exceptions import ValidationError

    from connecting_people.people import services

    with pytest.raises(ValidationError):
        services.keyworker_move(
            people=[(people[0], people[0].version)],
            keyworker=cast.other_practitioner,
            by=cast.practitioner,
        )
    with pytest.raises(ValidationError):
        services.keyworker_move(people=[], keyworker=cast.team_lead, by=cast.practitioner)
    assert Person.objects.get(pk=people[0].pk).keyworker == cast.practitioner
