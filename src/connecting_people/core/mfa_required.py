"""Two-step sign-in before any personal data (issue 15).

A signed-in account with no authenticator (an app code, TOTP) may open only the pages that set one
up, sign out, and the public pages; everything else sends it to set one up. An account that has an
authenticator but whose session never used it (signed in some way that skipped the code step) is
sent to give its code. Setting up the authenticator counts as the code step: the app code form
only accepts a correct code, and a security key or passkey (WebAuthn) is added only with a
signature from the key itself.

A person's own account (issue 14) may add a second step but is not made to; once it has one, it
gives its code like any other account.

The demo (CPI_DEMO, never under production settings) may skip the requirement so a newcomer can
look around; `required()` ignores `CPI_REQUIRE_MFA=false` whenever the demo is not installed.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from connecting_people.core.admin_site import second_step_done
from connecting_people.core.routing import page_of

DEMO_APP = "connecting_people_demo"

# Pages a signed-in account may open before its second step: setting it up, giving its code,
# signing out, and what anyone may read.
OPEN_PAGES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_reauthenticate_webauthn",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "guidance:about",
        "guidance:part",
        "core:privacy",
        "core:accessibility",
        "core:health",
    }
)
OPEN_NAMESPACES = frozenset({"hsds"})


def required() -> bool:
    """Always, unless the demo is installed and CPI_REQUIRE_MFA is off."""
    if not apps.is_installed(DEMO_APP):
        return True
    return bool(getattr(settings, "CPI_REQUIRE_MFA", True))


def _has_authenticator(user: Any) -> bool:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


def _is_open(request: HttpRequest) -> bool:
    if request.path_info.startswith(settings.STATIC_URL):
        return True
    match = page_of(request)
    if match is None:
        return True  # a 404 shows nothing
    return match.view_name in OPEN_PAGES or bool(OPEN_NAMESPACES & set(match.namespaces))


def _send_to(request: HttpRequest, url: str) -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _open(
    request: HttpRequest, user: Any, get_response: Callable[[HttpRequest], HttpResponse]
) -> HttpResponse:
    """An open page; when it is the set-up form and it sets an authenticator up, note the step."""
    setting_up = request.method == "POST" and request.path_info in _setting_up_paths()
    had_one = setting_up and _has_authenticator(user)
    response = get_response(request)
    if setting_up and not had_one and _has_authenticator(user):
        _record_second_step(request, user)
    return response


def _setting_up_paths() -> frozenset[str]:
    return frozenset({reverse("mfa_activate_totp"), reverse("mfa_add_webauthn")})


def mfa_required_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Send a signed-in account to set up, or give, its second step before anything else."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or not required():
            return get_response(request)
        if _is_open(request):
            return _open(request, user, get_response)
        if not _has_authenticator(user):
            if getattr(user, "is_person", False):
                return get_response(request)  # a second step is the person's choice (issue 14)
            messages.info(
                request, _("Set up two-step sign-in to carry on: it keeps people's records safe.")
            )
            return _send_to(request, reverse("mfa_activate_totp"))
        if not second_step_done(request, user):
            next_path = request.get_full_path() if request.method == "GET" else "/"
            query = urlencode({"next": next_path})
            return _send_to(request, f"{reverse('mfa_reauthenticate')}?{query}")
        return get_response(request)

    return middleware


def _record_second_step(request: HttpRequest, user: Any) -> None:
    """Setting up an authenticator takes a correct code from it: this session's code step."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    kinds = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    authenticator = (
        Authenticator.objects.filter(user=user, type__in=kinds).order_by("-created_at").first()
    )
    if authenticator is not None:
        record_authentication(request, user, "mfa", type=authenticator.type, id=authenticator.pk)
