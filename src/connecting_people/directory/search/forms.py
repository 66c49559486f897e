"""Finding services: the search box and filters, and how they become a search.

Adding or changing a service is in `team/service_forms.py` (its weekly times in
`team/session_forms.py`); the team layer's forms are in `team/entry_forms.py`.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import LengthLimits
from connecting_people.directory.models.hsds import Weekday
from connecting_people.directory.search import engine as search
from connecting_people.taxonomy.models import InterestCategory

DISTANCES = [1, 2, 5, 10, 25]  # km, as search's reasons say distances


def interest_choices() -> list[tuple[str, str]]:
    return [(c.slug, c.name) for c in InterestCategory.objects.in_use()]


# Finding services ---------------------------------------------------------------------------


def places() -> dict[str, tuple[float, float]]:
    """Named places to search near: the directory's towns, each at the centre of its places."""
    return {place.name: (place.latitude, place.longitude) for place in search.places()}


class BrowseForm(LengthLimits, forms.Form):
    """The search box and filters (sent by GET, so a search can be bookmarked and shared)."""

    q = forms.CharField(label=_("Search the directory"), required=False, max_length=200)
    category = forms.MultipleChoiceField(
        label=_("Interests"), required=False, widget=forms.CheckboxSelectMultiple
    )
    cost = forms.ChoiceField(
        label=_("Cost"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("", _("Any")), ("free", _("Free")), ("low", _("Free or low cost"))],
    )
    day = forms.MultipleChoiceField(
        label=_("Days"),
        required=False,
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    time = forms.ChoiceField(
        label=_("Time of day"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("morning", _("Morning")),
            ("afternoon", _("Afternoon")),
            ("evening", _("Evening")),
        ],
    )
    near = forms.ChoiceField(label=_("Near"), required=False)
    within = forms.TypedChoiceField(
        label=_("Within"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any distance"))] + [(km, _("%(km)s km") % {"km": km}) for km in DISTANCES],
    )
    area = forms.CharField(
        label=_("Town or postcode area"),
        required=False,
        max_length=100,
        help_text=_("For example, Leeds or LS6"),
    )
    delivery = forms.ChoiceField(
        label=_("How people take part"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("", _("Any way")), ("in_person", _("In person")), ("online", _("Online"))],
    )
    age = forms.IntegerField(
        label=_("Age of the person"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": _("Enter the age as a number, like 34"),
            "min_value": _("Enter an age from 0 to 120"),
            "max_value": _("Enter an age from 0 to 120"),
        },
    )
    accessible = forms.BooleanField(label=_("Has accessibility information"), required=False)
    ours = forms.BooleanField(label=_("Only services my team uses"), required=False)
    closed = forms.BooleanField(label=_("Include services not running now"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = places()
        cast(forms.ChoiceField, self.fields["category"]).choices = interest_choices()
        cast(forms.ChoiceField, self.fields["near"]).choices = [
            ("", _("Anywhere")),
            *((p, p) for p in self.places),
        ]
        if not self.places:
            del self.fields["near"], self.fields["within"]

    def is_filtered(self) -> bool:
        return any(v for k, v in self.data.items() if k != "page")

    def to_query(self, *, team_id: int | None, page: int) -> search.SearchQuery:
        """The search this form asks for; filters with errors are left out (and shown)."""
        self.is_valid()
        data = self.cleaned_data
        near = self.places.get(data.get("near") or "")
        within = data.get("within")
        return search.SearchQuery(
            text=data.get("q", "").strip(),
            categories=list(data.get("category") or []),
            free_only=data.get("cost") == "free",
            low_cost=data.get("cost") == "low",
            days=list(data.get("day") or []),
            time_of_day=data.get("time") or "",
            near=near,
            within_km=float(within) if near and within else None,
            area=data.get("area", "").strip(),
            accessible=bool(data.get("accessible")),
            delivery=data.get("delivery") or "",
            age=data.get("age"),
            team_id=team_id if data.get("ours") else None,
            include_closed=bool(data.get("closed")),
            page=page,
        )
