"""Where candidates come from (their words as a source, the team's, near first), what the team
knows counting fully only for what fits, what is already in their network, and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connecting_people.directory.models import CommunityConnector
from connecting_people.directory.models.search import DELIVERY_BITS
from connecting_people.directory.search.facts import refresh_for_services
from connecting_people.suggestions.profile import (
    GAP_NO_COMPANY,
    GAP_NO_OUTSIDE_SERVICES,
    InterestSignal,
    Profile,
    SkillSignal,
)
from connecting_people.suggestions.ranking import rank, signals
from connecting_people.suggestions.ranking.constraints import limits_for
from connecting_people.suggestions.ranking.sources import NEARBY_KM, Sources, enough_km
from connecting_people.suggestions.ranking.words import MAX_SEARCH_TERMS, name_key, search_terms
from connecting_people.suggestions.weights import (
    CANDIDATES_PER_SOURCE,
    GAP_SHARE_WITH_INTERESTS,
    TEAM_KNOWLEDGE_UNFIT,
    WEIGHTS,
)
from tests.directory.factories import (
    FeedbackFactory,
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    ServiceKnowerFactory,
    TeamServiceFactory,
    in_person,
)
from tests.factories import TeamFactory
from tests.suggestions.test_ranking import LEEDS, TODAY, cand, make_service

WOODWORK = InterestSignal(frozenset({"arts-and-crafts"}), "woodturning", "used_to")
ONLINE = DELIVERY_BITS["online"]


# --- their words -----------------------------------------------------------------------------


def test_search_terms_keep_their_telling_words_only():
    said = search_terms("I would really like to try the woodturning again", "Gardening, gardening!")
    assert said == ("woodturning", "gardening")
    assert search_terms("Café culture") == ("cafe", "culture")
    assert search_terms("a to be or") == ()
    many = " ".join(f"word{n}x" for n in range(20))
    assert len(search_terms(many)) == MAX_SEARCH_TERMS
    # Only plain words reach the full-text query: no quotes, brackets, stars or colons.
    assert search_terms('"quoted" OR (NEAR*) and:this') == ("quoted", "near")


def test_name_key_ignores_case_spaces_the_and_punctuation():
    assert name_key("  The Tuesday  Walkers ") == name_key("tuesday walkers") == "tuesday walkers"
    assert name_key("St Anne's Choir") == name_key("st annes choir")
    assert name_key("The") == ""


def _crowd(n: int) -> None:
    """`n` services at Leeds that say nothing of woodwork, before anything else is made."""
    for k in range(n):
        make_service(f"Near {k}", point=LEEDS, description="A friendly group")


def _worded(name: str, description: str) -> None:
    """A service at Leeds, indexed as a refresh indexes it (words included), not filed under
    any of their kinds of interest."""
    service = ServiceFactory(name=name, description=description)
    ServiceAtLocationFactory(service=service, location=LocationFactory())
    refresh_for_services([service.id])


@pytest.mark.django_db
def test_their_words_bring_in_what_no_category_or_distance_would():
    _crowd(CANDIDATES_PER_SOURCE + 10)  # the nearest are all these
    _worded("Lathe evenings", "Woodturning for beginners")
    _worded("The like club", "Something for people who would like to try")  # only stop words
    ranked = rank(Profile(interests=(WOODWORK,), point=LEEDS), team_id=None, today=TODAY)
    names = [r.name for r in ranked]
    assert names[0] == "Lathe evenings"
    assert "The like club" not in names
    assert "Mentions things you talked about: woodturning" in ranked[0].reasons


@pytest.mark.django_db
def test_without_their_words_it_would_not_have_been_found():
    _crowd(CANDIDATES_PER_SOURCE + 10)
    _worded("Lathe evenings", "Woodturning for beginners")
    silent = InterestSignal(frozenset({"arts-and-crafts"}), "", "used_to")
    ranked = rank(Profile(interests=(silent,), point=LEEDS), team_id=None, limit=500)
    assert "Lathe evenings" not in {r.name for r in ranked}


# --- what the team knows counts fully only for what fits ------------------------------------


def _known(**kwargs):
    return cand(go_along=["Sam"], kept_going=2, went_well=2, team_uses=True, **kwargs)


def test_team_knowledge_counts_fully_for_what_fits_an_interest_or_a_gap():
    profile = Profile(
        interests=(WOODWORK,), network_gaps=frozenset({GAP_NO_COMPANY, GAP_NO_OUTSIDE_SERVICES})
    )
    ctx = signals.context_for(profile)
    fits = _known(category_slugs=frozenset({"arts-and-crafts"}))
    social = _known(category_slugs=frozenset({"social-groups"}))  # the company gap
    other = _known(category_slugs=frozenset({"sport-and-movement"}))  # only "outside services"
    full = signals.score(profile, fits, ctx, TODAY)[1]
    gap = signals.score(profile, social, ctx, TODAY)[1]
    scaled = signals.score(profile, other, ctx, TODAY)[1]
    go_along = signals.go_along(profile, fits, ctx)[0]
    fared = signals.fared(profile, fits, ctx)[0]
    assert full["go_along"] == gap["go_along"] == go_along
    assert full["fared"] == gap["fared"] == fared
    assert scaled["go_along"] == pytest.approx(go_along * TEAM_KNOWLEDGE_UNFIT)
    assert scaled["fared"] == pytest.approx(fared * TEAM_KNOWLEDGE_UNFIT)
    # The gap itself is not scaled for what the team knows, only as a tie-breaker (interests).
    assert scaled["gaps"] == pytest.approx(
        WEIGHTS["gap_outside_services"] * GAP_SHARE_WITH_INTERESTS
    )


def test_team_knowledge_scaling_covers_freshness_and_popularity():
    overdue = {"check_due_on": TODAY - dt.timedelta(days=1)}
    no_interests = Profile()
    ctx = signals.context_for(no_interests)
    _total, contributions, reasons = signals.score(no_interests, _known(**overdue), ctx, TODAY)
    assert contributions["fresh"] == pytest.approx(WEIGHTS["fresh_overdue"] * TEAM_KNOWLEDGE_UNFIT)
    assert reasons["fresh"] == "Not checked for a while — worth a call first"  # still said
    popular = signals.popular(no_interests, _known(), ctx)[0]
    assert contributions["popular"] == pytest.approx(popular * TEAM_KNOWLEDGE_UNFIT)
    skilled = Profile(skills=(SkillSignal("joinery", would_teach=True),))
    shed = _known(description="Joinery and repairs in the shed", **overdue)
    fits = signals.score(skilled, shed, signals.context_for(skilled), TODAY)[1]
    assert fits["fresh"] == WEIGHTS["fresh_overdue"]  # fits their skill: counts fully


def test_score_still_sums_with_scaled_signals():
    profile = Profile(interests=(WOODWORK,), network_gaps=frozenset({GAP_NO_OUTSIDE_SERVICES}))
    c = _known(category_slugs=frozenset({"sport-and-movement"}), is_free=True, distance_km=2.0)
    total, contributions, _reasons = signals.score(profile, c, signals.context_for(profile), TODAY)
    assert total == pytest.approx(sum(contributions.values()))


def test_skills_need_volunteering_sharing_words_or_their_own_skill():
    teacher = Profile(skills=(SkillSignal("joinery", would_teach=True),))
    ctx = signals.context_for(teacher)
    assert signals.skills(teacher, cand(category_slugs=frozenset({"learning"})), ctx)[0] == 0
    class_ = cand(category_slugs=frozenset({"learning"}), description="Joinery for beginners")
    assert signals.skills(teacher, class_, ctx)[0] == WEIGHTS["skills_would_teach"]
    assert signals.skills(teacher, cand(category_slugs=frozenset({"volunteering"})), ctx)[0] > 0


# --- already in their network ----------------------------------------------------------------


def test_a_connection_by_that_name_is_already_in_their_network():
    profile = Profile(network_labels=frozenset({" the Tuesday walkers"}))
    ctx = signals.context_for(profile)
    found = signals.already(profile, cand(name="Tuesday Walkers"), ctx)
    assert found == (WEIGHTS["already"], "Already in your network")
    connector = cand(kind="connector", name="The Tuesday walkers", service_id=None, connector_id=3)
    assert signals.already(profile, connector, ctx)[0] == WEIGHTS["already"]
    assert signals.already(profile, cand(name="Tuesday walkers club"), ctx) == (0.0, None)
    tried = cand(name="Tuesday Walkers")
    both = Profile(network_labels=profile.network_labels, already=frozenset({tried.service_id}))
    assert signals.already(both, tried, signals.context_for(both))[1] == "You've already been"


@pytest.mark.django_db
def test_already_in_their_network_is_pushed_down_and_said():
    make_service("Tuesday Walkers", categories=("sport-and-movement",), point=LEEDS)
    make_service("Thursday Walkers", categories=("sport-and-movement",), point=LEEDS)
    walking = InterestSignal(frozenset({"sport-and-movement"}), "walking", "do_now")
    profile = Profile(
        interests=(walking,), point=LEEDS, network_labels=frozenset({"tuesday walkers"})
    )
    first, second = rank(profile, team_id=None, today=TODAY)
    assert (first.name, second.name) == ("Thursday Walkers", "Tuesday Walkers")
    assert second.contributions["already"] == WEIGHTS["already"]
    assert second.reasons[-1] == "Already in your network"


# --- near first, the team's, and query counts -----------------------------------------------


def test_the_nearest_are_looked_for_in_the_smallest_box_that_holds_enough():
    counted = ((5.0, 3000), (2.5, 1200), (1.25, 400))
    assert enough_km(10, counted, 1000) == 2.5
    assert enough_km(10, counted, 2000) == 5.0
    assert enough_km(10, counted, 5000) == 10
    assert enough_km(10, (), 1000) == 10


def test_fallback_looks_further_only_when_the_box_held_too_few():
    n = CANDIDATES_PER_SOURCE
    free = Profile(point=LEEDS)
    sources = Sources(free, limits_for(free, free_only=False, near_km=None), None, [], ())
    assert sources.fallback(n) == []
    assert len(sources.fallback(n - 1)) == 1  # the whole directory, nearest first
    shrunk = Sources(
        free, limits_for(free, free_only=False, near_km=None), None, [], (),
        nearby=((5.0, 50_000), (2.5, 20_000), (1.25, 10_000)),
    )  # fmt: skip
    assert shrunk.near_km == 1.25
    assert len(shrunk.fallback(n - 1)) == 1  # the full box
    bounded = Profile(point=LEEDS, max_travel_km=NEARBY_KM / 2)
    limited = Sources(bounded, limits_for(bounded, free_only=False, near_km=None), None, [], ())
    assert limited.fallback(0) == []  # their own limit: nowhere further to look
    anywhere = Profile()
    nowhere = Sources(anywhere, limits_for(anywhere, free_only=False, near_km=None), None, [], ())
    assert nowhere.fallback(0) == []  # no point: nothing is nearer than anything


@pytest.mark.django_db
def test_the_team_services_far_away_are_left_out_near_a_point():
    """With enough near them (so the whole directory is not looked through), the team's
    services further than NEARBY_KM are left out, unless they can be joined online."""
    _crowd(CANDIDATES_PER_SOURCE)
    team = TeamFactory()
    far = make_service("Far", point=(53.96, -1.08))  # about 36 km
    online = make_service("Online", delivery=ONLINE)
    for service in (far, online):
        TeamServiceFactory(team=team, service=service, last_checked_on=TODAY)
    found = {r.name for r in rank(Profile(point=LEEDS), team_id=team.pk, limit=500)}
    assert "Online" in found
    assert "Far" not in found
    anywhere = {r.name for r in rank(Profile(), team_id=team.pk, limit=500)}
    assert {"Far", "Online"} <= anywhere


def _count(profile: Profile, team_id: int | None, **options) -> int:
    with CaptureQueriesContext(connection) as queries:
        rank(profile, team_id=team_id, today=TODAY, **options)
    return len(queries)


@pytest.mark.django_db
def test_query_counts_are_fixed_whatever_the_directory_holds():
    """Categories and places (1), the services (1), the team's knowledge (1), its connectors
    (1), how often the chosen services run (1); one more where the box around them held too
    few and nothing limits how far; one more for "this week"."""
    team = TeamFactory()
    CommunityConnector.objects.create(team=team, kind="person", name="Maureen", offers="Walks")
    in_leeds = ServiceFactory(name="In Leeds")
    in_person(in_leeds, city="Leeds")
    refresh_for_services([in_leeds.id])
    TeamServiceFactory(team=team, service=in_leeds)
    music = InterestSignal(frozenset({"music"}), "singing", "do_now")
    near = Profile(interests=(music,), point=LEEDS)
    limited = Profile(interests=(music,), point=LEEDS, max_travel_km=5)
    for size in (3, 30):
        for n in range(size):
            s = make_service(f"Band {size}-{n}", categories=("music",), point=LEEDS)
            entry = TeamServiceFactory(team=team, service=s)
            ServiceKnowerFactory(entry=entry, can_go_along=True)
            FeedbackFactory(entry=entry)
        assert _count(near, team.pk) == 6
        assert _count(limited, team.pk) == 5
        assert _count(limited, team.pk, this_week=True) == 5  # none on: no "how often"
        assert _count(limited, None) == 3
        assert _count(Profile(area="Leeds"), team.pk) == 5
