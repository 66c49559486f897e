"""Erasing a person's record (issue 15, section 6; ADR 0018).

One person asks, with a reason; a second person allowed to erase records of that team confirms
(`core.access.erasure`); the one who asked never can. On confirmation, in one transaction:

- everything held about the person goes: the record and, by the database's own cascade, every
  row that hangs off it in any app (interests, skills, consents, history, goals and steps,
  barriers, contacts, the map and its snapshots, questionnaires and scores, suggestions) —
  `tests/people/test_erasure.py` walks the app registry so that a new model holding a person's
  data cannot be forgotten;
- an `ErasedPerson` is kept in its place with the team, dates, status and destination only, so
  the team's counts of people worked with and moved on can still add up; the apps above keep
  on it, through `signals.person_erasing`, the anonymous numbers their reports count (the
  report of change's paired scores, the team page's dated activity), so no count drops;
- the audit events about any of those records have their label and detail erased (version 2
  events; the chain still checks, ADR 0018), and one event records the erasure: who asked, who
  confirmed, how much went, and no name.

`cpi retention` erases through `person_erase` too, confirmed by the rule instead of a person.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import models, router, transaction
from django.db.models import Q
from django.db.models.deletion import Collector
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.core import access
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.core.models.audit import redact_events
from connecting_people.people.models import (
    NO_MAIL_DOMAIN,
    ErasedPerson,
    ErasureRequest,
    ErasureStatus,
    Person,
    PersonAccount,
)
from connecting_people.people.signals import person_erasing


class ErasureRefused(Exception):
    """A request that may not be made, confirmed or cancelled, with a plain reason."""


def erasure_expiry(requested_at: dt.datetime) -> dt.datetime:
    """When a request asked at `requested_at` lapses unconfirmed."""
    return requested_at + dt.timedelta(days=settings.ERASURE_REQUEST_DAYS)


def erasure_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Requests asked before this have lapsed."""
    return (now or timezone.now()) - dt.timedelta(days=settings.ERASURE_REQUEST_DAYS)


def erasure_requests_lapse(*, now: dt.datetime | None = None) -> int:
    """Mark the requests nobody confirmed in time as lapsed. Returns how many."""
    cutoff = erasure_cutoff(now)
    return ErasureRequest.objects.filter(
        status=ErasureStatus.WAITING, requested_at__lt=cutoff
    ).update(status=ErasureStatus.LAPSED, decided_at=now or timezone.now())


@transaction.atomic
def erasure_request(*, person: Person, reason: str, by: Any) -> ErasureRequest:
    """Ask for this person's record to be erased; nothing is erased until someone else confirms."""
    if not access.may_erase_in(by, person.team):
        raise ErasureRefused("Only a team lead or a data protection lead may ask for this.")
    erasure_requests_lapse()
    if ErasureRequest.objects.filter(person=person, status=ErasureStatus.WAITING).exists():
        raise ErasureRefused("Someone has already asked for this record to be erased.")
    request = ErasureRequest.objects.create(
        person=person, team=person.team, reason=reason, requested_by=by
    )
    audit_record(by=by, action=AuditAction.CREATED, target=request, detail={"erasure": "asked"})
    return request


def _decidable(request: ErasureRequest, by: Any) -> None:
    if request.status != ErasureStatus.WAITING or erasure_expiry(request.requested_at) < (
        timezone.now()
    ):
        raise ErasureRefused("This request is no longer waiting.")
    if not access.may_erase_in(by, request.team):
        raise ErasureRefused("Only a team lead or a data protection lead may decide this.")


@transaction.atomic
def erasure_cancel(*, request: ErasureRequest, by: Any) -> ErasureRequest:
    """Withdraw a request (the one who asked, or anyone who could have confirmed it)."""
    _decidable(request, by)
    request.status, request.decided_by, request.decided_at = (
        ErasureStatus.CANCELLED,
        by,
        timezone.now(),
    )
    request.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(by=by, action=AuditAction.CHANGED, target=request, detail={"erasure": "cancelled"})
    return request


