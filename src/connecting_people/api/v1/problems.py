"""Errors as RFC 9457 problem details (`application/problem+json`), one shape for every refusal.

    {"type": "https://.../api#not-found", "title": "Not found", "status": 404,
     "detail": "...", "errors": {"field": ["message", ...]}}

`type` is a fragment of the API's own documentation (docs/api.md), stable across releases;
`errors` (field → messages) is there when the request's fields were at fault.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _

from connecting_people.core.concurrency import Difference

MEDIA_TYPE = "application/problem+json"
DOCS = "https://connecting-people.invalid/docs/api#"  # a stable name, not a page to fetch

# status → (type's fragment, title)
KINDS: dict[int, tuple[str, Any]] = {
    400: ("bad-request", _("The request is not one this API understands")),
    401: ("unauthorised", _("A valid token is needed")),
    403: ("forbidden", _("This token may not do that")),
    404: ("not-found", _("Not found")),
    405: ("method-not-allowed", _("Method not allowed")),
    409: ("conflict", _("That cannot be done to the record as it is now")),
    412: ("edit-conflict", _("Someone else changed the record first")),
    422: ("invalid", _("Some of what was sent needs correcting")),
    428: ("if-match-required", _("Say which version you are changing")),
    429: ("rate-limited", _("Too many requests")),
}


class Problem(Exception):
    """Raised anywhere in an API operation to answer with a problem."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail = status, str(detail)
        self.errors, self.headers, self.extra = errors, headers or {}, extra or {}


def problem_body(
    status: int,
    detail: str,
    *,
    errors: dict[str, list[str]] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    fragment, title = KINDS.get(status, ("error", _("Something went wrong")))
    body: dict[str, Any] = {
        "type": DOCS + fragment,
        "title": str(title),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return {**body, **(extra or {})}


def problem_response(problem: Problem) -> HttpResponse:
    response = JsonResponse(
        problem_body(problem.status, problem.detail, errors=problem.errors, extra=problem.extra),
        status=problem.status,
        content_type=MEDIA_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in problem.headers.items():
        response[name] = value
    return response


def field_errors(error_dict: dict[str, Any]) -> dict[str, list[str]]:
    """A form's or a ValidationError's errors as field → plain messages ("__all__" → "_")."""
    found: dict[str, list[str]] = {}
    for field, messages in error_dict.items():
        key = "_" if field in ("__all__", None) else field
        found.setdefault(key, []).extend(str(m) for m in messages)
    return found


def differences(found: list[Difference]) -> list[dict[str, Any]]:
    """An edit conflict's differences, as stored values (not as the screens word them)."""
    return [
        {"field": d.field, "label": d.label, "theirs": _plain(d.theirs), "yours": _plain(d.yours)}
        for d in found
    ]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
