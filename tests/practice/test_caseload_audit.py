"""Issue 15: opening the caseload leaves one VIEWED event naming the list, its filters and the
ids (never the names) of the people shown."""

from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from tests.factories import PersonFactory


def test_the_caseload_page_writes_one_viewed_event_with_the_ids_shown(sign_in, cast):
    ada = PersonFactory(team=cast.team, preferred_name="Ada Zephyr", keyworker=cast.practitioner)
    ben = PersonFactory(team=cast.team, preferred_name="Ben Zephyr", keyworker=cast.team_lead)
    client = sign_in(cast.practitioner)
    before = AuditEvent.objects.count()
    client.get(reverse("practice:caseload"), {"view": "team", "sort": "name"})
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.action == AuditAction.VIEWED
    assert event.actor == cast.practitioner
    assert event.team == cast.team
    assert event.detail["list"] == "caseload"
    assert event.detail["filters"]["view"] == "team"
    assert event.detail["people"] == [ada.pk, ben.pk]


def test_the_caseload_event_holds_no_names(sign_in, cast):
    PersonFactory(team=cast.team, preferred_name="Quintessa", keyworker=cast.practitioner)
    sign_in(cast.practitioner).get(reverse("practice:caseload"))
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.detail["list"] == "caseload"
    assert "Quintessa" not in str(event.detail) + event.target_label


def test_each_page_of_the_caseload_is_audited_with_its_own_people(sign_in, cast):
    people = [
        PersonFactory(team=cast.team, preferred_name=f"P{i:02}", keyworker=cast.practitioner)
        for i in range(30)
    ]
    sign_in(cast.practitioner).get(reverse("practice:caseload"), {"page": "2"})
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.detail["page"] == 2
    assert event.detail["people"] == [p.pk for p in people[25:]]