@transaction.atomic
def erasure_confirm(*, request: ErasureRequest, by: Any) -> ErasedPerson:
    """The second person confirms: the record is erased now, as the module says."""
    locked = ErasureRequest.objects.select_for_update(of=("self",)).select_related("person")
    request = locked.get(pk=request.pk)
    _decidable(request, by)
    if request.requested_by_id == getattr(by, "pk", None):
        raise ErasureRefused("Someone other than the one who asked must confirm.")
    if request.person is None:  # a waiting request always has its person; this is a guard
        raise ErasureRefused("This request is no longer waiting.")
    return person_erase(
        person=request.person,
        by=by,
        how="request",
        request=request,
        detail={"requested_by": request.requested_by_id, "confirmed_by": by.pk},
    )


def records_about(person: Person) -> dict[str, set[str]]:
    """Every row that goes when the person does, by the kind the audit trail names it with:
    the person and everything the database's cascade would remove with them."""
    collector = Collector(using=router.db_for_write(Person), origin=person)
    collector.collect([person])
    found: dict[str, set[str]] = {}

    def add(model: type[models.Model], pks: Any) -> None:
        kind = getattr(model, "audit_kind", None) or model._meta.label_lower
        found.setdefault(kind, set()).update(str(pk) for pk in pks)

    for model, instances in collector.data.items():
        add(model, (instance.pk for instance in instances))
    for queryset in collector.fast_deletes:
        add(queryset.model, queryset.values_list("pk", flat=True))
    return found


@transaction.atomic
def person_erase(
    *,
    person: Person,
    by: Any,
    how: str,
    request: ErasureRequest | None = None,
    detail: dict[str, Any] | None = None,
    actor_label: str = "",
) -> ErasedPerson:
    """Erase the person's record now, keeping an anonymous `ErasedPerson` for the counts.

    Callers have already made sure a second person (or the retention rule) confirmed it."""
    erased = ErasedPerson.objects.create(
        team=person.team,
        started_on=person.started_on,
        status=person.status,
        moved_on_on=person.moved_on_on,
        destination=person.destination,
        research_opt_out=person.research_opt_out,
    )
    # The apps above copy the anonymous facts their counts need onto the tombstone (signals.py).
    person_erasing.send(sender=Person, person=person, erased=erased)
    records = records_about(person)
    about = Q()
    for kind, pks in records.items():
        about |= Q(target_type=kind, target_id__in=pks)
    own_user = PersonAccount.objects.filter(person=person).values_list("user_id", flat=True)
    own_user_id = own_user.first()
    if own_user_id is not None:  # issue 14: the events about their own sign-in account too
        about |= Q(target_type="accounts.user", target_id=str(own_user_id))
    events_erased = redact_events(about)
    events_kept = AuditEvent.objects.filter(about, redacted=False).count()  # version 1 events
    others = ErasureRequest.objects.filter(person=person, status=ErasureStatus.WAITING)
    if request is not None:
        others = others.exclude(pk=request.pk)
        request.status, request.decided_by, request.decided_at, request.erased = (
            ErasureStatus.CONFIRMED,
            by,
            timezone.now(),
            erased,
        )
        request.save(update_fields=["status", "decided_by", "decided_at", "erased"])
    others.update(status=ErasureStatus.CANCELLED, decided_at=timezone.now())
    counts = Counter({kind: len(pks) for kind, pks in records.items()})
    former = person.pk  # a number only: to erase again after restoring an older backup
    person.delete()
    if own_user_id is not None:
        _forget_own_account(own_user_id)
    audit_record(
        by=by,
        actor_label=actor_label,
        action=AuditAction.DELETED,
        target=erased,
        detail={
            "erasure": how,
            "person": former,
            "request": request.pk if request else None,
            "records": dict(sorted(counts.items())),
            "audit_events_erased": events_erased,
            "audit_events_sealed_before_erasure_existed": events_kept,
            **(detail or {}),
        },
    )
    return erased


def _forget_own_account(user_id: int) -> None:
    """The person's own sign-in account (issue 14) outlives their record only as an empty shell
    that can never sign in: the audit trail points at it, and may not be rewritten. Its name,
    address, password and second steps go."""
    user = User.objects.get(pk=user_id)
    user.email = f"erased-{user_id}@{NO_MAIL_DOMAIN}"
    user.name = ""
    user.is_active = False  # the signal ends its sessions
    user.set_unusable_password()
    user.save(update_fields=["email", "name", "is_active", "password"])
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
