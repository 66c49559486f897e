"""Changes to the person's plan: goals and steps, barriers, the contact log.

Every change is atomic, checked here (not only in the forms) and audited in the same transaction.
Rules that matter raise a ValidationError keyed by field name, in plain English, so a form can
show the message beside the field that needs fixing.

Every change to an existing goal or step carries the version the page showed, status changes
(one-click quick actions) included: a click on an older page is refused with EditConflict, never
allowed to overwrite a newer change silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Model
from django.db.models.fields.reverse_related import ManyToOneRel
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from connecting_people.core.audit import audit_record
from connecting_people.core.concurrency import save_versioned
from connecting_people.core.forms import too_long_message
from connecting_people.core.models import AuditAction
from connecting_people.people.models import Interest, Person
from connecting_people.plans.models import (
    CONTACT_TEXT_LIMITS,
    Barrier,
    BarrierStatus,
    BarrierType,
    BarrierUpdate,
    Contact,
    ContactKind,
    Goal,
    GoalStatus,
    Step,
    StepStatus,
    WhoChoice,
)

MAX_CONTACT_MINUTES = 24 * 60


def goal_progress(steps: Iterable[Step]) -> tuple[int, int]:
    """(steps done, steps that count): dropped steps do not count towards a goal's progress."""
    counted = [step for step in steps if step.status != StepStatus.DROPPED]
    return sum(1 for step in counted if step.status == StepStatus.DONE), len(counted)


