"""Property: whatever the profile, nothing returned breaks a barrier or preference it states.

A small directory is generated once per test (every combination of the facts that matter);
hypothesis then draws profiles and checks each returned service against the rules, read
straight from the facts rather than through the ranking's own `violations`.
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from connecting_people.directory.fit import ACCESS_BITS, AUDIENCE_BITS, MUST_SLUGS
from connecting_people.directory.models import SearchFacts
from connecting_people.directory.models.search import DAY_BITS, DELIVERY_BITS, TIME_BITS
from connecting_people.suggestions.profile import InterestSignal, Profile
from connecting_people.suggestions.ranking import rank
from tests.suggestions.test_ranking import LEEDS, make_service

CATEGORIES = ("music", "nature-and-gardening", "social-groups")
POINTS = (LEEDS, (53.83, -1.60), (53.96, -1.08), None)  # 0, ~4.5, ~29 km, no point
ONLINE, IN_PERSON = DELIVERY_BITS["online"], DELIVERY_BITS["in_person"]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


profiles = st.builds(
    Profile,
    interests=st.lists(
        st.builds(
            InterestSignal,
            category_slugs=st.frozensets(st.sampled_from(CATEGORIES), max_size=2),
            words=st.sampled_from(["singing", "gardening", "", "meeting people"]),
            when=st.sampled_from(["used_to", "do_now", "would_like_to_try"]),
        ),
        max_size=2,
    ).map(tuple),
    barriers=st.frozensets(
        st.sampled_from(
            [
                "money",
                "time",
                "transport-or-distance",
                "confidence",
                "digital-access",
                "physical-health-or-access",
            ]
        ),
        max_size=3,
    ),
    point=st.sampled_from([None, LEEDS]),
    max_travel_km=st.sampled_from([None, 2.0, 10.0]),
    free_days=st.frozensets(st.sampled_from(list(DAY_BITS)), max_size=2),
    free_times=st.frozensets(st.sampled_from(list(TIME_BITS)), max_size=1),
    in_person=st.booleans(),
    online=st.booleans(),
    needs_accessibility=st.booleans(),
    age=st.sampled_from([None, 16, 40, 80]),
    age_band=st.sampled_from(["", "18_24", "65_74"]),
    musts=st.one_of(st.none(), st.frozensets(st.sampled_from(MUST_SLUGS))),
    max_cost=st.sampled_from([None, 0.0, 3.0, 5.0]),
    circumstances=st.sampled_from([frozenset(), frozenset({"women"})]),
)
# Which must each barrier stands for while the person never chose (written out here again).
BARRIER_MUSTS = {
    "money": "cost",
    "transport-or-distance": "distance",
    "time": "when",
    "digital-access": "delivery",
    "physical-health-or-access": "access",
}
STEP_FREE, HEARING_LOOP = ACCESS_BITS["step_free"], ACCESS_BITS["hearing_loop"]


def musts(profile: Profile) -> set[str]:
    if profile.musts is not None:
        return set(profile.musts)
    found = {BARRIER_MUSTS[b] for b in profile.barriers if b in BARRIER_MUSTS}
    return found | ({"access"} if profile.needs_accessibility else set())


def ages(profile: Profile) -> tuple[float, float]:
    if profile.age is not None:
        return (profile.age, profile.age)
    return {"18_24": (18, 24), "65_74": (65, 74)}.get(profile.age_band, (18, 130))


class HardConstraintsHold(TestCase):
    @classmethod
    def setUpTestData(cls):
        combos = itertools.product(
            (True, False),  # free
            (IN_PERSON, ONLINE, IN_PERSON | ONLINE),
            (0, HEARING_LOOP, STEP_FREE | HEARING_LOOP),  # access features recorded
            POINTS,
        )
        for n, (free, delivery, access, point) in enumerate(combos):
            make_service(
                f"Service {n}",
                categories=(CATEGORIES[n % 3],),
                is_free=free,
                lowest_cost=None if free else (4 if n % 3 else None),
                delivery=delivery,
                has_accessibility=bool(access),
                access_known=bool(access),
                access_features=access,
                audience=AUDIENCE_BITS["women"] if n % 4 == 0 else 0,
                point=point,
                days=DAY_BITS[list(DAY_BITS)[n % 7]],
                times=1 << (n % 3),
                minimum_age=18 if n % 5 == 0 else None,
                maximum_age=30 if n % 7 == 0 else None,
                is_active=n % 11 != 0,
            )
        cls.facts = {f.service_id: f for f in SearchFacts.objects.prefetch_related("points")}

    @given(profile=profiles, free_only=st.booleans(), near_km=st.sampled_from([None, 5.0]))
    def test_nothing_returned_breaks_a_stated_barrier(self, profile, free_only, near_km):
        hard = musts(profile)
        chosen = profile.musts is not None
        ranked = rank(profile, team_id=None, limit=200, free_only=free_only, near_km=near_km)
        tiers = [bool(r.not_known) for r in ranked]
        assert tiers == sorted(tiers), "a not-known suggestion above one known to fit"
        for r in ranked:
            assert r.violations == []
            f = self.facts[r.service_id]
            assert f.is_active
            if free_only or ("cost" in hard and not profile.max_cost):
                assert f.is_free
            elif "cost" in hard:
                known = f.lowest_cost is not None and f.lowest_cost <= profile.max_cost
                assert f.is_free or known
            if "access" in hard:
                needs = STEP_FREE if profile.needs_accessibility else 0
                if needs:
                    assert f.access_features & needs == needs or (
                        f.access_features == 0 and "access" in r.not_known
                    )
                else:
                    assert f.access_known or "access" in r.not_known
            assert not f.audience or f.audience & sum(
                AUDIENCE_BITS[a] for a in profile.circumstances
            )
            low, high = ages(profile)
            assert f.minimum_age is None or f.minimum_age <= high
            assert f.maximum_age is None or f.maximum_age >= low
            if (f.minimum_age is not None and f.minimum_age > low) or (
                f.maximum_age is not None and f.maximum_age < high
            ):
                assert "age" in r.not_known
            delivery_hard = "delivery" in hard or not chosen
            if delivery_hard and profile.online and not profile.in_person:
                assert f.delivery & ONLINE
            if (delivery_hard and profile.in_person and not profile.online) or near_km:
                assert f.delivery != ONLINE
            if "digital-access" in profile.barriers and not chosen:
                assert f.delivery != ONLINE
            if "when" in hard and profile.free_days:
                assert f.days & sum(DAY_BITS[d] for d in profile.free_days)
            if "when" in hard and profile.free_times:
                assert f.times & sum(TIME_BITS[t] for t in profile.free_times)
            own = profile.max_travel_km if ("distance" in hard or not chosen) else None
            limits = [k for k in (own, near_km) if k is not None]
            if not limits and "distance" in hard and "transport-or-distance" in profile.barriers:
                limits = [5.0]
            online = profile.online and "digital-access" not in profile.barriers
            online = online and near_km is None  # near: in person, nearby
            if profile.point and limits and not (online and f.delivery & ONLINE):
                points = [(p.latitude, p.longitude) for p in f.points.all()]
                assert points, r.name
                assert min(_km(profile.point, p) for p in points) <= min(limits) + 1e-6


@pytest.mark.django_db
def test_generated_directory_is_not_all_filtered_out():
    """The property is not empty: an unconstrained profile sees running services."""
    HardConstraintsHold.setUpTestData()
    assert len(rank(Profile(), team_id=None, limit=500)) == sum(
        1
        for f in HardConstraintsHold.facts.values()
        if f.is_active and not f.audience and (f.maximum_age is None or f.maximum_age >= 18)
    )
