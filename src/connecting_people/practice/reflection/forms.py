"""The reflection form: one question a field, grouped by area on the page, all on one scale."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import VersionedForm
from connecting_people.practice.reflection.models import Reflection, ReflectionQuestion, Scale

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
