"""Loading a set of reflection questions from a file, for an organisation or for everyone.

The file has the shape of `questions.json` beside this module: the model's areas by key, each
with its questions in order. Loading makes the owner's questions in use exactly the file's:
a question already there (the same words, in the same area) stays and keeps its past answers,
a new one is added, and one the file no longer has is taken out of use, never deleted.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, Organisation
from connecting_people.practice.reflection.models import ReflectionArea, ReflectionQuestion
from connecting_people.practice.reflection.selectors import organisation_questions

TEXT_LIMIT = ReflectionQuestion._meta.get_field("text").max_length or 300
MOST_PER_AREA = 8


class InvalidQuestions(ValueError):
    """The file is not a set of questions we can load; the message says what to fix."""


def read_questions(path: Path) -> dict[str, list[str]]:
    """The file's questions by area key, or InvalidQuestions naming the first fault."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InvalidQuestions(f"{path.name} could not be read as JSON: {error}") from error
    return checked(data)


def checked(data: Any) -> dict[str, list[str]]:
    areas = data.get("areas") if isinstance(data, dict) else None
    if not isinstance(areas, list) or not areas:
        raise InvalidQuestions("The file needs a list of areas under 'areas'.")
    known = set(ReflectionArea.objects.values_list("key", flat=True))
    found: dict[str, list[str]] = {}
    for n, area in enumerate(areas):
        key = area.get("key") if isinstance(area, dict) else None
        if key not in known:
            raise InvalidQuestions(f"areas/{n}: the key must be one of {sorted(known)}.")
        questions = area.get("questions")
        if not isinstance(questions, list) or not 1 <= len(questions) <= MOST_PER_AREA:
            raise InvalidQuestions(f"areas/{n}: give between 1 and {MOST_PER_AREA} questions.")
        for q, text in enumerate(questions):
            if not isinstance(text, str) or not text.strip() or len(text) > TEXT_LIMIT:
                raise InvalidQuestions(
                    f"areas/{n}/questions/{q}: a question is some words, {TEXT_LIMIT} at most."
                )
        found[key] = [text.strip() for text in questions]
    return found


@transaction.atomic
def questions_load(
    *, questions: dict[str, list[str]], organisation: Organisation | None, by: Any
) -> dict[str, int]:
    """Make the owner's questions in use exactly these; say how many were added and retired."""
    areas = {a.key: a for a in ReflectionArea.objects.all()}
    existing = {
        (q.area_id, q.text): q for q in ReflectionQuestion.objects.filter(organisation=organisation)
    }
    kept: set[int] = set()
    added = 0
    for key, texts in questions.items():
        for position, text in enumerate(texts, start=1):
            question = existing.get((areas[key].pk, text))
            if question is None:
                question = ReflectionQuestion.objects.create(
                    area=areas[key], organisation=organisation, text=text
                )
                added += 1
            question.position, question.in_use = position * 10, True
            question.save(update_fields=["position", "in_use"])
            kept.add(question.pk)
    retired = (
        ReflectionQuestion.objects.filter(organisation=organisation, in_use=True)
        .exclude(pk__in=kept)
        .update(in_use=False)
    )
    counts = {"added": added, "kept": len(kept) - added, "retired": retired}
    audit_record(
        by=by,
        action=AuditAction.IMPORTED,
        target=organisation,
        detail={"what": "reflection questions", **counts},
        actor_label="" if by else "cpi load_reflection_questions",
    )
    return counts


def fingerprint(questions: Any) -> str:
    """A short digest of a set of questions in use, to tell whether it changed since a form
    opened (the set has no version of its own)."""
    text = "\n".join(f"{q.area_id}:{q.pk}:{q.text}" for q in questions)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@transaction.atomic
def questions_replace(
    *,
    questions: dict[str, list[str]],
    organisation: Organisation,
    based_on: str,
    by: Any,
) -> dict[str, int]:
    """An organisation admin's change to its questions, refused if someone changed them since
    the form opened (never overwritten)."""
    list(Organisation.objects.select_for_update().filter(pk=organisation.pk))
    if fingerprint(organisation_questions(organisation.pk)) != based_on:
        raise ValidationError(
            _(
                "Someone else changed the questions while you were editing. Nothing was saved: "
                "open the page again to see theirs, then make your changes."
            )
        )
    return questions_load(questions=questions, organisation=organisation, by=by)
