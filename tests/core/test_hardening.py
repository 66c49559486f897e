"""Hardening (issue 15): the demo says so on every page; refusals are logged without tracebacks."""

import logging

import pytest
from django.http import HttpRequest
from django.urls import path, reverse

from connecting_people.core.log_refusals import RefusalFilter
from tests.factories import PersonFactory

BANNER = "This is a demo with made-up people. Do not enter real information."


# The demo says it is a demo ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["guidance:about", "account_login"])
def test_with_the_demo_every_page_says_it_is_a_demo(client, db, settings, name):
    settings.CPI_DEMO = True
    assert BANNER in client.get(reverse(name)).content.decode()


def test_with_the_demo_a_signed_in_page_says_it_is_a_demo(sign_in, cast, settings):
    settings.CPI_DEMO = True
    response = sign_in(cast.practitioner).get(reverse("practice:caseload"))
    assert BANNER in response.content.decode()


@pytest.mark.parametrize("name", ["guidance:about", "account_login"])
def test_without_the_demo_no_page_says_it_is_a_demo(client, db, settings, name):
    settings.CPI_DEMO = False
    assert BANNER not in client.get(reverse(name)).content.decode()


# Refusals are one plain line --------------------------------------------------------------------


def _boom(request: HttpRequest):
    raise RuntimeError("a genuine server error")


urlpatterns = [path("boom/", _boom)]


def _stderr_lines(records):
    """Each record as the configured stderr handler writes it (its filters, its format)."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RefusalFilter) for f in h.filters)
    )
    return [handler.format(r) for r in records if handler.filter(r)]


def _refused(caplog, client, url, status, **extra):
    with caplog.at_level(logging.INFO):
        response = client.get(url, **extra)
    assert response.status_code in status
    records = [r for r in caplog.records if r.name.startswith("django.")]
    assert records, "the refusal was logged"
    return records


def test_a_refused_page_logs_one_line_with_no_traceback(sign_in, cast, caplog):
    person = PersonFactory(team=cast.elsewhere_team)
    client = sign_in(cast.practitioner)
    url = reverse("people:edit", args=[person.pk])
    records = _refused(caplog, client, url, {403, 404})
    for record in records:
        assert record.exc_info is None
        line = record.getMessage()
        assert line.startswith(f"Refused GET {url} 40")
        assert f"user={cast.practitioner.pk}" in line
    for line in _stderr_lines(records):
        assert "Traceback" not in line
        assert "\n" not in line
        assert person.preferred_name not in line
        assert cast.practitioner.email not in line


def test_a_missing_page_logs_no_traceback_and_no_query(client, db, caplog):
    records = _refused(caplog, client, "/no-such-page/?q=Alex+Smith", {404})
    for line in _stderr_lines(records):
        assert line.endswith("Refused GET /no-such-page/ 404 user=- (Not Found)")
        assert "Alex" not in line


def test_a_suspicious_request_logs_no_traceback(client, db, caplog):
    records = _refused(caplog, client, "/", {400}, HTTP_HOST="attacker.example")
    lines = _stderr_lines(records)
    assert lines
    for line in lines:
        assert "Traceback" not in line
        assert "Refused GET / 400 user=- (DisallowedHost)" in line


@pytest.mark.urls("tests.core.test_hardening")
def test_a_genuine_server_error_keeps_its_traceback(client, db, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO):
        assert client.get("/boom/").status_code == 500
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records
    assert records[0].exc_info is not None
    assert "Traceback" in _stderr_lines(records)[0]
    assert "a genuine server error" in _stderr_lines(records)[0]
