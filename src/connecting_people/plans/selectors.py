"""Reads of the person's plan for the pages that show it, in a fixed number of queries.

The caller has already fetched the person through the access layer; nothing here checks access.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people.models import Person
from connecting_people.plans.models import (
    Barrier,
    BarrierStatus,
    BarrierUpdate,
    Contact,
    Goal,
    GoalStatus,
    Step,
    StepStatus,
)
from connecting_people.plans.services import goal_progress

RECENT_CONTACTS = 5

# Goals being worked on come before those on hold.
_OPEN_ORDER: dict[str, int] = {GoalStatus.WORKING_ON: 0, GoalStatus.ON_HOLD: 1}


def with_progress(goal: Goal) -> Goal:
    """Attach `progress` (done, total), `steps_done`, `steps_total` and `next_step` to a goal.

    Reads `goal.steps.all()`, so prefetch the steps first.
    """
    steps = list(goal.steps.all())
    goal.progress = goal_progress(steps)  # type: ignore[attr-defined]
    goal.steps_done, goal.steps_total = goal.progress  # type: ignore[attr-defined]
    goal.next_step = next(  # type: ignore[attr-defined]
        (s for s in steps if s.status in (StepStatus.TO_DO, StepStatus.DOING)), None
    )
    return goal


def plan_overview(person: Person, *, today: dt.date | None = None) -> dict[str, Any]:
    """What the person's overview page shows of their plan, in five queries whatever its size.

    Keys:
      goals            open goals (working on, then on hold), each with `steps` prefetched and
                       `progress`, `steps_done`, `steps_total`, `next_step` attached
      closed_goals     achieved or no longer wanted goals, with the same attributes
      barriers         open barriers (open or being worked on), `kind` selected
      resolved_barriers  resolved barriers, `kind` selected
      contacts         the RECENT_CONTACTS most recent contacts, newest first
      contact_count    how many contacts there are in all
      next_review      the earliest review date over open goals, or None
      review_overdue   True when next_review is before today
      last_contact     the date of the most recent contact, or None
      today            the date the overview was worked out for
    """
    today = today or timezone.localdate()
    goals = [
        with_progress(goal)
        for goal in person.goals.order_by("agreed_on", "pk").prefetch_related(
            Prefetch("steps", queryset=Step.objects.order_by("position", "pk"))
        )
    ]
    open_goals = sorted(
        (goal for goal in goals if goal.status in _OPEN_ORDER),
        key=lambda goal: (_OPEN_ORDER[goal.status], goal.review_on or dt.date.max, goal.pk),
    )
    barriers = list(person.barriers.select_related("kind").order_by("pk"))
    contacts = list(person.contacts.order_by("-happened_on", "-pk")[:RECENT_CONTACTS])
    reviews = [goal.review_on for goal in open_goals if goal.review_on]
    next_review = min(reviews) if reviews else None
    return {
        "goals": open_goals,
        "closed_goals": [goal for goal in goals if goal.status not in _OPEN_ORDER],
        "barriers": [b for b in barriers if b.status != BarrierStatus.RESOLVED],
        "resolved_barriers": [b for b in barriers if b.status == BarrierStatus.RESOLVED],
        "contacts": contacts,
        "contact_count": person.contacts.count(),
        "next_review": next_review,
        "review_overdue": bool(next_review and next_review < today),
        "last_contact": contacts[0].happened_on if contacts else None,
        "today": today,
    }


@dataclass(frozen=True)
class PlanEvent:
    """One dated thing in the person's plan, for their history timeline."""

    date: dt.date
    kind: str  # "goal", "step", "barrier" or "contact"
    text: str
    url: str = ""
    detail: str = ""


def _short(text: str) -> str:
    return Truncator(text).chars(120)


