"""Every form of the app, and the HSDS read API's query, fed nonsense: never a server error.

Each URL in the access table (tests/test_url_access.py) that takes a form is posted, by a member
of the cast who may use it, data made up by hypothesis: the form's own field names (read from its
page) and a few it does not have, each left out or filled with text of any kind (unicode, empty,
a NUL byte, 100,000 characters), numbers far out of range, ids of the wrong type, impossible dates
(0000-00-00, 31/02/2026), several values for one field. allauth's forms (signing in, passwords,
two-step sign-in) are posted the same way, signed out and signed in. Every address that names a
record is asked with ids too big for the database. The HSDS API gets its own parameters with
values of the same kinds. Any answer may be a refusal or a page of errors; none may be 500.

Examples are few and derandomised (the same every run), so the module stays quick and a failure
shows again on the next run; raise FUZZ_EXAMPLES locally to look harder.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlencode

import pytest
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import test_url_access
from tests.test_url_access import (
    ALL_PATTERNS,
    ALLAUTH_KWARGS,
    ALLAUTH_NAMES,
    KINDS,
    STRICTER_POSTS,
    TABLE,
    _client,
    _url,
    _value,
)

# The access walk's world (built once for this module too) and its research key.
world = test_url_access.world
_research_key = test_url_access._research_key

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# allauth's forms are the library's own, long fuzzed elsewhere: fewer examples each.
FUZZ_ALLAUTH = settings(FUZZ, max_examples=max(1, EXAMPLES // 2))

# ── What gets posted ──────────────────────────────────────────────────────────────────────────
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "0000-00-00",
    "00/00/0000",
    "31/02/2026",
    "29/02/2023",
    "1/1/1",
    "1/1/99999",
    "9999-12-31",
    "-1",
    "0",
    "1",
    "2",
    str(2**63),
    str(-(2**63) - 1),
    "9" * 40,
    "1e309",
    "NaN",
    "inf",
    "1.5",
    "²",
    "١٢",
    "abc",
    "on",
    "None",
    "[]",
    '{"a": 1}',
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "\u202eevil\u0301",
    "😀" * 3,
    "x" * 100_001,
]
VALUE = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
)
# Fields a one-button form (posted without a page of its own) might read.
GENERIC = ["version", "status", "direction", "next", "team", "decision", "order", "step", "pk"]
FIELD = re.compile(r'<(?:input|select|textarea|button)\b[^>]*?\sname="([^"]+)"')


def form_data(names: list[str]) -> st.SearchStrategy[dict[str, str | list[str]]]:
    """Any of the names (or one the form does not have), each with one value or several."""
    return st.dictionaries(
        keys=st.sampled_from([*names, "not_a_field"]),
        values=st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=3)),
        max_size=len(names) + 1,
    )


def field_names(html: str) -> list[str]:
    names = set(FIELD.findall(html)) - {"csrfmiddlewaretoken"}
    return sorted(names)


# ── Who posts each form ───────────────────────────────────────────────────────────────────────
PREFERRED = [
    "team_lead",
    "practitioner",
    "org_admin",
    "evaluator",
    "other_org",
    "other_team",
    # issue 14: the person's way in is posted signed out; their own space, by their own account
    "anonymous",
    "person_self",
]


def poster(name: str) -> str | None:
    """A member of the cast who may use this URL's form (a lead first: they may do most)."""
    expected = KINDS[TABLE[name].kind]
    stricter = STRICTER_POSTS.get(name, {})
    for member in PREFERRED:
        if expected[member] == "ok" and stricter.get(member, "reached") == "reached":
            return member
    return None


def allowed_methods(view) -> list[str] | None:  # type: ignore[no-untyped-def]
    """The methods a view's require_http_methods (require_GET, require_POST) lets through, read
    from the decorator's closure; None when it has none."""
    for _ in range(10):
        for cell in getattr(view, "__closure__", None) or ():
            value = cell.cell_contents
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(m, str) and m.isupper() for m in value)
            ):
                return list(value)
        view = getattr(view, "__wrapped__", None)
        if view is None:
            return None
    return None


def _views(patterns: list, namespace: str = ""):  # type: ignore[no-untyped-def]
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _views(pattern.url_patterns, inner)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


VIEWS = dict(_views(get_resolver().url_patterns))
# The JSON API (issue 19) takes no session and no form: it has its own fuzzing with tokens
# (tests/api/test_fuzz_api.py).
NOT_FORMS = ("PUBLIC", "PUBLIC_NOT_FOUND", "API_TOKEN_ONLY")
FORMS = [
    name
    for name in TABLE
    if TABLE[name].kind not in NOT_FORMS and "POST" in (allowed_methods(VIEWS[name]) or ["POST"])
]


def _post(client, url: str, data: dict) -> int:
    response = client.post(url, data)
    assert response.status_code < 500, f"POST {url} {data!r:.500}: {response.status_code}"
    return response.status_code


@pytest.mark.parametrize("name", FORMS)
def test_every_form_takes_nonsense_without_a_server_error(world, db, name):
    member = poster(name)
    assert member is not None, f"nobody in the cast may use {name}"
    url = _url(world, name)
    client = _client(world, member)
    names = GENERIC
    if not TABLE[name].post:
        if client.post(url, {}).status_code == 405:
            pytest.skip(f"{name} takes no form")
        names = field_names(client.get(url).content.decode()) or GENERIC

    @FUZZ
    @given(data=form_data(names))
    def posts(data):
        _post(_client(world, member), url, data)

    posts()


GET_FORM = re.compile(r'<form\b[^>]*method="get"[^>]*>(.*?)</form>', re.DOTALL | re.IGNORECASE)
PAGES = [name for name in TABLE if TABLE[name].kind not in NOT_FORMS and not TABLE[name].post]


