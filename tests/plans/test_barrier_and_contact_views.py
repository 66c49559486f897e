"""Recording barriers with their history, and the contact log."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connecting_people.plans.models import Barrier, BarrierStatus, BarrierType, Contact
from tests.plans.factories import ContactFactory, barrier_type, days_ago


def _date(days=0):
    return days_ago(days).strftime("%d/%m/%Y")


# Barriers ---------------------------------------------------------------------------------------


def test_barrier_form_groups_the_kinds_by_family_and_offers_only_active_ones(sign_in, cast, person):
    BarrierType.objects.create(slug="old", name="An old kind", family="contextual", is_active=False)
    html = (
        sign_in(cast.practitioner)
        .get(reverse("plans:barrier_create", args=[person.pk]))
        .content.decode()
    )
    feels, circumstances = (
        html.index("How someone feels or thinks"),
        html.index("Their circumstances"),
    )
    assert feels < html.index("Lack of confidence") < circumstances < html.index("Money")
    assert "An old kind" not in html


def test_recording_a_barrier_starts_its_history(sign_in, cast, person):
    response = sign_in(cast.practitioner).post(
        reverse("plans:barrier_create", args=[person.pk]),
        {
            "kind": barrier_type("worry-about-groups").pk,
            "affects": "Going to the choir",
            "plan": "Go together the first time",
        },
    )
    barrier = Barrier.objects.get(person=person)
    assert response.status_code == 302
    assert response.url == reverse("plans:barrier", args=[person.pk, barrier.pk])
    assert barrier.updates.count() == 1


def test_a_barrier_needs_a_kind_and_keeps_what_was_typed(sign_in, cast, person):
    response = sign_in(cast.practitioner).post(
        reverse("plans:barrier_create", args=[person.pk]),
        {"affects": "Going to the choir", "plan": "Go together"},
    )
    html = response.content.decode()
    assert "<title>Error:" in html
    assert "Choose what kind of barrier it is" in html
    assert 'href="#id_kind_0"' in html
    assert "Going to the choir" in html
    assert not Barrier.objects.exists()


def test_barrier_page_shows_the_plan_and_its_dated_history(sign_in, cast, plan):
    url = reverse("plans:barrier_edit", args=[plan.person.pk, plan.barrier.pk])
    client = sign_in(cast.practitioner)
    client.post(
        url,
        {
            "version": "1",
            "kind": plan.barrier.kind.pk,
            "plan": "Ask about concessions",
            "status": BarrierStatus.RESOLVED,
            "note": "Leisure card arrived",
        },
    )
    html = client.get(reverse("plans:barrier", args=[plan.person.pk, plan.barrier.pk])).content
    html = html.decode()
    assert "Ask about concessions" in html
    assert "Leisure card arrived" in html
    assert "Resolved" in html
    assert timezone.localdate().strftime("%-d %b %Y") in html


def test_two_people_changing_the_same_barrier_second_is_refused(cast, plan):
    url = reverse("plans:barrier_edit", args=[plan.person.pk, plan.barrier.pk])
    first, second = Client(), Client()
    first.force_login(cast.practitioner)
    second.force_login(cast.team_lead)
    for client in (first, second):
        assert client.get(url).status_code == 200
    form = {"version": "1", "kind": plan.barrier.kind.pk, "status": "open"}
    assert first.post(url, {**form, "plan": "Leisure card"}).status_code == 302
    refused = second.post(url, {**form, "plan": "Bus pass", "status": "resolved"})
    html = refused.content.decode()
    assert "Someone else saved changes while you were editing" in html
    assert "Leisure card" in html
    assert "Bus pass" in html
    plan.barrier.refresh_from_db()
    assert (plan.barrier.plan, plan.barrier.status) == ("Leisure card", "open")


# Contacts ---------------------------------------------------------------------------------------


def test_logging_an_accompanied_visit(sign_in, cast, person):
    response = sign_in(cast.practitioner).post(
        reverse("plans:contact_log", args=[person.pk]),
        {
            "happened_on": _date(),
            "kind": "accompanied_visit",
            "duration_minutes": "90",
            "what_happened": "Went to the allotment open day together",
            "engagement": ["went_along", "learned_skill"],
            "people_met": "Jo, R.K.",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(person=person)
    assert contact.recorded_by == cast.practitioner
    assert (contact.went_along, contact.learned_skill, contact.taught_skill) == (
        True,
        True,
        False,
    )
    assert contact.duration_minutes == 90


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"happened_on": _date(-1)}, "The date cannot be in the future"),
        ({"happened_on": "yesterday"}, "Enter the date of the contact as a real date"),
        ({"duration_minutes": "0"}, "must be at least 1 minute"),
        ({"duration_minutes": "1441"}, "1,440 minutes (a whole day) or less"),
        ({"duration_minutes": "an hour"}, "Enter how long it was as a whole number of minutes"),
        ({"what_happened": ""}, "Describe what happened"),
        ({"kind": ""}, "Choose what kind of contact it was"),
    ],
)
def test_contact_form_errors_name_the_problem_and_keep_what_was_typed(
    sign_in, cast, person, changes, message
):
    data = {
        "happened_on": _date(),
        "kind": "meeting",
        "what_happened": "Talked about the walking group",
        "people_met": "A.B.",
        **changes,
    }
    response = sign_in(cast.practitioner).post(reverse("plans:contact_log", args=[person.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "A.B." in html
    assert not Contact.objects.exists()


def test_contact_log_says_to_use_first_names_or_initials(sign_in, cast, person):
    html = (
        sign_in(cast.practitioner)
        .get(reverse("plans:contact_log", args=[person.pk]))
        .content.decode()
    )
    assert "First names or initials only" in html


def test_contacts_are_listed_newest_first_and_paged(sign_in, cast, person):
    for n in range(25):
        ContactFactory(person=person, happened_on=days_ago(n), what_happened=f"Visit {n}")
    client = sign_in(cast.practitioner)
    url = reverse("plans:contacts", args=[person.pk])
    first = client.get(url).content.decode()
    assert "25 contacts logged" in first
    assert first.index("Visit 0<") < first.index("Visit 1<")
    assert "Visit 24<" not in first
    assert "Visit 24<" in client.get(url, {"page": 2}).content.decode()


def test_contact_list_costs_the_same_queries_for_few_or_many(sign_in, cast, person):
    client = sign_in(cast.practitioner)
    url = reverse("plans:contacts", args=[person.pk])
    ContactFactory(person=person, recorded_by=cast.practitioner)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(30):
        ContactFactory(person=person, recorded_by=cast.team_lead)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)
