"""The labelled personas: read, checked, and turned into profiles.

Two sets: the tuning set (eval/personas.json, the 61 the ranking has been developed against)
and the held-out set (eval/held_out.json, 26 people written and labelled exhaustively by
labellers who saw no ranking output, before the ranking changes of 2026-12-08, and never tuned
on; eval/README.md tells their history). Both use one format; issue 17 added access needs,
group sizes, the most they would pay, musts (absent or null = never chosen: the barriers decide),
circumstances and an age band (used when there is no age), in `directory.fit`'s slugs.

Each persona says what a person told us (interests, what matters, skills, open barriers, where
they are and how far they will go, when they are free, in person or online, access needs, age,
gaps in their network) and, judged by hand from the demo directory before looking at any
ranking, which demo services would suit them: `relevant` maps a service's name to 2 (a great
fit) or 1 (acceptable). Names, not ids: the demo's names are stable across builds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from connecting_people.directory.fit import (
    ACCESS_FEATURES,
    AGE_BAND_SLUGS,
    AUDIENCES,
    GROUP_SIZE_SLUGS,
    MUST_SLUGS,
)

ACCESS_SLUGS = tuple(t.slug for t in ACCESS_FEATURES)
AUDIENCE_SLUGS = tuple(t.slug for t in AUDIENCES)

EVAL_FOLDER = Path(__file__).resolve().parents[4] / "eval"
DEFAULT_PATH = TUNING_PATH = EVAL_FOLDER / "personas.json"
HELD_OUT_PATH = EVAL_FOLDER / "held_out.json"
WHENS = {"used_to", "do_now", "would_like_to_try"}
DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
TIMES = {"morning", "afternoon", "evening"}
BARRIERS = {
    "confidence",
    "trying-new-things",
    "self-stigma",
    "stigma-from-others",
    "worry-about-groups",
    "low-mood-or-motivation",
    "money",
    "time",
    "transport-or-distance",
    "caring-responsibilities",
    "external-relationships",
    "physical-health-or-access",
    "digital-access",
    "language",
}
GAPS = {"no_outside_services", "no_company", "no_emotional_support"}
CATEGORIES = {
    "arts-and-crafts",
    "music",
    "sport-and-movement",
    "nature-and-gardening",
    "learning",
    "volunteering",
    "faith-and-belief",
    "peer-support",
    "social-groups",
    "food-and-cooking",
    "digital-and-gaming",
    "work-and-training",
    "animals",
    "reading-and-writing",
    "film-and-performance",
    "heritage-and-local-history",
}
KEYS = {
    "key",
    "about",
    "interests",
    "what_matters",
    "skills",
    "barriers",
    "point",
    "area",
    "max_travel_km",
    "free_days",
    "free_times",
    "in_person",
    "online",
    "needs_accessibility",
    "prefers_small_groups",
    "wants_company_first_time",
    "age",
    "network_gaps",
    "relevant",
    "access_needs",
    "group_sizes",
    "max_cost",
    "musts",
    "circumstances",
    "age_band",
}
SLUG_LISTS = {
    "access_needs": ACCESS_SLUGS,
    "group_sizes": GROUP_SIZE_SLUGS,
    "musts": MUST_SLUGS,
    "circumstances": AUDIENCE_SLUGS,
}


@dataclass(frozen=True)
class Persona:
    key: str
    about: str
    data: dict[str, Any]
    relevant: dict[str, int] = field(default_factory=dict)


class PersonaError(ValueError):
    pass


def load(path: Path = DEFAULT_PATH) -> list[Persona]:
    """Every persona in the file, checked; PersonaError says what is wrong and where."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    personas = [check(entry) for entry in raw["personas"]]
    keys = [p.key for p in personas]
    if len(set(keys)) != len(keys):
        raise PersonaError("two personas share a key")
    return personas


