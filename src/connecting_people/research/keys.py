"""The research key and the pseudonyms made with it, for the research export.

The key itself, and how a pseudonym is made, live in core/research_key.py, so that the network
export (`cpi export_network`, which sits below research) makes the very same pseudonyms with the
very same key: a person is the same pseudonym in both.
"""

from __future__ import annotations

from connecting_people.core.research_key import (
    KEY_FILE,
    KEY_MIN_LENGTH,
    PSEUDONYM_LENGTH,
    key_fingerprint,
    pseudonym,
    research_key,
)

__all__ = ["KEY_FILE", "KEY_MIN_LENGTH", "PSEUDONYM_LENGTH", "Pseudonyms", "research_key"]


class Pseudonyms:
    """Makes pseudonyms with one key: `Pseudonyms(key)("person", 42)`."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, table: str, pk: object) -> str:
        return pseudonym(self._key, table, pk)

    @property
    def key_id(self) -> str:
        """A short fingerprint of the key: two exports with the same one can be linked."""
        return key_fingerprint(self._key)
