"""The retention rules `cpi retention` applies (issue 15; the defaults and where they come from
are in docs/retention.md, and every organisation must confirm its own schedule).

- People who moved on longer ago than `RETENTION_MOVED_ON_YEARS`: their records are erased
  through `erasure.person_erase`, exactly as a confirmed request would, confirmed by the rule.
- Requests to erase that nobody confirmed in time lapse; cancelled and lapsed ones older than
  `RETENTION_ERASURE_REQUEST_DAYS` are removed (their reason may name someone).
- Audit events older than `RETENTION_AUDIT_DETAIL_YEARS` have their record label and detail
  erased; the events themselves (who did what, to which kind of record, when) are kept.
- Staff accounts switched off longer ago than `RETENTION_STAFF_ACCOUNT_YEARS` have their
  personal details removed (`accounts.services.user_anonymise`); the row stays for the trail.
- Decided requests to join a team older than `RETENTION_JOIN_REQUEST_DAYS` are removed.
- Files in the data folder's `backups/`, `exports/` and `mail/` folders older than
  `RETENTION_FILES_DAYS` are deleted; files anywhere else cannot be reached, and the command
  says so.

`retention_plan` only counts; `retention_apply` does it. Neither names anyone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.accounts.services import user_anonymise
from connecting_people.core.audit import audit_record
from connecting_people.core.models import (
    AuditAction,
    AuditEvent,
    JoinRequestStatus,
    TeamJoinRequest,
)
from connecting_people.core.models.audit import redact_events
from connecting_people.people.erasure import erasure_requests_lapse, person_erase
from connecting_people.people.models import ErasureRequest, ErasureStatus, Person, Status

BY = "cpi retention"
# The folders of the data folder (settings.DATA_DIR) whose files age out: put backups and
# exports there (`cpi backup data/backups/...`); the file mail backend writes to mail/.
FILE_FOLDERS = ("backups", "exports", "mail")


def years_before(day: dt.date, years: int) -> dt.date:
    """The same date `years` earlier (28 February for a 29th that year lacks)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class RetentionPlan:
    """What the rules reach on `today`: counts only."""

    today: dt.date
    moved_on_before: dt.date
    audit_before: dt.date
    requests_before: dt.datetime
    people: int
    requests_lapsing: int
    requests_removed: int
    audit_events: int
    staff_before: dt.datetime | None = None
    staff_accounts: int = 0
    join_requests_before: dt.datetime | None = None
    join_requests: int = 0
    files_before: dt.datetime | None = None
    files: list[Path] = field(default_factory=list)
    file_folders: list[Path] = field(default_factory=list)


def _people(plan_today: dt.date) -> QuerySet[Person]:
    cutoff = years_before(plan_today, settings.RETENTION_MOVED_ON_YEARS)
    return Person.objects.filter(status=Status.MOVED_ON, moved_on_on__lt=cutoff).order_by("pk")


def _old_requests(before: dt.datetime) -> QuerySet[ErasureRequest]:
    done = [ErasureStatus.CANCELLED, ErasureStatus.LAPSED]
    return ErasureRequest.objects.filter(status__in=done, decided_at__lt=before)


def _old_events(before: dt.date) -> Q:
    start = timezone.make_aware(dt.datetime.combine(before, dt.time.min))
    return Q(at__lt=start)


def _staff_accounts(before: dt.datetime) -> QuerySet[User]:
    return User.objects.filter(
        is_person=False, is_active=False, anonymised_at__isnull=True, deactivated_at__lt=before
    ).order_by("pk")


def _join_requests(before: dt.datetime) -> QuerySet[TeamJoinRequest]:
    decided = [JoinRequestStatus.CONFIRMED, JoinRequestStatus.DECLINED]
    return TeamJoinRequest.objects.filter(status__in=decided, decided_at__lt=before)


def file_folders() -> list[Path]:
    return [Path(settings.DATA_DIR) / name for name in FILE_FOLDERS]


