"""A person's ideas to try, under /people/<person_pk>/suggestions/: their list and what came of
each suggestion, ranked ideas with filters, adding what the worker knows, and what suggestions
respect.

Every view gets the person through the access layer first (404, audited, for anyone not in their
team); a suggestion is looked up among that person's own, and a connector among their team's.
Every change goes through suggestions/services.py, which audits it. Status moves carry the
version the page was loaded with: a move made on an out-of-date page is refused, never applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from connecting_people.core import access
from connecting_people.directory.fit import ACCESS_FEATURES, AUDIENCES, GROUP_SIZES, MUSTS
from connecting_people.directory.models import Service
from connecting_people.directory.search.facts_rules import postcode_district
from connecting_people.people.access import person_for
from connecting_people.people.models import Person
from connecting_people.suggestions import forms, selectors, services
from connecting_people.suggestions.models import (
    Preferences,
    Suggestion,
    SuggestionStatus,
    TimeOfDay,
)
from connecting_people.suggestions.profile import profile_for
from connecting_people.suggestions.ranking import Missing, Ranked, rank_with_gaps

S = SuggestionStatus
PAGE = "suggestions/person_suggestions.html"
IDEAS_SHOWN = 12
FOUND_MAX = 20  # search results of each kind
CONNECTORS_LISTED = 50


# Looking things up -------------------------------------------------------------------------------


def _suggestion(request: HttpRequest, person: Person, pk: int) -> Suggestion:
    """One of this person's suggestions (404 for anyone else's, audited as refused)."""
    return access.child_for(request, selectors.suggestions_with_targets(), parent=person, pk=pk)


def _page_url(person: Person, query: str = "", anchor: str = "") -> str:
    url = reverse("suggestions:page", args=[person.pk])
    return f"{url}{'?' + query if query else ''}{'#' + anchor if anchor else ''}"


def _back_query(raw: str) -> str:
    """The filters the worker was looking at, read again so only known ones go back in the URL."""
    return forms.IdeasFilterForm(QueryDict(raw[:500])).query()


# Their list --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    to: str
    label: str
    form: str = ""  # "tried" or "not_for_me" when the move has a page of its own


def _moves(status: str) -> list[Move]:
    """The buttons for the moves open from `status`: forwards, then "not for me", then back."""
    forwards, backwards, away = [], [], []
    for to in services.moves_from(status):
        if to == S.NOT_FOR_ME:
            away.append(Move(to, _("Not for me"), "not_for_me"))
        elif status == S.NOT_FOR_ME:
            forwards.append(Move(to, _("Reopen")))
        elif services.STEPS.index(to) < services.STEPS.index(status):
            backwards.append(Move(to, _("Back to “%(status)s”") % {"status": S(to).label}))
        elif to == S.TRIED:
            forwards.append(Move(to, _("You tried it"), "tried"))
        elif to == S.TALKED_ABOUT:
            forwards.append(Move(to, _("We've talked about it")))
        else:
            forwards.append(Move(to, _("Going regularly")))
    return forwards + away + backwards


def their_list(person: Person) -> dict[str, Any]:
    """The person's suggestions for the page: the shortlist, then each step of the journey in
    order (shortlisted ones are only in the shortlist), then "not for me". One query."""
    grouped = selectors.person_suggestions(person)
    for suggestions in grouped.values():
        for suggestion in suggestions:
            suggestion.moves = _moves(suggestion.status)  # type: ignore[attr-defined]
    steps = [grouped[status] for status in services.STEPS]
    return {
        "shortlist": [s for group in steps for s in group if s.shortlisted],
        "groups": [
            (status, S(status).label, [s for s in grouped[status] if not s.shortlisted])
            for status in services.STEPS
        ],
        "not_for_me": grouped[S.NOT_FOR_ME],
        "open_count": sum(len(group) for group in steps),
        "open_services": {s.service_id: s for group in steps for s in group if s.service_id},
        "open_connectors": {s.connector_id: s for group in steps for s in group if s.connector_id},
    }


# Ideas -------------------------------------------------------------------------------------------


def _not_reasons() -> frozenset[str]:
    """What the ranking says beside its reasons, in today's language: the preface when no
    interests are recorded, and the warnings. A suggestion's `why` keeps only the reasons: the
    preface says nothing about this idea, and a warning would go stale on their list."""
    return frozenset(
        {
            _("You haven't said what you enjoy yet, so these are what others have liked"),
            _("Not checked yet — worth a call first"),
            _("Not checked for a while — worth a call first"),
            _("You've already been"),
            _("Already in your network"),
        }
    )


@dataclass
class Idea:
    ranked: Ranked
    service: Service | None = None  # with its organisation, for the card
    token: str = ""  # signed why and score, for "Add to their list" (forms.idea_token)

    @property
    def unchecked(self) -> bool:
        """Not checked for a while (the ranking says when): the card says so."""
        return bool(getattr(self.ranked, "unchecked", False))

    @property
    def distance_said(self) -> bool:
        """Whether one of the reasons already says how far it is (so the card says it once)."""
        km = self.ranked.distance_km
        if km is None:
            return False
        said = _("Less than 1 km away") if km < 1 else _("About %(km)d km away") % {"km": round(km)}
        return said in self.ranked.reasons


def why_of(ranked: Ranked) -> str:
    """Why it was suggested, as kept on their list: the reasons, without preface or warnings."""
    left_out = _not_reasons()
    return "; ".join(reason for reason in ranked.reasons if reason not in left_out)


@dataclass
class Ideas:
    shown: list[Idea] = field(default_factory=list)
    no_interests: bool = False
    no_location: bool = False  # "near" was asked for, but there is nowhere to measure from
    directory_empty: bool = False
    # Their interests that nothing fitting meets, each with the nearest alternative.
    missing: list[Missing] = field(default_factory=list)


def _token(person: Person, ranked: Ranked) -> str:
    kind, pk = (
        ("service", ranked.service_id) if ranked.service_id else ("connector", ranked.connector_id)
    )
    return forms.idea_token(
        person_id=person.pk, kind=kind, pk=pk, why=why_of(ranked), score=ranked.score
    )


def _ideas(person: Person, filters: forms.IdeasFilterForm, mine: dict[str, Any]) -> Ideas:
    """The ranked ideas for the person, minus anything already open on their list."""
    profile = profile_for(person)
    ranked, missing = _not_on_list(profile, person, filters, mine)
    found = selectors.services_by_pk([r.service_id for r in ranked if r.service_id])
    ideas = Ideas(
        shown=[
            Idea(ranked=r, service=found.get(r.service_id), token=_token(person, r)) for r in ranked
        ],
        no_interests=not profile.interests,
        no_location=filters.near_km is not None and profile.point is None,
        missing=missing,
    )
    if not ranked:
        ideas.directory_empty = selectors.nothing_to_suggest(person.team_id)
    return ideas


def _not_on_list(
    profile: Any, person: Person, filters: forms.IdeasFilterForm, mine: dict[str, Any]
) -> tuple[list[Ranked], list[Missing]]:
    """The best ideas that are not open on their list already (asking for enough more), and
    their interests nothing fitting meets."""
    on_list = len(mine["open_services"]) + len(mine["open_connectors"])
    ranked, missing = rank_with_gaps(
        profile,
        team_id=person.team_id,
        limit=IDEAS_SHOWN + min(on_list, 50),
        this_week=filters.this_week,
        free_only=filters.free_only,
        near_km=filters.near_km,
    )
    shown = [
        r
        for r in ranked
        if r.service_id not in mine["open_services"]
        and r.connector_id not in mine["open_connectors"]
    ][:IDEAS_SHOWN]
    return shown, missing


def _found(person: Person, search: str, mine: dict[str, Any]) -> dict[str, Any]:
    """Services in the whole directory and the team's connectors whose name has `search` in it;
    with no search, the team's connectors to pick from. Each says if it is on their list."""
    connectors = selectors.active_connectors(person.team_id)
    found: dict[str, list[Any]] = {"services": [], "connectors": []}
    if search:
        found["services"] = selectors.services_named(search, limit=FOUND_MAX)
        found["connectors"] = list(connectors.filter(name__icontains=search)[:FOUND_MAX])
    else:
        found["connectors"] = list(connectors[:CONNECTORS_LISTED])
    for service in found["services"]:
        service.on_list = mine["open_services"].get(service.pk)
    for connector in found["connectors"]:
        connector.on_list = mine["open_connectors"].get(connector.pk)
    return found


