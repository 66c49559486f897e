"""Reads of a person's record that more than one page needs."""

from __future__ import annotations

from dataclasses import dataclass

from connecting_people.people.models import Consent, ConsentKind, Person


@dataclass(frozen=True)
class ConsentNow:
    """Where one kind of consent stands: the latest answer, or None if never asked."""

    kind: ConsentKind
    latest: Consent | None


def consent_current(person: Person) -> list[ConsentNow]:
    """Each kind of consent with its latest answer (by date, then when recorded). One query."""
    latest: dict[str, Consent] = {}
    for consent in person.consents.all():  # ordered by date, then by when it was recorded
        latest[consent.kind] = consent
    return [ConsentNow(kind, latest.get(kind.value)) for kind in ConsentKind]
