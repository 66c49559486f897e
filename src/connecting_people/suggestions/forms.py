"""Forms for a person's ideas to try: filtering the ideas, adding one, moving one along, saying
how trying it went or why it is not for them, and what suggestions should respect.

Each message says exactly what to fix, and a form that fails keeps everything typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import LengthLimits, VersionedForm, date_field
from connecting_people.directory.fit import (
    ACCESS_FEATURES,
    AGE_BANDS,
    AUDIENCES,
    GROUP_SIZE_SLUGS,
    GROUP_SIZES,
    MUST_SLUGS,
    MUSTS,
    join_slugs,
    split_slugs,
)
from connecting_people.directory.models import CommunityConnector, Service
from connecting_people.directory.models.hsds import ServiceStatus
from connecting_people.directory.models.team import ConnectorKind
from connecting_people.network.vocab import Kind
from connecting_people.people.models import Person
from connecting_people.suggestions.models import (
    NotForMeReason,
    Preferences,
    Suggestion,
    SuggestionSource,
    SuggestionStatus,
    TimeOfDay,
)
from connecting_people.suggestions.profile import default_musts
from connecting_people.suggestions.services import IDEA_MAX, LABEL_MAX

NEAR_KM_CHOICES = [("1", _("1 km")), ("2", _("2 km")), ("5", _("5 km")), ("10", _("10 km"))]
DEFAULT_NEAR_KM = "2"
SEARCH_MAX = 100
NOTE_MAX = 2000

DAY_CHOICES = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]
WAY_CHOICES = [("in_person", _("In person")), ("online", _("Online"))]
HELP_CHOICES = [
    ("wants_company_first_time", _("Someone to go along with them the first time")),
]
ACCESS_CHOICES = [(t.slug, t.label) for t in ACCESS_FEATURES]
AUDIENCE_CHOICES = [(t.slug, t.label) for t in AUDIENCES]
AGE_BAND_CHOICES = [("", _("Not known"))] + [(slug, label) for slug, label, _lo, _hi in AGE_BANDS]
MUST, PREFER = "must", "prefer"
MUST_CHOICES = [(MUST, _("A must")), (PREFER, _("Would prefer"))]
# What each must means, said beside its choice.
MUST_HINTS = {
    "cost": _(
        "A must: nothing that costs more than they said, or whose cost is not known. "
        "Would prefer: dearer ideas come lower."
    ),
    "distance": _(
        "A must: nothing further than they said. Would prefer: further ideas come lower."
    ),
    "when": _(
        "A must: nothing only on other days or times; ideas with no times recorded come last. "
        "Would prefer: others come lower."
    ),
    "delivery": _("A must: only the ways they would take part. Would prefer: others come lower."),
    "group_size": _(
        "A must: no group of another size; ideas with no size recorded come last. "
        "Would prefer: others come lower."
    ),
    "access": _(
        "A must: nothing known to lack an access need; ideas with nothing recorded come last. "
        "Would prefer: others come lower."
    ),
}


# Finding ideas (GET) ----------------------------------------------------------------------------


class IdeasFilterForm(LengthLimits, forms.Form):
    """The filters over the ranked ideas, and the search over the directory, read from the address.

    Anything odd in the address is ignored rather than refused: this only narrows what is shown.
    """

    week = forms.BooleanField(label=_("On this week"), required=False)
    free = forms.BooleanField(label=_("Free"), required=False)
    near = forms.BooleanField(label=_("Near"), required=False)
    km = forms.ChoiceField(
        label=_("How near"), choices=NEAR_KM_CHOICES, required=False, initial=DEFAULT_NEAR_KM
    )
    q = forms.CharField(
        label=_("Name of a service, group or community connector"),
        max_length=SEARCH_MAX,
        required=False,
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data if data is not None else {}, **kwargs)
        self.is_valid()

    def value(self, name: str) -> Any:
        """The cleaned value, or the field's empty value when what was sent could not be read."""
        if name in self.cleaned_data:
            return self.cleaned_data[name]
        return "" if name in ("km", "q") else False

    @property
    def this_week(self) -> bool:
        return bool(self.value("week"))

    @property
    def free_only(self) -> bool:
        return bool(self.value("free"))

    @property
    def near_km(self) -> float | None:
        return float(self.value("km") or DEFAULT_NEAR_KM) if self.value("near") else None

    @property
    def search(self) -> str:
        return self.value("q").strip()

    @property
    def km_shown(self) -> str:
        """The distance chosen for "near" (the default until one is chosen)."""
        return self.value("km") or DEFAULT_NEAR_KM

    def active(self) -> list[str]:
        """The names of the filters turned on, in the order they are shown."""
        return [name for name in ("week", "free", "near") if self.value(name)]

    def loosen(self) -> list[tuple[str, str]]:
        """For each filter turned on: its name, and the address query without it."""
        return [(name, self.query(drop=name)) for name in self.active()]

    def query(self, *, drop: str = "", **extra: str) -> str:
        """The address query for these filters (and the search), without `drop`, plus `extra`."""
        params: dict[str, str] = {}
        for name in ("week", "free", "near"):
            if self.value(name) and name != drop:
                params[name] = "on"
        if self.value("near") and drop != "near":
            params["km"] = self.value("km") or DEFAULT_NEAR_KM
        if self.search and drop != "q":
            params["q"] = self.search
        params.update(extra)
        return urlencode(params)


