"""The audit trail: who saw or changed what, and when.

Events are append-only and tamper-evident (ADR 0004, 2026-12-07): each carries a SHA-256 hash of
its own content and of the event before it in the same chain, so a row changed, removed or slipped
in with plain SQL breaks the chain, and `cpi verify_audit` names the first broken link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import secrets
from typing import Any

from django.conf import settings
from django.db import connections, models, router, transaction
from django.db.models import F
from django.db.models.fields.json import KeyTransform
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Events are spread over a few chains, so that two requests writing at once wait for each other
# only when they land on the same chain (chosen by the account, see `chain_for`). Changing this
# number is safe: existing chains keep their events, new chains start from the genesis hash.
AUDIT_CHAINS = 8
GENESIS = "0" * 64
# How an event is sealed (ADR 0018). Version 1: the hash covers the record's label and the detail
# as written. Version 2: it covers a salted digest of them instead (`personal_digest`), so that
# erasing a person can blank those two and the chain still checks. Events keep the version they
# were sealed with; new events are sealed with the newest.
HASH_VERSION = 2


class AuditAction(models.TextChoices):
    VIEWED = "viewed", _("Viewed")
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    DELETED = "deleted", _("Deleted")
    REFUSED = "refused", _("Refused access")
    EXPORTED = "exported", _("Exported")
    IMPORTED = "imported", _("Imported")
    SIGNED_IN = "signed_in", _("Signed in")
    SIGNED_OUT = "signed_out", _("Signed out")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")


class AuditTrailIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit event through the ORM."""


def chain_for(actor_id: int | None) -> int:
    """The chain an event joins: one account's events stay in one chain, in order."""
    return (actor_id or 0) % AUDIT_CHAINS


def canonical_ip(value: str | None) -> str | None:
    """The address as both databases give it back (PostgreSQL's inet lower-cases and shortens)."""
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return value


def canonical_detail(detail: Any) -> Any:
    """The detail as it reads back from the JSON column (tuples become lists, and so on)."""
    return json.loads(json.dumps(detail if detail is not None else {}))


def personal_digest(target_label: str, detail: Any, salt: str) -> str:
    """SHA-256 over the parts of an event that may name or describe a person, with a random salt
    kept beside them (and erased with them), so the digest left behind cannot be matched against
    guesses at what was erased."""
    content = {"target_label": target_label, "detail": canonical_detail(detail), "salt": salt}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def event_hash(fields: dict[str, Any], previous_hash: str) -> str:
    """SHA-256 over a canonical serialisation of one event's content and its predecessor's hash.

    `fields` names the columns in `HASHED_FIELDS` (and, from version 2, `hash_version` and
    `personal_digest`, which stands in for the label and the detail); the time is written in UTC
    to the microsecond, the JSON with sorted keys and no spaces, so the same event always gives
    the same text. Without `hash_version` the event is read as version 1.
    """
    at: dt.datetime = fields["at"]
    if timezone.is_naive(at):
        at = timezone.make_aware(at, dt.UTC)
    version = fields.get("hash_version", 1)
    content = {
        "v": version,
        "chain": fields["chain"],
        "sequence": fields["sequence"],
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": fields["recorded_actor_id"],
        "actor_label": fields["actor_label"],
        "action": fields["action"],
        "target_type": fields["target_type"],
        "target_id": fields["target_id"],
        "team": fields["recorded_team_id"],
        "ip_address": canonical_ip(fields["ip_address"]),
        "previous": previous_hash,
    }
    if version == 1:
        content["target_label"] = fields["target_label"]
        content["detail"] = canonical_detail(fields["detail"])
    else:
        content["personal"] = fields["personal_digest"]
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


