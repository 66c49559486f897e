"""Our own error pages (core/errors.py), and one log line, not a traceback, when the database
does not answer (issue 15: PostgreSQL restarted under load; bench/faults/restart_database.py
measures the real thing)."""

import logging
from unittest import mock

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.core.exceptions import SuspiciousOperation
from django.db import OperationalError, connection
from django.test import Client

from connecting_people.core import errors

UNAVAILABLE = "Sorry, Connecting People is not available just now"
BROKEN = "Sorry, something went wrong on our side"


def _health_failing_with(error: Exception):
    """The health check's database cursor raises `error`."""
    broken = mock.Mock()
    broken.cursor.side_effect = error
    return mock.patch("connecting_people.core.views.connection", broken)


def _ask_health():
    return Client(raise_request_exception=False).get("/healthz")


@pytest.mark.django_db
def test_a_database_that_does_not_answer_gives_our_unavailable_page(caplog):
    with _health_failing_with(OperationalError("server closed the connection unexpectedly")):
        response = _ask_health()
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER)
    assert UNAVAILABLE in html
    assert "it has not been saved" in html
    assert "Traceback" not in html
    assert "server closed the connection" not in html  # the driver's words stay on the server
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Database unavailable GET /healthz 503 (OperationalError)"
    assert record.exc_info is None  # no traceback in the log


@pytest.mark.django_db
def test_the_drivers_own_error_counts_as_the_database_not_answering(caplog):
    """Reading a server-side cursor on PostgreSQL raised psycopg's error unwrapped."""
    with _health_failing_with(connection.Database.OperationalError("consuming input failed")):
        response = _ask_health()
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()


@pytest.mark.django_db
def test_any_other_error_is_our_error_page_and_keeps_its_traceback_in_the_log(caplog):
    with _health_failing_with(RuntimeError("a bug of ours")):
        response = _ask_health()
    html = response.content.decode()
    assert response.status_code == 500
    assert BROKEN in html
    assert UNAVAILABLE not in html
    assert "Traceback" not in html
    assert "a bug of ours" not in html
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None  # a genuine error keeps its traceback


def _raised(make):
    try:
        make()
    except Exception as error:
        return error
    raise AssertionError("nothing raised")


def test_a_session_lost_with_the_database_is_unavailable_not_a_bad_request(rf):
    """Django answers 400 ("session interrupted") when the database went away before the session
    could be saved; that is the outage too."""

    def save_session():
        try:
            try:
                raise OperationalError("the database system is shutting down")
            except OperationalError:
                raise UpdateError from None
        except UpdateError as error:
            raise SessionInterrupted("The request's session was deleted") from error

    response = errors.bad_request(rf.get("/people/"), _raised(save_session))
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()


def test_any_other_bad_request_stays_a_bad_request(rf):
    response = errors.bad_request(rf.get("/"), SuspiciousOperation("odd"))
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("error", "down"),
    [
        (OperationalError("gone"), True),
        (ValueError("a bug"), False),
        (None, False),
    ],
)
def test_what_counts_as_the_database_not_answering(error, down):
    assert errors.database_unavailable(error) is down


def test_an_error_raised_while_handling_a_lost_connection_counts_too():
    def handle():
        try:
            raise OperationalError("gone")
        except OperationalError:
            raise KeyError("while tidying up") from None

    # `from None` hides the cause from the traceback, but it is still the context.
    assert errors.database_unavailable(_raised(handle))


# Our own pages for 400, 403, 404, 413 and a form without its security check (issue 16, §5):
# in the product's look (its header), in our words, with a way home; never Django's plain ones.


def _ours(response, status, words):
    html = response.content.decode()
    assert response.status_code == status
    assert words in html
    assert 'class="govuk-header' in html  # the product's look
    assert 'href="/"' in html  # a way back
    for django_words in ("<h1>Not Found</h1>", "Forbidden", "Bad Request", "CSRF"):
        assert django_words not in html
    return html


@pytest.mark.django_db
def test_a_page_that_is_not_there_is_our_404(client):
    _ours(client.get("/no-such-page/"), 404, "Page not found")


@pytest.mark.django_db
def test_a_signed_in_reader_gets_our_404_too(cast, sign_in):
    client = sign_in(cast.practitioner)
    html = _ours(client.get("/people/999999/"), 404, "Page not found")
    assert "not be one your account can open" in html


def test_not_allowed_is_our_403(rf):
    from django.core.exceptions import PermissionDenied

    _ours(errors.permission_denied(rf.get("/"), PermissionDenied()), 403, "You cannot do that")


def test_the_url_configuration_uses_our_handlers():
    from connecting_people import urls

    assert urls.handler400.endswith("errors.bad_request")
    assert urls.handler403.endswith("errors.permission_denied")
    assert urls.handler404.endswith("errors.page_not_found")
    assert urls.handler500.endswith("errors.server_error")


@pytest.mark.django_db
def test_a_form_sent_without_its_security_check_is_our_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/login/", {"login": "someone", "password": "x"})
    html = _ours(response, 403, "Sorry, we could not save that")
    assert "reload the page" in html


@pytest.mark.django_db
def test_a_request_too_big_for_the_server_is_413_in_our_words(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_240
    client = Client(raise_request_exception=False)
    response = client.post("/account/login/", {"login": "x" * 20_000, "password": "x"})
    html = _ours(response, 413, "What you sent is too big for us to take")
    assert "can be up to 10 KB" in html


def test_a_bad_request_is_our_400(rf):
    html = _ours(errors.bad_request(rf.get("/"), SuspiciousOperation("odd")), 400, "")
    assert "we could not read that request" in html