def timeline_events(person: Person) -> list[PlanEvent]:
    """Goals agreed, steps done, barriers recorded or changed, and contacts: newest first.

    Four queries whatever the size of the plan.
    """
    pk = person.pk
    events = [
        PlanEvent(
            date=goal.agreed_on,
            kind="goal",
            text=_("Goal agreed: %(goal)s") % {"goal": _short(goal.text)},
            url=reverse("plans:goal", args=[pk, goal.pk]),
        )
        for goal in person.goals.only("pk", "person", "text", "agreed_on")
    ]
    events += [
        PlanEvent(
            date=step.done_on,
            kind="step",
            text=_("Step done: %(step)s") % {"step": _short(step.text)},
            url=reverse("plans:goal", args=[pk, step.goal_id]),
        )
        for step in Step.objects.filter(goal__person=person, done_on__isnull=False).only(
            "pk", "text", "done_on", "goal_id"
        )
        if step.done_on
    ]
    events += _barrier_events(person)
    events += [
        PlanEvent(
            date=contact.happened_on,
            kind="contact",
            text=_("Contact logged: %(kind)s") % {"kind": contact.get_kind_display()},
            url=reverse("plans:contacts", args=[pk]),
            detail=_short(contact.what_happened),
        )
        for contact in person.contacts.all()
    ]
    return sorted(events, key=lambda event: event.date, reverse=True)


def _barrier_events(person: Person) -> list[PlanEvent]:
    updates = BarrierUpdate.objects.filter(barrier__person=person).select_related("barrier__kind")
    seen: set[int] = set()
    events = []
    for update in updates.order_by("on", "at", "pk"):
        barrier: Barrier = update.barrier
        if barrier.pk in seen:
            text = _("Barrier now %(status)s: %(kind)s") % {
                "status": update.get_status_display().lower(),
                "kind": barrier.kind.name,
            }
        else:
            seen.add(barrier.pk)
            text = _("Barrier recorded: %(kind)s") % {"kind": barrier.kind.name}
        events.append(
            PlanEvent(
                date=update.on,
                kind="barrier",
                text=text,
                url=reverse("plans:barrier", args=[person.pk, barrier.pk]),
                detail=_short(update.note),
            )
        )
    return events


def contacts_for(person: Person) -> Any:
    """The person's contact log, newest first, with who recorded each."""
    return Contact.objects.filter(person=person).select_related("recorded_by")


def goal_with_steps(goal: Goal) -> Goal:
    """The goal's steps (in order, with first/last marked for the move buttons) and progress."""
    steps = list(goal.steps.order_by("position", "pk"))
    for index, step in enumerate(steps):
        step.is_first = index == 0  # type: ignore[attr-defined]
        step.is_last = index == len(steps) - 1  # type: ignore[attr-defined]
    goal.ordered_steps = steps  # type: ignore[attr-defined]
    goal.progress = goal_progress(steps)  # type: ignore[attr-defined]
    goal.steps_done, goal.steps_total = goal.progress  # type: ignore[attr-defined]
    return goal


def contacts_to_link(person: Person) -> QuerySet[Contact]:
    """The person's contacts that a connection on their map may say it began at, newest first,
    with only what names each one (its date and kind, never what was said)."""
    contacts = Contact.objects.filter(person=person).order_by("-happened_on", "-pk")
    return contacts.only("pk", "person", "happened_on", "kind")


def goal_links(goal: Goal) -> dict[str, Any]:
    """What the goal's page shows it is linked to: the person's interests and barriers."""
    return {"interests": goal.interests.all(), "barriers": goal.barriers.select_related("kind")}


def barrier_page(barrier: Barrier) -> dict[str, Any]:
    """What the barrier's page shows beside it: its history, newest first, and the goals that
    work on it."""
    return {
        "history": barrier.updates.select_related("by").order_by("-on", "-at", "-pk"),
        "goals": Goal.objects.filter(barriers=barrier),
        "resolved": BarrierStatus.RESOLVED,
    }


def last_changed_at(record: Goal | Step) -> dt.datetime | None:
    """When the goal or step was last changed, as the audit trail has it (None if never)."""
    return (
        AuditEvent.objects.filter(
            action=AuditAction.CHANGED,
            target_type=record._meta.label_lower,
            target_id=str(record.pk),
        )
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