# Adding to their list ----------------------------------------------------------------------------


IDEA_SALT = "connecting_people.suggestions.idea"


def idea_token(*, person_id: int, kind: str, pk: Any, why: str, score: float) -> str:
    """A signed note of why a ranked idea was shown to this person, for "Add to their list" to
    send back: the server wrote it, so the why and score stored are the ranking's own."""
    return signing.dumps(
        {"person": person_id, "kind": kind, "id": str(pk), "why": why, "score": score},
        salt=IDEA_SALT,
        compress=True,
    )


def idea_from_token(token: str, *, person_id: int, kind: str, pk: Any) -> dict[str, Any] | None:
    """What `idea_token` signed, if `token` is genuine and about this person and this service or
    connector; None for anything else (missing, altered, or copied from another idea)."""
    if not token:
        return None
    try:
        signed = signing.loads(token, salt=IDEA_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(signed, dict):
        return None
    if (signed.get("person"), signed.get("kind"), signed.get("id")) != (person_id, kind, str(pk)):
        return None
    return signed


class AddForm(LengthLimits, forms.Form):
    """One service or community connector put on the person's list, from the ideas or a search.

    The buttons post hidden fields; anything that no longer matches (a service taken out of the
    directory or closed, another team's connector) is refused with a message. A ranked idea
    keeps why it was suggested and its score only from the signed `token` the page was given
    (see `idea_token`): without a genuine one it is still added, as ranked, with neither.
    """

    service = forms.UUIDField(required=False, widget=forms.HiddenInput)
    connector = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    source = forms.ChoiceField(
        choices=[(SuggestionSource.RANKED, ""), (SuggestionSource.WORKER, "")],
        widget=forms.HiddenInput,
    )
    token = forms.CharField(required=False, max_length=8000, widget=forms.HiddenInput)
    shortlist = forms.BooleanField(required=False, widget=forms.HiddenInput)
    back = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        self.person = person
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        service_id, connector_id = cleaned.get("service"), cleaned.get("connector")
        if (service_id is None) == (connector_id is None):
            raise forms.ValidationError(_("Choose one service or one community connector"))
        if service_id is not None:
            cleaned["service"] = Service.objects.filter(pk=service_id).first()
            if cleaned["service"] is None:
                raise forms.ValidationError(_("That service is no longer in the directory"))
            if cleaned["service"].status != ServiceStatus.ACTIVE:
                raise forms.ValidationError(_("This service has closed, so it can't be suggested"))
        if connector_id is not None:
            cleaned["connector"] = CommunityConnector.objects.filter(
                pk=connector_id, team_id=self.person.team_id
            ).first()
            if cleaned["connector"] is None:
                raise forms.ValidationError(_("Choose a community connector your team knows"))
        return cleaned

    def _signed(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if data["source"] != SuggestionSource.RANKED:
            return None
        kind, about = (
            ("service", data["service"])
            if data.get("service")
            else ("connector", data["connector"])
        )
        return idea_from_token(
            data.get("token", ""), person_id=self.person.pk, kind=kind, pk=about.pk
        )

    def suggestion_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        signed = self._signed() or {}
        score = signed.get("score")
        return {
            "service": data.get("service"),
            "connector": data.get("connector"),
            "source": data["source"],
            "why": str(signed.get("why", ""))[:2000],
            "score": float(score) if isinstance(score, int | float) else None,
            "shortlisted": bool(data["shortlist"]),
        }


class IdeaForm(LengthLimits, forms.Form):
    """An idea that is not in the directory, in a few words: the worker's, or the person's own."""

    idea = forms.CharField(
        label=_("The idea, in a few words"),
        max_length=IDEA_MAX,
        help_text=_("For example: join a choir, visit the library's craft morning."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Write the idea in a few words"),
            "max_length": _("Keep the idea to 300 characters or fewer"),
        },
    )
    whose = forms.ChoiceField(
        label=_("Whose idea is it?"),
        choices=[
            (SuggestionSource.PERSON, _("Their own idea")),
            (SuggestionSource.WORKER, _("Mine")),
        ],
        initial=SuggestionSource.PERSON,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whose idea it is"),
            "invalid_choice": _("Choose whose idea it is"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "own")
        super().__init__(*args, **kwargs)


# Moving along ------------------------------------------------------------------------------------


class MoveForm(VersionedForm):
    """A one-click move (talked about, going regularly, back a step, reopen), with the version."""

    to_status = forms.ChoiceField(choices=SuggestionStatus.choices)
    version = forms.IntegerField(min_value=0)


class ShortlistForm(LengthLimits, forms.Form):
    shortlisted = forms.BooleanField(required=False)


def _not_in_future(value: dt.date | None) -> dt.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future"))
    return value


def map_kind_for(suggestion: Suggestion) -> str:
    """What the map calls what they tried: someone they met, or a group they joined."""
    if suggestion.connector_id and suggestion.connector.kind == ConnectorKind.PERSON:  # type: ignore[union-attr]
        return Kind.OTHER
    return Kind.GROUP


def name_of(suggestion: Suggestion) -> str:
    return suggestion.title


class TriedForm(VersionedForm):
    """They tried it: when, whether the worker went along, and who or what goes on their map."""

    tried_on = date_field(
        _("When did they go?"),
        missing=_("Enter the date they went, like 26/11/2026"),
        invalid=_("Enter a real date they went, like 26/11/2026"),
    )
    add_to_map = forms.BooleanField(label=_("Add them to the map"), required=False)
    connection_label = forms.CharField(
        label=_("What to call it on the map"),
        required=False,
        max_length=LABEL_MAX,
        help_text=_("The group's name, or a first name or initials for someone they met."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": _("Keep the name to 60 characters or fewer")},
    )
    connection_kind = forms.ChoiceField(
        label=_("Who or what is it to them?"),
        choices=Kind.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the kinds listed")},
    )
    with_worker = forms.BooleanField(label=_("I went along with them"), required=False)
    note = forms.CharField(
        label=_("How did it go? (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Keep the note to 2,000 characters or fewer")},
    )

    @classmethod
    def initial_for(cls, suggestion: Suggestion) -> dict[str, Any]:
        return {
            "version": suggestion.version,
            "tried_on": timezone.localdate(),
            "add_to_map": suggestion.connection_id is None,  # already on their map otherwise
            "connection_label": Truncator(name_of(suggestion)).chars(LABEL_MAX, truncate="…"),
            "connection_kind": map_kind_for(suggestion),
        }

    def clean_tried_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("tried_on"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("add_to_map"):
            return cleaned
        label = (cleaned.get("connection_label") or "").strip()
        if not label and "connection_label" not in self.errors:
            self.add_error("connection_label", _("Give a name or initials, up to 60 characters"))
        if not cleaned.get("connection_kind") and "connection_kind" not in self.errors:
            self.add_error("connection_kind", _("Choose who or what it is to them"))
        return cleaned

    def tried_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields: dict[str, Any] = {
            "on": data["tried_on"],
            "with_worker": data["with_worker"],
            "note": data["note"],
            "version": data["version"],
        }
        if data["add_to_map"]:
            fields["connection_label"] = data["connection_label"].strip()
            fields["connection_kind"] = data["connection_kind"]
        return fields


class NotForMeForm(VersionedForm):
    """Why it is not for them, from a short list, and a note if they want one."""

    reason = forms.ChoiceField(
        label=_("Why is it not for them?"),
        choices=NotForMeReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose why it is not for them"),
            "invalid_choice": _("Choose one of the reasons listed"),
        },
    )
    note = forms.CharField(
        label=_("Anything else to remember? (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Keep the note to 2,000 characters or fewer")},
    )


# What suggestions respect ------------------------------------------------------------------------


class PreferencesForm(VersionedForm):
    """Where, when and how the person would like to take part (an empty answer means "any")."""

    area = forms.CharField(
        label=_("Where do they live or spend time? (optional)"),
        required=False,
        max_length=100,
        help_text=_(
            "A town or neighbourhood, or the first half of a postcode, like ZZ1. A town from "
            "the directory's list lets “Near” measure how far things are."
        ),
        error_messages={"max_length": _("Keep the area to 100 characters or fewer")},
    )
    max_travel_km = forms.FloatField(
        label=_("How far would they go, in kilometres? (optional)"),
        required=False,
        min_value=0.5,
        max_value=100,
        help_text=_("For example 3. Leave it empty if distance does not matter."),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("Enter the distance as a number of kilometres, like 3"),
            "min_value": _("Enter a distance of at least 0.5 km"),
            "max_value": _("Enter a distance of 100 km or less"),
        },
    )
    free_days = forms.MultipleChoiceField(
        label=_("Which days are they free? (optional)"),
        choices=DAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave them all empty for any day."),
        error_messages={"invalid_choice": _("Choose days from the list")},
    )
    free_times = forms.MultipleChoiceField(
        label=_("What times of day suit them? (optional)"),
        choices=TimeOfDay.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave them all empty for any time."),
        error_messages={"invalid_choice": _("Choose times from the list")},
    )
    ways = forms.MultipleChoiceField(
        label=_("How would they like to take part?"),
        choices=WAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose in person, online or both"),
            "invalid_choice": _("Choose in person, online or both"),
        },
    )
    max_cost = forms.DecimalField(
        label=_("What is the most they would pay each time, in pounds? (optional)"),
        required=False,
        min_value=0,
        max_value=999,
        decimal_places=2,
        help_text=_(
            "For example 3.50. Enter 0 for free only. Leave it empty if cost does not matter."
        ),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("Enter the most they would pay as an amount in pounds, like 3.50"),
            "min_value": _("Enter an amount of 0 or more (0 means free only)"),
            "max_value": _("Enter an amount of £999 or less"),
            "max_decimal_places": _("Enter the amount in pounds and pence, like 3.50"),
            "max_digits": _("Enter an amount of £999 or less"),
        },
    )
    group_sizes = forms.MultipleChoiceField(
        label=_("Which group sizes would suit them? (optional)"),
        choices=GROUP_SIZES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave them all empty for any size."),
        error_messages={"invalid_choice": _("Choose group sizes from the list")},
    )
    access_needs = forms.MultipleChoiceField(
        label=_("What access do they need? (optional)"),
        choices=ACCESS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A place meets a need only when the directory records it. Where nothing is "
            "recorded, ideas say so and come after those known to suit them."
        ),
        error_messages={"invalid_choice": _("Choose access needs from the list")},
    )
    helps = forms.MultipleChoiceField(
        label=_("What would help them take part? (optional)"),
        choices=HELP_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the list")},
    )
    circumstances = forms.MultipleChoiceField(
        label=_("Do any of these apply to them? (optional)"),
        choices=AUDIENCE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only if they are happy to say. Some groups are just for certain people, such as "
            "carers or veterans: ticking one only opens those groups to them, and never "
            "leaves anything out."
        ),
        error_messages={"invalid_choice": _("Choose from the list")},
    )
    age_band = forms.ChoiceField(
        label=_("Roughly how old are they? (optional)"),
        choices=AGE_BAND_CHOICES,
        required=False,
        help_text=_(
            "Their date of birth is not recorded. An age band keeps out groups for other ages, "
            "such as youth clubs."
        ),
        error_messages={"invalid_choice": _("Choose an age band from the list")},
    )

    # In a clash the map point is left out: it follows the area.
    conflict_hidden = ("latitude", "longitude")

    def __init__(self, *args: Any, ask_age_band: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].widget.attrs.update({"list": "places", "autocomplete": "off"})
        if not ask_age_band:  # their date of birth says their age
            del self.fields["age_band"]
        for slug, label in MUSTS:
            self.fields[f"must_{slug}"] = forms.ChoiceField(
                label=_("%(preference)s: a must, or would they prefer it?") % {"preference": label},
                choices=MUST_CHOICES,
                widget=forms.RadioSelect,
                help_text=MUST_HINTS[slug],
                error_messages={
                    "required": _("Choose whether “%(preference)s” is a must or a preference")
                    % {"preference": label},
                    "invalid_choice": _("Choose a must or would prefer"),
                },
            )

    def wishes(self) -> list[forms.BoundField]:
        """The preferences themselves, shown first."""
        return [f for f in self.visible_fields() if not f.name.startswith("must_")]

    def must_choices(self) -> list[forms.BoundField]:
        """A must or would prefer for each preference, shown together under their own heading."""
        return [f for f in self.visible_fields() if f.name.startswith("must_")]

    @classmethod
    def initial_for(
        cls, preferences: Preferences | None, *, barriers: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        """What the form starts with. Until their musts are first chosen, a preference whose
        barrier is on their plan starts as a must (money: cost, transport: distance, …)."""
        if preferences is None:
            return {"version": 0, "ways": ["in_person", "online"], **_musts_initial(barriers)}
        if preferences.musts_chosen:
            musts = split_slugs(preferences.musts, MUST_SLUGS)
        else:
            needs = preferences.needs_accessibility or bool(preferences.access_needs)
            musts = default_musts(barriers, needs_access=needs)
        return {
            "version": preferences.version,
            "area": preferences.area,
            "max_travel_km": preferences.max_travel_km,
            "free_days": [d for d in preferences.free_days.split(",") if d],
            "free_times": [t for t in preferences.free_times.split(",") if t],
            "ways": [way for way, _label in WAY_CHOICES if getattr(preferences, way)],
            "helps": [need for need, _label in HELP_CHOICES if getattr(preferences, need)],
            "max_cost": preferences.max_cost,
            "group_sizes": sorted(split_slugs(preferences.group_sizes, GROUP_SIZE_SLUGS)),
            "access_needs": [
                s for s, _l in ACCESS_CHOICES if s in preferences.access_needs.split(",")
            ],
            "circumstances": [
                s for s, _l in AUDIENCE_CHOICES if s in preferences.circumstances.split(",")
            ],
            "age_band": preferences.age_band,
            **{f"must_{slug}": MUST if slug in musts else PREFER for slug in MUST_SLUGS},
        }

    def preference_fields(self) -> dict[str, Any]:
        """The Preferences fields, as stored (days and times in the model's order; lists of
        `directory.fit` slugs in its order). The old "needs access" and "small or quiet groups"
        ticks follow the lists that replaced them, so nothing reads a stale one."""
        data = self.cleaned_data
        sizes = set(data["group_sizes"])
        fields = {
            "area": data["area"].strip(),
            "max_travel_km": data["max_travel_km"],
            "free_days": ",".join(d for d, _label in DAY_CHOICES if d in data["free_days"]),
            "free_times": ",".join(t for t in TimeOfDay.values if t in data["free_times"]),
            **{way: way in data["ways"] for way, _label in WAY_CHOICES},
            **{need: need in data["helps"] for need, _label in HELP_CHOICES},
            "max_cost": data["max_cost"],
            "group_sizes": join_slugs(sizes, GROUP_SIZE_SLUGS),
            "access_needs": join_slugs(data["access_needs"], (s for s, _l in ACCESS_CHOICES)),
            "circumstances": join_slugs(data["circumstances"], (s for s, _l in AUDIENCE_CHOICES)),
            "musts": join_slugs(
                (slug for slug in MUST_SLUGS if data[f"must_{slug}"] == MUST), MUST_SLUGS
            ),
            "musts_chosen": True,
            "needs_accessibility": bool(data["access_needs"]),
            "prefers_small_groups": bool(sizes) and sizes <= {"small", "one_to_one"},
        }
        if "age_band" in self.fields:
            fields["age_band"] = data["age_band"]
        return fields


def _musts_initial(barriers: frozenset[str]) -> dict[str, str]:
    musts = default_musts(barriers, needs_access=False)
    return {f"must_{slug}": MUST if slug in musts else PREFER for slug in MUST_SLUGS}
