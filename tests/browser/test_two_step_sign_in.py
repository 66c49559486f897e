"""Two-step sign-in in a real browser: with the requirement on, a new account is sent to set up its
app code before it reaches anyone's record, and reaches the caseload once it has (issue 15)."""

import os
from collections.abc import Iterator

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from connecting_people_demo.builders import DEMO_DOMAIN, DEMO_PASSWORD
from tests.browser.conftest import demo_server


@pytest.fixture(scope="module")
def served_requiring_two_steps(chromium_path, tmp_path_factory) -> Iterator[str]:
    """The production server with the demo data and CPI_REQUIRE_MFA=true (SQLite only)."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs on the embedded database only")
    data = tmp_path_factory.mktemp("served-two-steps")
    env = {"ALLOWED_HOSTS": "127.0.0.1", "CPI_REQUIRE_MFA": "true"}
    with demo_server(data, env=env, demo=["--people", "5"], workers=1) as port:
        yield f"http://127.0.0.1:{port}"


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def test_sign_in_sets_up_the_app_code_then_reaches_the_caseload(
    served_requiring_two_steps, browser
):
    # The session's one browser (tests/browser/conftest.py): a second sync_playwright on the
    # same thread is refused while the first one's event loop runs.
    context = browser.new_context(base_url=served_requiring_two_steps, locale="en-GB")
    try:
        page = context.new_page()
        page.goto("/account/login/")
        page.get_by_label("Email address").fill(f"sam@{DEMO_DOMAIN}")
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        # allauth asks for the password again before an authenticator is added.
        page.wait_for_url("**/account/reauthenticate/**")
        assert "Set up two-step sign-in to carry on" in page.content()
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/account/2fa/totp/activate/")
        page.goto("/people/")  # still refused: no record before the second step
        page.wait_for_url("**/account/2fa/totp/activate/")
        secret = page.locator("#authenticator_secret").input_value()
        page.locator("input[name=code]").fill(_code(secret))
        page.get_by_role("button", name="Activate").click()
        page.wait_for_url("**/account/2fa/recovery-codes/")
        page.goto("/people/")
        page.wait_for_url("**/people/")
        assert page.get_by_role("heading", level=1).inner_text() == "My people"
    finally:
        context.close()
