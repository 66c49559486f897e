"""Our own page when something goes wrong on the server (urls.handler500 and handler400).

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
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

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
    return defaults.bad_request(request, exception)


def _unavailable() -> HttpResponse:
    response = _page("core/unavailable.html", 503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def _page(template: str, status: int) -> HttpResponse:
    context = {"service_name": settings.CPI_SERVICE_NAME, "is_demo": settings.CPI_DEMO}
    response = HttpResponse(render_to_string(template, context), status=status)
    response["Cache-Control"] = "no-store"
    return response
