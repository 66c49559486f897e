"""Saving the team's reflection for a quarter: the first save starts it, later saves change it.
Two people saving over each other are refused (core/concurrency.py), never overwritten."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from connecting_people.core.audit import audit_record
from connecting_people.core.concurrency import EditConflict, save_versioned
from connecting_people.core.models import AuditAction, Team
from connecting_people.practice.reflection.models import Reflection
from connecting_people.practice.reflection.periods import Quarter


@transaction.atomic
def reflection_save(
    *,
    team: Team,
    quarter: Quarter,
    answers: dict[int, int],
    notes: str,
    version: int,
    by: Any,
) -> Reflection:
    """Save the team's answers for the quarter (version 0: none saved yet when the form opened)."""
    stored = {str(pk): value for pk, value in answers.items()}
    reflection = (
        Reflection.objects.select_for_update().filter(team=team, period_start=quarter.start).first()
    )
    if reflection is None:
        # Starts at version 1, so a second form opened before this save (version 0) is refused.
        reflection = Reflection.objects.create(
            team=team, period_start=quarter.start, answers=stored, notes=notes, version=1
        )
        audit_record(by=by, action=AuditAction.CREATED, target=reflection)
        return reflection
    if version == 0:
        raise EditConflict(reflection, [])
    save_versioned(reflection, changes={"answers": stored, "notes": notes}, version=version)
    audit_record(
        by=by,
        action=AuditAction.CHANGED,
        target=reflection,
        detail={"fields": ["answers", "notes"]},
    )
    return reflection
