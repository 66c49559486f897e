"""Changes to a person's record. Each is atomic, checked and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.core.audit import audit_record
from connecting_people.core.concurrency import save_versioned
from connecting_people.core.models import AuditAction, Team, TeamMembership
from connecting_people.people.models import (
    AboutKind,
    Consent,
    ConsentKind,
    Destination,
    DifferentView,
    Interest,
    InterestWhen,
    OwnUpdate,
    Person,
    PersonAccount,
    Skill,
    Status,
    StatusChange,
    StatusChangeKind,
)
from connecting_people.taxonomy.models import InterestCategory

# issue 14 §7: how many days after moving on a person keeps signing in to their own space, unless
# the worker sets another number on the move-on form.
OWN_SPACE_DAYS_AFTER_MOVING_ON = 90


class LifecycleError(Exception):
    """A status change that the lifecycle does not allow, with a plain reason."""


# (from, to) → what the change is called in the person's history.
TRANSITIONS: dict[tuple[str, str], StatusChangeKind] = {
    (Status.REFERRED, Status.ACTIVE): StatusChangeKind.STARTED,
    (Status.REFERRED, Status.MOVED_ON): StatusChangeKind.MOVED_ON,
    (Status.ACTIVE, Status.MOVING_ON): StatusChangeKind.MOVING_ON,
    (Status.ACTIVE, Status.MOVED_ON): StatusChangeKind.MOVED_ON,
    (Status.MOVING_ON, Status.MOVED_ON): StatusChangeKind.MOVED_ON,
    (Status.MOVING_ON, Status.ACTIVE): StatusChangeKind.BACK_TO_ACTIVE,
    (Status.MOVED_ON, Status.ACTIVE): StatusChangeKind.RETURNED,
}


@transaction.atomic
def person_create(*, team: Team, by: Any, **fields: Any) -> Person:
    """Add a person to a team's caseload, as referred, with the referral in their history."""
    person = Person(team=team, **fields)
    # Field checks here; the database enforces the constraints (checking each one here costs a
    # query apiece, which matters when a whole caseload is brought in at once).
    person.full_clean(validate_constraints=False)
    person.save()
    StatusChange.objects.create(
        person=person,
        kind=StatusChangeKind.REFERRED,
        to_status=Status.REFERRED,
        on=person.started_on,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(by=by, action=AuditAction.CREATED, target=person)
    return person


@transaction.atomic
def person_update(*, person: Person, changes: dict[str, Any], version: int, by: Any) -> Person:
    """Save changes to the record, refused with EditConflict if someone else saved first."""
    changed = sorted(name for name, value in changes.items() if getattr(person, name) != value)
    save_versioned(person, changes=changes, version=version)
    if "research_opt_out" in changed:
        # The record form's research box is a consent change too: history keeps it.
        _consent_row(
            person=person,
            kind=ConsentKind.RESEARCH,
            given=not person.research_opt_out,
            on=timezone.localdate(),
            note=_("Changed on the record form."),
            by=by,
        )
    audit_record(by=by, action=AuditAction.CHANGED, target=person, detail={"fields": changed})
    return person


@transaction.atomic
def consent_record(
    *, person: Person, kind: str, given: bool, on: dt.date, note: str = "", by: Any
) -> Consent:
    """Record what the person said about one kind of consent, on a date. A new row each time.

    Research consent keeps `Person.research_opt_out` in step in the same transaction (and bumps
    the record's version, so a record form opened before cannot silently put it back)."""
    if kind not in ConsentKind.values:
        raise ValueError(kind)
    if on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    consent = _consent_row(person=person, kind=kind, given=given, on=on, note=note, by=by)
    if kind == ConsentKind.RESEARCH:
        # The latest answer by date decides (a late-recorded older answer does not).
        latest = person.consents.filter(kind=kind).order_by("-on", "-at", "-pk").first()
        if latest is not None and person.research_opt_out == latest.given:
            Person.objects.filter(pk=person.pk).update(
                research_opt_out=not latest.given, version=F("version") + 1
            )
            person.refresh_from_db(fields=["research_opt_out", "version", "updated_at"])
    audit_record(
        by=by,
        action=AuditAction.CREATED,
        target=consent,
        detail={"kind": kind, "given": given},
    )
    return consent


def _consent_row(
    *, person: Person, kind: str, given: bool, on: dt.date, note: str, by: Any
) -> Consent:
    consent = Consent(
        person=person,
        kind=kind,
        given=given,
        on=on,
        note=note,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    consent.full_clean(exclude=["person"])
    consent.save()
    return consent


@transaction.atomic
def person_change_status(
    *,
    person: Person,
    to: str,
    on: dt.date,
    by: Any,
    version: int,
    reason: str = "",
    destination: str = "",
    moving_on_plan: str | None = None,
    keep_in_touch: bool | None = None,
    own_space_days: int | None = None,
) -> StatusChange:
    """Move a person along the lifecycle: referred → active → moving on → moved on → back.

    A person with their own account (issue 14) keeps signing in for `own_space_days` after the
    day they moved on (`OWN_SPACE_DAYS_AFTER_MOVING_ON` unless the team says otherwise); coming
    back lifts that date again."""
    kind = TRANSITIONS.get((person.status, to))
    if kind is None:
        raise LifecycleError(
            _("%(name)s is %(now)s, so they cannot be marked %(to)s.")
            % {
                "name": person.preferred_name,
                "now": Status(person.status).label.lower(),
                "to": Status(to).label.lower(),
            }
        )
    _check_date(person, on)
    changes: dict[str, Any] = {"status": to}
    if to == Status.MOVED_ON:
        if destination not in Destination.values:
            raise LifecycleError(_("Say where %(name)s is moving on to.") % {"name": person})
        changes.update(moved_on_on=on, destination=destination)
    elif to == Status.MOVING_ON:
        changes["destination"] = destination if destination in Destination.values else ""
    else:  # back to active: carrying on, or returned (the door stays open)
        changes.update(moved_on_on=None, destination="")
    if moving_on_plan is not None:
        changes["moving_on_plan"] = moving_on_plan
    previous = person.status
    save_versioned(person, changes=changes, version=version)
    change = StatusChange.objects.create(
        person=person,
        kind=kind,
        from_status=previous,
        to_status=to,
        on=on,
        reason=reason,
        destination=destination if to in (Status.MOVED_ON, Status.MOVING_ON) else "",
        moving_on_plan=(moving_on_plan or "") if to in (Status.MOVED_ON, Status.MOVING_ON) else "",
        keep_in_touch=keep_in_touch if to in (Status.MOVED_ON, Status.MOVING_ON) else None,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(
        by=by, action=AuditAction.CHANGED, target=person, detail={"status": [previous, to]}
    )
    if to == Status.MOVED_ON:
        days = OWN_SPACE_DAYS_AFTER_MOVING_ON if own_space_days is None else own_space_days
        _own_space_until(person, on + dt.timedelta(days=days), by=by)
    elif to == Status.ACTIVE:
        _own_space_until(person, None, by=by)
    return change


def _own_space_until(person: Person, until: dt.date | None, *, by: Any) -> None:
    """Set the date until which the person's own account may sign in (none: no date), if they
    have an account and it holds another date. Versioned and audited, in the caller's
    transaction."""
    account = PersonAccount.objects.select_for_update().filter(person=person).first()
    if account is None or account.access_until == until:
        return
    save_versioned(account, changes={"access_until": until}, version=account.version)
    audit_record(
        by=by, action=AuditAction.CHANGED, target=account, detail={"fields": ["access_until"]}
    )


def _check_date(person: Person, on: dt.date) -> None:
    if on > timezone.localdate():
        raise LifecycleError(_("The date cannot be in the future."))
    last = person.status_changes.order_by("-on").values_list("on", flat=True).first()
    if last and on < last:
        raise LifecycleError(
            _("The date cannot be before the last change in their history (%(date)s).")
            % {"date": last.strftime("%-d %B %Y")}
        )


def person_move_on(
    *,
    person: Person,
    on: dt.date,
    destination: str,
    plan: str,
    reason: str,
    version: int,
    by: Any,
    keep_in_touch: bool | None = None,
    own_space_days: int | None = None,
) -> StatusChange:
    """Record that the person has moved on, where to, and their moving-on plan; their own
    account, if they have one, keeps signing in for `own_space_days` more."""
    return person_change_status(
        person=person,
        to=Status.MOVED_ON,
        on=on,
        destination=destination,
        moving_on_plan=plan,
        keep_in_touch=keep_in_touch,
        reason=reason,
        version=version,
        by=by,
        own_space_days=own_space_days,
    )


def person_return(
    *, person: Person, on: dt.date, reason: str, version: int, by: Any
) -> StatusChange:
    """Welcome a moved-on person back in one step, keeping all their history."""
    return person_change_status(
        person=person, to=Status.ACTIVE, on=on, reason=reason, version=version, by=by
    )


@transaction.atomic
def interest_add(
    *, person: Person, when: str, description: str, categories: Iterable[InterestCategory], by: Any
) -> Interest:
    """Record something the person used to do, does now, or would like to try."""
    if when not in InterestWhen.values:
        raise ValueError(when)
    interest = Interest.objects.create(person=person, when=when, description=description)
    interest.categories.set(categories)
    audit_record(by=by, action=AuditAction.CREATED, target=interest)
    return interest


@transaction.atomic
def interest_update(
    *,
    interest: Interest,
    when: str,
    description: str,
    categories: Iterable[InterestCategory],
    by: Any,
) -> Interest:
    """Change an interest (a move from 'would like to try' to 'do now' is progress)."""
    interest.when, interest.description = when, description
    interest.save(update_fields=["when", "description"])
    interest.categories.set(categories)
    audit_record(by=by, action=AuditAction.CHANGED, target=interest)
    return interest


@transaction.atomic
def interest_remove(*, interest: Interest, by: Any) -> None:
    """Remove an interest that was recorded by mistake."""
    audit_record(by=by, action=AuditAction.DELETED, target=interest)
    interest.delete()


@transaction.atomic
def skill_add(*, person: Person, description: str, would_teach: bool, by: Any) -> Skill:
    """Record something the person knows or can do."""
    skill = Skill.objects.create(person=person, description=description, would_teach=would_teach)
    audit_record(by=by, action=AuditAction.CREATED, target=skill)
    return skill


@transaction.atomic
def skill_remove(*, skill: Skill, by: Any) -> None:
    """Remove a skill that was recorded by mistake."""
    audit_record(by=by, action=AuditAction.DELETED, target=skill)
    skill.delete()


# The person's own words (issue 14) --------------------------------------------------------------

OWN_TEXT_LIMIT = 2000


def _check_own_text(text: str, *, missing: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": missing})
    if len(text) > OWN_TEXT_LIMIT:
        raise ValidationError({"text": _("Keep it to 2,000 characters or fewer")})
    return text


@transaction.atomic
def different_view_add(
    *, person: Person, about_kind: str, about_id: int, text: str, about_field: str = "", by: Any
) -> DifferentView:
    """Keep the person's own view of something the worker wrote, beside it (never over it).

    The caller has checked that the record named belongs to this person."""
    if about_kind not in AboutKind.values:
        raise ValueError(about_kind)
    text = _check_own_text(text, missing=_("Write how you see it"))
    view = DifferentView.objects.create(
        person=person,
        about_kind=about_kind,
        about_id=about_id,
        about_field=about_field,
        text=text,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(
        by=by, action=AuditAction.CREATED, target=view, detail={"about": [about_kind, about_id]}
    )
    return view


@transaction.atomic
def different_view_update(
    *, view: DifferentView, text: str, version: int, by: Any
) -> DifferentView:
    """Change the person's own view, refused with EditConflict if it changed since it was read."""
    text = _check_own_text(text, missing=_("Write how you see it"))
    save_versioned(view, changes={"text": text}, version=version)
    audit_record(by=by, action=AuditAction.CHANGED, target=view, detail={"fields": ["text"]})
    return view


@transaction.atomic
def own_update_add(
    *,
    person: Person,
    text: str,
    by: Any,
    about_kind: str = "",
    about_id: int | None = None,
) -> OwnUpdate:
    """An update the person writes for their worker; audited as the person, with the update as
    its target, so the worker's feed finds it."""
    if about_kind and about_kind not in AboutKind.values:
        raise ValueError(about_kind)
    text = _check_own_text(text, missing=_("Write your update"))
    update = OwnUpdate.objects.create(
        person=person,
        text=text,
        about_kind=about_kind,
        about_id=about_id,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(by=by, action=AuditAction.CREATED, target=update)
    return update


@transaction.atomic
def keyworker_move(
    *, people: Iterable[tuple[Person, int]], keyworker: Any, by: Any
) -> list[Person]:
    """Give several people a new keyworker at once: each (person, the version the page showed).

    The keyworker must be an active member of every person's team. All of them move, or none:
    a person changed since the page was loaded refuses the lot with EditConflict, and each move
    is audited as a change to that person's record.
    """
    chosen = list(people)
    if not chosen:
        raise ValidationError({"people": _("Choose at least one person to move")})
    teams = {person.team_id for person, _version in chosen}
    member_of = set(
        TeamMembership.objects.filter(user=keyworker, team_id__in=teams).values_list(
            "team_id", flat=True
        )
    )
    if not getattr(keyworker, "is_active", False) or member_of != teams:
        raise ValidationError({"keyworker": _("Choose a keyworker from this team")})
    return [
        person_update(person=person, changes={"keyworker": keyworker}, version=version, by=by)
        for person, version in chosen
    ]
