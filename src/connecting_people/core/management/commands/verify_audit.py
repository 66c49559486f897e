"""`cpi verify_audit`: walk every chain of the audit trail and name the first broken link.

Each event's hash covers its own content and the hash of the event before it in its chain
(ADR 0004); from version 2 it covers a digest of the record's label and the detail, which an
erasure may blank (ADR 0018), and those are checked against the digest unless erased. A row
changed with plain SQL no longer matches its hash; a row removed leaves a gap in the numbering
(or the chain stops short of its head); a row slipped in does not follow its predecessor, or runs
past the head. Exit status 1 when anything is broken.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand

from connecting_people.core.models import AuditChainHead, AuditEvent
from connecting_people.core.models.audit import (
    GENESIS,
    SEALED_FIELDS,
    event_hash,
    personal_digest,
)

FIELDS = ["id", "actor_id", "team_id", "previous_hash", "hash", *SEALED_FIELDS]


@dataclass(frozen=True)
class BrokenLink:
    chain: int
    problem: str
    event: dict[str, Any] | None = None

    def describe(self) -> str:
        if self.event is None:
            return f"Chain {self.chain}: {self.problem}"
        event = self.event
        return (
            f"Event {event['id']} ({event['at']:%Y-%m-%d %H:%M:%S.%f %Z}, chain {self.chain}, "
            f"number {event['sequence']}): {self.problem}"
        )

    def sort_key(self) -> tuple[Any, ...]:
        return (self.event is None, self.event["at"] if self.event else None, self.chain)


def _first_break(event: dict[str, Any], before: dict[str, Any] | None) -> str | None:
    expected = before["sequence"] + 1 if before else 1
    if event["sequence"] != expected:
        missing = event["sequence"] - expected
        numbers = f"number {expected}" if missing == 1 else f"numbers {expected} to "
        numbers += "" if missing == 1 else str(event["sequence"] - 1)
        return f"the event(s) before it are missing ({numbers}): they were deleted."
    if event["previous_hash"] != (before["hash"] if before else GENESIS):
        return (
            "it does not follow the event before it: that event was changed, or this one was "
            "put in its place."
        )
    if before and event["id"] < before["id"]:
        return f"it is out of order: it comes after event {before['id']} but was stored before it."
    if event_hash(event, event["previous_hash"]) != event["hash"]:
        return "its content has been changed since it was written."
    if event["hash_version"] >= 2:
        problem = _personal_break(event)
        if problem:
            return problem
    for link, recorded in (("actor_id", "recorded_actor_id"), ("team_id", "recorded_team_id")):
        if event[link] is not None and event[link] != event[recorded]:
            return f"its {link[:-3]} has been changed from {event[recorded]} to {event[link]}."
    return None


def _personal_break(event: dict[str, Any]) -> str | None:
    """A version 2 event's label and detail: as written (they match their digest), or erased
    (all blank, marked so; ADR 0018)."""
    if event["redacted"]:
        if event["target_label"] or event["detail"] or event["personal_salt"]:
            return "it is marked as erased, yet holds details: they were put back by hand."
        return None
    digest = personal_digest(event["target_label"], event["detail"], event["personal_salt"])
    if digest != event["personal_digest"]:
        return "its content has been changed since it was written."
    return None


def verify_chain(chain: int, head: AuditChainHead | None) -> tuple[int, BrokenLink | None]:
    """How many events the chain holds, and its first broken link (None when intact)."""
    events = AuditEvent.objects.filter(chain=chain).order_by("sequence").values(*FIELDS)
    checked, before = 0, None
    for event in events.iterator(chunk_size=2000):
        checked += 1
        problem = _first_break(event, before)
        if problem:
            return checked, BrokenLink(chain, problem, event)
        before = event
    last_sequence, last_hash = (before["sequence"], before["hash"]) if before else (0, GENESIS)
    if head is None:
        if before is None:
            return checked, None
        return checked, BrokenLink(chain, "this chain was not started by the app.", before)
    if head.sequence > last_sequence:
        missing = head.sequence - last_sequence
        return checked, BrokenLink(
            chain,
            f"the last {missing} event(s) of chain {chain} are missing: the chain had reached "
            f"number {head.sequence} but now ends at number {last_sequence}.",
            before,
        )
    if head.sequence < last_sequence:
        return checked, BrokenLink(
            chain, "it was added after the chain's last recorded event, not by the app.", before
        )
    if head.hash != last_hash:
        return checked, BrokenLink(chain, "it does not match the chain's recorded head.", before)
    return checked, None


class Command(BaseCommand):
    help = "Check that the audit trail is intact: every event unchanged, none removed or added."

    def handle(self, *args: Any, **options: Any) -> None:
        heads = {head.chain: head for head in AuditChainHead.objects.all()}
        in_use = AuditEvent.objects.order_by().values_list("chain", flat=True).distinct()
        chains = sorted(set(heads) | set(in_use))
        total, broken = 0, []
        for chain in chains:
            checked, link = verify_chain(chain, heads.get(chain))
            total += checked
            if link is not None:
                broken.append(link)
        if not broken:
            self.stdout.write(f"The audit trail is intact: {total} events checked.")
            return
        broken.sort(key=BrokenLink.sort_key)
        self.stderr.write(
            f"The audit trail is broken ({total} events checked). The first broken link in each "
            "chain, earliest first:"
        )
        for link in broken:
            self.stderr.write(f"  {link.describe()}")
        sys.exit(1)
