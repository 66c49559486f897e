"""Security headers on every answer (issue 15, hardening).

- `Content-Security-Policy` from `settings.SECURE_CSP`: the strict policy, on every response
  that has none yet. Django 5.2 has no CSP of its own; the setting has the shape of Django 6.0's
  `SECURE_CSP`, so this middleware can give way to `django.middleware.csp` when we move up.
- `Cache-Control: private, no-store` and `Pragma: no-cache` on every answer to a signed-in user,
  since such pages carry personal data, unless the view itself declared the answer `public`
  (the public HSDS API does). Static files never reach here: whitenoise answers them first, so
  they keep their long caching.

It sits at the top of MIDDLEWARE, so it sees every answer, including redirects and refusals
made by the middleware below it; `request.user` is set by then if the request got that far.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

NO_STORE = "private, no-store"


def policy() -> str:
    """The policy header's value, directives in the order the setting gives them."""
    return "; ".join(" ".join([name, *sources]) for name, sources in settings.SECURE_CSP.items())


def _for_signed_in_user(request: HttpRequest, response: HttpResponse) -> bool:
    if "public" in response.get("Cache-Control", ""):
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def security_headers_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    header = policy()

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", header)
        if _for_signed_in_user(request, response):
            response["Cache-Control"] = NO_STORE
            response["Pragma"] = "no-cache"
        return response

    return middleware
