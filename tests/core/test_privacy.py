"""The privacy page says only what is true: every period and cookie it names comes from the
settings that decide it (core/privacy.py), and the cookies it lists are the ones the app sets."""

import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = reverse("core:privacy")


def _page(client) -> str:
    html = client.get(URL).content.decode()
    return re.sub(r"\s+", " ", html)


def test_the_periods_are_the_settings_own(client):
    html = _page(client)
    idle, hours = settings.SESSION_IDLE_MINUTES, settings.SESSION_MAX_HOURS
    assert f"you are signed out after {idle} minutes without using it, {hours} hours" in html
    assert f"for {settings.RETENTION_MOVED_ON_YEARS} years after you move on" in html
    assert "working day" not in html  # the old, untrue "8 hours"


@override_settings(
    SESSION_IDLE_MINUTES=17,
    SESSION_MAX_HOURS=5,
    SESSION_COOKIE_NAME="cp_signed_in",
    CSRF_COOKIE_NAME="cp_form_check",
    CSRF_COOKIE_AGE=30 * 24 * 60 * 60,
    RETENTION_MOVED_ON_YEARS=20,
    RETENTION_AUDIT_DETAIL_YEARS=9,
    RETENTION_STAFF_ACCOUNT_YEARS=4,
    RETENTION_FILES_DAYS=21,
)
def test_change_a_setting_and_the_page_follows_it(client):
    html = _page(client)
    assert "signed out after 17 minutes without using it, 5 hours after you signed in" in html
    assert "after 17 minutes without using it, or 5 hours after you signed in" in html
    assert "<code>cp_signed_in</code>" in html
    assert "<code>cp_form_check</code>" in html
    assert "After 30 days" in html
    assert "for 20 years after you move on" in html
    assert "After 9 years, what it says about each record is removed" in html
    assert "4 years after your account is switched off" in html
    assert "deleted after 21 days" in html


def test_the_cookies_listed_are_the_cookies_the_app_sets(sign_in, cast):
    client = sign_in(cast.practitioner)
    client.get(reverse("practice:caseload"))  # a page with forms: the form check cookie
    client.get(reverse("outcomes:report"))
    listed = set(re.findall(r"<code>([^<]+)</code>", _page(client)))
    set_here = set(client.cookies.keys())
    assert set_here
    assert set_here <= listed, set_here - listed
    assert settings.MESSAGE_STORAGE.endswith("SessionStorage")  # no messages cookie


def test_the_person_can_see_who_has_looked_as_the_page_says(client):
    html = _page(client)
    assert "you can see there your plan" in html
    assert "who has looked at your record" in html
    assert reverse("portal:who_looked")  # the page the claim rests on
