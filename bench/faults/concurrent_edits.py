"""1,000 concurrent edits of the same goal, and of the same step's status, from two browsers
(issue 15, "Fault and load tests").

    .venv/bin/python -m bench.faults.concurrent_edits [--edits 1000]

tests/plans/test_status_versions.py makes 1,000 status changes of a goal and of a step from two
clients through the services (and, on PostgreSQL, 500 from each of two threads at once). This
goes through the real server (`cpi serve`, 2 workers) over HTTP, on a throwaway database (SQLite,
or a new PostgreSQL database when DATABASE_URL is set): the demo's practitioner and team lead
each in their own browser and thread, both editing the same goal (the whole edit form: its words
change every time) and the same step's status, as fast as the server answers. Each keeps the
version its page showed; a refusal (the edit form again, saying what changed; 409 for a
status) makes it load the page again, as a person would.

Checked afterwards: no two acknowledged saves started from the same version (one would have
overwritten the other unseen: a silent lost update), the record's version went up once per
acknowledged save and never otherwise, the audit trail has one change per acknowledged save, and
the record now says what the last acknowledged save said. Exits 1 when any of that fails.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.faults import harness

STATUSES = ["doing", "done", "paused", "dropped", "to_do"]
# The edit form shown again over the version now stored, with what changed (ADR 0017).
CLASH = "Someone else saved changes while you were editing"
VERSION = re.compile(r'name="version" value="(\d+)"')


@dataclass
class Saves:
    """The acknowledged saves of one record: the version each started from, and what it said."""

    said: dict[int, str] = field(default_factory=dict)
    repeats: int = 0  # a second acknowledged save from a version already saved from
    refused: int = 0
    other: Counter[str] = field(default_factory=Counter)

    def saved(self, base: int, value: str) -> None:
        if base in self.said:
            self.repeats += 1
        self.said[base] = value


def _version(html: str, action: str | None = None) -> int | None:
    """The version a page's form carries (the form posting to `action`, if given)."""
    if action is not None:
        start = html.find(f'action="{action}"')
        if start < 0:
            return None
        html = html[start : html.find("</form>", start)]
    match = VERSION.search(html)
    return int(match.group(1)) if match else None


ERROR = re.compile(r'<a href="#[^"]*">([^<]+)</a>')


