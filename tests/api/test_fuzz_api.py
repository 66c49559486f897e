"""The JSON API fed nonsense with a token that may do everything: never a server error, always
a problem (issue 19). Bodies of any shape, queries of any value, ids too big for the database.
Few derandomised examples, as tests/test_fuzz_forms.py; raise FUZZ_EXAMPLES to look harder."""

from __future__ import annotations

import json
import os

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NASTY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=50),
    st.sampled_from(["", "\x00", "0000-00-00", "2026-02-31", "9" * 5000, "me", "-1", "1e9"]),
    st.lists(st.text(max_size=5), max_size=3),
)
FIELDS = [
    "preferred_name", "nhs_number", "keyworker", "date_of_birth", "started_on", "email",
    "research_opt_out", "action", "on", "destination", "keep_in_touch", "own_space_days",
    "happened_on", "kind", "what_happened", "duration_minutes", "next_meeting_on",
    "hidden_from_person", "hidden_reason", "pronouns",
]  # fmt: skip
BODIES = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), NASTY, max_size=8),
    NASTY,
)
HUGE_ID = 2**63


def _assert_problem_or_ok(response):
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


@pytest.fixture
def sam(cast):
    return PersonFactory(team=cast.team)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/people"),
        ("patch", "/api/v1/people/{pk}"),
        ("post", "/api/v1/people/{pk}/status"),
        ("post", "/api/v1/people/{pk}/contacts"),
    ],
)
def test_any_body(cast, api, sam, method, path):
    client = api()
    url = path.format(pk=sam.pk)

    @FUZZ
    @given(body=BODIES)
    def sends(body):
        response = getattr(client.client, method)(
            url,
            json.dumps(body),
            content_type="application/json",
            headers={**client.headers, "If-Match": f'"person-{sam.pk}-v{sam.version}"'},
        )
        _assert_problem_or_ok(response)

    sends()


@given(
    query=st.dictionaries(
        st.sampled_from(
            ["status", "keyworker", "due_for_review", "modified_since", "cursor", "limit"]
        ),
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(["0", "101", "-5", "me", "2026-13-01", "x" * 3000]),
        ),
    )
)
@FUZZ
def test_any_query(cast, api, query):
    _assert_problem_or_ok(
        api().get("/api/v1/people", **{})
        if not query
        else api().client.get("/api/v1/people", query, headers=api().headers)
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/people/{pk}"),
        ("patch", "/api/v1/people/{pk}"),
        ("post", "/api/v1/people/{pk}/status"),
        ("get", "/api/v1/people/{pk}/contacts"),
        ("post", "/api/v1/people/{pk}/contacts"),
    ],
)
def test_an_id_too_big_for_the_database_is_not_found(cast, api, method, path):
    client = api()
    url = path.format(pk=HUGE_ID)
    today = timezone.localdate().isoformat()
    body = {  # a body of the right shape, so that only the id is wrong
        "status": {"action": "start", "on": today},
        "contacts": {"happened_on": today, "kind": "meeting", "what_happened": "Tea."},
    }.get(path.rsplit("/", 1)[-1], {})
    response = (
        client.get(url)
        if method == "get"
        else getattr(client, method)(url, body, HTTP_IF_MATCH=f'"person-{HUGE_ID}-v1"')
    )
    assert response.status_code == 404, response.content
