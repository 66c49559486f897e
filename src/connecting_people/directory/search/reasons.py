"""Why a service matched a search, in plain words: "'garden' is in its name", "Free",
"Runs on Tuesdays", "1.2 km away", "Your team uses it".

A reason is given for each thing the search asked for that the service has, most telling first.
Words are found again in the service's own fields with the same loose matching the index uses
(a word finds its other endings, and the last word typed finds any word it begins).
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from connecting_people.directory.models import (
    SearchFacts,
    SearchPlace,
    SearchTerm,
    Service,
    TeamService,
)
from connecting_people.directory.models.hsds import ServiceStatus
from connecting_people.directory.models.search import (
    DAY_BITS,
    DELIVERY_BITS,
    TIME_BITS,
    PlaceKind,
)
from connecting_people.directory.search.facts_rules import area_keys
from connecting_people.directory.search.fulltext import WORD, Words
from connecting_people.directory.search.query import SearchQuery

OPEN_QUOTE, CLOSE_QUOTE = "\u2018", "\u2019"  # single curly quotes round a word
SUFFIXES = ("ings", "ing", "ers", "er", "es", "ed", "s")


@dataclass
class Evidence:
    """What the reasons need that the facts row does not hold, for one page of results."""

    words: Words
    terms: dict[int, list[Mapping[str, Any]]] = field(default_factory=dict)
    place_kinds: dict[int, set[str]] = field(default_factory=dict)
    used_by_team: set[uuid.UUID] = field(default_factory=set)


def reasons_for(
    query: SearchQuery,
    service: Service,
    facts: SearchFacts,
    distance_km: float | None,
    evidence: Evidence,
) -> list[str]:
    """Every reason this service matched the query, without repeats, most telling first."""
    reasons = [
        *word_reasons(evidence.words, service, facts),
        *listed_reasons(evidence.terms.get(facts.pk, [])),
    ]
    if distance_km is not None:
        reasons.append(distance_words(distance_km))
    for make in FACT_REASONS:
        reasons += make(query, service, facts)
    reasons += area_reasons(query.area, evidence.place_kinds.get(facts.pk, set()))
    if service.id in evidence.used_by_team:
        reasons.append(_("Your team uses it"))
    return list(dict.fromkeys(r for r in reasons if r))


def gather_evidence(query: SearchQuery, words: Words, rows: list[SearchFacts]) -> Evidence:
    """What the reasons need beyond the rows: in at most three queries, whatever the page."""
    ids = [row.pk for row in rows]
    evidence = Evidence(words=words)
    listed = Q()
    if query.categories:
        listed |= Q(category__slug__in=query.categories)
    if query.taxonomy_term_ids:
        listed |= Q(term_id__in=query.taxonomy_term_ids)
    if query.taxonomy_id:
        listed |= Q(taxonomy_id=query.taxonomy_id)
    if listed:
        for term in SearchTerm.objects.filter(listed, facts_id__in=ids).values(
            "facts_id", "name", "term_id", "taxonomy_id", "category__slug", "category__name"
        ):
            evidence.terms.setdefault(term["facts_id"], []).append(term)
    if query.area.strip():
        for place in SearchPlace.objects.filter(
            facts_id__in=ids, place__in=area_keys(query.area)
        ).values("facts_id", "kind"):
            evidence.place_kinds.setdefault(place["facts_id"], set()).add(place["kind"])
    teams = [t for t in query.my_team_ids if t != query.team_id]
    if query.team_id:
        evidence.used_by_team = {row.service_id for row in rows}
    elif teams:
        evidence.used_by_team = set(
            TeamService.objects.filter(
                team_id__in=teams, service_id__in=[r.service_id for r in rows]
            ).values_list("service_id", flat=True)
        )
    return evidence


# Words ------------------------------------------------------------------------------------------


def _plain(text: str) -> list[str]:
    """Lowercase words without accents, as the index sees them."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def word_in(word: str, text: str, *, as_prefix: bool) -> bool:
    """Whether `word` (or another ending of it; or, typed last, a longer word) is in `text`."""
    root = stem(_plain(word)[0]) if _plain(word) else word
    for token in _plain(text):
        if token.startswith(root) and (as_prefix or len(token) - len(root) <= 4):
            return True
    return False


def word_reasons(words: Words, service: Service, facts: SearchFacts) -> list[str]:
    """Where each word was found, each in the most telling place only."""
    if not words:
        return []
    organisation = service.organization.name if service.organization else ""
    topics = [t for t in facts.topics.split(" | ") if t]
    found: dict[str, list[str]] = {}
    listed: list[str] = []
    for position, word in enumerate(words.words):
        as_prefix = position == len(words.words) - 1
        topic = next((t for t in topics if word_in(word, t, as_prefix=as_prefix)), None)
        for place, text in (
            ("name", service.name),
            ("alternate_name", service.alternate_name),
            ("topics", topic or ""),
            ("organisation", organisation),
            ("description", service.description),
        ):
            if text and word_in(word, text, as_prefix=as_prefix):
                found.setdefault(place, []).append(word)
                if place == "topics":
                    listed.append(_("Listed under %(topic)s") % {"topic": topic})
                break
        else:
            found.setdefault("elsewhere", []).append(word)
    reasons = []
    for place, in_place in found.items():
        if place != "topics":
            reasons.append(WORD_PLACES[place](_quoted(in_place), len(in_place)))
        else:
            reasons += listed
    return reasons


