"""The add and edit page for a service: what, who for, cost, where, how to get in touch.

The weekly times are rows of their own (`session_forms.py`). Each message says exactly what to
fix, and a form that fails keeps everything typed.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import LengthLimits, VersionedForm
from connecting_people.core.phones import PHONE_MAX, PHONE_MESSAGE, validate_phone
from connecting_people.directory.fit import ACCESS_FEATURES, AUDIENCES
from connecting_people.directory.models.hsds import ServiceStatus
from connecting_people.directory.search.forms import interest_choices
from connecting_people.directory.team.editing import (
    FREE,
    IN_PERSON,
    NOT_SAID,
    ONLINE,
    PAID,
    ServiceDetails,
    WeeklySession,
)

WAYS = [(IN_PERSON, _("In person, at a place")), (ONLINE, _("Online"))]
COSTS = [(FREE, _("Free")), (PAID, _("It costs something")), (NOT_SAID, _("Not sure"))]
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def _text(label: Any, *, required: bool = False, length: int = 255, **kwargs: Any) -> Any:
    # Over the length, the general message names the field (core.forms.LengthLimits).
    messages = dict(kwargs.pop("error_messages", {}))
    return forms.CharField(
        label=label, required=required, max_length=length, error_messages=messages, **kwargs
    )


def _area(label: Any, hint: Any, length: int = 2000) -> Any:
    return forms.CharField(
        label=label,
        required=False,
        max_length=length,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _age(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": _("Enter the age as a whole number, like 18"),
            "min_value": _("Enter an age from 0 to 120"),
            "max_value": _("Enter an age from 0 to 120"),
        },
    )


def _degrees(label: Any, limit: int) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=False,
        min_value=-limit,
        max_value=limit,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": _("Enter a number, like 53.8008"),
            "min_value": _("Enter a number from -%(limit)s to %(limit)s") % {"limit": limit},
            "max_value": _("Enter a number from -%(limit)s to %(limit)s") % {"limit": limit},
        },
    )


class ServiceForm(LengthLimits, forms.Form):
    """A service as staff describe it: what, who for, cost, when, where, how to get in touch."""

    name = _text(
        _("Name of the service"),
        required=True,
        error_messages={
            "required": _("Enter the name of the service"),
            "max_length": _("Keep the name to 255 characters or fewer"),
        },
    )
    organisation = _text(
        _("Who runs it"),
        required=True,
        help_text=_(
            "The organisation or group. If it is in the directory already, use the same name."
        ),
        error_messages={
            "required": _("Enter who runs it, for example Riverside Allotment Society"),
            "max_length": _("Keep the name to 255 characters or fewer"),
        },
    )
    description = forms.CharField(
        label=_("What it is"),
        max_length=5000,
        help_text=_("A sentence or two in plain words: what happens there and what it is like."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Describe what it is in a sentence or two"),
            "max_length": _("Keep the description to 5,000 characters or fewer"),
        },
    )
    eligibility = _area(
        _("Who it is for (optional)"),
        _("For example: adults of any age; carers; people who are new to the area."),
    )
    audience = forms.MultipleChoiceField(
        label=_("Is it only for some people? (optional)"),
        required=False,
        choices=[(t.slug, t.label) for t in AUDIENCES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick only if it is just for them. Leave all clear if anyone can come."),
        error_messages={"invalid_choice": _("Choose who it is for from the list")},
    )
    minimum_age = _age(_("Youngest age (optional)"))
    maximum_age = _age(_("Oldest age (optional)"))
    categories = forms.MultipleChoiceField(
        label=_("Interests it suits (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick all that apply, so people with these interests can find it."),
        error_messages={"invalid_choice": _("Choose from the interests listed")},
    )
    cost = forms.ChoiceField(
        label=_("Does it cost anything?"),
        choices=COSTS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose free, costs something or not sure")},
    )
    amount = forms.DecimalField(
        label=_("How much, in pounds (optional)"),
        required=False,
        help_text=_("If it costs something: the usual cost of one go, like 3 or 2.50."),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": _("Enter the cost in pounds, like 3 or 2.50"),
            "min_value": _("Enter the cost in pounds, like 3 or 2.50"),
            "max_digits": _("Enter the cost in pounds, like 3 or 2.50"),
            "max_decimal_places": _("Enter the cost in pounds and pence, like 2.50"),
        },
    )
    cost_description = _area(
        _("About the cost (optional)"), _("For example: £3 a session, the first one free.")
    )
    ways = forms.MultipleChoiceField(
        label=_("How do people take part? (optional)"),
        required=False,
        choices=WAYS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick both if it runs in person and online."),
        error_messages={"invalid_choice": _("Choose in person, online or both")},
    )
    address_1 = _text(_("Address line 1"))
    address_2 = _text(_("Address line 2 (optional)"))
    city = _text(_("Town or city"))
    county = _text(_("County (optional)"))
    postcode = _text(
        _("Postcode"),
        length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"max_length": _("Enter a real postcode, like LS6 2AB")},
    )
    latitude = _degrees(_("Latitude (optional)"), 90)
    longitude = _degrees(_("Longitude (optional)"), 180)
    transportation = _area(
        _("Getting there (optional)"), _("Buses, parking, the nearest station, which door.")
    )
    accessibility = _area(
        _("Accessibility (optional)"),
        _("For example: step-free access, accessible toilet, hearing loop, a quiet room."),
    )
    access_features = forms.MultipleChoiceField(
        label=_("What the place has (optional)"),
        required=False,
        choices=[(t.slug, t.label) for t in ACCESS_FEATURES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick only what you know is there. A need is met only by what is ticked here."),
        error_messages={"invalid_choice": _("Choose what the place has from the list")},
    )
    online_url = forms.URLField(
        label=_("Web address to join online"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address, like https://example.org/join")},
    )
    phone = _text(
        _("Phone (optional)"),
        length=PHONE_MAX,
        widget=forms.TextInput(attrs={"type": "tel", "class": "govuk-input--width-20"}),
        error_messages={"max_length": PHONE_MESSAGE},
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        max_length=255,
        error_messages={"invalid": _("Enter an email address like name@example.org")},
    )
    website = forms.URLField(
        label=_("Website (optional)"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address, like https://example.org")},
    )
    status = forms.ChoiceField(
        label=_("Is it running?"),
        choices=[
            (status, ServiceStatus(status).label)
            for status in (
                ServiceStatus.ACTIVE,
                ServiceStatus.TEMPORARILY_CLOSED,
                ServiceStatus.INACTIVE,
                ServiceStatus.DEFUNCT,
            )
        ],
        initial=ServiceStatus.ACTIVE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether it is running"),
            "invalid_choice": _("Choose whether it is running"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["categories"]).choices = interest_choices()

    def clean_postcode(self) -> str:
        postcode = " ".join(self.cleaned_data["postcode"].upper().split())
        if postcode and not _POSTCODE.match(postcode):
            raise forms.ValidationError(_("Enter a real postcode, like LS6 2AB"))
        if postcode and " " not in postcode:
            postcode = f"{postcode[:-3]} {postcode[-3:]}"
        return postcode

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        validate_phone(phone)
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        youngest, oldest = data.get("minimum_age"), data.get("maximum_age")
        if youngest is not None and oldest is not None and youngest > oldest:
            self.add_error(
                "maximum_age", _("The oldest age must be the same as the youngest or more")
            )
        ways = data.get("ways") or []
        if IN_PERSON in ways:
            self._require_place(data)
        if ONLINE in ways and not data.get("online_url") and "online_url" not in self.errors:
            self.add_error("online_url", _("Enter the web address where people join online"))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            missing = "longitude" if data.get("longitude") is None else "latitude"
            if missing not in self.errors:
                self.add_error(missing, _("Enter both the latitude and the longitude, or neither"))
        return data

    def _require_place(self, data: dict[str, Any]) -> None:
        required = {
            "address_1": _("Enter the first line of the address"),
            "city": _("Enter the town or city"),
            "postcode": _("Enter the postcode"),
        }
        for name, message in required.items():
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)

    def details(self, sessions: list[WeeklySession]) -> ServiceDetails:
        data = self.cleaned_data
        in_person, online = IN_PERSON in data["ways"], ONLINE in data["ways"]
        place = ("address_1", "address_2", "city", "county", "postcode", "transportation")
        return ServiceDetails(
            name=data["name"].strip(),
            organisation=data["organisation"].strip(),
            description=data["description"].strip(),
            eligibility=data["eligibility"].strip(),
            audience=list(data["audience"]),
            minimum_age=data["minimum_age"],
            maximum_age=data["maximum_age"],
            categories=list(data["categories"]),
            cost=data["cost"],
            amount=data["amount"] if data["cost"] == PAID else None,
            cost_description=data["cost_description"].strip(),
            sessions=sessions,
            ways=list(data["ways"]),
            **{name: data[name].strip() if in_person else "" for name in place},
            latitude=data["latitude"] if in_person else None,
            longitude=data["longitude"] if in_person else None,
            accessibility=data["accessibility"].strip() if in_person else "",
            access_features=list(data["access_features"]) if in_person else [],
            online_url=data["online_url"] if online else "",
            phone=data["phone"],
            email=data["email"],
            website=data["website"],
            status=data["status"],
        )

    @staticmethod
    def initial_for(details: ServiceDetails) -> dict[str, Any]:
        initial = dataclasses.asdict(details)
        initial.pop("sessions")
        return initial


class ServiceEditForm(VersionedForm, ServiceForm):
    """The same page for a service already in the directory, carrying the version it showed."""
