"""The reflection form (one question a field, grouped by area, all on one scale), and an
organisation's own questions (one box per area)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import LengthLimits, VersionedForm
from connecting_people.practice.reflection.loading import MOST_PER_AREA, TEXT_LIMIT, fingerprint
from connecting_people.practice.reflection.models import (
    Reflection,
    ReflectionArea,
    ReflectionQuestion,
    Scale,
)

NOTES_LIMIT = 2000


def field_name(question: ReflectionQuestion) -> str:
    return f"question_{question.pk}"


class ReflectionForm(VersionedForm):
    notes = forms.CharField(
        label=_("What we want to try next"),
        help_text=_("Optional. A few words the team can look back on next time."),
        required=False,
        max_length=NOTES_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # A clash names only the notes; the answers are shown again as they were typed.
    conflict_hidden: ClassVar[tuple[str, ...]] = ("answers",)

    def __init__(self, *args: Any, questions: Sequence[ReflectionQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[field_name(question)] = forms.TypedChoiceField(
                label=question.text,
                help_text=question.hint,
                choices=Scale.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer for this question.")},
            )

    @staticmethod
    def initial_for(reflection: Reflection | None) -> dict[str, Any]:
        if reflection is None:
            return {"version": 0}
        answers = {f"question_{pk}": value for pk, value in reflection.answers.items()}
        return {"version": reflection.version, "notes": reflection.notes, **answers}

    def answers(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[field_name(q)] for q in self.questions}

    def by_area(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The fields grouped under their areas, in order, for the page."""
        groups: dict[int, tuple[Any, list[forms.BoundField]]] = {}
        for question in self.questions:
            area = groups.setdefault(question.area_id, (question.area, []))
            area[1].append(self[field_name(question)])
        return list(groups.values())


class QuestionSetForm(LengthLimits, forms.Form):
    """An organisation's questions: one box per area, one question a line."""

    based_on = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, areas: Sequence[ReflectionArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        for area in self.areas:
            self.fields[f"area_{area.key}"] = forms.CharField(
                label=area.name,
                help_text=_("One question a line, %(most)s at most.") % {"most": MOST_PER_AREA},
                max_length=MOST_PER_AREA * (TEXT_LIMIT + 2),
                widget=forms.Textarea(attrs={"rows": 8}),
                error_messages={"required": _("Give at least one question for this area.")},
            )

    @staticmethod
    def initial_for(questions: Sequence[ReflectionQuestion]) -> dict[str, Any]:
        initial: dict[str, Any] = {"based_on": fingerprint(questions)}
        for question in questions:
            key = f"area_{question.area.key}"
            initial[key] = "\n".join(filter(None, [initial.get(key, ""), question.text]))
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for area in self.areas:
            name = f"area_{area.key}"
            lines = [line.strip() for line in data.get(name, "").splitlines() if line.strip()]
            if len(lines) > MOST_PER_AREA:
                self.add_error(name, _("Keep it to %(most)s questions.") % {"most": MOST_PER_AREA})
            elif any(len(line) > TEXT_LIMIT for line in lines):
                self.add_error(
                    name, _("Keep each question to %(most)s characters.") % {"most": TEXT_LIMIT}
                )
        return data

    def questions(self) -> dict[str, list[str]]:
        return {
            area.key: [
                line.strip()
                for line in self.cleaned_data[f"area_{area.key}"].splitlines()
                if line.strip()
            ]
            for area in self.areas
        }