def _where(person: Person, preferences: Preferences) -> str:
    """Where suggestions look: the area they gave, else the district of their postcode (the
    ranking falls back to it too, as a hard limit: see profile.py), else not said."""
    if preferences.area.strip():
        return preferences.area.strip()
    if person.postcode.strip():
        return _("%(district)s (from their postcode)") % {
            "district": postcode_district(person.postcode).upper()
        }
    return _("Not said")


def _summary(person: Person, preferences: Preferences | None) -> list[tuple[str, str]]:
    """What suggestions respect, in words, one (question, answer) a row; "any" when not said."""
    p = preferences or Preferences()
    helps = [str(label) for need, label in forms.HELP_CHOICES if getattr(p, need)]
    ways = {
        (True, True): _("In person or online"),
        (True, False): _("In person only"),
        (False, True): _("Online only"),
    }
    far = _("Up to %(km)s km") % {"km": f"{p.max_travel_km:g}"} if p.max_travel_km else None
    return [
        (_("Where"), _where(person, p)),
        (_("How far"), far or _("Not said")),
        (_("Free on"), _named(p.free_days, dict(forms.DAY_CHOICES)) or _("Any day")),
        (_("Times"), _named(p.free_times, dict(TimeOfDay.choices)) or _("Any time")),
        (_("Taking part"), ways.get((p.in_person, p.online), _("Not said"))),
        *_fit_summary(person, p),
        (_("What helps"), "; ".join(helps) or _("Nothing said")),
    ]


