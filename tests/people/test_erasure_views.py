"""The erasure screens: who is offered them, who gets through, and what each one does."""

import pytest
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent, OrganisationRoleKind
from connecting_people.people.erasure import erasure_request
from connecting_people.people.models import ErasureRequest, ErasureStatus, Person
from tests.factories import (
    OrganisationRoleFactory,
    PersonFactory,
    TeamMembershipFactory,
    UserFactory,
)


@pytest.fixture
def sam(cast):
    return PersonFactory(team=cast.team, preferred_name="Sam Quillon")


@pytest.fixture
def dpo(cast):
    return OrganisationRoleFactory(
        organisation=cast.organisation, role=OrganisationRoleKind.DATA_PROTECTION
    ).user


def _refusals(user):
    return AuditEvent.objects.filter(actor=user, action=AuditAction.REFUSED).count()


def test_the_person_page_offers_erasure_to_the_teams_leads_only(sign_in, cast, sam):
    words = reverse("people:erase", args=[sam.pk]).encode()
    assert words in sign_in(cast.team_lead).get(sam.get_absolute_url()).content
    assert words not in sign_in(cast.practitioner).get(sam.get_absolute_url()).content


def test_a_lead_asks_with_a_reason_and_nothing_is_erased_yet(sign_in, cast, sam):
    url = reverse("people:erase", args=[sam.pk])
    response = sign_in(cast.team_lead).post(url, {"reason": "They asked us to."})
    assert response.status_code == 302
    assert response["Location"] == reverse("erasure:waiting")
    request = ErasureRequest.objects.get()
    assert (request.person, request.requested_by, request.status) == (
        sam,
        cast.team_lead,
        ErasureStatus.WAITING,
    )
    assert Person.objects.filter(pk=sam.pk).exists()


def test_asking_without_a_reason_says_so(sign_in, cast, sam):
    url = reverse("people:erase", args=[sam.pk])
    response = sign_in(cast.team_lead).post(url, {"reason": ""})
    assert response.status_code == 200
    assert b"Say why the record should be erased" in response.content
    assert not ErasureRequest.objects.exists()


@pytest.mark.parametrize("who", ["practitioner", "other_practitioner", "elsewhere_lead"])
def test_anyone_else_asking_is_refused_and_recorded(sign_in, cast, sam, who):
    user = getattr(cast, who)
    url = reverse("people:erase", args=[sam.pk])
    assert sign_in(user).post(url, {"reason": "x"}).status_code == 404
    assert not ErasureRequest.objects.exists()
    assert _refusals(user) == 1


def test_the_waiting_list_names_the_person_only_to_their_team(sign_in, cast, sam, dpo):
    request = erasure_request(person=sam, reason="They asked us to.", by=cast.team_lead)
    as_lead = sign_in(cast.team_lead).get(reverse("erasure:waiting")).content
    assert b"Sam Quillon" in as_lead
    assert b"Cancel my request" in as_lead
    confirm = f'href="{reverse("erasure:confirm", args=[request.pk])}"'.encode()
    assert confirm not in as_lead
    as_dpo = sign_in(dpo).get(reverse("erasure:waiting")).content
    assert b"Sam Quillon" not in as_dpo
    assert f"Record {sam.pk}".encode() in as_dpo
    assert confirm in as_dpo


def test_the_waiting_list_costs_the_same_queries_however_long(
    sign_in, cast, dpo, django_assert_max_num_queries
):
    client = sign_in(dpo)
    for _ in range(2):
        person = PersonFactory(team=cast.team)
        erasure_request(person=person, reason="x", by=cast.team_lead)
    client.get(reverse("erasure:waiting"))  # warm: session, user
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("erasure:waiting"))
    for _ in range(5):
        person = PersonFactory(team=cast.other_team)
        erasure_request(person=person, reason="x", by=dpo)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("erasure:waiting"))


def test_a_practitioner_has_no_waiting_list(sign_in, cast):
    assert sign_in(cast.practitioner).get(reverse("erasure:waiting")).status_code == 404
    assert _refusals(cast.practitioner) == 1


def test_the_second_person_confirms_and_the_record_is_erased(sign_in, cast, sam, dpo):
    request = erasure_request(person=sam, reason="They asked us to.", by=cast.team_lead)
    client = sign_in(dpo)
    url = reverse("erasure:confirm", args=[request.pk])
    page = client.get(url).content
    assert b"What will happen" in page
    assert b"This cannot be undone" in page
    assert b"They asked us to." in page
    assert client.post(url, {}).status_code == 200  # the box not ticked: nothing happens
    assert Person.objects.filter(pk=sam.pk).exists()
    assert client.post(url, {"understood": "on"})["Location"] == reverse("erasure:waiting")
    assert not Person.objects.filter(pk=sam.pk).exists()


def test_the_one_who_asked_cannot_open_the_confirm_page(sign_in, cast, sam):
    request = erasure_request(person=sam, reason="x", by=cast.team_lead)
    url = reverse("erasure:confirm", args=[request.pk])
    client = sign_in(cast.team_lead)
    assert client.get(url).status_code == 404
    assert client.post(url, {"understood": "on"}).status_code == 404
    assert Person.objects.filter(pk=sam.pk).exists()
    assert _refusals(cast.team_lead) == 2


@pytest.mark.parametrize(
    "who", ["practitioner", "other_practitioner", "elsewhere_lead", "org_admin"]
)
def test_nobody_else_may_confirm_or_cancel(sign_in, cast, sam, who):
    request = erasure_request(person=sam, reason="x", by=cast.team_lead)
    client = sign_in(getattr(cast, who))
    confirm = reverse("erasure:confirm", args=[request.pk])
    assert client.post(confirm, {"understood": "on"}).status_code == 404
    assert client.post(reverse("erasure:cancel", args=[request.pk])).status_code == 404
    request.refresh_from_db()
    assert request.status == ErasureStatus.WAITING
    assert Person.objects.filter(pk=sam.pk).exists()


def test_the_one_who_asked_may_cancel(sign_in, cast, sam):
    request = erasure_request(person=sam, reason="x", by=cast.team_lead)
    response = sign_in(cast.team_lead).post(reverse("erasure:cancel", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (ErasureStatus.CANCELLED, cast.team_lead)
    assert Person.objects.filter(pk=sam.pk).exists()


def test_another_lead_of_the_team_may_confirm(sign_in, cast, sam):
    other_lead = TeamMembershipFactory(team=cast.team, role="team_lead", user=UserFactory()).user
    request = erasure_request(person=sam, reason="x", by=cast.team_lead)
    url = reverse("erasure:confirm", args=[request.pk])
    assert sign_in(other_lead).post(url, {"understood": "on"}).status_code == 302
    assert not Person.objects.filter(pk=sam.pk).exists()
