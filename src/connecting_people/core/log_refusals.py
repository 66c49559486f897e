"""Refused requests are logged as one plain line; genuine server errors keep their traceback.

Django logs every 4xx response on `django.request` (403 and 404 with the exception, so with a
traceback) and every suspicious request on `django.security.*` with a traceback. A refusal is
expected, frequent and safe: a traceback for each one buries the real errors and copies the
request's details into the log. `RefusalFilter` (settings.LOGGING, on the loggers and on the
handler, since `django.security.<Kind>` loggers are made on the fly) rewrites such a record to

    Refused GET /people/12/ 403 user=5 (PermissionDenied)

and drops its traceback: the method, the path without its query string (a search can hold a
name), the status, the account's id, the kind of refusal. Never a name, an email or a message
text, which can hold either.

A database that does not answer (restarted, say) is an outage, not a bug: every request during it
would log the same long traceback. Such a record (our 503 page, core/errors.py) becomes

    Database unavailable GET /people/12/ 503 (OperationalError)

(no account id: reading it would ask the database again). Other records with status 500 or
more, and anything else, pass unchanged: genuine server errors keep their traceback.
"""

from __future__ import annotations

import logging
from typing import Any

REFUSAL_LOGGERS = ("django.request", "django.security")


class RefusalFilter(logging.Filter):
    """Turn a refused request's log record into one line with no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "cp_refusal", False):
            return True  # already rewritten (by the logger's filter, now at the handler)
        if not record.name.startswith(REFUSAL_LOGGERS):
            return True
        status = getattr(record, "status_code", None)
        security = record.name.startswith("django.security")
        if status == 503 and _database_down(record):
            return _one_line(record, "Database unavailable %s %s %s (%s)", status)
        if not security and (status is None or status >= 500):
            return True
        method, path, user_id = _request_parts(getattr(record, "request", None))
        record.msg = "Refused %s %s %s user=%s (%s)"
        record.args = (method, path, status or 400, user_id, _kind(record))
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        record.cp_refusal = True
        return True


def _database_down(record: logging.LogRecord) -> bool:
    from connecting_people.core.errors import database_unavailable

    return bool(record.exc_info) and database_unavailable(record.exc_info[1])  # type: ignore[index]


def _one_line(record: logging.LogRecord, message: str, status: int) -> bool:
    request = getattr(record, "request", None)
    record.msg = message
    record.args = (
        str(getattr(request, "method", "-") or "-"),
        str(getattr(request, "path", "-") or "-"),
        status,
        _kind(record),
    )
    record.exc_info = None
    record.exc_text = None
    record.stack_info = None
    record.cp_refusal = True
    return True


def _request_parts(request: Any) -> tuple[str, str, str]:
    if request is None:
        return ("-", "-", "-")
    user = getattr(request, "user", None)
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    return (
        str(getattr(request, "method", "-") or "-"),
        str(getattr(request, "path", "-") or "-"),
        str(user_id) if user_id is not None else "-",
    )


def _kind(record: logging.LogRecord) -> str:
    if record.exc_info and record.exc_info[0] is not None:
        return record.exc_info[0].__name__
    if record.name.startswith("django.security."):
        return record.name.removeprefix("django.security.")
    return {404: "Not Found", 403: "Forbidden", 405: "Method Not Allowed"}.get(
        getattr(record, "status_code", 0), "Refused"
    )
