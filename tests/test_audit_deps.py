"""bin/audit-deps, the pip-audit step of `make lint`, with a stand-in pip-audit.

It must skip (with a message) only when no advisory service could really be reached, and fail
lint when a pinned package has a known vulnerability.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bin" / "audit-deps"
SKIPPED = "pip-audit skipped: the advisory database could not be reached"

FAKE = """\
import json, sys
service = sys.argv[sys.argv.index("--vulnerability-service") + 1]
answer = json.load(open({answers!r}))[service]
sys.stdout.write(answer.get("stdout", ""))
sys.stderr.write(answer.get("stderr", ""))
sys.exit(answer.get("rc", 0))
"""

CONNECTION_ERROR = (
    "Traceback (most recent call last):\n"
    "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev', port=443): "
    "Max retries exceeded with url: /v1/query (Caused by NameResolutionError(...))\n"
)


def report(*dependencies):
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def clean(name, version="1.0"):
    return {"name": name, "version": version, "vulns": []}


def not_found(name):
    return {"name": name, "skip_reason": f"Dependency not found on PyPI: {name} (1.0)"}


def run(tmp_path, **answers):
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answers))
    fake = tmp_path / "pip-audit"
    fake.write_text(FAKE.format(answers=str(answers_file)))
    env = {**os.environ, "PIP_AUDIT": str(tmp_path / "run-fake"), "AUDIT_SERVICES": "pypi osv"}
    runner = tmp_path / "run-fake"
    runner.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{fake}" "$@"\n')
    runner.chmod(0o755)
    return subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, env=env, check=False
    )


def test_skips_with_a_message_when_no_service_answers(tmp_path):
    # What this machine sees: a PyPI mirror that knows no package, and no route to OSV.
    done = run(
        tmp_path,
        pypi={"stdout": report(not_found("django"), not_found("whitenoise"))},
        osv={"stderr": CONNECTION_ERROR, "rc": 1},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert SKIPPED in done.stdout


def test_a_service_that_answers_for_no_package_is_not_a_clean_audit(tmp_path):
    done = run(
        tmp_path,
        pypi={"stdout": report(not_found("django"))},
        osv={"stdout": report(clean("django", "5.2.20"))},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert SKIPPED not in done.stdout
    assert "1 pinned packages checked (osv), no known vulnerabilities" in done.stdout


def test_a_known_vulnerability_fails_lint(tmp_path):
    vulnerable = {
        "name": "django",
        "version": "5.2.19",
        "vulns": [{"id": "PYSEC-2026-1", "fix_versions": ["5.2.20"], "aliases": []}],
    }
    done = run(
        tmp_path,
        pypi={"stdout": report(vulnerable, clean("whitenoise")), "rc": 1},
        osv={"stdout": report(clean("django"))},
    )
    assert done.returncode == 1
    assert "django 5.2.19: PYSEC-2026-1 (fixed in 5.2.20)" in done.stdout
    assert SKIPPED not in done.stdout


def test_a_clean_audit_passes_and_names_what_it_could_not_check(tmp_path):
    done = run(
        tmp_path,
        pypi={"stdout": report(clean("django"), not_found("private-thing"))},
        osv={"stderr": CONNECTION_ERROR, "rc": 1},
    )
    assert done.returncode == 0
    assert "1 pinned packages checked (pypi), no known vulnerabilities" in done.stdout
    assert "could not check: private-thing" in done.stdout


@pytest.mark.parametrize("stderr", ["error: invalid requirement 'djngo=='\n", ""])
def test_any_other_pip_audit_failure_fails_lint_rather_than_skipping(tmp_path, stderr):
    done = run(
        tmp_path,
        pypi={"stderr": stderr, "rc": 1},
        osv={"stdout": report(clean("django"))},
    )
    assert done.returncode == 2
    assert "pip-audit failed (pypi, exit status 1)" in done.stdout
    assert SKIPPED not in done.stdout
