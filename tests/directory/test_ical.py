import contextlib
import datetime as dt
import http.server
import socket
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from connecting_people.core import fetch as safe
from connecting_people.directory.models import CalendarFeed, Organization, Service, Session
from connecting_people.directory.sessions import ical
from connecting_people.directory.sessions.events import CALENDAR, next_sessions
from connecting_people.directory.sessions.ical import (
    FeedError,
    feed_add,
    feed_read,
    feeds_read_all,
    parse_sessions,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ical"
LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2025, 1, 6, 9, 0, tzinfo=LONDON)
LATER = NOW + dt.timedelta(days=90)


def _read(name):
    return (FIXTURES / name).read_bytes()


def _service(name="Canal walks"):
    organisation = Organization.objects.create(name="Riverside Ramblers", description="Walks")
    return Service.objects.create(organization=organisation, name=name)


def _when(sessions):
    return [s.starts_at.astimezone(LONDON).strftime("%a %d %b %H:%M") for s in sessions]


def test_recurring_event_with_exceptions_moves_and_cancellations():
    sessions = parse_sessions(_read("walks.ics"), start=NOW, end=LATER)
    assert _when(sessions) == [
        "Tue 07 Jan 10:00",
        "Tue 14 Jan 13:00",  # moved to the afternoon that week
        # 21 Jan is an EXDATE
        "Sat 25 Jan 10:00",  # an extra date (RDATE)
        # 28 Jan was cancelled
        "Tue 04 Feb 10:00",
        "Tue 11 Feb 10:00",
        "Tue 18 Feb 10:00",
        "Tue 25 Feb 10:00",
        "Tue 04 Mar 10:00",
        "Tue 11 Mar 10:00",
        "Tue 18 Mar 10:00",
        "Tue 25 Mar 10:00",
        "Tue 01 Apr 10:00",  # after the clocks change, still 10am
    ]
    moved = sessions[1]
    assert moved.title == "Tuesday walk (in the afternoon this week)"
    assert moved.where == "Meet at the Victoria Park gates"
    assert moved.ends_at == dt.datetime(2025, 1, 14, 15, tzinfo=LONDON)
    assert sessions[0].where == "Meet at the Mill Street café"
    assert {s.uid for s in sessions} == {"tuesday-walk@riverside.example"}
    assert sessions[-1].starts_at.astimezone(dt.UTC).hour == 9


def test_whole_day_floating_and_uid_less_events():
    sessions = parse_sessions(_read("library.ics"), start=NOW, end=LATER)
    quiz, fair, drawing = sessions
    assert (quiz.title, quiz.starts_at, quiz.ends_at) == (
        "Quiz night",
        dt.datetime(2025, 1, 10, 19, tzinfo=LONDON),
        dt.datetime(2025, 1, 10, 21, tzinfo=LONDON),
    )
    assert quiz.uid.startswith("no-uid-")
    assert fair.starts_at == dt.datetime(2025, 3, 1, tzinfo=LONDON)
    assert fair.ends_at == dt.datetime(2025, 3, 3, tzinfo=LONDON)
    assert fair.where == "Riverside Library, Mill Street"
    # Floating time: 2pm in the UK, which is British Summer Time by then.
    assert drawing.starts_at.astimezone(dt.UTC) == dt.datetime(2025, 4, 2, 13, tzinfo=dt.UTC)


def test_the_window_leaves_out_the_past_and_the_far_future():
    titles = {s.title for s in parse_sessions(_read("library.ics"), start=NOW, end=LATER)}
    assert "Already happened" not in titles
    assert "Too far ahead" not in titles


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        ((FIXTURES / "not_a_calendar.ics").read_bytes(), "not a calendar file"),
        (b"BEGIN:VEVENT\nUID:x\nDTSTART:20250107T100000Z\nEND:VEVENT\n", "not a calendar file"),
        ((FIXTURES / "bad_rule.ics").read_bytes(), "repeating events could not be worked out"),
        (b"\xff\xfe\x00B\x00E\x00G", "not a calendar file"),
    ],
)
def test_unreadable_calendars_say_why_in_plain_words(data, words):
    with pytest.raises(FeedError, match=words):
        parse_sessions(data, start=NOW, end=LATER)


def test_a_runaway_rule_gives_at_most_the_limit(monkeypatch):
    monkeypatch.setattr(ical, "MAX_SESSIONS", 50)
    sessions = parse_sessions(_read("hourly.ics"), start=NOW, end=LATER)
    assert len(sessions) == 50
    assert sessions[0].starts_at == NOW


