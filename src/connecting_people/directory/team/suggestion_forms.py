"""The forms for suggesting a change to a service and for deciding one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import LengthLimits, VersionedForm
from connecting_people.directory.team.service_forms import ServiceEditForm


class SuggestChangeForm(ServiceEditForm):
    """The service's own page of fields, filled in as it is now, with a note to say what is
    wrong: whatever is changed, and the note, go to the organisation that keeps it."""

    note = forms.CharField(
        label=_("What is wrong or out of date? (optional)"),
        required=False,
        max_length=2000,
        help_text=_(
            "For example: the group moved to the library in March. Do not name anyone you support."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AcceptForm(VersionedForm):
    """Accepting a suggestion: carries the version of the service it is applied over."""


class DeclineForm(LengthLimits, forms.Form):
    reason = forms.CharField(
        label=_("Why are you not making this change?"),
        max_length=1000,
        help_text=_("The person who suggested it will see this."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why you are not making this change"),
        },
    )