def _what(answer: harness.Answer) -> str:
    """An answer that was neither saved nor refused: its status, and the first error it shows."""
    found = ERROR.search(answer.body[answer.body.find("govuk-error-summary") :])
    return f"{answer.status or answer.error} {found.group(1).strip() if found else ''}".strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=1000, help="of the goal, and of the step")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="cpi-faults-edits-"))
    harness.environment(folder)
    try:
        with harness.own_database(os.environ.get("DATABASE_URL")) as database:
            print(f"{args.edits} edits of one goal and one step from two browsers, on {database}.")
            world = harness.prepare()
            if not world.goal_pk:
                raise SystemExit("The demo person has no goal with a step.")
            return _run(args, world, folder, database)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _run(args: argparse.Namespace, world: harness.World, folder: Path, database: str) -> int:
    goal_page = f"/people/{world.person_pk}/goals/{world.goal_pk}/"
    edit_url = f"{goal_page}edit/"
    step_url = f"{goal_page}steps/{world.step_pk}/status/"
    before = _stored(world)
    goal_saves, step_saves = Saves(), Saves()
    lock = threading.Lock()
    accounts = [(world.email, "sam"), (world.email.replace("sam@", "priya@"), "priya")]

    with harness.Server(folder / "server.log") as server:

        def edit(email: str, who: str) -> None:
            browser = harness.Browser(server.port)
            browser.sign_in(email, world.password)
            form = _goal_fields(world)  # all but the words, which change each time
            goal_version = _version(browser.get(edit_url).body)
            step_version = _version(browser.get(goal_page).body, step_url)
            for n in range(args.edits // 2):
                text = f"{who} edit {n}: get back to swimming"
                answer = browser.post(
                    edit_url, [("text", text), ("version", str(goal_version)), *form]
                )
                with lock:
                    if answer.status == 302:
                        goal_saves.saved(goal_version, text)
                    elif answer.status == 200 and CLASH in answer.body:
                        goal_saves.refused += 1
                    else:
                        goal_saves.other[_what(answer)] += 1
                goal_version = (
                    goal_version + 1 if answer.status == 302 else _version(answer.body)
                ) or _version(browser.get(edit_url).body)
                status = STATUSES[(n + len(who)) % len(STATUSES)]
                answer = browser.post(
                    step_url, [("status", status), ("version", str(step_version))]
                )
                with lock:
                    if answer.status == 302:
                        step_saves.saved(step_version, status)
                    elif answer.status == 409:
                        step_saves.refused += 1
                    else:
                        step_saves.other[_what(answer)] += 1
                step_version = (
                    step_version + 1 if answer.status == 302 else _version(answer.body, step_url)
                ) or _version(browser.get(goal_page).body, step_url)

        load_before = harness.machine_load()
        started = time.monotonic()
        threads = [threading.Thread(target=edit, args=account) for account in accounts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.monotonic() - started
        load_after = harness.machine_load()
        log = server.log_text()
    after = _stored(world)
    rows = [("database", database), ("took", f"{took:.1f} s")]
    failures = 0
    for kind, saves in (("goal", goal_saves), ("step", step_saves)):
        last = saves.said[max(saves.said)] if saves.said else None
        version_ok = after[kind]["version"] == before[kind]["version"] + len(saves.said)
        events = after[kind]["events"] - before[kind]["events"]
        says_last = after[kind]["value"] == last
        failures += saves.repeats + (not version_ok) + (events != len(saves.said))
        failures += (not says_last) + sum(saves.other.values())
        rows += [
            (f"{kind}: edits", args.edits // 2 * 2),
            (f"{kind}: saved / refused", f"{len(saves.said)} / {saves.refused}"),
            (f"{kind}: other answers", dict(saves.other) or 0),
            (f"{kind}: silent lost updates", saves.repeats),
            (f"{kind}: version went up once a save", "yes" if version_ok else "NO"),
            (f"{kind}: audit changes / saves", f"{events} / {len(saves.said)}"),
            (f"{kind}: says what the last save said", "yes" if says_last else "NO"),
        ]
    tracebacks = len(harness.TRACEBACK.findall(log))
    failures += tracebacks
    rows += [
        ("tracebacks in the server log", tracebacks),
        ("machine load before", load_before),
        ("machine load after", load_after),
    ]
    print(harness.table(rows))
    print("FAILED" if failures else "No update was lost.")
    return 1 if failures else 0


def _goal_fields(world: harness.World) -> list[tuple[str, str]]:
    """The goal's edit form as loaded, but for its words."""
    import django

    django.setup()
    from django.db import connections

    from connecting_people.plans.models import Goal

    goal = Goal.objects.get(pk=world.goal_pk)
    form = [("whose_idea", goal.whose_idea), ("agreed_on", f"{goal.agreed_on:%d/%m/%Y}")]
    form.append(("review_on", f"{goal.review_on:%d/%m/%Y}" if goal.review_on else ""))
    form += [("interests", str(pk)) for pk in goal.interests.values_list("pk", flat=True)]
    form += [("barriers", str(pk)) for pk in goal.barriers.values_list("pk", flat=True)]
    connections.close_all()
    return form


def _stored(world: harness.World) -> dict[str, dict[str, object]]:
    """The goal's and the step's version, words or status, and audited changes, as stored."""
    import django

    django.setup()
    from django.db import connections

    from connecting_people.core.models import AuditAction, AuditEvent
    from connecting_people.plans.models import Goal, Step

    connections.close_all()
    result = {}
    for kind, model, pk, value in (
        ("goal", Goal, world.goal_pk, "text"),
        ("step", Step, world.step_pk, "status"),
    ):
        record = model.objects.get(pk=pk)
        events = AuditEvent.objects.filter(
            action=AuditAction.CHANGED, target_type=model._meta.label_lower, target_id=str(pk)
        ).count()
        result[kind] = {
            "version": record.version,
            "value": getattr(record, value),
            "events": events,
        }
    connections.close_all()
    return result


if __name__ == "__main__":
    raise SystemExit(main())
