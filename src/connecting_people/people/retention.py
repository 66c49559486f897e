"""The retention rules `cpi retention` applies (issue 15; the defaults and where they come from
are in docs/retention.md, and every organisation must confirm its own schedule).

- People who moved on longer ago than `RETENTION_MOVED_ON_YEARS`: their records are erased
  through `erasure.person_erase`, exactly as a confirmed request would, confirmed by the rule.
- Requests to erase that nobody confirmed in time lapse; cancelled and lapsed ones older than
  `RETENTION_ERASURE_REQUEST_DAYS` are removed (their reason may name someone).
- Audit events older than `RETENTION_AUDIT_DETAIL_YEARS` have their record label and detail
  erased; the events themselves (who did what, to which kind of record, when) are kept.

`retention_plan` only counts; `retention_apply` does it. Neither names anyone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.core.models.audit import redact_events
from connecting_people.people.erasure import erasure_requests_lapse, person_erase
from connecting_people.people.models import ErasureRequest, ErasureStatus, Person, Status

BY = "cpi retention"


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


def _people(plan_today: dt.date) -> QuerySet[Person]:
    cutoff = years_before(plan_today, settings.RETENTION_MOVED_ON_YEARS)
    return Person.objects.filter(status=Status.MOVED_ON, moved_on_on__lt=cutoff).order_by("pk")


def _old_requests(before: dt.datetime) -> QuerySet[ErasureRequest]:
    done = [ErasureStatus.CANCELLED, ErasureStatus.LAPSED]
    return ErasureRequest.objects.filter(status__in=done, decided_at__lt=before)


def _old_events(before: dt.date) -> Q:
    start = timezone.make_aware(dt.datetime.combine(before, dt.time.min))
    return Q(at__lt=start)


def retention_plan(*, today: dt.date | None = None) -> RetentionPlan:
    """Count what `retention_apply` would erase or remove today, changing nothing."""
    today = today or timezone.localdate()
    audit_before = years_before(today, settings.RETENTION_AUDIT_DETAIL_YEARS)
    requests_before = timezone.now() - dt.timedelta(days=settings.RETENTION_ERASURE_REQUEST_DAYS)
    lapse_before = timezone.now() - dt.timedelta(days=settings.ERASURE_REQUEST_DAYS)
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
    with transaction.atomic():
        erasure_requests_lapse()
        removed, _ = _old_requests(plan.requests_before).delete()
        erased = redact_events(_old_events(plan.audit_before))
        if removed or erased:
            audit_record(
                by=None,
                actor_label=BY,
                action=AuditAction.DELETED,
                detail={
                    "retention": "requests and audit details",
                    "requests_removed": removed,
                    "audit_events_erased": erased,
                    "audit_before": plan.audit_before.isoformat(),
                },
            )
    return plan
