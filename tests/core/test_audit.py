from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, AuditEvent
from tests.factories import PASSWORD


def test_audit_record_keeps_who_what_and_which_record(cast):
    event = audit_record(
        by=cast.team_lead, action=AuditAction.CHANGED, target=cast.team, detail={"x": 1}
    )
    event.refresh_from_db()
    assert event.actor == cast.team_lead
    assert event.actor_label == cast.team_lead.email
    assert event.action == "changed"
    assert event.target_type == "accounts.team"
    assert event.target_id == str(cast.team.pk)
    assert event.target_label == "North Team"
    assert event.team == cast.team
    assert event.detail == {"x": 1}


def test_audit_record_names_a_lazily_loaded_team_as_the_trail_always_has(cast):
    # The current-team middleware hands views the team inside a SimpleLazyObject.
    event = audit_record(
        by=cast.team_lead, action=AuditAction.VIEWED, target=SimpleLazyObject(lambda: cast.team)
    )
    assert event.target_type == "accounts.team"


def test_audit_record_without_an_actor_is_labelled(db):
    event = audit_record(by=None, action=AuditAction.CREATED, actor_label="cpi demo")
    assert event.actor is None
    assert event.actor_label == "cpi demo"


def test_audit_trail_outlives_the_account(cast):
    audit_record(by=cast.practitioner, action=AuditAction.VIEWED, target=cast.team)
    email = cast.practitioner.email
    cast.practitioner.delete()
    event = AuditEvent.objects.get(action=AuditAction.VIEWED)
    assert event.actor is None
    assert event.actor_label == email


def test_signing_in_and_out_is_audited(client, cast):
    response = client.post(
        reverse("account_login"), {"login": cast.practitioner.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    client.post(reverse("account_logout"))
    actions = list(
        AuditEvent.objects.filter(actor=cast.practitioner)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == ["signed_in", "signed_out"]


def test_failed_sign_in_is_audited_without_the_password(client, cast):
    response = client.post(
        reverse("account_login"), {"login": cast.practitioner.email, "password": "wrong-guess"}
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert event.actor is None
    assert event.actor_label == cast.practitioner.email
    assert "wrong-guess" not in str(event.detail)
