"""Two doors that never open onto each other (issue 14): staff pages and the person's own space.

- A person's own account (`User.is_person`) opens only the pages of their space (the `portal`
  namespace), signing out, its second step, and what anyone may read. Every staff page answers it
  with the same 404 as a page that does not exist, and the refusal is audited; the home page sends
  it to its own space.
- Everyone else (staff, and anyone not signed in) opens no page of the portal except those a
  portal view marks `open_to_anyone` (the invitation and sign-in pages): a staff sign-in is never
  taken as a person's. Someone not signed in is sent to the person's sign-in page; staff get a
  404.

This sits after authentication and before the views, so a new staff page is closed to people's
accounts without anyone remembering to close it.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse

from connecting_people.core.access.own import is_person_account
from connecting_people.core.access.records import refuse
from connecting_people.core.routing import page_of

PORTAL = "portal"
# Namespaces a person's own account may open besides its space: the public directory API, and
# the JSON API (issue 19), which takes no session at all: only a token, whose own rules decide.
PERSON_MAY_OPEN_NAMESPACES = frozenset({PORTAL, "hsds", "api_v1", "api_fhir"})

# Pages outside the portal that a person's own account may open.
PERSON_MAY_OPEN = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "account_change_password",
        "account_set_password",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_remove_webauthn",
        "mfa_reauthenticate_webauthn",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "guidance:about",
        "guidance:part",
        "core:privacy",
        "core:accessibility",
        "core:health",
    }
)


def open_to_anyone(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a portal view that anyone may open (an invitation, a sign-in page)."""
    view.open_to_anyone = True  # type: ignore[attr-defined]
    return view


PERSON_SIGN_IN = "portal:sign_in"


def _send_to_sign_in(request: HttpRequest) -> HttpResponse:
    """To the person's own sign-in page: whoever opens a page of the portal is one of them."""
    url = resolve_url(PERSON_SIGN_IN)
    if request.method == "GET":
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    return HttpResponseRedirect(url)


def own_space_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Keep people's own accounts in their space and everyone else out of it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(settings.STATIC_URL):
            return get_response(request)
        match = page_of(request)
        if match is None:
            return get_response(request)  # a 404 shows nothing
        in_portal = PORTAL in match.namespaces
        user = request.user
        if is_person_account(user):
            if PERSON_MAY_OPEN_NAMESPACES & set(match.namespaces) or (
                match.view_name in PERSON_MAY_OPEN
            ):
                return get_response(request)
            if match.view_name == "core:home":
                return HttpResponseRedirect(reverse("portal:home"))
            refuse(request, page=match.view_name, own_space=True)
            raise Http404
        if not in_portal or getattr(match.func, "open_to_anyone", False):
            return get_response(request)
        if not user.is_authenticated:
            return _send_to_sign_in(request)
        refuse(request, page=match.view_name, own_space=True)
        raise Http404

    return middleware
