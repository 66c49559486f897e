"""A security key or passkey (WebAuthn) as the second step, in a real browser with Chromium's
virtual authenticator (the DevTools protocol's WebAuthn domain): a new account adds a key instead
of an app code and reaches the caseload; signing in again, the key is the second step. Nothing the
Content Security Policy blocks on the way (allauth's WebAuthn script is a file, its data JSON)."""

import os
from collections.abc import Iterator

import pytest

from connecting_people_demo.builders import DEMO_DOMAIN, DEMO_PASSWORD
from tests.browser.conftest import demo_server, watch_for_blocked_content

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",  # a laptop's fingerprint reader, say
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


@pytest.fixture(scope="module")
def served_on_localhost(chromium_path, tmp_path_factory) -> Iterator[str]:
    """The production server, demo data, two steps required, at http://localhost: WebAuthn takes
    a domain (never an address like 127.0.0.1), and localhost is a secure context over http."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs on the embedded database only")
    data = tmp_path_factory.mktemp("served-passkeys")
    env = {"ALLOWED_HOSTS": "localhost,127.0.0.1", "CPI_REQUIRE_MFA": "true"}
    with demo_server(data, env=env, demo=["--people", "5"], workers=1) as port:
        yield f"http://localhost:{port}"


def _sign_in(page) -> None:
    page.goto("/account/login/")
    page.get_by_label("Email address").fill(f"sam@{DEMO_DOMAIN}")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_passkey_is_set_up_and_then_used_as_the_second_step(served_on_localhost, browser):
    context = browser.new_context(base_url=served_on_localhost, locale="en-GB")
    try:
        page = context.new_page()
        blocked = watch_for_blocked_content(page)
        devtools = context.new_cdp_session(page)
        devtools.send("WebAuthn.enable")
        devtools.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})

        _sign_in(page)
        page.wait_for_url("**/account/reauthenticate/**")
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/account/2fa/totp/activate/")
        page.goto("/account/2fa/webauthn/add/")
        page.locator("#mfa_webauthn_add").click()  # the browser asks the (virtual) key to sign
        page.wait_for_url("**/account/2fa/recovery-codes/")
        page.goto("/people/")
        page.wait_for_url("**/people/")
        assert page.get_by_role("heading", level=1).inner_text() == "My people"

        # Signing in again: the password, then the key.
        page.goto("/account/logout/")
        page.get_by_role("button", name="Sign out", exact=True).click()
        page.wait_for_url(lambda url: "logout" not in url)
        _sign_in(page)
        page.wait_for_url("**/account/2fa/authenticate/**")
        page.get_by_role("button", name="Use a security key").click()
        page.wait_for_url(lambda url: "/account/" not in url)
        page.goto("/people/")
        page.wait_for_url("**/people/")
        assert page.get_by_role("heading", level=1).inner_text() == "My people"
        assert blocked == []
    finally:
        context.close()