@pytest.mark.django_db
def test_reading_a_file_feed_stores_its_sessions():
    service = _service()
    feed = feed_add(service=service, source=str(FIXTURES / "walks.ics"))
    result = feed_read(feed, now=NOW)
    assert (result.ok, result.sessions) == (True, 12)
    feed.refresh_from_db()
    assert (feed.last_read_at, feed.last_error) == (NOW, "")
    assert feed.file_name == str((FIXTURES / "walks.ics").resolve())
    assert Session.objects.filter(service=service, feed=feed).count() == 12
    coming = next_sessions(service, after=NOW, limit=2)
    assert [s.source for s in coming] == [CALENDAR, CALENDAR]
    assert coming[0].title == "Tuesday walk along the canal"


@pytest.mark.django_db
def test_reading_again_replaces_future_sessions_and_keeps_past_ones():
    service = _service()
    feed = feed_add(service=service, source=str(FIXTURES / "walks.ics"))
    past = Session.objects.create(
        service=service, feed=feed, uid="been", starts_at=NOW - dt.timedelta(days=3)
    )
    stale = Session.objects.create(
        service=service, feed=feed, uid="gone", starts_at=NOW + dt.timedelta(days=3)
    )
    other_feed_session = Session.objects.create(
        service=service, uid="by hand", starts_at=NOW + dt.timedelta(days=3)
    )
    feed_read(feed, now=NOW)
    feed_read(feed, now=NOW)  # twice: no duplicates
    kept = set(Session.objects.values_list("pk", flat=True))
    assert past.pk in kept
    assert other_feed_session.pk in kept
    assert stale.pk not in kept
    assert feed.sessions.filter(starts_at__gte=NOW).count() == 12


@pytest.mark.django_db
def test_a_failing_feed_records_why_and_keeps_its_sessions(tmp_path):
    service = _service()
    broken = tmp_path / "walks.ics"
    broken.write_bytes(_read("walks.ics"))
    feed = feed_add(service=service, source=str(broken))
    feed_read(feed, now=NOW)
    broken.write_bytes(_read("not_a_calendar.ics"))
    result = feed_read(feed, now=NOW)
    assert not result.ok
    feed.refresh_from_db()
    assert feed.last_error.startswith("This is not a calendar file we can read")
    assert feed.sessions.count() == 12


@pytest.mark.django_db
def test_adding_the_same_feed_twice_keeps_one():
    service = _service()
    first = feed_add(service=service, source="https://example.org/walks.ics")
    again = feed_add(service=service, source=" https://example.org/walks.ics ")
    assert first == again
    assert CalendarFeed.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "source", ["file:///etc/passwd", "ftp://example.org/walks.ics", "javascript://x", "https://"]
)
def test_only_web_addresses_are_fetched(source):
    with pytest.raises(FeedError, match="http:// or https://"):
        feed_add(service=_service(), source=source)


# Over the web, from a tiny server on this machine ------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.seen.append(self.path)
        if self.path == "/walks.ics":
            self._send(200, _read("walks.ics"), "text/calendar")
        elif self.path == "/huge.ics":
            self._send(200, b"X" * 4096, "text/calendar")
        elif self.path == "/slow.ics":
            time.sleep(1.0)
            self._send(200, _read("walks.ics"), "text/calendar")
        elif self.path == "/trickle.ics":
            self._trickle()
        elif self.path == "/elsewhere.ics":
            self._redirect("ftp://127.0.0.1/walks.ics")
        elif self.path == "/to-private.ics":
            self._redirect("http://10.0.0.5/walks.ics")
        elif self.path == "/to-metadata.ics":
            self._redirect("http://metadata.example/latest/meta-data/")
        else:
            self._send(404, b"Not here", "text/plain")

    def _send(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def _redirect(self, to):
        self.send_response(302)
        self.send_header("Location", to)
        self.end_headers()

    def _trickle(self):
        """A byte at a time, each soon after the last, so no single wait is long."""
        body = _read("walks.ics")[:40]
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.05)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A tiny web server on this machine; the requests it was sent are in `server.seen`."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.seen = []
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def web(server, monkeypatch):
    """The server's address, with this machine's address let through for the test."""
    monkeypatch.setattr(safe, "ALLOWED_PRIVATE_ADDRESSES", frozenset({"127.0.0.1"}))
    return server.base


