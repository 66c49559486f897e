"""Switching an account off ends its sessions at once (issue 15), wherever it is switched off."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from connecting_people.accounts import services
from connecting_people.accounts.models import User
from connecting_people.core.models import AuditAction, AuditEvent

ALLAUTH = "allauth.account.auth_backends.AuthenticationBackend"
MODEL = "django.contrib.auth.backends.ModelBackend"
HOME = reverse("accounts:settings")


def _signed_in(user, backend=MODEL):
    client = Client()
    client.force_login(user, backend=backend)
    assert client.get(HOME).status_code == 200
    return client


def _sessions_of(user):
    return [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def _signed_out(client):
    response = client.get(HOME)
    return response.status_code == 302 and reverse("account_login") in response["Location"]


def test_deactivating_ends_every_session_of_that_account_only(cast):
    laptop, phone = _signed_in(cast.practitioner), _signed_in(cast.practitioner, ALLAUTH)
    colleague = _signed_in(cast.team_lead)
    assert len(_sessions_of(cast.practitioner)) == 2
    services.user_deactivate(user=cast.practitioner, by=cast.org_admin)
    assert _sessions_of(cast.practitioner) == []
    assert _signed_out(laptop)
    assert _signed_out(phone)
    assert colleague.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(
        actor=cast.org_admin,
        action=AuditAction.CHANGED,
        target_type="accounts.user",
        target_id=str(cast.practitioner.pk),
        detail__fields=["is_active"],
    ).exists()


def test_switching_off_in_system_administration_ends_sessions_too(cast):
    client = _signed_in(cast.practitioner)
    admin = Client()
    admin.force_login(User.objects.create_superuser(email="sue@test.example", name="Sue"))
    url = reverse("admin:accounts_user_change", args=[cast.practitioner.pk])
    response = admin.post(
        url,
        {"email": cast.practitioner.email, "name": cast.practitioner.name, "is_active": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cast.practitioner.refresh_from_db()
    assert not cast.practitioner.is_active
    assert _sessions_of(cast.practitioner) == []
    assert _signed_out(client)


@pytest.mark.parametrize("backend", [MODEL, ALLAUTH])
def test_a_session_that_slipped_through_is_signed_out_on_its_next_request(cast, backend):
    client = _signed_in(cast.practitioner, backend)
    User.objects.filter(pk=cast.practitioner.pk).update(is_active=False)  # no signals, no service
    assert _sessions_of(cast.practitioner)  # the session is still there...
    assert _signed_out(client)  # ...but it opens nothing


def test_saving_an_active_account_leaves_its_sessions(cast):
    _signed_in(cast.practitioner)
    services.user_update_name(user=cast.practitioner, name="Pat P", by=cast.practitioner)
    assert len(_sessions_of(cast.practitioner)) == 1
