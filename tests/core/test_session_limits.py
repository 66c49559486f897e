"""Idle and absolute session limits: signed out, told why, and sent to sign in."""

import pytest
from django.urls import reverse

from connecting_people.core import session_limits
from connecting_people.core.models import AuditAction, AuditEvent

MINUTE = 60
HOUR = 60 * MINUTE


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves: `clock.now` is what the middleware sees."""

    class Clock:
        now = 1_800_000_000.0

        def move(self, seconds):
            self.now += seconds

    c = Clock()
    monkeypatch.setattr(session_limits, "_now", lambda: c.now)
    return c


def _home(client, **headers):
    return client.get(reverse("accounts:settings"), headers=headers)


def test_active_use_keeps_the_session(sign_in, cast, clock):
    client = sign_in(cast.practitioner)
    assert _home(client).status_code == 200
    for _ in range(4):
        clock.move(25 * MINUTE)
        assert _home(client).status_code == 200


def test_idle_for_the_limit_signs_out_with_a_plain_message(sign_in, cast, clock):
    client = sign_in(cast.practitioner)
    assert _home(client).status_code == 200
    clock.move(30 * MINUTE)
    response = _home(client)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=" in response.url
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.SIGNED_OUT).exists()
    page = client.get(response.url).content.decode()
    assert "signed you out after 30 minutes without activity" in page


def test_just_under_the_idle_limit_is_still_signed_in(sign_in, cast, clock):
    client = sign_in(cast.practitioner)
    _home(client)
    clock.move(29 * MINUTE)
    assert _home(client).status_code == 200


def test_absolute_limit_signs_out_however_busy(sign_in, cast, clock):
    client = sign_in(cast.practitioner)
    _home(client)
    for _ in range(12 * 6 - 1):  # a request every ten minutes, to just under 12 hours
        clock.move(10 * MINUTE)
        assert _home(client).status_code == 200
    clock.move(10 * MINUTE)
    response = _home(client)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "you had been signed in for 12 hours" in page


def test_limits_follow_the_settings(sign_in, cast, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client = sign_in(cast.practitioner)
    _home(client)
    clock.move(5 * MINUTE)
    assert _home(client).status_code == 302


def test_htmx_requests_are_told_where_to_go(sign_in, cast, clock):
    client = sign_in(cast.practitioner)
    _home(client)
    clock.move(31 * MINUTE)
    response = _home(client, HX_Request="true")
    assert response["HX-Redirect"] == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_a_post_after_the_limit_changes_nothing_and_signs_out(sign_in, cast, clock):
    client = sign_in(cast.practitioner)
    _home(client)
    clock.move(HOUR)
    response = client.post(reverse("accounts:settings"), {"name": "Changed While Away"})
    assert response.status_code == 302
    assert response.url == reverse("account_login")
    cast.practitioner.refresh_from_db()
    assert cast.practitioner.name == "Pat Practitioner"


def test_signed_out_visitors_are_left_alone(client, db, clock):
    clock.move(100 * HOUR)
    assert client.get(reverse("account_login")).status_code == 200


def test_the_clocks_start_at_sign_in_so_the_first_page_writes_nothing(sign_in, cast, clock):
    client = sign_in(cast.practitioner)
    session = client.session
    assert session[session_limits.STARTED] == clock.now
    assert session[session_limits.LAST_SEEN] == clock.now
    clock.move(30)
    before = client.session.session_key, dict(client.session.items())
    assert _home(client).status_code == 200
    assert (client.session.session_key, dict(client.session.items())) == before
