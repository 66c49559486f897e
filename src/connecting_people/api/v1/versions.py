"""ETags and If-Match (ADR 0017's versions, over HTTP).

A record's ETag is its kind, id and version: `"person-12-v3"`. Reads send it; a change must
send it back in `If-Match` (428 without one), and the change is made over that version through
the screens' own service, so a record someone else saved since is refused with 412 and what
they changed, as the screens show it.
"""

from __future__ import annotations

import re

from django.http import HttpRequest
from django.utils.translation import gettext as _

from connecting_people.api.v1.problems import Problem

_TAG = re.compile(r'^(?:W/)?"(?P<kind>[a-z]+)-(?P<pk>\d+)-v(?P<version>\d+)"$')


def etag(kind: str, pk: int, version: int) -> str:
    return f'"{kind}-{pk}-v{version}"'


def version_from(request: HttpRequest, *, kind: str, pk: int) -> int:
    """The version the client is changing, from its If-Match (one ETag this API gave out)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise Problem(
            428,
            _(
                "Send the record's ETag in an If-Match header, so a change made meanwhile is not "
                "overwritten."
            ),
        )
    tags = [t.strip() for t in header.split(",")]
    for tag in tags:
        found = _TAG.match(tag)
        if found and found["kind"] == kind and int(found["pk"]) == pk:
            return int(found["version"])
    raise Problem(
        412, _("The If-Match header names no version of this record. Read it again for its ETag.")
    )
