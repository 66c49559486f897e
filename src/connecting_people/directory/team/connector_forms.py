"""Forms for community connectors: adding and changing one, and filtering the team's list.

Each message says exactly what to fix, and a form that fails keeps everything typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from connecting_people.accounts.models import User
from connecting_people.core.forms import LengthLimits, RecordChoicesField, VersionedForm
from connecting_people.core.models import Team
from connecting_people.directory.fit import (
    ACCESS_BITS,
    ACCESS_FEATURES,
    GROUP_SIZES,
    join_slugs,
    split_slugs,
)
from connecting_people.directory.models import CommunityConnector
from connecting_people.directory.models.team import ConnectorKind
from connecting_people.directory.team.entry_forms import check_every_field
from connecting_people.taxonomy.models import InterestCategory

NAME_HINT = _(
    "How the team knows them, for example 'Maureen (Tuesday walks)'. "
    "Ask them first before keeping their details."
)


class KnownByField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.name or obj.email


class ConnectorForm(LengthLimits, forms.Form):
    """A person or informal group who helps people connect, as the team knows them."""

    kind = forms.ChoiceField(
        label=_("Is this a person or a group?"),
        choices=ConnectorKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether this is a person or an informal group"),
            "invalid_choice": _("Choose a person or an informal group"),
        },
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=NAME_HINT,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter how the team knows them, for example 'Maureen (Tuesday walks)'"),
            "max_length": _("Keep the name to 200 characters or fewer"),
        },
    )
    offers = forms.CharField(
        label=_("What do they offer?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a slow walk round the park, all welcome, tea afterwards."),
        error_messages={"required": _("Enter what they offer")},
    )
    interests = RecordChoicesField(
        label=_("Which interests does it suit? (optional)"),
        queryset=InterestCategory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick all that apply, so it comes up for people with those interests."),
        error_messages={"invalid_choice": _("Choose from the interests listed")},
    )
    where = forms.CharField(
        label=_("Where? (optional)"),
        required=False,
        max_length=300,
        help_text=_("A place people would recognise, for example 'The bandstand, Victoria Park'."),
        error_messages={"max_length": _("Keep where to 300 characters or fewer")},
    )
    when = forms.CharField(
        label=_("When? (optional)"),
        required=False,
        max_length=300,
        help_text=_("For example 'Tuesdays, 10am to 11:30am'."),
        error_messages={"max_length": _("Keep when to 300 characters or fewer")},
    )
    latitude = forms.FloatField(
        label=_("Latitude (optional)"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_(
            "If you know where it is on a map, so it can be found by distance. For example 53.4808"
        ),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("Enter the latitude as a number, like 53.4808"),
            "min_value": _("Enter a latitude between -90 and 90"),
            "max_value": _("Enter a latitude between -90 and 90"),
        },
    )
    longitude = forms.FloatField(
        label=_("Longitude (optional)"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("For example -2.2426"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("Enter the longitude as a number, like -2.2426"),
            "min_value": _("Enter a longitude between -180 and 180"),
            "max_value": _("Enter a longitude between -180 and 180"),
        },
    )
    how_to_reach = forms.CharField(
        label=_("How to reach them (optional)"),
        required=False,
        max_length=300,
        help_text=_("Only your team sees this."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": _("Keep how to reach them to 300 characters or fewer")},
    )
    can_go_along = forms.BooleanField(
        label=_("They are willing to go along with someone the first time"), required=False
    )
    is_free = forms.BooleanField(label=_("It is free"), required=False, initial=True)
    group_size = forms.ChoiceField(
        label=_("How many take part at once? (optional)"),
        required=False,
        choices=[("", _("Not known")), *GROUP_SIZES],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a group size from the list, or not known")},
    )
    access_features = forms.MultipleChoiceField(
        label=_("What the place has (optional)"),
        required=False,
        choices=[(t.slug, t.label) for t in ACCESS_FEATURES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick only what you know is there. A need is met only by what is ticked."),
        error_messages={"invalid_choice": _("Choose what the place has from the list")},
    )
    known_by = KnownByField(
        label=_("Who on the team knows them? (optional)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
        error_messages={"invalid_choice": _("Choose someone who is in the team")},
    )
    check_every_months = check_every_field(
        label=_("Check they are still going every (months)"),
        help_text=_("They show as due a check after this many months. Usually 6."),
    )
    notes = forms.CharField(
        label=_("Team notes (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What the team has learned, such as what to expect the first time. "
            "Never write the names of the people you support here."
        ),
    )

    def __init__(
        self, *args: Any, team: Team, connector: CommunityConnector | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        # Offered: the team's members and the categories in use, plus whatever the connector
        # already has (someone who has since left; a category no longer offered), so an edit
        # never loses them by accident.
        members = Q(team_memberships__team=team, is_active=True)
        interests = Q(is_active=True)
        if connector is not None:
            members |= Q(pk=connector.known_by_id)
            interests |= Q(pk__in=[c.pk for c in connector.interests.all()])
        known_by = self.fields["known_by"]
        known_by.queryset = User.objects.filter(members).distinct().order_by("name", "email")  # type: ignore[attr-defined]
        self.fields["interests"].queryset = InterestCategory.objects.filter(interests)  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(
                _("Enter how the team knows them, for example 'Maureen (Tuesday walks)'")
            )
        return name

    def clean_offers(self) -> str:
        offers = self.cleaned_data["offers"].strip()
        if not offers:
            raise forms.ValidationError(_("Enter what they offer"))
        return offers

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if latitude is not None and longitude is None and "longitude" not in self.errors:
            self.add_error("longitude", _("Enter the longitude too, or leave both empty"))
        if longitude is not None and latitude is None and "latitude" not in self.errors:
            self.add_error("latitude", _("Enter the latitude too, or leave both empty"))
        return cleaned

    def connector_fields(self) -> dict[str, Any]:
        """What connector_create and connector_update take, apart from the interests."""
        data = self.cleaned_data
        fields = {
            name: (data.get(name) or "").strip()
            for name in ("kind", "name", "offers", "where", "when", "how_to_reach", "notes")
        }
        fields.update(
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            can_go_along=bool(data.get("can_go_along")),
            is_free=bool(data.get("is_free")),
            group_size=data.get("group_size") or "",
            access_features=join_slugs(data.get("access_features") or [], ACCESS_BITS),
            known_by=data.get("known_by"),
            check_every_months=data["check_every_months"],
        )
        return fields

    def chosen_interests(self) -> list[InterestCategory]:
        return list(self.cleaned_data.get("interests") or [])


class ConnectorEditForm(VersionedForm, ConnectorForm):
    """Changing a connector over the version that was loaded, including whether still going."""

    is_active = forms.BooleanField(
        label=_("Still going"),
        required=False,
        help_text=_(
            "Untick if they have stopped. They stay on the list, marked no longer going, "
            "so the team remembers."
        ),
    )

    def __init__(self, *args: Any, team: Team, connector: CommunityConnector, **kwargs: Any):
        super().__init__(*args, team=team, connector=connector, **kwargs)
        self.construction_kwargs.update(team=team, connector=connector)

    def connector_fields(self) -> dict[str, Any]:
        return {**super().connector_fields(), "is_active": bool(self.cleaned_data.get("is_active"))}

    @staticmethod
    def initial_for(connector: CommunityConnector) -> dict[str, Any]:
        names = (
            *("kind", "name", "offers", "where", "when", "latitude", "longitude"),
            *("how_to_reach", "can_go_along", "is_free", "notes", "check_every_months"),
            "group_size",
        )
        initial = {name: getattr(connector, name) for name in names}
        initial["access_features"] = sorted(split_slugs(connector.access_features, ACCESS_BITS))
        initial.update(
            version=connector.version,
            is_active=connector.is_active,
            known_by=connector.known_by_id,
            interests=[c.pk for c in connector.interests.all()],
        )
        return initial


STATUS_CHOICES = [
    ("going", _("Still going")),
    ("stopped", _("No longer going")),
    ("all", _("Everyone")),
]


class ConnectorFilterForm(LengthLimits, forms.Form):
    """The list's filters and search box. Anything not understood is left out, never an error."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    interest = forms.ModelChoiceField(
        label=_("Interest"),
        queryset=InterestCategory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any interest"),
    )
    free = forms.BooleanField(label=_("Free only"), required=False)
    go_along = forms.BooleanField(label=_("Will go along the first time"), required=False)
    status = forms.ChoiceField(label=_("Still going?"), choices=STATUS_CHOICES, required=False)

    def value(self, name: str) -> Any:
        """The cleaned value, or empty when what was sent was not understood."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None

    def apply(self, connectors: QuerySet[CommunityConnector]) -> QuerySet[CommunityConnector]:
        """The connectors that match, still going ones only unless asked otherwise."""
        status = self.value("status") or "going"
        if status != "all":
            connectors = connectors.filter(is_active=status == "going")
        if interest := self.value("interest"):
            connectors = connectors.filter(interests=interest)
        if self.value("free"):
            connectors = connectors.filter(is_free=True)
        if self.value("go_along"):
            connectors = connectors.filter(can_go_along=True)
        if words := (self.value("q") or "").strip():
            connectors = connectors.filter(
                Q(name__icontains=words)
                | Q(offers__icontains=words)
                | Q(where__icontains=words)
                | Q(when__icontains=words)
            )
        return connectors
