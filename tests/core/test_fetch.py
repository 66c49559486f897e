"""The safe fetcher: only http(s), never a private address (on redirects too), bounded in time and
size, every failure in plain words."""

import contextlib
import http.server
import ipaddress
import socket
import threading
import time

import pytest

from connecting_people.core import fetch
from connecting_people.core.fetch import PRIVATE, FetchError, fetch_url

BODY = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.seen.append(self.path)
        if self.path == "/ok":
            self._send(200, BODY)
        elif self.path == "/big":
            self._send(200, b"x" * 5000)
        elif self.path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.5/ok")
            self.end_headers()
        elif self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Length", "40")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for _ in range(40):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
        else:
            self._send(404, b"Not here")

    def _send(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.seen = []
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def web(server, monkeypatch):
    monkeypatch.setattr(fetch, "ALLOWED_PRIVATE_ADDRESSES", frozenset({"127.0.0.1"}))
    return server.base


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
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in names:
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in names[host]]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    "ip",
    [
        "127.0.0.1",
        "10.0.0.5",
        "169.254.169.254",  # where clouds keep a machine's secrets
        "0.0.0.0",  # noqa: S104  (an address checked, not bound)
        "100.64.0.1",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fd00::5",
        "::ffff:169.254.169.254",
        "64:ff9b::a00:5",
    ],
)
def test_is_private_for_every_kind_of_inside_address(ip):
    assert fetch.is_private(ipaddress.ip_address(ip))


@pytest.mark.parametrize("ip", ["93.184.216.34", "2606:4700::6810:85e5"])
def test_is_private_not_for_a_public_address(ip):
    assert not fetch.is_private(ipaddress.ip_address(ip))


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "example.org"])
def test_check_url_refuses_all_but_http_and_https(url):
    with pytest.raises(FetchError, match="http:// or https://"):
        fetch.check_url(url)


def test_a_private_address_written_as_a_number_is_refused_unasked(connecting):
    with pytest.raises(FetchError) as refused:
        fetch_url("http://169.254.169.254/latest/meta-data/", max_bytes=100)
    assert str(refused.value) == PRIVATE
    assert connecting == []


def test_a_name_looking_up_to_any_private_address_is_refused_unasked(monkeypatch, connecting):
    _looking_up(monkeypatch, {"calendar.example": ["93.184.216.34", "10.1.2.3"]})
    with pytest.raises(FetchError, match="private network"):
        fetch_url("http://calendar.example/x", max_bytes=100)
    assert connecting == []


def test_a_public_address_is_connected_to_as_looked_up(monkeypatch, connecting):
    _looking_up(monkeypatch, {"calendar.example": ["93.184.216.34"]})
    with pytest.raises(FetchError, match="Could not reach the feed"):
        fetch_url("http://calendar.example:8080/x", max_bytes=100, name="feed")
    assert connecting == [("93.184.216.34", 8080)]


def test_this_machine_is_not_asked(server):
    with pytest.raises(FetchError, match="private network"):
        fetch_url(f"{server.base}/ok", max_bytes=100)
    assert server.seen == []


def test_an_allowed_address_is_read(web):
    assert fetch_url(f"{web}/ok", max_bytes=1000) == BODY


def test_at_most_one_byte_more_than_allowed_is_read(web):
    assert len(fetch_url(f"{web}/big", max_bytes=100)) == 101


def test_an_error_answer_is_said_in_words_naming_what_was_fetched(web):
    with pytest.raises(FetchError, match=r"^The calendar address answered with an error \(404"):
        fetch_url(f"{web}/missing", max_bytes=100, name="calendar address")


def test_a_redirect_to_a_private_address_is_not_followed(web, server):
    with pytest.raises(FetchError, match="private network"):
        fetch_url(f"{web}/to-private", max_bytes=100)
    assert server.seen == ["/to-private"]


def test_an_answer_trickling_in_is_cut_off_by_the_deadline(web):
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"took more than 1\.0 seconds .* more than 0\.3 seconds"):
        fetch_url(f"{web}/trickle", max_bytes=100, timeout=1.0, deadline=0.3)
    assert time.monotonic() - started < 1.5
