"""Sending reminders (each once) and keeping a worker's wish for the daily email."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.practice.reminders.models import ReminderPreference, SentReminder
from connecting_people.practice.reminders.selectors import NeedsDoing, needs_doing

KEEP_SENT_DAYS = 400  # a year and a bit of what was sent, then it is forgotten


@dataclass(frozen=True)
class SendSummary:
    staff: int  # staff with anything on their list
    new: int  # reminders found for the first time this run
    emails: int  # digests sent


def staff_to_remind() -> Any:
    """Active accounts in at least one team, with their email preference, in a stable order."""
    return (
        get_user_model()
        .objects.filter(is_active=True, team_memberships__isnull=False)
        .distinct()
        .select_related("reminder_preference")
        .order_by("pk")
    )


def reminders_send(*, today: dt.date | None = None, site_url: str | None = None) -> SendSummary:
    """Record what is newly due for each member of staff, once, and email a digest (how many,
    and a link) to those who asked for one. Safe to run as often as wanted: a reminder already
    recorded for a user, record and due date is never sent again."""
    today = today or timezone.localdate()
    link = (site_url or settings.CPI_SITE_URL).rstrip("/") + reverse("reminders:list")
    staff = new = emails = 0
    for user in staff_to_remind():
        found = needs_doing(user, today=today)
        if not found.count:
            continue
        staff += 1
        added = _record_new(user, found.all)
        new += added
        if added and _wants_email(user):
            _send_digest(user, added=added, total=found.count, link=link)
            emails += 1
    SentReminder.objects.filter(due_on__lt=today - dt.timedelta(days=KEEP_SENT_DAYS)).delete()
    audit_record(
        by=None,
        action=AuditAction.VIEWED,
        actor_label="send_reminders",
        detail={"job": "send_reminders", "staff": staff, "new": new, "emails": emails},
    )
    return SendSummary(staff=staff, new=new, emails=emails)


@transaction.atomic
def _record_new(user: Any, reminders: list[Any]) -> int:
    """Add the reminders not yet recorded for this user; how many this run added. Rows that
    another run added meanwhile are skipped by the unique key, and not counted here."""
    run = uuid.uuid4()
    rows = [
        SentReminder(user=user, kind=r.kind, key=r.key, due_on=r.due_on, run=run) for r in reminders
    ]
    SentReminder.objects.bulk_create(rows, ignore_conflicts=True)
    return SentReminder.objects.filter(user=user, run=run).count()


def _wants_email(user: Any) -> bool:
    preference = getattr(user, "reminder_preference", None)
    return bool(preference and preference.email_digest and user.email)


def _send_digest(user: Any, *, added: int, total: int, link: str) -> None:
    """The email says how many and where to look: never a name or anything about anyone."""
    context = {"added": added, "total": total, "link": link, "service": settings.CPI_SERVICE_NAME}
    subject = render_to_string("practice/reminders/digest_subject.txt", context).strip()
    body = render_to_string("practice/reminders/digest_body.txt", context)
    send_mail(subject, body, None, [user.email])


def reminder_email_set(*, by: Any, email_digest: bool) -> ReminderPreference:
    """Turn this user's daily email on or off (audited: it changes what leaves the app)."""
    with transaction.atomic():
        preference, _ = ReminderPreference.objects.update_or_create(
            user=by, defaults={"email_digest": email_digest}
        )
        audit_record(
            by=by,
            action=AuditAction.CHANGED,
            detail={"reminder email": email_digest},
        )
    return preference


def reminder_email_wanted(user: Any) -> bool:
    """Whether this user asked for the daily email (one query)."""
    return ReminderPreference.objects.filter(user=user, email_digest=True).exists()


def needs_doing_viewed(request: HttpRequest, found: NeedsDoing) -> None:
    """One VIEWED event for the list (issue 15's rule for lists): the ids of the people on it,
    never their names. Two statements: the chain's head and the event."""
    audit_record(
        by=request.user,
        action=AuditAction.VIEWED,
        request=request,
        detail={
            "list": "needs doing",
            "people": sorted({r.person_id for r in found.people if r.person_id}),
        },
    )
