"""Configuration comes from the environment and fails loudly when production lacks something."""

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
    clean = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, "HTTPS", "DEBUG"}}
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