@pytest.mark.django_db
def test_a_feed_is_read_from_its_address(web):
    service = _service()
    feed = feed_add(service=service, source=f"{web}/walks.ics")
    result = feed_read(feed, now=NOW)
    assert (result.ok, result.sessions) == (True, 12)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/missing.ics", "answered with an error (404"),
        ("/huge.ics", "larger than"),
        ("/slow.ics", "took more than"),
        ("/elsewhere.ics", "http:// or https://"),
        ("/to-private.ics", safe.PRIVATE),
    ],
)
def test_a_bad_address_records_why(web, monkeypatch, path, words):
    monkeypatch.setattr(ical, "MAX_BYTES", 1024)
    monkeypatch.setattr(ical, "TIMEOUT_SECONDS", 0.2)
    feed = feed_add(service=_service(), source=f"{web}{path}")
    result = feed_read(feed, now=NOW)
    assert words in result.error
    feed.refresh_from_db()
    assert words in feed.last_error
    assert not feed.sessions.exists()


@pytest.mark.django_db
def test_an_answer_trickling_in_is_cut_off_by_the_overall_deadline(web, monkeypatch):
    # No single wait is longer than the 0.05 s between bytes, but the whole takes 2 s.
    monkeypatch.setattr(ical, "TIMEOUT_SECONDS", 1.0)
    monkeypatch.setattr(ical, "DEADLINE_SECONDS", 0.3)
    feed = feed_add(service=_service(), source=f"{web}/trickle.ics")
    result = feed_read(feed, now=NOW)
    assert "took more than" in result.error
    assert not feed.sessions.exists()


@pytest.mark.django_db
def test_an_address_nobody_answers_records_why(monkeypatch):
    monkeypatch.setattr(safe, "ALLOWED_PRIVATE_ADDRESSES", frozenset({"127.0.0.1"}))
    feed = feed_add(service=_service(), source="http://127.0.0.1:9/walks.ics")
    assert "Could not reach the calendar address" in feed_read(feed, now=NOW).error


# Private addresses ---------------------------------------------------------------------------

PRIVATE_ADDRESSES = [
    "http://127.0.0.1/walks.ics",
    "http://127.9.9.9:8080/walks.ics",
    "http://10.0.0.5/walks.ics",
    "https://192.168.1.1/walks.ics",
    "http://169.254.169.254/latest/meta-data/",  # where clouds keep a machine's secrets
    "http://0.0.0.0/walks.ics",
    "http://100.64.0.1/walks.ics",
    "http://224.0.0.1/walks.ics",
    "http://[::1]/walks.ics",
    "http://[::]/walks.ics",
    "http://[fe80::1]/walks.ics",
    "http://[fd00::5]/walks.ics",
    "http://[::ffff:169.254.169.254]/latest/meta-data/",
    "http://[::ffff:7f00:1]/walks.ics",
    "http://[64:ff9b::a00:5]/walks.ics",
]


@pytest.fixture
def connecting(monkeypatch):
    """The addresses anything tried to connect to (without connecting)."""
    tried = []

    def connect(sock, address):
        tried.append(address)
        raise ConnectionRefusedError("not in tests")

    monkeypatch.setattr(socket.socket, "connect", connect)
    return tried