def _actor(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _long_date(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _check_hidden(
    hidden_from_person: bool, hidden_reason: str, field: str = "hidden_reason"
) -> str:
    """A note kept from the person's own space needs a reason (issue 14 §5); the reason is
    dropped when the note is shown."""
    reason = hidden_reason.strip()
    if hidden_from_person and not reason:
        raise ValidationError(
            {
                field: _(
                    "Say why this note is not shown to the person, for example: it is about "
                    "someone else"
                )
            }
        )
    return reason if hidden_from_person else ""


# Goals ------------------------------------------------------------------------------------------


def _check_goal(
    *,
    person: Person,
    text: str,
    whose_idea: str,
    agreed_on: dt.date,
    review_on: dt.date | None,
    interests: Sequence[Interest],
    barriers: Sequence[Barrier],
) -> None:
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Write the goal, in the person's own words")
    if whose_idea not in WhoChoice.values:
        errors["whose_idea"] = _("Choose whose idea the goal was")
    if agreed_on > timezone.localdate():
        errors["agreed_on"] = _("The date you agreed the goal cannot be in the future")
    if review_on is not None and review_on < agreed_on:
        errors["review_on"] = _("The review date must be on or after the date you agreed the goal")
    if any(interest.person_id != person.pk for interest in interests):
        errors["interests"] = _("Choose only this person's own interests")
    if any(barrier.person_id != person.pk for barrier in barriers):
        errors["barriers"] = _("Choose only this person's own barriers")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_create(
    *,
    person: Person,
    text: str,
    whose_idea: str,
    agreed_on: dt.date,
    review_on: dt.date | None = None,
    interests: Sequence[Interest] = (),
    barriers: Sequence[Barrier] = (),
    by: Any,
) -> Goal:
    """Record a goal agreed with the person, in their words, with whose idea it was."""
    _check_goal(
        person=person,
        text=text,
        whose_idea=whose_idea,
        agreed_on=agreed_on,
        review_on=review_on,
        interests=interests,
        barriers=barriers,
    )
    goal = Goal.objects.create(
        person=person,
        text=text.strip(),
        whose_idea=whose_idea,
        agreed_on=agreed_on,
        review_on=review_on,
    )
    goal.interests.set(interests)
    goal.barriers.set(barriers)
    audit_record(by=by, action=AuditAction.CREATED, target=goal)
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    version: int,
    text: str,
    whose_idea: str,
    agreed_on: dt.date,
    review_on: dt.date | None,
    interests: Sequence[Interest] = (),
    barriers: Sequence[Barrier] = (),
    by: Any,
) -> Goal:
    """Save changes to a goal, refused with EditConflict if someone else saved it first."""
    _check_goal(
        person=goal.person,
        text=text,
        whose_idea=whose_idea,
        agreed_on=agreed_on,
        review_on=review_on,
        interests=interests,
        barriers=barriers,
    )
    early = goal.steps.filter(target_on__lt=agreed_on).count()
    if early:
        message = ngettext(
            "%(count)d step aims to be done before this date. Change its date first, or choose "
            "an earlier date.",
            "%(count)d steps aim to be done before this date. Change their dates first, or "
            "choose an earlier date.",
            early,
        ) % {"count": early}
        raise ValidationError({"agreed_on": message})
    changes = {
        "text": text.strip(),
        "whose_idea": whose_idea,
        "agreed_on": agreed_on,
        "review_on": review_on,
    }
    changed = [name for name, value in changes.items() if getattr(goal, name) != value]
    save_versioned(goal, changes=changes, version=version)
    goal.interests.set(interests)
    goal.barriers.set(barriers)
    audit_record(by=by, action=AuditAction.CHANGED, target=goal, detail={"fields": changed})
    return goal


@transaction.atomic
def goal_set_status(*, goal: Goal, status: str, version: int, by: Any) -> Goal:
    """Mark a goal as being worked on, achieved, on hold or no longer wanted.

    Refused with EditConflict (nothing written) if the goal is no longer at `version`.
    """
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose where this goal stands")})
    previous = goal.status
    save_versioned(goal, changes={"status": status}, version=version)
    audit_record(
        by=by, action=AuditAction.CHANGED, target=goal, detail={"status": [previous, status]}
    )
    return goal


# Steps ------------------------------------------------------------------------------------------


def _check_step(*, goal: Goal, text: str, who: str, target_on: dt.date | None) -> None:
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Describe the step")
    if who not in WhoChoice.values:
        errors["who"] = _("Choose who will do it")
    if target_on is not None and target_on < goal.agreed_on:
        errors["target_on"] = _(
            "The date to aim for cannot be before the goal was agreed (%(date)s)"
        ) % {"date": _long_date(goal.agreed_on)}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def step_add(
    *,
    goal: Goal,
    text: str,
    who: str,
    target_on: dt.date | None = None,
    notes: str = "",
    hidden_from_person: bool = False,
    hidden_reason: str = "",
    by: Any,
) -> Step:
    """Add a small step towards a goal, at the end of its list."""
    _check_step(goal=goal, text=text, who=who, target_on=target_on)
    reason = _check_hidden(hidden_from_person, hidden_reason)
    last = goal.steps.aggregate(last=Max("position"))["last"] or 0
    step = Step.objects.create(
        goal=goal,
        text=text.strip(),
        who=who,
        target_on=target_on,
        notes=notes,
        hidden_from_person=hidden_from_person,
        hidden_reason=reason,
        position=last + 1,
    )
    audit_record(by=by, action=AuditAction.CREATED, target=step)
    return step


@transaction.atomic
def step_update(
    *,
    step: Step,
    version: int,
    text: str,
    who: str,
    target_on: dt.date | None,
    notes: str = "",
    hidden_from_person: bool = False,
    hidden_reason: str = "",
    by: Any,
) -> Step:
    """Save changes to a step, refused with EditConflict if someone else saved it first."""
    _check_step(goal=step.goal, text=text, who=who, target_on=target_on)
    reason = _check_hidden(hidden_from_person, hidden_reason)
    changes = {
        "text": text.strip(),
        "who": who,
        "target_on": target_on,
        "notes": notes,
        "hidden_from_person": hidden_from_person,
        "hidden_reason": reason,
    }
    changed = [name for name, value in changes.items() if getattr(step, name) != value]
    save_versioned(step, changes=changes, version=version)
    audit_record(by=by, action=AuditAction.CHANGED, target=step, detail={"fields": changed})
    return step


@transaction.atomic
def step_set_status(
    *, step: Step, status: str, version: int, by: Any, on: dt.date | None = None
) -> Step:
    """Change a step's status; marking it done dates it (today unless `on` is given).

    Refused with EditConflict (nothing written) if the step is no longer at `version`.
    """
    if status not in StepStatus.values:
        raise ValidationError({"status": _("Choose how the step is going")})
    previous = step.status
    if status == StepStatus.DONE:
        done_on = step.done_on if previous == StepStatus.DONE else (on or timezone.localdate())
    else:
        done_on = None
    save_versioned(step, changes={"status": status, "done_on": done_on}, version=version)
    audit_record(
        by=by, action=AuditAction.CHANGED, target=step, detail={"status": [previous, status]}
    )
    return step


@transaction.atomic
def steps_reorder(*, goal: Goal, order: Sequence[int], by: Any) -> list[Step]:
    """Put a goal's steps in the order given (step ids); steps not named keep their order after.

    Ids that are not this goal's steps, or that repeat, are refused.
    """
    steps = {step.pk: step for step in goal.steps.select_for_update()}
    wanted = [int(pk) for pk in order]
    if len(set(wanted)) != len(wanted) or not set(wanted) <= steps.keys():
        raise ValidationError(_("The steps have changed since the page was loaded. Try again."))
    rest = sorted(
        (step for pk, step in steps.items() if pk not in wanted),
        key=lambda step: (step.position, step.pk),
    )
    ordered = [steps[pk] for pk in wanted] + rest
    for position, step in enumerate(ordered, start=1):
        step.position = position
    Step.objects.bulk_update(ordered, ["position"])
    audit_record(by=by, action=AuditAction.CHANGED, target=goal, detail={"steps_order": wanted})
    return ordered


@transaction.atomic
def step_move(*, step: Step, direction: str, by: Any) -> list[Step]:
    """Move a step one place up or down its goal's list, from where it stands now.

    The steps are locked before their order is read, so two moves at once both count; they are
    put in order here, after the lock (a database may sort locked rows by the values it saw
    before waiting for the lock).
    """
    locked = sorted(step.goal.steps.select_for_update(), key=lambda s: (s.position, s.pk))
    ids = [s.pk for s in locked]
    here = ids.index(step.pk)
    there = here - 1 if direction == "up" else here + 1
    if 0 <= there < len(ids):
        ids[here], ids[there] = ids[there], ids[here]
    return steps_reorder(goal=step.goal, order=ids, by=by)


@transaction.atomic
def step_remove(*, step: Step, by: Any) -> None:
    """Remove a step added by mistake (a step that will not happen is better marked dropped)."""
    audit_record(by=by, action=AuditAction.DELETED, target=step)
    step.delete()


# Barriers ---------------------------------------------------------------------------------------


def _check_kind(kind: BarrierType, *, current: BarrierType | None = None) -> None:
    if not kind.is_active and kind != current:
        raise ValidationError({"kind": _("That kind of barrier is no longer offered")})


@transaction.atomic
def barrier_create(
    *,
    person: Person,
    kind: BarrierType,
    affects: str = "",
    plan: str = "",
    note: str = "",
    on: dt.date | None = None,
    by: Any,
) -> Barrier:
    """Record something that gets in the way, with the plan to get past it, starting its history."""
    _check_kind(kind)
    barrier = Barrier.objects.create(person=person, kind=kind, affects=affects, plan=plan)
    BarrierUpdate.objects.create(
        barrier=barrier,
        on=on or timezone.localdate(),
        status=barrier.status,
        note=note,
        by=_actor(by),
    )
    audit_record(by=by, action=AuditAction.CREATED, target=barrier)
    return barrier


@transaction.atomic
def barrier_update(
    *,
    barrier: Barrier,
    version: int,
    kind: BarrierType,
    affects: str,
    plan: str,
    status: str,
    note: str = "",
    by: Any,
) -> Barrier:
    """Save changes to a barrier; a new status (or a note) is added to its dated history."""
    _check_kind(kind, current=barrier.kind)
    if status not in BarrierStatus.values:
        raise ValidationError({"status": _("Choose where this barrier stands")})
    previous = barrier.status
    changes = {"kind": kind, "affects": affects, "plan": plan, "status": status}
    changed = [name for name, value in changes.items() if getattr(barrier, name) != value]
    save_versioned(barrier, changes=changes, version=version)
    if status != previous or note.strip():
        BarrierUpdate.objects.create(
            barrier=barrier,
            on=timezone.localdate(),
            status=status,
            note=note.strip(),
            by=_actor(by),
        )
    audit_record(by=by, action=AuditAction.CHANGED, target=barrier, detail={"fields": changed})
    return barrier


# Contacts ---------------------------------------------------------------------------------------


# The fields of a contact that can be written, as logged or changed later.
CONTACT_FIELDS = (
    "happened_on",
    "kind",
    "where",
    "duration_minutes",
    "what_happened",
    "follow_ups",
    "went_along",
    "learned_skill",
    "taught_skill",
    "people_met",
    "hidden_from_person",
    "hidden_reason",
    "next_meeting_on",
)


def before_start_message(started_on: dt.date) -> str:
    """What the app says about a date before the person started with the team."""
    return _("The date cannot be before they started with the team (%(date)s)") % {
        "date": date_format(started_on, "j F Y")
    }


def _check_contact(
    *,
    happened_on: dt.date,
    kind: str,
    duration_minutes: int | None,
    what_happened: str,
    next_meeting_on: dt.date | None = None,
    started_on: dt.date | None,
    texts: dict[str, str],
) -> None:
    errors: dict[str, str] = {}
    if next_meeting_on is not None and next_meeting_on < happened_on:
        errors["next_meeting_on"] = _("The next meeting cannot be before this contact")
    if happened_on > timezone.localdate():
        errors["happened_on"] = _("The date cannot be in the future")
    elif started_on is not None and happened_on < started_on:
        errors["happened_on"] = before_start_message(started_on)
    if kind not in ContactKind.values:
        errors["kind"] = _("Choose what kind of contact it was")
    if duration_minutes is not None and not 1 <= duration_minutes <= MAX_CONTACT_MINUTES:
        errors["duration_minutes"] = _("Enter a time between 1 and 1,440 minutes (a whole day)")
    if not what_happened.strip():
        errors["what_happened"] = _("Describe what happened")
    for name, text in texts.items():
        limit = CONTACT_TEXT_LIMITS[name]
        if len(text or "") > limit:
            label = str(getattr(Contact._meta.get_field(name), "verbose_name", name)).capitalize()
            errors[name] = too_long_message(limit, len(text), label)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contact_log(
    *,
    person: Person,
    happened_on: dt.date,
    kind: str,
    what_happened: str,
    duration_minutes: int | None = None,
    follow_ups: str = "",
    went_along: bool = False,
    learned_skill: bool = False,
    taught_skill: bool = False,
    people_met: str = "",
    hidden_from_person: bool = False,
    hidden_reason: str = "",
    where: str = "",
    next_meeting_on: dt.date | None = None,
    by: Any,
) -> Contact:
    """Log a meeting, a call or a visit made together, and what came of it (and, if one was
    agreed, the date of the next meeting)."""
    reason = _check_hidden(hidden_from_person, hidden_reason)
    _check_contact(
        happened_on=happened_on,
        kind=kind,
        duration_minutes=duration_minutes,
        what_happened=what_happened,
        next_meeting_on=next_meeting_on,
        started_on=person.started_on,
        texts={"what_happened": what_happened, "follow_ups": follow_ups, "people_met": people_met},
    )
    contact = Contact.objects.create(
        person=person,
        happened_on=happened_on,
        kind=kind,
        where=where.strip(),
        next_meeting_on=next_meeting_on,
        duration_minutes=duration_minutes,
        what_happened=what_happened.strip(),
        follow_ups=follow_ups,
        went_along=went_along,
        learned_skill=learned_skill,
        taught_skill=taught_skill,
        people_met=people_met,
        hidden_from_person=hidden_from_person,
        hidden_reason=reason,
        recorded_by=_actor(by),
    )
    audit_record(by=by, action=AuditAction.CREATED, target=contact)
    return contact


def _linked_elsewhere(contact: Contact) -> list[str]:
    """What else, besides connections on the map, points at this contact (as their names).

    Read through the model's relations (hidden ones too) so that plans imports no app above it.
    """
    found = []
    for relation in Contact._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ManyToOneRel) or relation.related_name == "connections_made":
            continue
        model = cast(type[Model], relation.related_model)
        if model._default_manager.filter(**{relation.field.name: contact}).exists():
            found.append(str(model._meta.verbose_name))
    return found


