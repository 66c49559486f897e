"""Tokens for the cast (tests/conftest.py) and a client that sends them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from connecting_people.accounts import tokens

ALL = ["people:read", "people:write", "plans:read", "plans:write"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings, tmp_path):
    """Each test counts its own requests: a cache of its own."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }
    cache.clear()


@pytest.fixture
def make_token(cast):
    def _make(user=None, *, scopes=ALL, team=None, organisation=None, days=30, name="Script"):
        user = user or cast.practitioner
        if team is None and organisation is None:
            team = cast.team
        _row, raw = tokens.token_issue(
            user=user,
            name=name,
            scopes=scopes,
            expires_on=timezone.localdate() + dt.timedelta(days=days),
            team=team,
            organisation=organisation,
            by=user,
        )
        return raw

    return _make


def _named(headers):
    """HTTP_IF_MATCH=... as the header If-Match."""
    return {k.removeprefix("HTTP_").replace("_", "-").title(): v for k, v in headers.items()}


class ApiClient:
    """GET/POST/PATCH JSON with a bearer token."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, **headers):
        return self.client.get(path, headers={**self.headers, **_named(headers)})

    def post(self, path, data=None, **headers):
        return self.client.post(
            path,
            data or {},
            content_type="application/json",
            headers={**self.headers, **_named(headers)},
        )

    def patch(self, path, data=None, **headers):
        return self.client.patch(
            path,
            data or {},
            content_type="application/json",
            headers={**self.headers, **_named(headers)},
        )


@pytest.fixture
def api(make_token):
    def _api(user=None, **kwargs):
        return ApiClient(make_token(user, **kwargs))

    return _api
