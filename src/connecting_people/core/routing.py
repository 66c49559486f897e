"""Which page a request is for, worked out once per request for the middlewares that need it
before Django's own view lookup (the two doors, the second step)."""

from django.http import HttpRequest
from django.urls import Resolver404, ResolverMatch, resolve

_MATCH = "_cpi_page"


def page_of(request: HttpRequest) -> ResolverMatch | None:
    """The request's URL pattern, or None for an address no pattern serves (a 404 shows nothing).
    Resolved once and kept on the request."""
    if not hasattr(request, _MATCH):
        try:
            match: ResolverMatch | None = resolve(request.path_info)
        except Resolver404:
            match = None
        setattr(request, _MATCH, match)
    return getattr(request, _MATCH)
