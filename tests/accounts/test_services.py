from connecting_people.accounts import services
from connecting_people.core.models import AuditAction, AuditEvent


def test_user_update_name_saves_and_audits_which_field_changed(cast):
    services.user_update_name(user=cast.practitioner, name="  Pat Smith ", by=cast.practitioner)
    cast.practitioner.refresh_from_db()
    assert cast.practitioner.name == "Pat Smith"
    event = AuditEvent.objects.get(action=AuditAction.CHANGED)
    assert (event.actor, event.target_type, event.target_id) == (
        cast.practitioner,
        "accounts.user",
        str(cast.practitioner.pk),
    )
    # Field names only: the trail does not keep the old or the new name in its detail.
    assert event.detail == {"fields": ["name"]}


def test_user_update_name_to_the_same_name_writes_nothing(cast):
    services.user_update_name(
        user=cast.practitioner, name=cast.practitioner.name, by=cast.practitioner
    )
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGED).exists()
