"""Idle and absolute session limits: a screen left signed in does not stay open to personal data.

Signed out after `SESSION_IDLE_MINUTES` with no request, and `SESSION_MAX_HOURS` after signing in
however busy. The session remembers when it began and when it was last used; "last used" is written
at most once a minute, so an ordinary page view does not save the session again.
"""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from connecting_people.core.access.own import is_person_account

PERSON_SIGN_IN = "portal:sign_in"

STARTED = "cpi_session_started"
LAST_SEEN = "cpi_session_last_seen"
LAST_SEEN_GRANULARITY = 60  # seconds


def _now() -> float:
    return time.time()


def session_start(request: HttpRequest) -> None:
    """Start both clocks when someone signs in (saved with the session sign-in creates), so the
    absolute limit counts from the sign-in itself and the first page after it writes nothing."""
    now = _now()
    request.session[STARTED] = now
    request.session[LAST_SEEN] = now


def _sign_in_again(request: HttpRequest, message: str) -> HttpResponse:
    next_path = request.get_full_path() if request.method == "GET" else ""
    # A person's own account (issue 14) goes back to its own, plainer sign-in page.
    person = is_person_account(request.user)
    logout(request)
    messages.info(request, message)
    url = resolve_url(PERSON_SIGN_IN if person else settings.LOGIN_URL)
    is_htmx = request.headers.get("HX-Request") == "true"
    if next_path and not is_htmx:
        url = f"{url}?{urlencode({'next': next_path})}"
    if is_htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _limit_passed(request: HttpRequest, now: float) -> str | None:
    """A plain reason to sign in again, or None while the session is within both limits."""
    session = request.session
    started = session.get(STARTED, now)
    last_seen = session.get(LAST_SEEN, now)
    if now - started >= settings.SESSION_MAX_HOURS * 3600:
        return _(
            "For safety we signed you out: you had been signed in for %(hours)s hours. "
            "Please sign in again."
        ) % {"hours": settings.SESSION_MAX_HOURS}
    if now - last_seen >= settings.SESSION_IDLE_MINUTES * 60:
        return _(
            "For safety we signed you out after %(minutes)s minutes without activity. "
            "Please sign in again."
        ) % {"minutes": settings.SESSION_IDLE_MINUTES}
    if STARTED not in session:
        session[STARTED] = now
    if now - last_seen >= LAST_SEEN_GRANULARITY or LAST_SEEN not in session:
        session[LAST_SEEN] = now
    return None


def session_limits_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Sign out a session past its idle or absolute limit and send the person to sign in."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            reason = _limit_passed(request, _now())
            if reason is not None:
                return _sign_in_again(request, reason)
        return get_response(request)

    return middleware