def _looking_up(monkeypatch, names):
    """Names that look up to the given addresses; others as usual."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in names:
            return real(host, port, *args, **kwargs)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, port, 0, 0))
            if ":" in ip
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
            for ip in names[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PRIVATE_ADDRESSES)
def test_a_private_address_is_not_added(url):
    with pytest.raises(FeedError, match="private network"):
        feed_add(service=_service(), source=url)
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", PRIVATE_ADDRESSES)
def test_a_stored_private_address_is_not_read(url, connecting):
    # Stored before addresses were checked, say, and read again by `cpi import_ical --all`.
    feed = CalendarFeed.objects.create(service=_service(), url=url)
    (result,) = feeds_read_all(now=NOW)
    assert result.error == "This address points inside a private network, so it was not read."
    feed.refresh_from_db()
    assert feed.last_error == result.error
    assert feed.last_read_at is None
    assert not Session.objects.exists()
    assert connecting == []


@pytest.mark.django_db
def test_this_machine_is_not_asked(server):
    feed = CalendarFeed.objects.create(service=_service(), url=f"{server.base}/walks.ics")
    assert feed_read(feed, now=NOW).error == safe.PRIVATE
    assert server.seen == []
    assert not Session.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "addresses",
    [
        ["10.1.2.3"],
        ["169.254.169.254"],
        ["::1"],
        ["::ffff:10.0.0.1"],
        ["93.184.216.34", "127.0.0.1"],  # any one private address is enough to refuse
        ["2606:4700::6810:85e5", "fe80::1"],
    ],
)
def test_a_name_looking_up_to_a_private_address_is_not_read(monkeypatch, connecting, addresses):
    _looking_up(monkeypatch, {"calendar.example": addresses})
    feed = feed_add(service=_service(), source="https://calendar.example/walks.ics")
    result = feed_read(feed, now=NOW)
    assert result.error == safe.PRIVATE
    feed.refresh_from_db()
    assert feed.last_error == safe.PRIVATE
    assert not feed.sessions.exists()
    assert connecting == []


@pytest.mark.django_db
def test_a_public_address_is_connected_to_as_looked_up(monkeypatch, connecting):
    """The check lets public addresses through, and the socket goes to the address checked."""
    _looking_up(monkeypatch, {"calendar.example": ["93.184.216.34"]})
    feed = feed_add(service=_service(), source="http://calendar.example:8080/walks.ics")
    result = feed_read(feed, now=NOW)
    assert result.error.startswith("Could not reach the calendar address")
    assert connecting == [("93.184.216.34", 8080)]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/to-private.ics", "/to-metadata.ics"])
def test_a_redirect_to_a_private_address_is_not_followed(web, server, monkeypatch, path):
    _looking_up(monkeypatch, {"metadata.example": ["169.254.169.254"]})
    feed = feed_add(service=_service(), source=f"{web}{path}")
    result = feed_read(feed, now=NOW)
    assert result.error == safe.PRIVATE
    feed.refresh_from_db()
    assert feed.last_error == safe.PRIVATE
    assert not feed.sessions.exists()
    assert server.seen == [path]


# The command ---------------------------------------------------------------------------------


@pytest.fixture
def at_now(monkeypatch):
    """The command reads from "now": make that the fixtures' Monday."""
    monkeypatch.setattr(ical.timezone, "now", lambda: NOW)


@pytest.mark.django_db
def test_command_records_and_reads_a_feed(capsys, at_now):
    service = _service()
    call_command("import_ical", str(service.id), str(FIXTURES / "library.ics"))
    assert "Read 3 sessions for Canal walks" in capsys.readouterr().out
    assert CalendarFeed.objects.get().service == service


@pytest.mark.django_db
def test_command_says_when_a_feed_fails_and_exits_with_an_error(capsys):
    service = _service()
    with pytest.raises(CommandError, match="1 of 1 calendar feeds could not be read"):
        call_command("import_ical", str(service.id), str(FIXTURES / "nothing-here.ics"))
    assert "There is no file at" in capsys.readouterr().err
    assert CalendarFeed.objects.get().last_error.startswith("There is no file at")


@pytest.mark.django_db
def test_command_all_reads_every_feed_again(capsys, tmp_path, at_now):
    walks, library = _service("Walks"), _service("Library")
    CalendarFeed.objects.create(service=walks, file_name=str(FIXTURES / "walks.ics"))
    CalendarFeed.objects.create(service=library, file_name=str(tmp_path))
    with pytest.raises(CommandError, match="1 of 2 calendar feeds could not be read"):
        call_command("import_ical", "--all", "--days", "30")
    captured = capsys.readouterr()
    assert "Read 4 sessions for Walks" in captured.out
    assert "is a folder, not a calendar file" in captured.err
    assert Session.objects.filter(service=walks).exists()


@pytest.mark.django_db
def test_command_all_with_no_feeds_says_so(capsys):
    call_command("import_ical", "--all")
    assert "no calendar feeds" in capsys.readouterr().out
    assert feeds_read_all() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["not-a-uuid", "x.ics"], "is not a service id"),
        (["6f1c2d9b-8e61-4c8e-9a47-1f0c2d9b8e61", "x.ics"], "no service with the id"),
        (["--all", "6f1c2d9b-8e61-4c8e-9a47-1f0c2d9b8e61"], "not both"),
        ([], "or --all"),
    ],
)
def test_command_refuses_what_it_cannot_use(args, words):
    with pytest.raises(CommandError, match=words):
        call_command("import_ical", *args)


@pytest.mark.django_db
def test_command_refuses_a_non_web_address():
    service = _service()
    with pytest.raises(CommandError, match="http:// or https://"):
        call_command("import_ical", str(service.id), "ftp://example.org/walks.ics")
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db
def test_reading_a_feed_refreshes_the_services_search_facts(monkeypatch):
    refreshed = []
    monkeypatch.setattr(ical, "refresh_for_services", refreshed.extend)
    service = _service()
    feed_read(feed_add(service=service, source=str(FIXTURES / "walks.ics")), now=NOW)
    assert refreshed == [service.id]