def check(entry: dict[str, Any]) -> Persona:
    """One persona, checked field by field (unknown fields are mistakes, not extras)."""
    key = entry.get("key") or "?"

    def fail(message: str) -> PersonaError:
        return PersonaError(f"persona {key}: {message}")

    unknown = set(entry) - KEYS
    if unknown:
        raise fail(f"unknown fields {sorted(unknown)}")
    for interest in entry.get("interests", []):
        if interest.get("when") not in WHENS:
            raise fail(f"interest 'when' must be one of {sorted(WHENS)}")
        if not set(interest.get("categories", [])) <= CATEGORIES:
            raise fail(f"unknown categories {set(interest['categories']) - CATEGORIES}")
    for name, allowed in (
        ("barriers", BARRIERS),
        ("free_days", DAYS),
        ("free_times", TIMES),
        ("network_gaps", GAPS),
    ):
        if not set(entry.get(name, [])) <= allowed:
            raise fail(f"unknown {name} {set(entry[name]) - allowed}")
    for name, slugs in SLUG_LISTS.items():
        if not set(entry.get(name) or []) <= set(slugs):
            raise fail(f"unknown {name} {set(entry[name]) - set(slugs)}")
    if entry.get("age_band", "") not in ("", *AGE_BAND_SLUGS):
        raise fail(f"age_band must be one of {list(AGE_BAND_SLUGS)}")
    cost = entry.get("max_cost")
    sum_given = isinstance(cost, int | float) and not isinstance(cost, bool)
    if cost is not None and (not sum_given or cost < 0):
        raise fail("max_cost is a sum of at least 0, or null for any")
    point = entry.get("point")
    if point is not None and (len(point) != 2 or not all(isinstance(v, float) for v in point)):
        raise fail("point must be [latitude, longitude]")
    if not (entry.get("in_person", True) or entry.get("online", False)):
        raise fail("wants neither in person nor online")
    relevant = entry.get("relevant", {})
    if any(grade not in (1, 2) for grade in relevant.values()):
        raise fail("relevance grades are 1 or 2")
    return Persona(key=key, about=entry.get("about", ""), data=entry, relevant=dict(relevant))


def profile_of(persona: Persona) -> Any:
    """The ranking's Profile for a persona: no database, no person behind it."""
    from connecting_people.suggestions.profile import InterestSignal, Profile, SkillSignal

    d = persona.data
    return Profile(
        person_id=None,
        interests=tuple(
            InterestSignal(
                category_slugs=frozenset(i.get("categories", [])),
                words=i.get("words", ""),
                when=i["when"],
            )
            for i in d.get("interests", [])
        ),
        what_matters=d.get("what_matters", ""),
        skills=tuple(
            SkillSignal(words=s["words"], would_teach=s.get("would_teach", False))
            for s in d.get("skills", [])
        ),
        barriers=frozenset(d.get("barriers", [])),
        point=tuple(d["point"]) if d.get("point") else None,
        area=d.get("area", ""),
        max_travel_km=d.get("max_travel_km"),
        free_days=frozenset(d.get("free_days", [])),
        free_times=frozenset(d.get("free_times", [])),
        in_person=d.get("in_person", True),
        online=d.get("online", False),
        needs_accessibility=d.get("needs_accessibility", False),
        prefers_small_groups=d.get("prefers_small_groups", False),
        wants_company_first_time=d.get("wants_company_first_time", False),
        age=d.get("age"),
        access_needs=frozenset(d.get("access_needs") or ()),
        group_sizes=frozenset(d.get("group_sizes") or ()),
        max_cost=d.get("max_cost"),
        musts=None if d.get("musts") is None else frozenset(d["musts"]),
        circumstances=frozenset(d.get("circumstances") or ()),
        age_band=d.get("age_band", "") if d.get("age") is None else "",
        network_gaps=frozenset(d.get("network_gaps", [])),
        already=frozenset(),
        hidden=frozenset(),
        connectors_hidden=frozenset(),
    )
