"""Our own pages when something goes wrong (urls.handler400, 403, 404, 500, and
CSRF_FAILURE_VIEW), each in the product's look, in plain words, with a way back.

- 404: the page is not there, or is not one this account may see (a refused record is the
  same 404 as a missing one, so the words never say which).
- 403: not allowed; a form sent without its security check (an old page, cookies blocked) gets
  its own words (`csrf_failure`): go back, reload the page and try again.
- 400: the request could not be read; one too big for the server (`RequestDataTooBig`, over
  DATA_UPLOAD_MAX_MEMORY_SIZE, or too many fields or files) is 413 with its own words.

When the database does not answer (restarted, out of connections, locked for too long) the page
says so and asks the person to try again in a minute, with status 503 and a Retry-After header:
nothing they did caused it and nothing was saved. Any other error is our page with status 500.

Both pages are drawn without the request: its session and its user live in the database, which
may be the very thing that failed, and the page must not fail in turn. DEBUG keeps Django's own
technical page (Django never calls this handler then).
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# Seconds after which the unavailable page suggests trying again (a PostgreSQL restart takes a
# few; a worker's connection comes back on its next request: CONN_HEALTH_CHECKS).
RETRY_AFTER = 30


def database_unavailable(error: BaseException | None) -> bool:
    """Whether this error, or one it was raised from, means the database did not answer.

    Django wraps the driver's errors in its own, except on some paths (reading a server-side
    cursor on PostgreSQL raised psycopg's own OperationalError in the restart test), so the
    driver's own kinds count too."""
    driver = connection.Database  # type: ignore[attr-defined]  # its DB-API module
    kinds = (OperationalError, InterfaceError, driver.OperationalError, driver.InterfaceError)
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, kinds):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the unavailable page (503) or the error page (500)."""
    if database_unavailable(sys.exc_info()[1]):
        return _unavailable()
    return _page("core/server_error.html", 500)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: when the database went away before the session could be saved, Django
    says the session was "interrupted" (400); it is the unavailable page (503) all the same."""
    if database_unavailable(exception):
        return _unavailable()
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return _problem(
            413,
            _("What you sent is too big for us to take"),
            [
                _(
                    "Nothing was saved. A form or file can be up to %(size)s. Go back, make "
                    "what you typed shorter or choose a smaller file, and try again."
                )
                % {"size": _size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
            ],
        )
    return _problem(
        400,
        _("Sorry, we could not read that request"),
        [
            _(
                "Nothing was saved. Go back, reload the page and try again. If it happens "
                "again, please tell your organisation's administrator what you were doing."
            )
        ],
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404. The same words for a page that is not there and a record this account may
    not see, so a refusal never tells that the record exists."""
    return _problem(
        404,
        _("Page not found"),
        [
            _("If you typed the address, check it is correct."),
            _(
                "If you followed a link, the page may have moved, or it may not be one your "
                "account can open. Ask your team lead if you think you should see it."
            ),
        ],
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403."""
    return _problem(
        403,
        _("You cannot do that with your account"),
        [
            _(
                "Nothing was changed. If you think you should be able to, ask your team lead "
                "or your organisation's administrator."
            )
        ],
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without its security check, usually from a page left
    open a long time, after signing out in another tab, or with cookies blocked."""
    return _problem(
        403,
        _("Sorry, we could not save that"),
        [
            _(
                "Nothing was saved. This happens when a page has been open for a long time, or "
                "after signing out in another tab."
            ),
            _(
                "Go back, reload the page, and try again. If it keeps happening, check that "
                "your browser accepts cookies from this site."
            ),
        ],
    )


def _size(size: int | None) -> str:
    if not size:
        return _("the server's limit")
    if size >= 1024 * 1024:
        return _("%(n)s MB") % {"n": f"{size / (1024 * 1024):g}"}
    return _("%(n)s KB") % {"n": f"{size / 1024:g}"}


def _problem(status: int, heading: str, paragraphs: list[str]) -> HttpResponse:
    context = {
        "service_name": settings.CPI_SERVICE_NAME,
        "is_demo": settings.CPI_DEMO,
        "heading": heading,
        "paragraphs": paragraphs,
    }
    response = HttpResponse(render_to_string("core/problem.html", context), status=status)
    response["Cache-Control"] = "no-store"
    return response


def _unavailable() -> HttpResponse:
    response = _page("core/unavailable.html", 503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def _page(template: str, status: int) -> HttpResponse:
    context = {"service_name": settings.CPI_SERVICE_NAME, "is_demo": settings.CPI_DEMO}
    response = HttpResponse(render_to_string(template, context), status=status)
    response["Cache-Control"] = "no-store"
    return response
