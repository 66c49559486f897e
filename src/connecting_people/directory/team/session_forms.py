"""The weekly times a service runs, as rows on the add and edit page.

Times are typed the way people say them (10am, 2.30pm, 14:30). A row left empty is ignored, and
there is always one empty row to add another.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import LengthLimits, date_field
from connecting_people.directory.models.hsds import Weekday
from connecting_people.directory.team.editing import ServiceDetails, WeeklySession

MAX_SESSIONS = 14

_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def parse_time(text: str) -> dt.time | None:
    """'10am', '2.30pm', '14:30', 'noon' as a time; None when it is not a time of day."""
    text = text.strip().lower().replace(" ", "").replace("a.m.", "am").replace("p.m.", "pm")
    if text in ("noon", "midday", "12noon"):
        return dt.time(12)
    match = _CLOCK.match(text)
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class ClockField(forms.Field):
    """A time typed the way people say it: 10am, 2.30pm or 14:30."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%H:%M") if isinstance(value, dt.time) else value

    def to_python(self, value: Any) -> dt.time | None:
        if isinstance(value, dt.time):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        found = parse_time(text[:20])
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return found


class SessionForm(LengthLimits, forms.Form):
    """One weekly time it runs. A row left empty is ignored."""

    day = forms.ChoiceField(
        label=_("Day"),
        required=False,
        choices=[("", _("Choose a day")), *Weekday.choices],
    )
    opens_at = ClockField(
        label=_("Starts"),
        required=False,
        error_messages={"invalid": _("Enter the start time like 10am or 14:30")},
    )
    closes_at = ClockField(
        label=_("Ends (optional)"),
        required=False,
        error_messages={"invalid": _("Enter the end time like 12pm or 16:00")},
    )
    every_other_week = forms.BooleanField(label=_("Every other week"), required=False)
    first_on = date_field(
        _("For every other week: the date of one session"),
        required=False,
        help_text=_("So we know which weeks. For example, 26/11/2026"),
        invalid=_("Enter the date of one session as a real date, like 26/11/2026"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, opens, closes = data.get("day"), data.get("opens_at"), data.get("closes_at")
        if not (day or opens or closes or data.get("every_other_week") or data.get("first_on")):
            return data
        if not day:
            self.add_error("day", _("Choose the day it runs"))
        if not opens and "opens_at" not in self.errors:
            self.add_error("opens_at", _("Enter the time it starts, like 10am"))
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The end time must be after the start time"))
        if data.get("every_other_week"):
            self._check_first_on(day, data.get("first_on"))
        return data

    def _check_first_on(self, day: str | None, first_on: dt.date | None) -> None:
        if "first_on" in self.errors:
            return
        if first_on is None:
            self.add_error(
                "first_on", _("Enter the date of one session, so we know which weeks it runs")
            )
        elif day and first_on.strftime("%a")[:2].upper() != day:
            days = dict(Weekday.choices)
            self.add_error(
                "first_on",
                _("%(date)s is not a %(day)s: enter the date of one of its sessions")
                % {"date": date_format(first_on, "l j F Y"), "day": days[day]},
            )

    def session(self) -> WeeklySession | None:
        data = self.cleaned_data
        if not data.get("day"):
            return None
        every_other = bool(data.get("every_other_week"))
        return WeeklySession(
            day=data["day"],
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
            every_other_week=every_other,
            first_on=data.get("first_on") if every_other else None,
        )


class BaseSessionFormSet(forms.BaseFormSet):
    def sessions(self) -> list[WeeklySession]:
        return [s for form in self.forms if (s := form.session()) is not None]


SessionFormSet = forms.formset_factory(
    SessionForm,
    formset=BaseSessionFormSet,
    extra=1,
    max_num=MAX_SESSIONS,
    validate_max=True,
)


def session_formset(data: Any = None, *, details: ServiceDetails | None = None) -> Any:
    """The weekly times, with one empty row to add another."""
    initial = [dataclasses.asdict(s) for s in details.sessions] if details else []
    formset = SessionFormSet(data, initial=initial, prefix="sessions")
    return formset
