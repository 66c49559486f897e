"""Cursor paging: a stable order (by id) and an opaque, signed cursor for where the next page
starts, so a client walks a list that grows or changes without skipping or repeating a row.

`?limit=` takes 1 to 100 (50 when left out); the answer's `next` is the whole address of the
next page, or null on the last. A cursor that was changed or belongs to another list is a 400.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.core import signing
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query

from connecting_people.api.v1.problems import Problem

M = TypeVar("M", bound=models.Model)

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many to a page: 1 to 100.")
_SALT = "connecting_people.api.v1.cursor"


def _encode(listing: str, after: int) -> str:
    return signing.dumps([listing, after], salt=_SALT, compress=True)


def _decode(listing: str, cursor: str) -> int:
    try:
        kind, after = signing.loads(cursor, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError) as bad:
        raise Problem(
            400,
            _("This cursor is not one this API gave out."),
            errors={"cursor": [_("Use the `next` address of the page before, as it was given.")]},
        ) from bad
    if kind != listing or not isinstance(after, int):
        raise Problem(
            400,
            _("This cursor belongs to another list."),
            errors={"cursor": [_("Use the `next` address of the page before, as it was given.")]},
        )
    return after


def page_of(
    request: HttpRequest,
    queryset: models.QuerySet[M],
    *,
    listing: str,
    cursor: str | None,
    limit: int,
    newest_first: bool = False,
) -> tuple[Sequence[M], str | None]:
    """One page of `queryset` in id order (newest first if asked), and the next page's address.
    One query: a row more than the page is read to know whether there is a next page."""
    ordered = queryset.order_by("-pk" if newest_first else "pk")
    if cursor:
        after = _decode(listing, cursor)
        ordered = ordered.filter(pk__lt=after) if newest_first else ordered.filter(pk__gt=after)
    rows = list(ordered[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    query = request.GET.copy()
    query["cursor"] = _encode(listing, rows[-1].pk)
    query["limit"] = str(limit)
    return rows, request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page_body(items: Sequence[Any], next_url: str | None, limit: int) -> dict[str, Any]:
    return {"items": list(items), "next": next_url, "limit": limit}
