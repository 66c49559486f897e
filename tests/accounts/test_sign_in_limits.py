"""Failed sign-ins are limited per account and address, never so as to lock a person out.

Someone guessing at a named person's password is stopped at their own address; the person signs
in from theirs. A whole organisation behind one proxy is not blocked by one person's typos.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from tests.factories import PASSWORD

GUESSER = "198.51.100.66"
OWNER = "203.0.113.7"
PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    """Each test counts from nothing: a cache of its own, not the shared one on disk."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"}
    }
    settings.TRUSTED_PROXIES = []
    cache.clear()


def _sign_in(email, password, *, address, forwarded=None, client=None):
    """Post the sign-in form from an address; True when it signed the person in."""
    client = client or Client()
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    client.post(reverse("account_login"), {"login": email, "password": password}, **extra)
    return "_auth_user_id" in client.session


def test_guessing_from_elsewhere_never_locks_the_owner_out(cast):
    email = cast.practitioner.email
    for _ in range(10):
        assert not _sign_in(email, "a-wrong-guess", address=GUESSER)
    assert _sign_in(email, PASSWORD, address=OWNER)


def test_the_guesser_is_stopped_after_five_failures_even_with_the_right_password(cast):
    email = cast.practitioner.email
    for _ in range(5):
        assert not _sign_in(email, "a-wrong-guess", address=GUESSER)
    assert not _sign_in(email, PASSWORD, address=GUESSER)


def test_the_refusal_says_plainly_what_to_do(cast):
    client = Client()
    for _ in range(6):
        _sign_in(cast.practitioner.email, "a-wrong-guess", address=GUESSER, client=client)
    refused = client.post(
        reverse("account_login"),
        {"login": cast.practitioner.email, "password": PASSWORD},
        REMOTE_ADDR=GUESSER,
    )
    assert refused.status_code == 200
    assert "Please wait a few minutes and try again, or reset your password" in (
        refused.content.decode()
    )


def test_a_success_before_the_limit_is_not_counted_as_a_failure(cast):
    email = cast.practitioner.email
    for _ in range(4):
        assert not _sign_in(email, "a-typo", address=OWNER)
    assert _sign_in(email, PASSWORD, address=OWNER)
    assert _sign_in(email, PASSWORD, address=OWNER)


def test_one_persons_typos_do_not_block_colleagues_at_the_same_address(cast):
    for _ in range(6):
        assert not _sign_in(cast.practitioner.email, "a-typo", address=PROXY)
    assert _sign_in(cast.team_lead.email, PASSWORD, address=PROXY)
    assert _sign_in(cast.other_practitioner.email, PASSWORD, address=PROXY)


def test_an_address_is_stopped_after_a_hundred_failures_across_accounts(cast):
    for number in range(100):
        assert not _sign_in(f"nobody{number}@test.example", "a-guess", address=GUESSER)
    assert not _sign_in(cast.team_lead.email, PASSWORD, address=GUESSER)
    assert _sign_in(cast.team_lead.email, PASSWORD, address=OWNER)


def test_behind_a_trusted_proxy_each_client_counts_separately(cast, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    email = cast.practitioner.email
    for _ in range(6):
        assert not _sign_in(email, "a-wrong-guess", address=PROXY, forwarded=GUESSER)
    assert not _sign_in(email, PASSWORD, address=PROXY, forwarded=GUESSER)
    assert _sign_in(email, PASSWORD, address=PROXY, forwarded=OWNER)


def test_the_audit_trail_shows_the_client_not_the_proxy(cast, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    _sign_in(cast.practitioner.email, "a-wrong-guess", address=PROXY, forwarded=GUESSER)
    _sign_in(cast.practitioner.email, PASSWORD, address=PROXY, forwarded=f"1.2.3.4, {OWNER}")
    failed = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    signed_in = AuditEvent.objects.get(action=AuditAction.SIGNED_IN)
    assert (failed.ip_address, signed_in.ip_address) == (GUESSER, OWNER)


def test_a_made_up_forwarded_for_does_not_escape_the_limit(cast):
    email = cast.practitioner.email
    for number in range(5):
        forwarded = f"192.0.2.{number}"
        assert not _sign_in(email, "a-wrong-guess", address=GUESSER, forwarded=forwarded)
    assert not _sign_in(email, PASSWORD, address=GUESSER, forwarded="192.0.2.200")
    failed = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED)
    assert set(failed.values_list("ip_address", flat=True)) == {GUESSER}