@pytest.mark.parametrize("name", PAGES)
def test_every_search_and_filter_takes_nonsense_without_a_server_error(world, db, name):
    """The pages' GET forms (searches, filters): their fields in the address, any values."""
    member = poster(name)
    assert member is not None, f"nobody in the cast may open {name}"
    url = _url(world, name)
    page = _client(world, member).get(url)
    names = sorted(
        {n for form in GET_FORM.findall(page.content.decode()) for n in field_names(form)}
    )
    if not names:
        return  # a page without a search or a filter

    @FUZZ
    @given(query=form_data(names))
    def asks(query):
        response = _client(world, member).get(url.split("?")[0], query)
        assert response.status_code < 500, f"GET {url} {query!r:.500}: {response.status_code}"

    asks()


# allauth's pages: whoever is signed out posts to the sign-in, sign-up and reset forms; the
# practitioner to the ones for their own account. Those that need neither are posted by both.
@pytest.mark.parametrize("member", ["anonymous", "practitioner"])
@pytest.mark.parametrize("name", ALLAUTH_NAMES)
def test_every_allauth_form_takes_nonsense_without_a_server_error(world, db, name, member):
    url = reverse(name, kwargs=ALLAUTH_KWARGS.get(name, {}))
    client = _client(world, member)
    page = client.get(url)
    names = field_names(page.content.decode()) if page.status_code == 200 else []

    @FUZZ_ALLAUTH
    @given(data=form_data(names or ["login", "password", "email", "code"]))
    def posts(data):
        _post(_client(world, member), url, data)

    posts()


# ── Ids too big for the database ──────────────────────────────────────────────────────────────
HUGE_ID = 2**63  # one more than a database's largest integer; SQLite cannot even be asked
INT_KWARGS = {
    name: re.findall(r"<int:(\w+)>", route)
    for name, route in ALL_PATTERNS
    if name in TABLE and "<int:" in route and TABLE[name].kind != "API_TOKEN_ONLY"
}


@pytest.mark.parametrize("name", list(INT_KWARGS))
def test_an_id_too_big_for_the_database_is_not_found(world, db, name):
    entry = TABLE[name]
    member = poster(name) or "practitioner"
    kwargs = {key: _value(world, spec) for key, spec in entry.kwargs.items()}
    kwargs |= dict.fromkeys(INT_KWARGS[name], HUGE_ID)
    url = reverse(name, kwargs=kwargs)
    query = {key: _value(world, spec) for key, spec in entry.query.items()}
    url = f"{url}?{urlencode(query)}" if query else url
    client = _client(world, member)
    response = client.post(url, {"version": "1"}) if entry.post else client.get(url)
    assert response.status_code == 404, f"{url} as {member}: {response.status_code}"


# ── The HSDS read API's query ─────────────────────────────────────────────────────────────────
API_LISTS = [
    name
    for name in TABLE
    if name.startswith("hsds:") and not TABLE[name].kwargs and name != "hsds:root"
]
API_PARAMETERS = [
    "page",
    "per_page",
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "parent_id",
    "modified_after",
    "postcode",
    "proximity",
    "lat",
    "lng",
    "full",
    "full_service",
    "minimal",
    "top_only",
    "format",
]


@pytest.mark.parametrize("name", API_LISTS)
def test_the_hsds_api_takes_any_query_without_a_server_error(world, db, name):
    url = reverse(name)

    @FUZZ
    @given(query=form_data(API_PARAMETERS))
    def asks(query):
        response = _client(world, "anonymous").get(url, query)
        assert response.status_code < 500, f"GET {url} {query!r:.500}: {response.status_code}"
        if response.status_code >= 400:
            assert response["Content-Type"].startswith("application/json")

    asks()


# ── What the fuzzing found (each was a server error) ──────────────────────────────────────────
@pytest.mark.parametrize("url_name", ["core:switch_team", "directory:connector_checked"])
@pytest.mark.parametrize("wanted", ["abc", "a\x00b", "/people/\x00", "//elsewhere.example/"])
def test_a_next_page_that_is_not_a_path_here_goes_to_the_usual_page(world, db, url_name, wanted):
    """`redirect()` took a posted next=abc for the name of a page, and failed to find it."""
    response = _client(world, "team_lead").post(_url(world, url_name), {"next": wanted})
    assert response.status_code == 302
    assert response["Location"].startswith("/")
    assert not response["Location"].startswith("//")
    assert "\x00" not in response["Location"]


def test_a_next_page_that_is_a_path_here_is_followed(world, db):
    response = _client(world, "team_lead").post(
        _url(world, "core:switch_team"), {"next": "/people/?view=team"}
    )
    assert response["Location"] == "/people/?view=team"


def test_digits_that_are_not_plain_digits_are_no_number(world, db):
    """ "²".isdigit() is true, but int("²") fails: a team, a filter and an NHS number."""
    client = _client(world, "team_lead")
    assert client.post(_url(world, "core:switch_team"), {"team": "²"}).status_code == 302
    assert client.get("/people/?no_contact=²").status_code == 200
    form = {"nhs_number": "²" * 10}
    response = client.post(_url(world, "people:edit"), form)
    assert response.status_code < 500
    assert "An NHS number has only digits" in response.content.decode()


@pytest.mark.parametrize("huge", [str(2**63), "-" + str(2**63), "9" * 40])
def test_a_tick_box_id_too_big_for_the_database_is_not_one_of_the_choices(world, db, huge):
    from connecting_people.plans.forms import GoalForm

    form = GoalForm({"interests": [huge]}, person=world.sam.person)
    assert not form.is_valid()
    assert form.errors["interests"] == ["Choose from this person's own interests"]
