"""The forms of the person's own space: few questions, plain words, errors that say what to do.

Asked in the person's own words ("you", "your"); the rest of a connection (whether they are
part of services, what it gives, how it began) is left to the worker. Every message says what
to fix, and a form that fails keeps what was typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import LengthLimits, VersionedForm
from connecting_people.network.models import Connection
from connecting_people.network.vocab import USUALLY_INSIDE_SERVICES, Feels, Kind, Ring
from connecting_people.people.models import InterestWhen
from connecting_people.suggestions.models import NotForMeReason

LABEL_MAX = 60
NOTE_MAX = 2_000

RING_CHOICES = [
    (Ring.CLOSE, _("Close to me")),
    (Ring.MIDDLE, _("In between")),
    (Ring.OUTER, _("Further out")),
]


class MyConnectionForm(LengthLimits, forms.Form):
    """Someone in the person's life, as they see them: a name, who they are, how close, how it
    feels."""

    label = forms.CharField(
        label=_("What do you call them?"),
        max_length=LABEL_MAX,
        help_text=_("A first name, initials or a nickname is enough."),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter a first name, initials or a nickname"),
            "max_length": _("Keep the name to 60 characters or fewer"),
        },
    )
    kind = forms.ChoiceField(
        label=_("Who are they to you?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who they are to you"),
            "invalid_choice": _("Choose one of the kinds listed"),
        },
    )
    ring = forms.ChoiceField(
        label=_("How close do they feel?"),
        choices=RING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how close they feel"),
            "invalid_choice": _("Choose close, in between or further out"),
        },
    )
    feels = forms.ChoiceField(
        label=_("How does it feel?"),
        choices=Feels.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how it feels"),
            "invalid_choice": _("Choose supportive, mixed or difficult"),
        },
    )

    def clean_label(self) -> str:
        label = self.cleaned_data["label"].strip()
        if not label:
            raise forms.ValidationError(_("Enter a first name, initials or a nickname"))
        return label

    def changes(self) -> dict[str, Any]:
        """The four things the person says, as the connection stores them."""
        return {name: self.cleaned_data[name] for name in ("label", "kind", "ring", "feels")}

    def new_connection(self) -> dict[str, Any]:
        """What network.services.connection_add takes for someone the person adds themselves:
        part of services only for the kinds that usually are (the worker can change it)."""
        fields = self.changes()
        fields["inside_services"] = fields["kind"] in USUALLY_INSIDE_SERVICES
        return fields


class MyConnectionEditForm(VersionedForm, MyConnectionForm):
    """Changing one of their connections over the version that was loaded."""

    @staticmethod
    def initial_for(connection: Connection) -> dict[str, Any]:
        return {
            "version": connection.version,
            "label": connection.label,
            "kind": connection.kind,
            "ring": connection.ring,
            "feels": connection.feels,
        }


class VersionOnlyForm(VersionedForm):
    """A one-button change ("I'm interested") that carries the version the page showed."""


class NotForMeForm(VersionedForm):
    """Saying an idea is not for them, and why if they want to (both optional)."""

    reason = forms.ChoiceField(
        label=_("Would you like to say why? (optional)"),
        choices=NotForMeReason.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the reasons listed")},
    )
    note = forms.CharField(
        label=_("Anything else you want your worker to know? (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Keep this to 2,000 characters or fewer")},
    )

    def reason_given(self) -> str:
        """The reason chosen. Saying "not for me" and nothing more is "not something I'm into":
        the list has no "not said", and the suggestions' rules need a reason from it."""
        return self.cleaned_data.get("reason") or NotForMeReason.NOT_INTERESTED


class WhatMattersForm(VersionedForm):
    what_matters = forms.CharField(
        label=_("What matters to you?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say it your way. Your worker will see it."),
    )

    @staticmethod
    def initial_for(person: Any) -> dict[str, Any]:
        return {"version": person.version, "what_matters": person.what_matters}


class StepDoneForm(VersionedForm):
    note = forms.CharField(
        label=_("How did it go? (you can leave this blank)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your worker will see what you write."),
    )


class OwnInterestForm(LengthLimits, forms.Form):
    description = forms.CharField(
        label=_("What is it?"),
        max_length=300,
        help_text=_("For example: swimming, or the choir at the library."),
        error_messages={"required": _("Write what it is, like swimming or cooking")},
    )
    when = forms.ChoiceField(
        label=_("Do you do it now?"),
        choices=[
            (InterestWhen.DO_NOW, _("I do it now")),
            (InterestWhen.WOULD_LIKE_TO_TRY, _("I would like to try it")),
            (InterestWhen.USED_TO, _("I used to do it")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose if you do it now, used to, or would like to try")},
    )


class OwnWordsForm(LengthLimits, forms.Form):
    text = forms.CharField(
        label=_("How do you see it?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write how you see it")},
    )


class OwnUpdateForm(LengthLimits, forms.Form):
    text = forms.CharField(
        label=_("Your update"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For example: how a step went, or what you want to talk about next time."),
        error_messages={"required": _("Write your update")},
    )
