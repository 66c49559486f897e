"""What a person does in their own space, through the same services the staff pages use.

Each change is versioned (a clash is shown, never overwritten) and audited as the person's own
account, in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from connecting_people.people.models import AboutKind
from connecting_people.people.services import own_update_add
from connecting_people.plans.models import Step, StepStatus, WhoChoice
from connecting_people.plans.services import step_set_status

# The steps a person marks done themself: theirs, and those they do together with their worker.
# The worker's own steps and someone else's are shown, for the one who does them to mark.
OWN_STEPS = (WhoChoice.PERSON, WhoChoice.TOGETHER)
OPEN_STEPS = (StepStatus.TO_DO, StepStatus.DOING, StepStatus.PAUSED)


def may_mark_done(step: Step) -> bool:
    """Whether the person may mark this step done in their own space."""
    return step.who in OWN_STEPS and step.status in OPEN_STEPS


@transaction.atomic
def own_step_done(*, step: Step, version: int, note: str = "", by: Any) -> Step:
    """The person marks one of their own steps done, with a note for their worker if they wish.

    Refused with EditConflict if the step changed since the page showed it; the note is kept as
    an update for the worker about the step (the worker's own notes on the step are untouched)."""
    if not may_mark_done(step):
        raise ValidationError(_("Your worker marks this step, not you"))
    step_set_status(step=step, status=StepStatus.DONE, version=version, by=by)
    if note.strip():
        own_update_add(
            person=step.goal.person,
            text=note,
            about_kind=AboutKind.STEP,
            about_id=step.pk,
            by=by,
        )
    return step