def _old_files(before: dt.datetime) -> list[Path]:
    """Files (not folders) in the file folders, at any depth, last changed before `before`."""
    found = []
    limit = before.timestamp()
    for folder in file_folders():
        if not folder.is_dir():
            continue
        found += sorted(
            path
            for path in folder.rglob("*")
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < limit
        )
    return found


def retention_plan(*, today: dt.date | None = None) -> RetentionPlan:
    """Count what `retention_apply` would erase or remove today, changing nothing."""
    today = today or timezone.localdate()
    audit_before = years_before(today, settings.RETENTION_AUDIT_DETAIL_YEARS)
    requests_before = timezone.now() - dt.timedelta(days=settings.RETENTION_ERASURE_REQUEST_DAYS)
    lapse_before = timezone.now() - dt.timedelta(days=settings.ERASURE_REQUEST_DAYS)
    now = timezone.now()
    staff_before = now - dt.timedelta(days=round(365.25 * settings.RETENTION_STAFF_ACCOUNT_YEARS))
    join_before = now - dt.timedelta(days=settings.RETENTION_JOIN_REQUEST_DAYS)
    files_before = now - dt.timedelta(days=settings.RETENTION_FILES_DAYS)
    return RetentionPlan(
        today=today,
        moved_on_before=years_before(today, settings.RETENTION_MOVED_ON_YEARS),
        audit_before=audit_before,
        requests_before=requests_before,
        people=_people(today).count(),
        requests_lapsing=ErasureRequest.objects.filter(
            status=ErasureStatus.WAITING, requested_at__lt=lapse_before
        ).count(),
        requests_removed=_old_requests(requests_before).count(),
        audit_events=AuditEvent.objects.filter(
            _old_events(audit_before), hash_version__gte=2, redacted=False
        ).count(),
        staff_before=staff_before,
        staff_accounts=_staff_accounts(staff_before).count(),
        join_requests_before=join_before,
        join_requests=_join_requests(join_before).count(),
        files_before=files_before,
        files=_old_files(files_before),
        file_folders=file_folders(),
    )


def retention_apply(*, today: dt.date | None = None) -> RetentionPlan:
    """Apply the rules: each person erased in their own transaction (a failure stops the run
    and leaves the ones before it done), then the requests and the trail. Returns what was
    reached, as `retention_plan` counted it."""
    plan = retention_plan(today=today)
    for person in _people(plan.today).select_related("team").iterator():
        person_erase(
            person=person,
            by=None,
            how="retention",
            actor_label=BY,
            detail={"rule": f"moved on before {plan.moved_on_before.isoformat()}"},
        )
    staff_before = plan.staff_before or timezone.now()  # always set by retention_plan
    join_before = plan.join_requests_before or timezone.now()
    for user in _staff_accounts(staff_before).iterator():
        user_anonymise(user=user, actor_label=BY)
    with transaction.atomic():
        erasure_requests_lapse()
        removed, _ = _old_requests(plan.requests_before).delete()
        joins, _ = _join_requests(join_before).delete()
        erased = redact_events(_old_events(plan.audit_before))
        if removed or erased or joins:
            audit_record(
                by=None,
                actor_label=BY,
                action=AuditAction.DELETED,
                detail={
                    "retention": "requests and audit details",
                    "requests_removed": removed,
                    "join_requests_removed": joins,
                    "audit_events_erased": erased,
                    "audit_before": plan.audit_before.isoformat(),
                },
            )
    deleted = 0
    for path in plan.files:
        path.unlink(missing_ok=True)
        deleted += 1
    for folder in plan.file_folders:  # an export's folder, emptied: it goes too
        if folder.is_dir():
            inner = sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True)
            for empty in inner:
                if not any(empty.iterdir()):
                    empty.rmdir()
    if deleted:
        audit_record(
            by=None,
            actor_label=BY,
            action=AuditAction.DELETED,
            detail={"retention": "files", "files_deleted": deleted},
        )
    return plan
