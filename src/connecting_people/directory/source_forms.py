"""The form a team lead adds or changes a directory source with (`directory.sources`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connecting_people.core import fetch as safe
from connecting_people.core.forms import LengthLimits
from connecting_people.core.models import Team
from connecting_people.directory.models import Service, SourceKind

EVERY = [
    (1, _("Every hour")),
    (6, _("Every 6 hours")),
    (24, _("Every day")),
    (168, _("Every week")),
]


class ServiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return obj.name


class SourceForm(LengthLimits, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("How the team will know it, for example 'Riverside Council directory'."),
        error_messages={
            "required": _("Enter a name for the source"),
            "max_length": _("Keep the name to 200 characters or fewer"),
        },
    )
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=SourceKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the source is"),
            "invalid_choice": _("Choose one of the kinds of source listed"),
        },
    )
    url = forms.CharField(
        label=_("Web address"),
        max_length=2000,
        help_text=_(
            "For an API, its base address (the one before /services). For a data package, the "
            "address of its zip, its datapackage.json or its services.csv. For a calendar, the "
            "address of the .ics file."
        ),
        widget=forms.TextInput(attrs={"inputmode": "url", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter the source's web address"),
            "max_length": _("Keep the web address to 2,000 characters or fewer"),
        },
    )
    service = ServiceField(
        label=_("Which service are the calendar's sessions for? (calendars only)"),
        queryset=Service.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the services your team uses")},
    )
    every_hours = forms.TypedChoiceField(
        label=_("How often should it be fetched?"),
        choices=EVERY,
        coerce=int,
        initial=24,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how often to fetch it"),
            "invalid_choice": _("Choose how often to fetch it from the list"),
        },
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(  # type: ignore[attr-defined]
            team_uses__team=team
        ).order_by("name")

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        try:
            safe.check_url(url)
        except safe.FetchError as error:
            raise forms.ValidationError(str(error)) from None
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SourceKind.CALENDAR and not data.get("service"):
            self.add_error("service", _("Choose the service the calendar's sessions are for"))
        return data


class SourceChangeForm(LengthLimits, forms.Form):
    name = SourceForm.base_fields["name"]
    every_hours = SourceForm.base_fields["every_hours"]
    is_active = forms.BooleanField(
        label=_("Keep fetching it"), required=False, help_text=_("Untick to pause it.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
