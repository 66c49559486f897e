"""Forms for the network map: a connection, its ending, who knows whom, and snapshots.

Each message says exactly what to fix, and a form that fails keeps everything typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import LengthLimits, RecordChoicesField, VersionedForm, date_field
from connecting_people.network.models import STORY_MAX_LENGTH, Connection, SnapshotKind
from connecting_people.network.vocab import Began, Feels, Frequency, Gives, Kind, Ring
from connecting_people.people.models import Person
from connecting_people.plans.selectors import contacts_to_link

LABEL_HINT = _(
    "A first name, initials or a nickname — whatever the person chooses. These are other people "
    "who have not agreed to be recorded, so use as little as you need."
)

INSIDE_CHOICES = [
    ("no", _("No, outside services")),
    ("yes", _("Yes, part of services")),
]


MADE_SINCE_CHOICES = [
    ("yes", _("Yes, since starting with us")),
    ("no", _("No, they knew each other before")),
    ("", _("Not sure")),
]
MADE_SINCE_VALUES = {"yes": True, "no": False}


class ContactChoiceField(forms.ModelChoiceField):
    """One of the person's logged contacts, shown by its date and kind (never what was said)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{date_format(obj.happened_on, 'j F Y')}: {obj.get_kind_display()}"


def _not_in_future(value: dt.date | None, message: Any) -> dt.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class ConnectionForm(LengthLimits, forms.Form):
    """Someone in the person's life, described as the person sees them."""

    label = forms.CharField(
        label=_("What does the person call them?"),
        max_length=60,
        help_text=LABEL_HINT,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter a first name, initials or a nickname"),
            "max_length": _("Keep the name to 60 characters or fewer"),
        },
    )
    kind = forms.ChoiceField(
        label=_("Who are they to the person?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who they are to the person"),
            "invalid_choice": _("Choose one of the kinds of connection listed"),
        },
    )
    inside_services = forms.ChoiceField(
        label=_("Are they part of health or social care services?"),
        choices=INSIDE_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("For example a worker, a nurse, or someone met at a day service."),
        error_messages={
            "required": _("Choose whether they are part of services"),
            "invalid_choice": _("Choose whether they are part of services"),
        },
    )
    ring = forms.ChoiceField(
        label=_("How close do they feel?"),
        choices=Ring.choices,
        widget=forms.RadioSelect,
        help_text=_("Close is the inner ring of the map, outer the furthest out."),
        error_messages={
            "required": _("Choose how close they feel"),
            "invalid_choice": _("Choose close, middle or outer"),
        },
    )
    frequency = forms.ChoiceField(
        label=_("How often are they in touch? (optional)"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose how often they are in touch from the list")},
    )
    feels = forms.ChoiceField(
        label=_("How does it feel?"),
        choices=Feels.choices,
        widget=forms.RadioSelect,
        initial=Feels.SUPPORTIVE,
        error_messages={
            "required": _("Choose how the connection feels"),
            "invalid_choice": _("Choose supportive, mixed or difficult"),
        },
    )
    gives = forms.MultipleChoiceField(
        label=_("What does it give them? (optional)"),
        choices=Gives.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick all that apply."),
        error_messages={"invalid_choice": _("Choose from the kinds of support listed")},
    )
    started_on = date_field(
        _("When did it start? (optional)"),
        required=False,
        invalid=_("Enter the date it started as a real date, like 26/11/2026"),
        help_text=_("If you know. For example, 26/11/2026"),
    )
    made_since_start = forms.ChoiceField(
        label=_("If you do not know when it started: did they meet after starting with us?"),
        choices=MADE_SINCE_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Only connections made since working together count as new ones in the team's "
            "figures. Someone the person already knew never does."
        ),
        error_messages={"invalid_choice": _("Choose yes, no or not sure")},
    )
    began = forms.ChoiceField(
        label=_("How did it begin? (optional)"),
        choices=Began.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the ways listed")},
    )
    began_with_contact = ContactChoiceField(
        label=_("The contact or activity that brought it (optional)"),
        queryset=None,  # this person's own, set when the form is made
        required=False,
        empty_label=_("None"),
        help_text=_("If it began at something in the contact log."),
        error_messages={"invalid_choice": _("Choose one of this person's own contacts")},
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        # Only this person's contacts can be linked, and no question when there are none.
        contacts = contacts_to_link(person)
        found = list(contacts)  # one query: whether to ask, and the choices to offer
        if not found:
            del self.fields["began_with_contact"]
            return
        field = cast(ContactChoiceField, self.fields["began_with_contact"])
        field.queryset = contacts
        choices: list[tuple[Any, str]] = [("", str(_("None")))]
        field.choices = choices + [(c.pk, field.label_from_instance(c)) for c in found]

    def clean_started_on(self) -> dt.date | None:
        return _not_in_future(
            self.cleaned_data["started_on"], _("The date it started cannot be in the future")
        )

    def clean_label(self) -> str:
        label = self.cleaned_data["label"].strip()
        if not label:
            raise forms.ValidationError(_("Enter a first name, initials or a nickname"))
        return label

    def connection_fields(self) -> dict[str, Any]:
        """What connection_add and connection_update take."""
        data = self.cleaned_data
        names = ("label", "kind", "ring", "frequency", "feels", "started_on", "began")
        fields = {name: data.get(name) or "" for name in names}
        fields["started_on"] = data.get("started_on")
        fields["inside_services"] = data.get("inside_services") == "yes"
        fields["gives"] = [g for g in Gives.values if g in (data.get("gives") or [])]
        fields["began_with_contact"] = data.get("began_with_contact")
        fields["made_since_start"] = self._made_since_start(fields)
        return fields

    def _made_since_start(self, fields: dict[str, Any]) -> bool | None:
        """The answer, unless the record already gives it: someone already known was not met
        since; a suggestion, an introduction or a logged contact are all part of the work."""
        if fields["began"] == Began.ALREADY:
            return False
        answer = MADE_SINCE_VALUES.get(self.cleaned_data.get("made_since_start") or "")
        if answer is None and (
            fields["began"] in (Began.SUGGESTION, Began.INTRODUCTION)
            or fields["began_with_contact"] is not None
        ):
            return True
        return answer


class ConnectionEditForm(VersionedForm, ConnectionForm):
    """Changing a connection over the version that was loaded. Ended ones can be corrected."""

    ended_on = date_field(
        _("When did it end?"),
        required=False,
        invalid=_("Enter the date it ended as a real date, like 26/11/2026"),
        help_text=_("Leave this empty if they are back in touch. For example, 26/11/2026"),
    )
    end_reason = forms.CharField(
        label=_("Why did it end? (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Keep why it ended to 300 characters or fewer")},
    )

    def __init__(self, *args: Any, person: Person, ended: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, person=person, **kwargs)
        if not ended:
            del self.fields["ended_on"]
            del self.fields["end_reason"]

    def clean_ended_on(self) -> dt.date | None:
        return _not_in_future(
            self.cleaned_data["ended_on"], _("The date it ended cannot be in the future")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error(
                "ended_on", _("The date it ended must be on or after the date it started")
            )
        return cleaned

    def connection_fields(self) -> dict[str, Any]:
        fields = super().connection_fields()
        if "ended_on" in self.fields:
            fields["ended_on"] = self.cleaned_data.get("ended_on")
            fields["end_reason"] = self.cleaned_data.get("end_reason") or ""
        return fields

    @staticmethod
    def initial_for(connection: Connection) -> dict[str, Any]:
        return {
            "version": connection.version,
            "label": connection.label,
            "kind": connection.kind,
            "inside_services": "yes" if connection.inside_services else "no",
            "ring": connection.ring,
            "frequency": connection.frequency,
            "feels": connection.feels,
            "gives": list(connection.gives or []),
            "started_on": connection.started_on,
            "began": connection.began,
            "made_since_start": _made_since_answer(connection.made_since_start),
            "began_with_contact": connection.began_with_contact_id,
            "ended_on": connection.ended_on,
            "end_reason": connection.end_reason,
        }


def _made_since_answer(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


class ConnectionEndForm(VersionedForm):
    """Recording that a connection has ended. It stays on the record and in past snapshots."""

    ended_on = date_field(
        _("When did it end?"),
        missing=_("Enter the date it ended, like 26/11/2026"),
        invalid=_("Enter the date it ended as a real date, like 26/11/2026"),
    )
    reason = forms.CharField(
        label=_("Why did it end? (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the person's words, if they want it written down."),
        error_messages={"max_length": _("Keep why it ended to 300 characters or fewer")},
    )

    def __init__(self, *args: Any, connection: Connection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connection = connection
        self.fields["ended_on"].initial = timezone.localdate()

    def clean_ended_on(self) -> dt.date:
        ended = self.cleaned_data["ended_on"]
        _not_in_future(ended, _("The date it ended cannot be in the future"))
        started = self.connection.started_on
        if started and ended < started:
            raise forms.ValidationError(
                _("The date it ended must be on or after the date it started (%(date)s)"),
                params={"date": date_format(started, "j F Y")},
            )
        return ended


class ConnectionChoiceField(RecordChoicesField):
    def label_from_instance(self, obj: Connection) -> str:
        return f"{obj.label} ({obj.get_kind_display()})"


class TiesForm(LengthLimits, forms.Form):
    """Which of the person's other current connections this one knows."""

    knows = ConnectionChoiceField(
        label=_("Who else on the map do they know?"),
        queryset=Connection.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everyone they know. Leave them all empty if they know nobody else."),
        error_messages={"invalid_choice": _("Choose from this person's own connections")},
    )

    def __init__(self, *args: Any, connection: Connection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Connection.objects.filter(person_id=connection.person_id).current()
        self.fields["knows"].queryset = others.exclude(pk=connection.pk)  # type: ignore[attr-defined]


class SnapshotForm(LengthLimits, forms.Form):
    """Keeping the map as it stands today, at a first look together or a review."""

    kind = forms.ChoiceField(
        label=_("What is this snapshot for?"),
        choices=SnapshotKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the snapshot is for"),
            "invalid_choice": _("Choose one of the reasons listed"),
        },
    )
    taken_on = date_field(
        _("Date"),
        missing=_("Enter the date of the snapshot, like 26/11/2026"),
        invalid=_("Enter the date of the snapshot as a real date, like 26/11/2026"),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you noticed together, in words the person would recognise."),
    )

    def __init__(self, *args: Any, first: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = SnapshotKind.BASELINE if first else SnapshotKind.REVIEW
        self.fields["taken_on"].initial = timezone.localdate()

    def clean_taken_on(self) -> dt.date:
        taken = self.cleaned_data["taken_on"]
        _not_in_future(taken, _("A snapshot cannot be dated in the future"))
        return taken


class SnapshotCorrectionForm(LengthLimits, forms.Form):
    """Replacing a snapshot that was wrong with the map as it stands now, and saying why."""

    taken_on = date_field(
        _("Date"),
        missing=_("Enter the date of the snapshot, like 26/11/2026"),
        invalid=_("Enter the date of the snapshot as a real date, like 26/11/2026"),
    )
    note = forms.CharField(
        label=_("Why does it need correcting?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, someone was missed or was in the wrong circle."),
        error_messages={"required": _("Say why the snapshot needs correcting")},
    )

    def __init__(self, *args: Any, person: Person, taken_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.started_on = person.started_on
        self.fields["taken_on"].initial = taken_on

    def clean_taken_on(self) -> dt.date:
        taken = self.cleaned_data["taken_on"]
        _not_in_future(taken, _("A snapshot cannot be dated in the future"))
        if self.started_on and taken < self.started_on:
            raise forms.ValidationError(
                _("The date cannot be before they started with the team (%(date)s)")
                % {"date": date_format(self.started_on, "j F Y")}
            )
        return taken


class StoryConnectionField(forms.ModelChoiceField):
    """One of the person's connections outside services, by its label and kind."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label} ({obj.get_kind_display().lower()})"


class StoryForm(LengthLimits, forms.Form):
    """A story the person agreed to share with the team: a few words, and their agreement."""

    text = forms.CharField(
        label=_("Their story, in a few words"),
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "As they would tell it, or as you wrote it down together. Use first names only, and "
            "nothing they would not want the whole team to read."
        ),
        error_messages={
            "required": _("Write the story, in a few words"),
            "max_length": _("Keep the story to 500 characters or fewer"),
        },
    )
    connection = StoryConnectionField(
        label=_("Which connection is it about? (optional)"),
        queryset=Connection.objects.none(),  # this person's own, set when the form is made
        required=False,
        empty_label=_("None in particular"),
        error_messages={"invalid_choice": _("Choose one of this person's own connections")},
    )
    agreed = forms.BooleanField(
        label=_("They have agreed that everyone in the team may read this on the team page"),
        error_messages={"required": _("Ask them first: share a story only once they agree")},
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(StoryConnectionField, self.fields["connection"])
        field.queryset = Connection.objects.filter(person=person, inside_services=False)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the story, in a few words"))
        return text