def _fit_summary(person: Person, p: Preferences) -> list[tuple[str, str]]:
    """Cost, group sizes, access, circumstances, age band and which are musts, in words."""
    if p.max_cost is None:
        cost = _("Not said")
    elif not p.max_cost:
        cost = _("Free only")
    else:
        cost = _("Up to £%(cost).2f each time") % {"cost": p.max_cost}
    rows = [
        (_("Most they would pay"), cost),
        (_("Group sizes"), _named(p.group_sizes, dict(GROUP_SIZES)) or _("Any size")),
        (_("Access needs"), _named(p.access_needs, ACCESS_NAMES) or _("None said")),
        (_("Circumstances"), _named(p.circumstances, AUDIENCE_NAMES) or _("None said")),
    ]
    if person.date_of_birth is None:
        rows.append((_("Age"), str(p.get_age_band_display()) if p.age_band else _("Not known")))
    musts = _named(p.musts, dict(MUSTS)) if p.musts_chosen else ""
    rows.append(
        (
            _("Musts"),
            musts
            or (
                _("None")
                if p.musts_chosen
                else _("Not chosen yet: what gets in the way on their plan decides")
            ),
        )
    )
    return rows


ACCESS_NAMES = {t.slug: t.label for t in ACCESS_FEATURES}
AUDIENCE_NAMES = {t.slug: t.label for t in AUDIENCES}


def _named(stored: str, names: dict[str, Any]) -> str:
    """Stored codes ("MO,TU") as their names, in the order stored."""
    return ", ".join(str(names[code]) for code in stored.split(",") if code in names)


def _respects(person: Person) -> dict[str, Any]:
    """What suggestions respect: the preferences, and the open barriers on the plan."""
    preferences = selectors.preferences_of(person)
    return {"summary": _summary(person, preferences), "barriers": selectors.open_barriers(person)}


def _page(
    request: HttpRequest, person: Person, *, back: str | None = None, **extra: Any
) -> HttpResponse:
    """The whole page; after a POST (a conflict), `back` is the filters the worker had on."""
    filters = forms.IdeasFilterForm((request.GET or None) if back is None else QueryDict(back))
    mine = their_list(person)
    context = {
        "person": person,
        "mine": mine,
        "filters": filters,
        "ideas": _ideas(person, filters, mine),
        "found": _found(person, filters.search, mine),
        "respects": _respects(person),
        "idea_form": extra.pop("idea_form", None) or forms.IdeaForm(),
        "back": filters.query(),
        **extra,
    }
    return render(request, PAGE, context)


@login_required
@require_GET
def suggestions_page(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    return _page(request, person)


# Adding ------------------------------------------------------------------------------------------


@login_required
@require_POST
def suggestion_add(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Put a ranked idea, a service or a connector on their list (optionally on the shortlist)."""
    person = person_for(request, person_pk)
    form = forms.AddForm(request.POST, person=person)
    back = _back_query(request.POST.get("back", ""))
    if not form.is_valid():
        said = form.non_field_errors() or [_("That could not be added. Try again from here.")]
        messages.error(request, " ".join(str(error) for error in said))
        return redirect(_page_url(person, back, "ideas"))
    suggestion = services.suggestion_create(
        person=person, by=request.user, **form.suggestion_fields()
    )
    name = forms.name_of(suggestion)
    if getattr(suggestion, "created", True):
        messages.success(request, _("%(name)s is on their list.") % {"name": name})
    elif form.cleaned_data["shortlist"] and not suggestion.shortlisted:
        services.suggestion_shortlist(suggestion=suggestion, by=request.user, shortlisted=True)
        messages.success(
            request,
            _("%(name)s was already on their list, and is now on the shortlist.") % {"name": name},
        )
    else:
        messages.info(
            request, _("%(name)s is already on their list, so nothing was added.") % {"name": name}
        )
    return redirect(_page_url(person, back, f"suggestion-{suggestion.pk}"))


@login_required
@require_POST
def idea_add(request: HttpRequest, person_pk: int) -> HttpResponse:
    """An idea that is not in the directory: the worker's, or the person's own."""
    person = person_for(request, person_pk)
    form = forms.IdeaForm(request.POST)
    if not form.is_valid():
        return _page(request, person, idea_form=form)
    suggestion = services.suggestion_create(
        person=person,
        by=request.user,
        idea=form.cleaned_data["idea"],
        source=form.cleaned_data["whose"],
    )
    messages.success(request, _("“%(idea)s” is on their list.") % {"idea": suggestion.idea})
    return redirect(_page_url(person, anchor=f"suggestion-{suggestion.pk}"))
