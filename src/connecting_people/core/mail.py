"""The embedded deployment's email: each message a file in the data folder, for its owner only.

Password-reset links must not reach the server log, where anyone who can read it could take over
an account. Django's file backend leaves the folder and files as the umask says (often readable by
every local user); this one makes the folder 0700 and each file 0600.
"""

import os
from typing import Any

from django.core.mail.backends.filebased import EmailBackend


class PrivateFileEmailBackend(EmailBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        os.chmod(self.file_path, 0o700)

    def open(self) -> bool:
        if self.stream is None:
            descriptor = os.open(
                self._get_filename(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600
            )
            os.fchmod(descriptor, 0o600)  # also when the file was there before
            self.stream = os.fdopen(descriptor, "ab")
            return True
        return False
