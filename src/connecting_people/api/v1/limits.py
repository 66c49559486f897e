"""Rate limits per token (ADR 0022): a fixed window counted in the cache that the settings
choose (shared by every server worker when CACHE_URL names Redis or memcached)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from connecting_people.api.v1.problems import Problem


def window_seconds() -> int:
    return int(getattr(settings, "CPI_API_RATE_WINDOW", 60))


def allowance() -> int:
    return int(getattr(settings, "CPI_API_RATE_LIMIT", 120))


def count_request(token_id: int, *, now: float | None = None) -> None:
    """Count one request of this token; a Problem 429 with Retry-After once over the limit."""
    now = time.time() if now is None else now
    window = window_seconds()
    start = int(now // window) * window
    key = f"api-v1-rate:{token_id}:{start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # the entry went between the two calls
        cache.set(key, 1, timeout=window + 5)
        used = 1
    if used > allowance():
        wait = max(1, int(start + window - now + 0.999))
        raise Problem(
            429,
            _(
                "This token has made %(n)s requests in %(s)s seconds, the most allowed. Try again "
                "in %(wait)s seconds."
            )
            % {"n": allowance(), "s": window, "wait": wait},
            headers={"Retry-After": str(wait)},
        )
