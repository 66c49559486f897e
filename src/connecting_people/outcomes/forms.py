"""Forms for taking a questionnaire and for the team's schedule. Each message says what to fix."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import LengthLimits, VersionedForm, date_field
from connecting_people.outcomes import schedules
from connecting_people.outcomes.instrument import Item
from connecting_people.outcomes.models import CompletedBy, Instrument
from connecting_people.outcomes.services import before_start_message

ALL_ON_ONE_PAGE = "all"
ONE_PER_SCREEN = "one"
LAYOUTS = (
    (ALL_ON_ONE_PAGE, _("All the questions on one page")),
    (ONE_PER_SCREEN, _("One question per screen (easier on a phone)")),
)


class StartForm(LengthLimits, forms.Form):
    """Which questionnaire, how it is being completed, and when it was taken."""

    instrument = forms.ChoiceField(
        label=_("Which questionnaire?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a questionnaire"),
            "invalid_choice": _("Choose one of the questionnaires listed"),
        },
    )
    completed_by = forms.ChoiceField(
        label=_("How is it being completed?"),
        choices=CompletedBy.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say how it is being completed"),
            "invalid_choice": _("Say how it is being completed"),
        },
    )
    taken_on = date_field(
        _("Date it was taken"),
        help_text=_("Today, or for a paper form the date written on it. For example, 26/11/2026"),
        missing=_("Enter the date it was taken, like 26/11/2026"),
        invalid=_("Enter the date it was taken as a real date, like 26/11/2026"),
    )
    layout = forms.ChoiceField(
        label=_("How to show the questions"),
        choices=LAYOUTS,
        initial=ALL_ON_ONE_PAGE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how to show the questions")},
    )

    def __init__(
        self,
        *args: Any,
        instruments: Sequence[Instrument],
        started_on: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Every instrument the organisation may use is a valid choice, so one that needs its
        # wording reaches the service and gets its reason; the page offers only those ready to
        # ask. Another organisation's is not a choice at all.
        self.fields["instrument"].choices = [(i.slug, i.short_title) for i in instruments]  # type: ignore[attr-defined]
        self.fields["taken_on"].initial = timezone.localdate()
        self.started_on = started_on

    def clean_taken_on(self) -> dt.date:
        taken_on = self.cleaned_data["taken_on"]
        if taken_on > timezone.localdate():
            raise forms.ValidationError(_("The date it was taken cannot be in the future"))
        if self.started_on is not None and taken_on < self.started_on:
            raise forms.ValidationError(before_start_message(self.started_on))
        return taken_on


def field_name(item: Item) -> str:
    return f"q-{item.id}"


class AnswersForm(VersionedForm):
    """One radio group per question given; none is required, so answers can be saved as they
    come and the rest later."""

    def __init__(self, *args: Any, items: Sequence[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = tuple(items)
        for item in self.items:
            self.fields[field_name(item)] = forms.TypedChoiceField(
                label=item.text or item.id,
                choices=[(o.value, o.label or str(o.value)) for o in item.options],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose one of the answers given")},
            )

    @classmethod
    def initial_for(cls, answers: dict[str, Any], items: Sequence[Item], version: int) -> dict:
        return {"version": version, **{field_name(i): answers.get(i.id) for i in items}}

    def answers(self) -> dict[str, int | None]:
        return {item.id: self.cleaned_data.get(field_name(item)) for item in self.items}

    def questions(self) -> list[tuple[Item, forms.BoundField]]:
        return [(item, self[field_name(item)]) for item in self.items]

    def add_item_error(self, item_id: str, message: str) -> None:
        name = next((field_name(i) for i in self.items if i.id == item_id), None)
        self.add_error(name, message)


class ScheduleForm(VersionedForm):
    """The team's schedule: follow-ups in months after the start, and which questionnaires."""

    months = forms.CharField(
        label=_("Follow-ups, in months after the start"),
        help_text=_(
            "Whole numbers separated by commas, for example 3, 6, 9, 12. The first "
            "questionnaires are always at the start."
        ),
        max_length=200,
        error_messages={"required": _("Give at least one follow-up, like 3, 6, 9, 12")},
    )
    instruments = forms.MultipleChoiceField(
        label=_("Questionnaires to ask each time"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Leave them all unticked if the team does not ask questionnaires on a schedule."
        ),
        error_messages={"invalid_choice": _("Choose from the questionnaires listed")},
    )

    def __init__(self, *args: Any, instruments: Sequence[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instruments"].choices = [(i.slug, i.short_title) for i in instruments]  # type: ignore[attr-defined]

    # In a clash, who saved is said above the table, not as a row of it.
    conflict_hidden = ("updated_by",)

    @classmethod
    def initial_for(cls, version: int, plan: schedules.Plan) -> dict[str, Any]:
        return {
            "version": version,
            "months": ", ".join(str(m) for m in plan.months),
            "instruments": list(plan.instruments),
        }

    def conflict_words(self, name: str, value: Any) -> str | None:
        """The stored months as they are typed here: 3, 6, 9, 12."""
        if name == "months" and isinstance(value, list):
            return ", ".join(str(m) for m in value)
        return None

    def clean_months(self) -> list[int]:
        parts = [p for p in re.split(r"[\s,;]+", self.cleaned_data["months"]) if p]
        if not parts or not all(re.fullmatch(r"[0-9]+", p) for p in parts):
            raise forms.ValidationError(
                _("Write the months as whole numbers separated by commas, like 3, 6, 9, 12")
            )
        months = sorted({int(p) for p in parts})
        if months[0] < 1 or months[-1] > schedules.MAX_MONTHS:
            raise forms.ValidationError(
                _("Each follow-up must be from 1 to %(most)s months after the start")
                % {"most": schedules.MAX_MONTHS}
            )
        if len(months) > schedules.MAX_POINTS:
            raise forms.ValidationError(
                _("Give at most %(most)s follow-ups") % {"most": schedules.MAX_POINTS}
            )
        return months


class PeriodForm(LengthLimits, forms.Form):
    """The period of the team and organisation report: baselines taken from and up to."""

    since = date_field(
        _("Baseline taken from"),
        required=False,
        invalid=_("Enter a real date for “from”, like 1/4/2026"),
    )
    until = date_field(
        _("Baseline taken up to"),
        required=False,
        invalid=_("Enter a real date for “up to”, like 31/3/2027"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The “up to” date must be on or after the “from” date"))
        return data

    def period(self) -> dict[str, dt.date | None]:
        """The dates given (none when the form was not sent)."""
        data = self.cleaned_data if self.is_bound else {}
        return {"since": data.get("since"), "until": data.get("until")}
