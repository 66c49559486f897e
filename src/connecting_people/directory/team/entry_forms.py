"""Forms for the team's own layer on a service: its entry, who knows it, what people said."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import LengthLimits, VersionedForm
from connecting_people.directory.fit import GROUP_SIZES
from connecting_people.directory.models.team import (
    DEFAULT_CHECK_EVERY_MONTHS,
    MOST_MONTHS_BETWEEN_CHECKS,
    FeedbackRating,
)

NO_NAMES = _("Do not write the name of anyone the team supports.")


def check_every_field(*, label: Any, help_text: Any) -> forms.IntegerField:
    """How many months until an entry is due a check again, the same rule wherever it is asked."""
    limits = _("Enter a number of months from 1 to 24")  # MOST_MONTHS_BETWEEN_CHECKS
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=MOST_MONTHS_BETWEEN_CHECKS,
        initial=DEFAULT_CHECK_EVERY_MONTHS,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": _("Enter how many months between checks, from 1 to 24"),
            "invalid": _("Enter the number of months as a whole number, like 6"),
            "min_value": limits,
            "max_value": limits,
        },
    )


class EntryForm(LengthLimits, forms.Form):
    """What the team keeps about a service. Only the team sees it."""

    contact_name = forms.CharField(
        label=_("Named contact there (optional)"),
        required=False,
        max_length=200,
        help_text=_("Someone at the service the team talks to, for example the organiser."),
        error_messages={"max_length": _("Keep the name to 200 characters or fewer")},
    )
    contact_how = forms.CharField(
        label=_("How to reach them (optional)"),
        required=False,
        max_length=300,
        help_text=_("A phone number or email the team uses. Only your team sees this."),
    )
    notes = forms.CharField(
        label=_("Team notes (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=format_lazy(
            "{} {}",
            _("What the team has learned about it: what it is like, who it suits."),
            NO_NAMES,
        ),
        error_messages={"max_length": _("Keep the notes to 5,000 characters or fewer")},
    )
    group_size = forms.ChoiceField(
        label=_("How big are its groups? (optional)"),
        required=False,
        choices=[("", _("Not known")), *GROUP_SIZES],
        widget=forms.RadioSelect,
        help_text=_("As the team knows it, so people who prefer small groups can find it."),
        error_messages={"invalid_choice": _("Choose a group size from the list, or not known")},
    )
    check_every_months = check_every_field(
        label=_("Check it is still right every"),
        help_text=_("Number of months, from 1 to 24."),
    )

    def entry_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "contact_name": data["contact_name"].strip(),
            "contact_how": data["contact_how"].strip(),
            "notes": data["notes"].strip(),
            "group_size": data["group_size"],
            "check_every_months": data["check_every_months"],
        }


class EntryEditForm(VersionedForm, EntryForm):
    """The team's entry as it stood when the page was opened."""


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name or obj.email


class KnowerForm(LengthLimits, forms.Form):
    """Someone on the team who knows the service."""

    user = UserChoiceField(
        label=_("Who on the team knows it"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Choose who knows it"),
            "invalid_choice": _("Choose someone in your team"),
        },
    )
    how = forms.CharField(
        label=_("How they know it (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: knows the organiser, or has been along with someone."),
    )
    can_go_along = forms.BooleanField(
        label=_("Could go along with someone the first time"), required=False
    )

    def __init__(self, *args: Any, members: list[Any], me: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"user": me.pk})
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["user"])
        field.queryset = get_user_model().objects.filter(pk__in=[m.pk for m in members])
        field.choices = [(m.pk, m.name or m.email) for m in members]


class FeedbackForm(LengthLimits, forms.Form):
    """What someone who tried the service said, in a word and a short note."""

    rating = forms.ChoiceField(
        label=_("How did it go?"),
        choices=FeedbackRating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how it went"),
            "invalid_choice": _("Choose how it went"),
        },
    )
    kept_going = forms.BooleanField(label=_("They kept going"), required=False)
    note = forms.CharField(
        label=_("What they said (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy("{} {}", _("A few words so others can learn from it."), NO_NAMES),
        error_messages={"max_length": _("Keep the note to 500 characters or fewer")},
    )