def _quoted(words: list[str]) -> str:
    return join_words([f"{OPEN_QUOTE}{word}{CLOSE_QUOTE}" for word in words])


def join_words(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


WORD_PLACES: dict[str, Callable[[str, int], str]] = {
    "name": lambda words, n: (
        ngettext("%(words)s is in its name", "%(words)s are in its name", n) % {"words": words}
    ),
    "alternate_name": lambda words, n: (
        ngettext("%(words)s is in its other name", "%(words)s are in its other name", n)
        % {"words": words}
    ),
    "organisation": lambda words, n: (
        ngettext(
            "%(words)s is in the name of who runs it",
            "%(words)s are in the name of who runs it",
            n,
        )
        % {"words": words}
    ),
    "description": lambda words, n: (
        ngettext("%(words)s is in its description", "%(words)s are in its description", n)
        % {"words": words}
    ),
    "elsewhere": lambda words, n: (
        ngettext("It mentions %(words)s", "It mentions %(words)s", n) % {"words": words}
    ),
}


# Lists, distance and the facts ------------------------------------------------------------------


def listed_reasons(terms: list[Mapping[str, Any]]) -> list[str]:
    names = [t["category__name"] or t["name"] for t in terms]
    return [_("Listed under %(topic)s") % {"topic": name} for name in dict.fromkeys(names)]


def distance_words(km: float) -> str:
    if km < 0.1:
        return _("Less than 100 metres away")
    if km < 10:
        return _("%(km)s km away") % {"km": f"{km:.1f}"}
    return _("%(km)s km away") % {"km": f"{km:.0f}"}


def money(amount: Decimal) -> str:
    return f"£{amount:.0f}" if amount == amount.to_integral_value() else f"£{amount:.2f}"


def cost_reasons(query: SearchQuery, service: Service, facts: SearchFacts) -> list[str]:
    if not (query.free_only or query.low_cost):
        return []
    if facts.is_free:
        if facts.highest_cost:
            return [_("Free for some")]
        return [_("Free")]
    if facts.lowest_cost is not None:
        return [_("From %(amount)s") % {"amount": money(facts.lowest_cost)}]
    return []


def day_names() -> dict[str, str]:
    return {
        "MO": _("Mondays"),
        "TU": _("Tuesdays"),
        "WE": _("Wednesdays"),
        "TH": _("Thursdays"),
        "FR": _("Fridays"),
        "SA": _("Saturdays"),
        "SU": _("Sundays"),
    }


def day_reasons(query: SearchQuery, service: Service, facts: SearchFacts) -> list[str]:
    if not query.days:
        return []
    asked = {d.upper()[:2] for d in query.days}
    names = [
        name for day, name in day_names().items() if day in asked and facts.days & DAY_BITS[day]
    ]
    return [_("Runs on %(days)s") % {"days": join_words(names)}] if names else []


def time_reasons(query: SearchQuery, service: Service, facts: SearchFacts) -> list[str]:
    if not query.time_of_day:
        return []
    names = {"morning": _("Mornings"), "afternoon": _("Afternoons"), "evening": _("Evenings")}
    bit = TIME_BITS.get(query.time_of_day, 0)
    return [names[query.time_of_day]] if bit and facts.times & bit else []


def delivery_reasons(query: SearchQuery, service: Service, facts: SearchFacts) -> list[str]:
    if not query.delivery:
        return []
    names = {"in_person": _("In person"), "online": _("Online")}
    bit = DELIVERY_BITS.get(query.delivery, 0)
    return [names[query.delivery]] if bit and facts.delivery & bit else []


def access_reasons(query: SearchQuery, service: Service, facts: SearchFacts) -> list[str]:
    if query.accessible and facts.has_accessibility:
        return [_("Has accessibility information")]
    return []


def _age(value: float) -> str:
    return f"{value:g}"


def age_reasons(query: SearchQuery, service: Service, facts: SearchFacts) -> list[str]:
    if query.age is None:
        return []
    low, high = facts.minimum_age, facts.maximum_age
    if low is not None and high is not None:
        return [_("For ages %(low)s to %(high)s") % {"low": _age(low), "high": _age(high)}]
    if low is not None:
        return [_("For ages %(low)s and over") % {"low": _age(low)}]
    if high is not None:
        return [_("For ages up to %(high)s") % {"high": _age(high)}]
    return [_("Open to all ages")]


def record_reasons(query: SearchQuery, service: Service, facts: SearchFacts) -> list[str]:
    reasons = []
    if query.organization_id and service.organization:
        reasons.append(_("Run by %(organisation)s") % {"organisation": service.organization.name})
    if query.modified_after and facts.last_modified:
        reasons.append(
            _("Updated on %(date)s")
            % {"date": date_format(timezone.localtime(facts.last_modified), "j F Y")}
        )
    if service.status != ServiceStatus.ACTIVE:
        reasons.append(str(service.get_status_display()))
    return reasons


FACT_REASONS = [
    cost_reasons,
    day_reasons,
    time_reasons,
    delivery_reasons,
    access_reasons,
    age_reasons,
    record_reasons,
]


def area_reasons(area: str, kinds: set[str]) -> list[str]:
    shown = " ".join(area.split())
    if PlaceKind.TOWN in kinds:
        return [_("In %(place)s") % {"place": shown}]
    if PlaceKind.POSTCODE in kinds:
        return [_("In %(place)s") % {"place": shown.upper()}]
    if PlaceKind.AREA in kinds:
        return [_("Serves %(place)s") % {"place": shown}]
    return []
