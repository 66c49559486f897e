"""Embedded mail files: a folder and files only this account can read, whatever the umask."""

import os

from django.core.mail import EmailMessage

from connecting_people.core.mail import PrivateFileEmailBackend


def test_mail_files_are_private_even_with_a_permissive_umask(tmp_path):
    previous = os.umask(0)
    try:
        backend = PrivateFileEmailBackend(file_path=str(tmp_path / "mail"))
        message = EmailMessage("Reset", "https://cpi.example/reset/TOKEN/", to=["pat@test.example"])
        assert backend.send_messages([message]) == 1
    finally:
        os.umask(previous)
    folder = tmp_path / "mail"
    (mail,) = folder.iterdir()
    assert "TOKEN" in mail.read_text()
    assert folder.stat().st_mode & 0o777 == 0o700
    assert mail.stat().st_mode & 0o777 == 0o600
