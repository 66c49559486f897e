"""The research key, and the pseudonyms made with it: one key for every research export.

A pseudonym is the start of HMAC-SHA256(key, "table:pk"): the same record gets the same pseudonym
in every export made with the same key (the research export and the network export alike), and
nobody without the key can tell which record it was. The key is kept outside the database, so a
copy of the database alone cannot undo the pseudonyms: the `RESEARCH_KEY` setting (from the
environment), or, in the embedded setup, a file `research_key` in the data folder, made on first
use and readable by this account only. It is never the SECRET_KEY: rotating that (sessions,
signed links) must not change the pseudonyms.

It lives in core because both `research` and `network` (which sits below it) make pseudonyms
with it, and they must agree (docs/adr/0013-research-export.md).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_FILE = "research_key"
# The network export's own salt before it used this key; no longer read (see the ADR).
OLD_SALT_FILE = "research_salt"
KEY_MIN_LENGTH = 32  # characters; secrets.token_hex(32) makes 64
PSEUDONYM_LENGTH = 16  # hex characters, 64 bits: no collisions at any realistic scale


def research_key() -> bytes:
    """The key from the RESEARCH_KEY setting, or the embedded setup's key file (made if need be)."""
    configured = getattr(settings, "RESEARCH_KEY", "") or ""
    if configured:
        return _checked(configured, "The RESEARCH_KEY setting")
    if not getattr(settings, "EMBEDDED", False):
        raise ImproperlyConfigured(
            "Set RESEARCH_KEY (at least 32 random characters, kept secret and kept for good) "
            "before making a research export: pseudonyms are made with it."
        )
    path = Path(settings.DATA_DIR) / KEY_FILE
    _make_key_file(path)
    return _checked(path.read_text().strip(), f"The research key in {path}")


def old_salt_file() -> Path | None:
    """The network export's old salt file in the data folder, if one is still there."""
    path = Path(settings.DATA_DIR) / OLD_SALT_FILE
    return path if path.exists() else None


def _checked(key: str, where: str) -> bytes:
    if len(key) < KEY_MIN_LENGTH:
        raise ImproperlyConfigured(
            f"{where} is too short: it needs at least {KEY_MIN_LENGTH} characters."
        )
    if key == settings.SECRET_KEY:
        raise ImproperlyConfigured(
            f"{where} is the same as SECRET_KEY. Use a key of its own, so that changing the "
            "secret key never changes the pseudonyms (and the pseudonyms never reveal it)."
        )
    return key.encode()


def _make_key_file(path: Path) -> None:
    """Write a new random key readable by this account only, unless one is there already."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_hex(32) + "\n")


def pseudonym(key: bytes, table: str, pk: object) -> str:
    """The pseudonym of record `pk` of `table` (blank for no record)."""
    if pk is None:
        return ""
    digest = hmac.new(key, f"{table}:{pk}".encode(), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


def key_fingerprint(key: bytes) -> str:
    """A short fingerprint of the key, given in each export: two with the same one can be linked."""
    return pseudonym(key, "key", "fingerprint")[:8]