HASHED_FIELDS = [
    "chain",
    "sequence",
    "at",
    "recorded_actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "recorded_team_id",
    "detail",
    "ip_address",
]
# Version 1 events are sealed over `HASHED_FIELDS` (migration 0004 reads that list as it was);
# these are the columns version 2 adds, and the ones an erasure may blank (ADR 0018).
SEALED_FIELDS = [*HASHED_FIELDS, "hash_version", "personal_digest", "personal_salt", "redacted"]
REDACTABLE_FIELDS = ["target_label", "detail", "personal_salt"]


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Reads as usual; every bulk write is refused (events are written one at a time, chained)."""

    def update(self, **kwargs: Any) -> int:
        raise AuditTrailIsAppendOnly("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("Audit events cannot be deleted.")

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[AuditEvent]:  # type: ignore[override]
        raise AuditTrailIsAppendOnly("Audit events are written one at a time, each chained.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AuditTrailIsAppendOnly("Audit events cannot be changed.")


class AuditChainHead(models.Model):
    """The last event of one chain. Writers lock this row, so two of them never fork a chain."""

    chain = models.PositiveSmallIntegerField(primary_key=True)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"chain {self.chain} at {self.sequence}"


class AuditEvent(models.Model):
    """One thing that happened to one record. Written once, never changed."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text too, so the trail still reads after an account is removed.
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("what"), max_length=20, choices=AuditAction.choices)
    target_type = models.CharField(_("kind of record"), max_length=100, blank=True)
    target_id = models.CharField(_("record"), max_length=64, blank=True)
    target_label = models.CharField(_("record (as recorded)"), max_length=200, blank=True)
    team = models.ForeignKey(
        "core.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    # The chain. The account and team ids are kept as written too: removing an account or a team
    # clears the links above (SET NULL) but not these, which the hash covers.
    recorded_actor_id = models.BigIntegerField(_("who (id as recorded)"), null=True, editable=False)
    recorded_team_id = models.BigIntegerField(_("team (id as recorded)"), null=True, editable=False)
    chain = models.PositiveSmallIntegerField(_("chain"), editable=False)
    sequence = models.PositiveBigIntegerField(_("number in chain"), editable=False)
    previous_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)
    # Version 2 (ADR 0018): the hash covers `personal_digest` rather than the label and detail
    # themselves, so erasing a person may blank those (and the salt) once, marking the event
    # `redacted`, and the chain still checks. Events sealed before that keep version 1.
    # Defaults in the database too, so a row written by hand reads as version 1, as they were.
    hash_version = models.PositiveSmallIntegerField(
        _("hash version"), default=1, db_default=1, editable=False
    )
    personal_digest = models.CharField(
        _("digest of the personal details"),
        max_length=64,
        blank=True,
        default="",
        db_default="",
        editable=False,
    )
    personal_salt = models.CharField(
        max_length=32, blank=True, default="", db_default="", editable=False
    )
    redacted = models.BooleanField(
        _("details erased"), default=False, db_default=False, editable=False
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["target_type", "target_id", "-at"], name="audit_by_target"),
            models.Index(fields=["actor", "-at"], name="audit_by_actor"),
            models.Index(fields=["team", "-at"], name="audit_by_team"),
            # The person a child record is about (`core.audit.SUBJECT`), for "who has looked".
            models.Index(
                KeyTransform("subject", "detail"), F("at").desc(), name="audit_by_subject"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AuditAction.values), name="audit_action_known"
            ),
            models.UniqueConstraint(fields=["chain", "sequence"], name="audit_chain_sequence"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("Audit events cannot be changed.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # Without a savepoint: inside the caller's transaction (the usual case) this costs no
        # query, and an error here fails the caller's whole transaction, as an audit write must.
        with transaction.atomic(using=using, savepoint=False):
            self._seal(using)
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("Audit events cannot be deleted.")

    def hashed_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in SEALED_FIELDS}

    def _seal(self, using: str) -> None:
        """Take the next place in the chain and compute the hash.

        One statement locks the chain's head row and reads it (UPDATE ... RETURNING: a row lock
        on PostgreSQL, the write lock on SQLite), so the only extra query per event is this one;
        a database trigger then moves the head to this event's hash when the row is inserted.
        """
        self.recorded_actor_id = self.actor_id
        self.recorded_team_id = self.team_id
        self.ip_address = canonical_ip(self.ip_address)
        self.detail = canonical_detail(self.detail)
        self.chain = chain_for(self.actor_id)
        self.hash_version = HASH_VERSION
        self.personal_salt = secrets.token_hex(16)
        self.personal_digest = personal_digest(self.target_label, self.detail, self.personal_salt)
        connection = connections[using]
        table = connection.ops.quote_name(AuditChainHead._meta.db_table)
        sql = (
            f"UPDATE {table} SET sequence = sequence + 1 WHERE chain = %s RETURNING sequence, hash"  # noqa: S608 (our own table and column names; values go in parameters)
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.chain])
            row = cursor.fetchone()
            if row is None:  # a new chain, or the table was emptied (a test database flush)
                _start_head(self.chain, using)
                cursor.execute(sql, [self.chain])
                row = cursor.fetchone()
        self.sequence, self.previous_hash = row
        self.hash = event_hash(self.hashed_fields(), self.previous_hash)


def redact_events(events: models.Q) -> int:
    """Blank the label and detail of the events matching `events`, once, keeping their digest, so
    the chain still checks (ADR 0018). Only version 2 events can be: the hash of a version 1 event
    covers the words themselves. The one change the database's guard allows on an event.

    Returns how many events were erased."""
    # The base manager: the default one refuses every bulk write, this being the one exception.
    return AuditEvent._base_manager.filter(events, hash_version__gte=2, redacted=False).update(
        target_label="", detail={}, personal_salt="", redacted=True
    )


def _start_head(chain: int, using: str) -> None:
    """Create a chain's head, taking up from the chain's last event if it has one."""
    last = (
        AuditEvent.objects.using(using)
        .filter(chain=chain)
        .order_by("-sequence")
        .values("sequence", "hash")
        .first()
    )
    AuditChainHead.objects.using(using).get_or_create(chain=chain, defaults=last or {})


def ensure_chain_heads(using: str = "default") -> None:
    """Give every chain its head row, taking up from the chain's last event where one is
    missing (after `migrate`, and after a test database is flushed), so writing an event costs
    the same one extra statement every time."""
    present = set(AuditChainHead.objects.using(using).values_list("chain", flat=True))
    for chain in sorted(set(range(AUDIT_CHAINS)) - present):
        _start_head(chain, using)
