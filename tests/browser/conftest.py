"""The browser harness: the real server (`cpi serve`, gunicorn, DEBUG off) on a database of its own,
driven by the system Chromium through Playwright, with axe-core checking each page.

Browser tests skip, saying why, when no Chromium is installed, except under CI=true, where a
missing browser is a failure.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from connecting_people_demo.builders import DEMO_DOMAIN, DEMO_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network: without them Chromium keeps calling home and is refused.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    reason = f"no Chromium at {CHROMIUM} (install Debian's chromium, or set CHROMIUM)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true needs the browser tests: {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _own_database(base_url: str | None) -> Iterator[str | None]:
    """On PostgreSQL, a database just for the served app; on SQLite, a file in the data folder."""
    if not base_url:
        yield None
        return
    import psycopg

    # One per server: a worker may serve several at once (the session's, and a module's own).
    name = f"cpi_browser_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(base_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def demo_server(data: Path, *, env: dict[str, str], demo: list[str], workers: int) -> Iterator[int]:
    """Migrate a fresh database in `data`, build the demo (`cpi demo` with `demo`'s arguments) and
    serve it with the production server (DEBUG and HTTPS off, `env` on top); yield its port."""
    static_root = os.environ.get("STATIC_ROOT", str(Path.cwd() / "staticfiles"))
    if not (Path(static_root) / "staticfiles.json").exists():
        pytest.fail(
            f"static files are not collected in {static_root}: run the tests with `make test`"
        )
    env = {
        **os.environ,
        "CPI_DATA_DIR": str(data),
        "STATIC_ROOT": static_root,
        "HTTPS": "false",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        **env,
    }
    cpi = [sys.executable, "-m", "connecting_people"]
    for step in (["migrate", "--noinput", "-v0"], ["demo", *demo]):
        subprocess.run([*cpi, *step], env=env, check=True, capture_output=True, timeout=300)
    port = _free_port()
    log = (data / "server.log").open("w")
    server = subprocess.Popen(
        [*cpi, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}", server, data / "server.log")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def served(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start the production server on a fresh database with the demo data; yield its address."""
    database = _own_database(os.environ.get("DATABASE_URL"))
    database_url = next(database)
    env = {"DATABASE_URL": database_url} if database_url else {}
    try:
        data = tmp_path_factory.mktemp("served-data")
        with demo_server(data, env=env, demo=[], workers=2) as port:
            yield f"http://127.0.0.1:{port}"
    finally:
        next(database, None)


def _wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310 (our own test server, http on 127.0.0.1)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the server did not answer within a minute:\n{log.read_text()}")


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def watch_for_blocked_content(page) -> list[str]:
    """Collect every console message about the Content Security Policy: Chromium enforces it and
    says so on the console when it blocks a script or a style."""
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return blocked


@pytest.fixture
def page(browser, served):
    """A fresh page; the test fails if the Content Security Policy blocked anything on it."""
    context = browser.new_context(base_url=served, locale="en-GB")
    page = context.new_page()
    page.csp_blocked = watch_for_blocked_content(page)
    yield page
    context.close()
    if page.csp_blocked:
        pytest.fail("the Content Security Policy blocked:\n" + "\n".join(page.csp_blocked))


@pytest.fixture
def signed_in_page(page):
    """A page signed in as Sam, a demo practitioner, through the real sign-in form."""
    sign_in(page, f"sam@{DEMO_DOMAIN}")
    return page


def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/account/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


# axe-core findings that count whatever their impact. "region" (content outside a landmark) is
# only "moderate", but it leaves part of the page out for people who move around by landmarks.
ALWAYS_PROBLEMS = {"region"}


def serious_accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical findings on the page, and any content outside a landmark,
    one line each."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error

    # A click on a link starts the next page without waiting for it: axe may then run while the
    # old document is going away. Wait for the page to settle and run again (three tries).
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = Axe().run(page)
            break
        except Error:
            if attempt == 2:
                raise
            page.wait_for_timeout(200)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"} or v["id"] in ALWAYS_PROBLEMS
    ]


def open_section(page, section: str) -> None:
    """Open one of the folded sections of a person's page (issue 16: the page leads with the
    summary; Assess, Plan, Do, Review and the record's own actions are <details>)."""
    fold = page.locator(f"details#{section}")
    if fold.get_attribute("open") is None:
        fold.locator("> summary").click()
