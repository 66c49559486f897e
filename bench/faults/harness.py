"""What the fault scripts share: a throwaway deployment, the real server, a browser over HTTP,
the multi-table save they send, and the checks made in the database afterwards.

Everything here runs against 127.0.0.1 and a database made for the run (SQLite in a temporary
folder, or a new PostgreSQL database `cpi_faults_<pid>` on the server DATABASE_URL names,
dropped at the end). The data folder is never read or written.
"""

from __future__ import annotations

import contextlib
import html
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
CPI = str(Path(sys.executable).with_name("cpi"))
# What a traceback looks like in a page or a log line.
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s+File \"", re.MULTILINE)


# ── A throwaway deployment ────────────────────────────────────────────────────────────────────
def environment(folder: Path) -> None:
    """Settings for a throwaway deployment: never the real data folder, never real secrets."""
    os.environ["CPI_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "connecting_people.settings"
    os.environ.setdefault("SECRET_KEY", "insecure-key-for-fault-tests-only")
    os.environ["CPI_DEMO"] = "true"  # the demo's accounts, which skip the two-step sign-in
    os.environ.setdefault("EMAIL_URL", "memorymail://")
    os.environ["HTTPS"] = "false"
    os.environ["ALLOWED_HOSTS"] = f"{HOST},localhost,testserver"
    os.environ["LOG_LEVEL"] = "WARNING"  # gunicorn's access log still says every request
    static_root = Path(os.environ.get("STATIC_ROOT", Path.cwd() / "staticfiles"))
    if not (static_root / "staticfiles.json").exists():
        os.environ.setdefault(
            "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )


@contextlib.contextmanager
def own_database(url: str | None) -> Iterator[str]:
    """SQLite in the temporary folder (url None), or a fresh PostgreSQL database on the server
    `url` names, dropped at the end. Sets DATABASE_URL for this process and the server."""
    if not url:
        os.environ.pop("DATABASE_URL", None)
        yield "SQLite"
        return
    import psycopg

    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in (HOST, "localhost"):
        raise SystemExit(f"Fault tests run only against {HOST}, not {parts.hostname}.")
    name = f"cpi_faults_{os.getpid()}"
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = parts._replace(path=f"/{name}").geturl()
    try:
        yield "PostgreSQL"
    finally:
        from django.db import connections

        connections.close_all()
        # A new connection: a restarted server has closed any older one.
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class World:
    """Who signs in and whose plan the saves go to."""

    email: str
    password: str
    person_pk: int
    interest_pks: list[int]
    barrier_pks: list[int]
    goal_pk: int = 0  # a goal with a step, for the concurrent edits
    step_pk: int = 0
    goal_floor: int = 0  # the highest goal id before the run: later ones are the run's


def prepare() -> World:
    """Migrate the throwaway database and build the demo in it; pick the practitioner and a
    person of theirs with interests and barriers (so a goal links to both)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from connecting_people.people.models import Person
    from connecting_people.plans.models import Goal
    from connecting_people_demo import builders

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", stdout=quiet)
    email = f"sam@{builders.DEMO_DOMAIN}"
    person = (
        Person.objects.filter(keyworker__email=email, interests__isnull=False)
        .filter(barriers__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    if person is None:
        raise SystemExit("The demo has no person of Sam's with interests and barriers.")
    goal = person.goals.filter(steps__isnull=False).order_by("pk").first()
    world = World(
        email=email,
        password=builders.DEMO_PASSWORD,
        person_pk=person.pk,
        interest_pks=list(person.interests.values_list("pk", flat=True)[:2]),
        barrier_pks=list(person.barriers.values_list("pk", flat=True)[:2]),
        goal_pk=goal.pk if goal else 0,
        step_pk=goal.steps.order_by("pk").first().pk if goal else 0,
        goal_floor=max(Goal.objects.values_list("pk", flat=True), default=0),
    )
    connections.close_all()
    return world


# ── The real server ───────────────────────────────────────────────────────────────────────────
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Server:
    """`cpi serve` (gunicorn, gthread workers) on 127.0.0.1, its output in a log file."""

    def __init__(self, log: Path, *, workers: int = 2, threads: int = 4) -> None:
        self.port = free_port()
        self.log = log
        self.workers = workers
        self.threads = threads
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        command = [CPI, "serve", "--host", HOST, "--port", str(self.port)]
        command += ["--workers", str(self.workers), "--threads", str(self.threads)]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"The server stopped at once; see {self.log}")
            with contextlib.suppress(OSError):
                if Browser(self.port).get("/healthz").status == 200:
                    return self
            time.sleep(0.2)
        raise SystemExit(f"The server did not answer within a minute; see {self.log}")

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def worker_pids(self) -> list[int]:
        """The gunicorn workers now running (children of the master, which is our process)."""
        if self.process is None:
            return []
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


# ── A browser over HTTP ───────────────────────────────────────────────────────────────────────
@dataclass
class Answer:
    status: int  # 0: no answer (the connection was refused, reset or closed)
    location: str = ""
    body: str = ""
    error: str = ""

    @property
    def traceback(self) -> bool:
        return bool(TRACEBACK.search(self.body))


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Browser:
    """One person's browser: keeps its cookies, never follows redirects."""

    port: int
    timeout: float = 30
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None) -> Answer:
        headers = {"Host": f"{HOST}:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
            headers["Origin"] = f"http://{HOST}:{self.port}"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:
            return Answer(0, error=type(error).__name__)
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Answer(response.status, response.headers.get("Location", ""), text)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, form: list[tuple[str, str]]) -> Answer:
        """Post a form with the CSRF cookie's token (Django takes it as it is), or the token
        from the form's page when there is no cookie yet."""
        token = self.cookies.get("csrftoken") or self.csrf(path)
        return self.request("POST", path, [("csrfmiddlewaretoken", token), *form])

    def csrf(self, path: str) -> str:
        """The form's token, from the page (which also sets the cookie)."""
        page = self.get(path)
        match = CSRF_INPUT.search(page.body)
        return html.unescape(match.group(1)) if match else self.cookies.get("csrftoken", "")

    def sign_in(self, email: str, password: str) -> None:
        answer = self.post("/account/login/", [("login", email), ("password", password)])
        if answer.status != 302:
            raise SystemExit(f"Signing in as {email} failed: {answer.status} {answer.error}")


# ── The multi-table save ──────────────────────────────────────────────────────────────────────
MARK = "Fault run"


def goal_form(world: World, marker: str) -> list[tuple[str, str]]:
    """A goal linked to two interests and two barriers: the goal, its two link tables and an
    audit event, written in one transaction."""
    form = [
        ("text", f"{MARK} {marker}: get back to swimming"),
        ("whose_idea", "person"),
        ("agreed_on", time.strftime("%d/%m/%Y")),
        ("agreed_together", "on"),
    ]
    form += [("interests", str(pk)) for pk in world.interest_pks]
    form += [("barriers", str(pk)) for pk in world.barrier_pks]
    return form


GOAL_URL = re.compile(r"/people/(\d+)/goals/(\d+)/$")


def save_goal(browser: Browser, world: World, marker: str) -> tuple[Answer, int | None]:
    """Post the goal form; the goal's id when the server acknowledged it (a redirect to it)."""
    path = f"/people/{world.person_pk}/goals/new/"
    token = browser.csrf(path)
    answer = browser.request(
        "POST", path, [("csrfmiddlewaretoken", token), *goal_form(world, marker)]
    )
    match = GOAL_URL.search(answer.location) if answer.status == 302 else None
    return answer, int(match.group(2)) if match else None


@dataclass
class Checked:
    acknowledged: int
    found: int  # goals of the run in the database (acknowledged or not)
    missing: int  # acknowledged but not in the database
    partial: int  # a goal without all its interests and barriers
    without_event: int  # a goal with no CREATED audit event
    event_without_goal: int  # a CREATED audit event for a goal that is not there
    audit_chain: str  # what `cpi verify_audit` said

    @property
    def failures(self) -> int:
        return (
            self.missing
            + self.partial
            + self.without_event
            + self.event_without_goal
            + (self.audit_chain != "intact")
        )


def check_goals(world: World, acknowledged: dict[str, int]) -> Checked:
    """Every acknowledged goal is there with all it was saved with; data and audit agree."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from connecting_people.core.models import AuditAction, AuditEvent
    from connecting_people.plans.models import Goal

    connections.close_all()
    goals = {g.pk: g for g in Goal.objects.filter(text__startswith=MARK)}
    missing = sum(
        1
        for marker, pk in acknowledged.items()
        if pk not in goals or f" {marker}:" not in goals[pk].text
    )
    interests = set(world.interest_pks)
    barriers = set(world.barrier_pks)
    partial = sum(
        1
        for goal in goals.values()
        if set(goal.interests.values_list("pk", flat=True)) != interests
        or set(goal.barriers.values_list("pk", flat=True)) != barriers
    )
    events = set(
        AuditEvent.objects.filter(
            action=AuditAction.CREATED, target_type=Goal._meta.label_lower
        ).values_list("target_id", flat=True)
    )
    without_event = sum(1 for pk in goals if str(pk) not in events)
    # Events for goals made in the run (ids above the demo's) whose goal is not there.
    event_without_goal = sum(
        1 for pk in events if int(pk) > world.goal_floor and int(pk) not in goals
    )
    try:
        with open(os.devnull, "w") as quiet:
            call_command("verify_audit", stdout=quiet)
        chain = "intact"
    except SystemExit as stop:
        chain = "intact" if not stop.code else "broken"
    connections.close_all()
    return Checked(
        len(acknowledged), len(goals), missing, partial, without_event, event_without_goal, chain
    )


def table(rows: list[tuple[str, Any]]) -> str:
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"  {label:<{width}}  {value}" for label, value in rows)


def machine_load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min; {os.cpu_count()} cores)"
