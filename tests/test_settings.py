"""Configuration comes from the environment and fails loudly when production lacks something."""

import ast
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

PRODUCTION = {
    "DATABASE_URL": "postgres://cpi@db.example:5432/cpi",
    "SECRET_KEY": "a-very-long-production-secret-key-with-plenty-of-randomness-0123456789",
    "ALLOWED_HOSTS": "connecting-people.example.org",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def _cpi(*args, env):
    unset = {*PRODUCTION, "HTTPS", "DEBUG", "CPI_DEMO"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-m", "connecting_people", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _cpi("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL"])
def test_production_without_a_required_setting_refuses_to_start(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _cpi("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_embedded_default_generates_and_keeps_a_secret_key(tmp_path):
    show = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = _cpi("shell", "-v", "0", "-c", show, env={"CPI_DATA_DIR": str(tmp_path)})
    second = _cpi("shell", "-v", "0", "-c", show, env={"CPI_DATA_DIR": str(tmp_path)})
    key_file = tmp_path / "secret_key"
    assert first.stdout.strip() == second.stdout.strip() == key_file.read_text().strip()
    assert len(first.stdout.strip()) >= 50
    assert key_file.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("url", ["consolemail://", "filemail:///tmp/cpi-mail", "dummymail://"])
def test_production_refuses_email_that_is_not_really_sent(url):
    result = _cpi("check", env={**PRODUCTION, "EMAIL_URL": url})
    assert result.returncode != 0
    assert "EMAIL_URL must send email for real" in result.stderr


def test_production_with_a_real_mail_server_starts():
    result = _cpi("check", env=PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_embedded_email_goes_to_private_files_never_the_log(tmp_path):
    send = (
        "from django.core.mail import send_mail; "
        "send_mail('Reset your password', 'https://cpi.example/reset/SECRET-TOKEN/', None, "
        "['pat@test.example'])"
    )
    result = _cpi("shell", "-v", "0", "-c", send, env={"CPI_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "SECRET-TOKEN" not in result.stdout + result.stderr
    folder = tmp_path / "mail"
    (mail,) = folder.iterdir()
    assert "SECRET-TOKEN" in mail.read_text()
    assert folder.stat().st_mode & 0o777 == 0o700
    assert mail.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("value", ["10.0.0.5,not-an-address", "10.0.0.300/8"])
def test_a_bad_trusted_proxy_refuses_to_start(tmp_path, value):
    result = _cpi("check", env={"CPI_DATA_DIR": str(tmp_path), "TRUSTED_PROXIES": value})
    assert result.returncode != 0
    assert "TRUSTED_PROXIES must list addresses or networks" in result.stderr


def test_session_limits_come_from_the_environment(tmp_path):
    show = (
        "from django.conf import settings as s; print(s.SESSION_IDLE_MINUTES, s.SESSION_MAX_HOURS)"
    )
    default = _cpi("shell", "-v", "0", "-c", show, env={"CPI_DATA_DIR": str(tmp_path)})
    assert default.stdout.split() == ["30", "12"]
    chosen = _cpi(
        "shell",
        "-v",
        "0",
        "-c",
        show,
        env={"CPI_DATA_DIR": str(tmp_path), "SESSION_IDLE_MINUTES": "15", "SESSION_MAX_HOURS": "8"},
    )
    assert chosen.stdout.split() == ["15", "8"]


# harden: data files, the demo under production --------------------------------------------------


def _mode(path):
    return oct(path.stat().st_mode & 0o777)


def test_embedded_data_files_are_readable_by_their_owner_only(tmp_path):
    """After migrate and a write, the folder is 0700 and every file in it (the WAL too) 0600."""
    data = tmp_path / "data"
    write = (
        "from django.core.cache import cache; cache.set('k', 'v'); "
        "from connecting_people.core.research_key import research_key; research_key(); "
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('CREATE TABLE IF NOT EXISTS t (x)'); c.execute('INSERT INTO t VALUES (1)')"
    )
    # Held open with a write in the WAL, so the -wal and -shm files are there to be checked.
    check = (
        f"{write}; import os, pathlib; d = pathlib.Path({str(data)!r}); "
        "print(sorted(f'{p.relative_to(d)} {oct(p.stat().st_mode & 0o777)}' "
        "for p in [d, *d.rglob('*')]))"
    )
    assert _cpi("migrate", "-v", "0", env={"CPI_DATA_DIR": str(data)}).returncode == 0
    shown = _cpi("shell", "-v", "0", "-c", check, env={"CPI_DATA_DIR": str(data)})
    assert shown.returncode == 0, shown.stderr
    listed = shown.stdout
    for name in ("connecting-people.sqlite3-wal", "connecting-people.sqlite3-shm", "cache"):
        assert name in listed, listed
    for entry in ast.literal_eval(listed):
        name, mode = entry.rsplit(" ", 1)
        wanted = "0o700" if name in (".", "cache") else "0o600"
        assert mode == wanted, f"{name} is {mode}, not {wanted}"


def test_embedded_start_up_puts_an_older_folder_right(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    database = data / "connecting-people.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)
    (data / "connecting-people.sqlite3-wal").touch()
    (data / "connecting-people.sqlite3-wal").chmod(0o644)
    result = _cpi("check", env={"CPI_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    assert _mode(data) == "0o700"
    assert _mode(database) == "0o600"
    assert _mode(data / "connecting-people.sqlite3-wal") == "0o600"
    assert _mode(data / "secret_key") == "0o600"


def test_the_demo_is_refused_under_production_settings():
    result = _cpi("check", env={**PRODUCTION, "CPI_DEMO": "true"})
    assert result.returncode != 0
    assert "CPI_DEMO" in result.stderr
    assert "published password" in result.stderr


@pytest.mark.parametrize(
    "env",
    [
        {"CPI_DEMO": "true"},  # the embedded default, `make run`
        {**PRODUCTION, "CPI_DEMO": "true", "HTTPS": "false"},  # the tests on PostgreSQL
        {**PRODUCTION, "CPI_DEMO": "true", "DEBUG": "true"},
    ],
    ids=["embedded", "plain-http", "debug"],
)
def test_the_demo_is_allowed_where_nobody_real_uses_it(env, tmp_path):
    result = _cpi("demo", "--help", env={"CPI_DATA_DIR": str(tmp_path), **env})
    assert result.returncode == 0, result.stderr


def test_embedded_with_https_on_refuses_the_demo_too(tmp_path):
    """HTTPS on means people reach it over a network: a real deployment, embedded or not."""
    env = {"CPI_DATA_DIR": str(tmp_path), "CPI_DEMO": "true", "HTTPS": "true"}
    result = _cpi("check", env=env)
    assert result.returncode != 0
    assert "CPI_DEMO" in result.stderr
