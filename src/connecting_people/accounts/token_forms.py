"""The form for making an API token (issue 19): a name, what it may do, where, and until when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from connecting_people.accounts.tokens import LONGEST_DAYS, NAME_MAX
from connecting_people.core.forms import LengthLimits, date_field
from connecting_people.core.models import Organisation, Team

SCOPE_CHOICES = [
    ("people:read", _("Read people's records")),
    ("people:write", _("Add people and change their records")),
    ("plans:read", _("Read logged contacts")),
    ("plans:write", _("Log contacts")),
]


class TokenForm(LengthLimits, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        help_text=_("What will use it, so you know which to revoke. For example: weekly report."),
        error_messages={
            "required": _("Give the token a name, like the script or system that will use it"),
            "max_length": _("Keep the name to 100 characters or fewer"),
        },
    )
    where = forms.ChoiceField(
        label=_("Which team's records?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the team whose records the token works with")},
    )
    scopes = forms.MultipleChoiceField(
        label=_("What may it do?"),
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose only what it needs. Changing something includes reading it."),
        error_messages={"required": _("Choose at least one thing the token may do")},
    )
    expires_on = date_field(
        _("When does it stop working?"),
        missing=_("Enter the date the token stops working, like 31/01/2027"),
        invalid=_("Enter the date the token stops working as a real date, like 31/01/2027"),
        help_text=_("A year from today at most. For example, 31/01/2027."),
    )

    def __init__(
        self, *args: Any, teams: list[Team], organisations: list[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(f"team-{t.pk}", str(t)) for t in teams] + [
            (f"organisation-{o.pk}", _("%(name)s, as its evaluator (reading only)") % {"name": o})
            for o in organisations
        ]
        field = self.fields["where"]
        field.choices = choices  # type: ignore[attr-defined]
        if len(choices) == 1:
            field.initial = choices[0][0]
        self.fields["expires_on"].initial = timezone.localdate() + dt.timedelta(days=90)
        self.teams = {f"team-{t.pk}": t for t in teams}
        self.organisations = {f"organisation-{o.pk}": o for o in organisations}

    def clean_expires_on(self) -> dt.date:
        expires = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if expires < today:
            raise forms.ValidationError(_("The date the token stops working cannot be in the past"))
        if expires > today + dt.timedelta(days=LONGEST_DAYS):
            latest = (today + dt.timedelta(days=LONGEST_DAYS)).strftime("%-d/%m/%Y")
            raise forms.ValidationError(
                _("A token can last a year at most: choose %(date)s or sooner") % {"date": latest}
            )
        return expires

    def place(self) -> tuple[Team | None, Organisation | None]:
        where = self.cleaned_data["where"]
        return self.teams.get(where), self.organisations.get(where)