def _check_contact_date_move(contact: Contact, happened_on: dt.date) -> None:
    """Refuse a new date that would leave the records linked to this contact out of step.

    A connection that began at this contact cannot have started before it, so the date may move
    only to on or before the day the earliest such connection started. A record that logged the
    contact (a suggestion they tried) shares its date and keeps its own history, so the date of
    a contact linked that way is not changed here; everything else about it can be.
    """
    first = contact.connections_made.aggregate(first=Min("started_on"))["first"]
    if first is not None and happened_on > first:
        message = _(
            "A connection on their map began at this contact and started on %(date)s, so the "
            "contact cannot be later than that. Choose %(date)s or earlier, or change when the "
            "connection started first."
        ) % {"date": _long_date(first)}
        raise ValidationError({"happened_on": message})
    linked = _linked_elsewhere(contact)
    if linked:
        message = _(
            "This contact is linked to a %(record)s, which keeps the same date, so its date "
            "cannot be changed here. You can still change everything else."
        ) % {"record": linked[0]}
        raise ValidationError({"happened_on": message})


@transaction.atomic
def contact_update(*, contact: Contact, changes: dict[str, Any], version: int, by: Any) -> Contact:
    """Correct a logged contact, refused with EditConflict if someone else saved it first.

    `changes` holds any of CONTACT_FIELDS; the audit event names the fields changed, never
    what they now say.
    """
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of a contact that can be changed: {sorted(unknown)}")
    changes = dict(changes)
    if "what_happened" in changes:
        changes["what_happened"] = changes["what_happened"].strip()
    merged = {name: changes.get(name, getattr(contact, name)) for name in CONTACT_FIELDS}
    if "hidden_from_person" in changes or "hidden_reason" in changes:
        changes["hidden_reason"] = _check_hidden(
            merged["hidden_from_person"], merged["hidden_reason"]
        )
    _check_contact(
        happened_on=merged["happened_on"],
        kind=merged["kind"],
        duration_minutes=merged["duration_minutes"],
        what_happened=merged["what_happened"],
        next_meeting_on=merged["next_meeting_on"],
        # A date left as it was stays allowed, even if it came before the start (an import).
        started_on=contact.person.started_on
        if merged["happened_on"] != contact.happened_on
        else None,
        texts={name: merged[name] for name in CONTACT_TEXT_LIMITS},
    )
    if merged["happened_on"] != contact.happened_on:
        _check_contact_date_move(contact, merged["happened_on"])
    changed = [name for name, value in changes.items() if getattr(contact, name) != value]
    save_versioned(contact, changes=changes, version=version)
    audit_record(by=by, action=AuditAction.CHANGED, target=contact, detail={"fields": changed})
    return contact
