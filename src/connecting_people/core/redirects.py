"""Where a one-click form sends someone back to: the page it was on, when that is ours."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def next_page(request: HttpRequest, fallback: str) -> str:
    """The posted `next` when it is a path on this site, else `fallback` (a URL or a URL name).

    A path only: `redirect()` takes anything else for the name of a page, and a made-up name
    (`next=abc`) was a server error (tests/test_fuzz_forms.py). Printable characters only: a
    NUL or a line break has no business in an address or in the header that carries it."""
    wanted = request.POST.get("next", "")
    if (
        wanted.startswith("/")
        and wanted.isprintable()
        and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure())
    ):
        return wanted
    return fallback
