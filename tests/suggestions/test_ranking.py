"""The ranking: each signal, how they combine, hard constraints, fallbacks and query counts."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connecting_people.directory.hsds.interests import term_id_for
from connecting_people.directory.models import (
    CommunityConnector,
    SearchFacts,
    SearchPoint,
    SearchTerm,
)
from connecting_people.directory.models.search import DAY_BITS, DELIVERY_BITS, TIME_BITS
from connecting_people.directory.search.facts import refresh_for_services
from connecting_people.directory.search.facts_rules import unit_vector
from connecting_people.suggestions.profile import (
    GAP_NO_COMPANY,
    GAP_NO_OUTSIDE_SERVICES,
    InterestSignal,
    Profile,
    SkillSignal,
)
from connecting_people.suggestions.ranking import rank, signals
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.ranking.constraints import limits_for, violations
from connecting_people.suggestions.weights import WEIGHTS
from connecting_people.taxonomy.models import InterestCategory
from tests.directory.factories import (
    FeedbackFactory,
    ScheduleFactory,
    ServiceFactory,
    ServiceKnowerFactory,
    TeamServiceFactory,
    in_person,
    with_interests,
)
from tests.factories import TeamFactory, TeamMembershipFactory, UserFactory

TODAY = dt.date(2026, 11, 26)
LEEDS = (53.8008, -1.5491)
IN_PERSON, ONLINE = DELIVERY_BITS["in_person"], DELIVERY_BITS["online"]


def gardening(when: str = "would_like_to_try") -> InterestSignal:
    return InterestSignal(frozenset({"nature-and-gardening"}), "gardening", when)


def cand(**kwargs) -> Candidate:
    kwargs.setdefault("kind", "service")
    kwargs.setdefault("name", "Somewhere")
    kwargs.setdefault("service_id", uuid.uuid4())
    return Candidate(**kwargs)


def ctx(profile: Profile) -> signals.Context:
    return signals.context_for(profile)


def make_service(
    name: str = "A group",
    *,
    description: str = "",
    categories: tuple[str, ...] = (),
    point: tuple[float, float] | None = None,
    **facts,
):
    """A service and its search facts written directly, for exact control of every fact."""
    service = ServiceFactory(name=name, description=description)
    facts.setdefault("delivery", IN_PERSON)
    names = [InterestCategory.objects.get(slug=slug).name for slug in categories]
    facts.setdefault("topics", " | ".join(names))  # as facts_rules.topics_text writes them
    row = SearchFacts.objects.create(
        service=service,
        sort_name=name.casefold(),
        point_count=1 if point else 0,
        **dict(zip("xyz", unit_vector(*point), strict=True)) if point else {},
        **facts,
    )
    if point:
        x, y, z = unit_vector(*point)
        SearchPoint.objects.create(facts=row, latitude=point[0], longitude=point[1], x=x, y=y, z=z)
    for slug in categories:
        category = InterestCategory.objects.get(slug=slug)
        SearchTerm.objects.create(
            facts=row, term_id=uuid.uuid4(), name=category.name, category=category
        )
    return service


# --- each signal -------------------------------------------------------------------------


def test_interest_counts_trying_something_new_most():
    c = cand(name="Gardening club", category_slugs=frozenset({"nature-and-gardening"}))
    scores = {}
    for when in ("would_like_to_try", "used_to", "do_now"):
        profile = Profile(interests=(gardening(when),))
        scores[when], reason = signals.interest(profile, c, ctx(profile))
        assert "gardening" in reason
    assert scores["would_like_to_try"] > scores["used_to"] > scores["do_now"] > 0
    profile = Profile(interests=(gardening(),))
    assert signals.interest(profile, cand(), ctx(profile)) == (0.0, None)
    assert signals.interest(profile, c, ctx(profile))[1] == "You'd like to try gardening"


def test_their_words_are_quoted_only_when_the_candidate_meets_them():
    """Eileen would like to try a tea dance: a computer club in the same kind of activity is
    not "a tea dance", so the kind is named in our words."""
    tea_dance = InterestSignal(frozenset({"social-groups"}), "A tea dance", "would_like_to_try")
    profile = Profile(interests=(tea_dance,))
    names = {"social-groups": "Social groups", "music": "Music"}
    c = signals.context_for(profile, category_names=names)
    club = cand(name="Computer club", category_slugs=frozenset({"social-groups"}))
    assert signals.interest(profile, club, c)[1] == ("Social groups, which you'd like to try")
    dance = cand(name="Wednesday tea dance", category_slugs=frozenset({"social-groups"}))
    assert signals.interest(profile, dance, c)[1] == "You'd like to try a tea dance"
    for when, said in (
        ("do_now", "Music, which you enjoy now"),
        ("used_to", "Music, which you used to enjoy"),
    ):
        singing = Profile(interests=(InterestSignal(frozenset({"music"}), "singing", when),))
        band = cand(name="Brass band", category_slugs=frozenset({"music"}))
        c = signals.context_for(singing, category_names=names)
        assert signals.interest(singing, band, c)[1] == said
    silent = Profile(interests=(InterestSignal(frozenset({"music"}), "", "do_now"),))
    assert signals.interest(silent, cand(category_slugs=frozenset({"music"})), ctx(silent))[1] == (
        "Music, which you enjoy now"  # no names known: the slug's words
    )


@pytest.mark.django_db
def test_rank_names_the_kind_of_activity_from_the_taxonomy():
    make_service("Computer club", categories=("social-groups", "digital-and-gaming"))
    tea_dance = InterestSignal(frozenset({"social-groups"}), "A tea dance", "would_like_to_try")
    (club,) = rank(Profile(interests=(tea_dance,)), team_id=None, today=TODAY)
    name = InterestCategory.objects.get(slug="social-groups").name
    assert club.reasons[0] == f"{name}, which you'd like to try"


def test_text_says_the_words_they_used_once_each_not_stems():
    profile = Profile(what_matters="Dancing on Tuesdays somewhere, and dance classes")
    c = cand(name="Dance class", description="Tuesday dancing somewhere in town")
    score, reason = signals.text(profile, c, ctx(profile))
    assert reason == "Mentions things you talked about: classes, dancing"
    assert score == 2 * WEIGHTS["text_per_word"]  # dance and dancing are one word; class another


def test_text_overlap_ignores_stop_words_and_plurals():
    profile = Profile(what_matters="I would like to get back to the allotments")
    c = cand(name="Allotment friends", description="Come and grow with us")
    score, reason = signals.text(profile, c, ctx(profile))
    assert score == WEIGHTS["text_per_word"]
    assert "allotment" in reason
    assert signals.text(profile, cand(name="The group would like you"), ctx(profile))[0] == 0


def test_skills_find_somewhere_to_share_them():
    teacher = Profile(skills=(SkillSignal("knitting", would_teach=True),))
    shy = Profile(skills=(SkillSignal("knitting", would_teach=False),))
    c = cand(category_slugs=frozenset({"volunteering"}))  # volunteering, not for knitting
    assert signals.skills(teacher, c, ctx(teacher))[0] == WEIGHTS["skills_any"]
    assert signals.skills(shy, c, ctx(shy))[0] == WEIGHTS["skills_any"]
    assert not signals.uses_their_skills(teacher, c, ctx(teacher))  # not a fit by itself
    knitters = cand(category_slugs=frozenset({"volunteering"}), description="Knitting for all")
    assert signals.skills(teacher, knitters, ctx(teacher))[0] == WEIGHTS["skills_would_teach"]
    assert signals.skills(shy, knitters, ctx(shy))[0] == WEIGHTS["skills_share"]
    assert signals.uses_their_skills(shy, knitters, ctx(shy))
    worded = cand(description="We need volunteers to help")
    assert signals.skills(teacher, worded, ctx(teacher))[0] > 0
    assert signals.skills(Profile(), c, ctx(Profile()))[0] == 0
    any_class = cand(category_slugs=frozenset({"learning"}), description="Spanish for beginners")
    assert signals.skills(teacher, any_class, ctx(teacher))[0] == 0  # nowhere for knitting
    knit = cand(category_slugs=frozenset({"learning"}), description="Knitting for beginners")
    assert signals.skills(teacher, knit, ctx(teacher))[0] == WEIGHTS["skills_would_teach"]
    lunch = cand(category_slugs=frozenset({"food-and-cooking"}), description="Share a meal")
    assert signals.skills(teacher, lunch, ctx(teacher))[0] == 0  # asks for no one's skills


def test_skills_match_on_their_subject_not_generic_words():
    """'Showing beginners how to knit' is about knitting: a beginners' Spanish class, or one
    that would show someone round, is no place for it."""
    p = Profile(skills=(SkillSignal("Showing beginners how to knit, for someone new", True),))
    assert ctx(p).skill_words == frozenset({"knit"})
    for text in ("Spanish for beginners", "We show someone new round", "Someone to chat to"):
        c = cand(category_slugs=frozenset({"learning"}), description=text)
        assert signals.skills(p, c, ctx(p))[0] == 0, text
    knitting = cand(category_slugs=frozenset({"arts-and-crafts"}), description="Knitting circle")
    assert signals.skills(p, knitting, ctx(p))[0] == WEIGHTS["skills_would_teach"]


def test_cost_prefers_free_more_when_money_is_a_barrier():
    money = Profile(barriers=frozenset({"money"}))
    free = cand(is_free=True)
    assert signals.cost(money, free, ctx(money)) == (WEIGHTS["cost_free_money_barrier"], "Free")
    assert signals.cost(Profile(), free, ctx(Profile()))[0] == WEIGHTS["cost_free"]
    assert signals.cost(Profile(), cand(lowest_cost=3.0), ctx(Profile()))[0] > 0
    assert signals.cost(Profile(), cand(lowest_cost=30.0), ctx(Profile()))[0] < 0
    assert signals.cost(Profile(), cand(), ctx(Profile())) == (0.0, None)


def test_distance_closer_is_better():
    p = Profile(point=LEEDS)
    near, reason = signals.distance(p, cand(distance_km=2.2), ctx(p))
    far, _ = signals.distance(p, cand(distance_km=12), ctx(p))
    assert near > far > 0
    assert reason == "About 2 km away"
    assert signals.distance(p, cand(distance_km=0.3), ctx(p))[1] == "Less than 1 km away"
    assert signals.distance(p, cand(delivery=ONLINE), ctx(p))[0] > 0
    assert signals.distance(p, cand(), ctx(p)) == (0.0, None)


def test_days_and_times_when_free():
    p = Profile(free_days=frozenset({"TU"}), free_times=frozenset({"morning"}))
    fits = cand(days=DAY_BITS["TU"] | DAY_BITS["FR"], times=TIME_BITS["morning"])
    score, reason = signals.when(p, fits, ctx(p))
    assert score == WEIGHTS["days_fit"] + WEIGHTS["times_fit"]
    assert reason == "Tuesday mornings, when you're free"
    misses = cand(days=DAY_BITS["SA"], times=TIME_BITS["evening"])
    assert signals.when(p, misses, ctx(p))[0] == WEIGHTS["days_miss"] + WEIGHTS["times_miss"]
    assert signals.when(p, cand(), ctx(p)) == (0.0, None)  # not known: neither way
    assert signals.when(Profile(), fits, ctx(Profile())) == (0.0, None)


def test_access_counts_only_when_needed():
    p = Profile(barriers=frozenset({"physical-health-or-access"}))  # no feature named
    assert signals.access(p, cand(has_accessibility=True), ctx(p))[0] > 0
    assert signals.access(Profile(), cand(has_accessibility=True), ctx(Profile()))[0] == 0


def test_small_groups_when_groups_are_a_worry():
    worried = Profile(barriers=frozenset({"worry-about-groups"}))
    quiet = cand(description="A small, quiet group that meets weekly")
    assert signals.small_group(worried, quiet, ctx(worried))[0] == WEIGHTS["small_group"]
    assert signals.small_group(Profile(), quiet, ctx(Profile()))[0] == 0
    assert signals.small_group(worried, cand(description="Big crowd"), ctx(worried))[0] == 0


def test_someone_to_go_along_is_strong_when_wanted():
    c = cand(go_along=["Sam"])
    wanting = Profile(wants_company_first_time=True)
    score, reason = signals.go_along(wanting, c, ctx(wanting))
    assert score == WEIGHTS["go_along_wanted"]
    assert reason == "Sam from the team knows it and could go along with you"
    confidence = Profile(barriers=frozenset({"confidence"}))
    assert signals.go_along(confidence, c, ctx(confidence))[0] == WEIGHTS["go_along_wanted"]
    assert signals.go_along(Profile(), c, ctx(Profile()))[0] == WEIGHTS["go_along"]
    assert signals.go_along(wanting, cand(), ctx(wanting))[0] == 0


def test_already_been_pushes_down():
    c = cand()
    p = Profile(already=frozenset({c.service_id}))
    assert signals.already(p, c, ctx(p))[0] == WEIGHTS["already"]
    assert signals.already(Profile(), c, ctx(Profile()))[0] == 0


def test_how_others_fared():
    p = Profile()
    score, reason = signals.fared(p, cand(kept_going=3, went_well=3), ctx(p))
    assert score == pytest.approx(min(WEIGHTS["fared_most"], 3 * 0.5 + 3 * 0.3))
    assert reason == "3 people from the team go regularly"
    assert signals.fared(p, cand(not_for_them=2), ctx(p))[0] < 0
    assert signals.fared(p, cand(kept_going=50), ctx(p))[0] == WEIGHTS["fared_most"]


def test_freshness_warns_when_not_checked_for_a_while():
    p = Profile()
    overdue = cand(team_uses=True, check_due_on=TODAY - dt.timedelta(days=1))
    score, reason = signals.fresh(p, overdue, ctx(p), TODAY)
    assert score == WEIGHTS["fresh_overdue"]
    assert reason == "Not checked for a while — worth a call first"
    checked = cand(team_uses=True, check_due_on=TODAY + dt.timedelta(days=30))
    assert signals.fresh(p, checked, ctx(p), TODAY) == (0.0, None)
    assert signals.fresh(p, cand(team_uses=True), ctx(p), TODAY)[0] < 0
    assert signals.fresh(p, cand(), ctx(p), TODAY)[0] == WEIGHTS["fresh_not_used_by_team"]
    no_team = signals.context_for(p, has_team=False)
    assert signals.fresh(p, cand(), no_team, TODAY) == (0.0, None)


def test_gaps_in_the_network():
    p = Profile(network_gaps=frozenset({GAP_NO_COMPANY, GAP_NO_OUTSIDE_SERVICES}))
    social = cand(category_slugs=frozenset({"social-groups"}))
    clinic = cand(category_slugs=frozenset({"peer-support"}), topics="Mental health")
    assert signals.gaps(p, social, ctx(p))[0] == pytest.approx(
        WEIGHTS["gap_company"] + WEIGHTS["gap_outside_services"]
    )
    assert signals.gaps(p, clinic, ctx(p))[0] == 0
    assert signals.gaps(Profile(), social, ctx(Profile()))[0] == 0


def test_popular_only_without_interests():
    liked = cand(kept_going=2)
    assert signals.popular(Profile(), liked, ctx(Profile()))[0] > 0
    p = Profile(interests=(gardening(),))
    assert signals.popular(p, liked, ctx(p))[0] == 0


def test_contributions_sum_to_the_score():
    p = Profile(interests=(gardening(),), barriers=frozenset({"money"}), point=LEEDS)
    c = cand(
        name="Community garden",
        category_slugs=frozenset({"nature-and-gardening"}),
        is_free=True,
        distance_km=1.5,
        kept_going=1,
        team_uses=True,
    )
    score, contributions, reasons = signals.score(p, c, ctx(p), TODAY)
    assert score == pytest.approx(sum(contributions.values()))
    assert set(contributions) >= {"interest", "cost", "distance", "fared", "fresh"}
    assert reasons["interest"] == "You'd like to try gardening"


# --- hard constraints -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "candidate", "broken"),
    [
        (Profile(barriers=frozenset({"money"})), cand(is_free=False), "cost"),
        (Profile(age=15), cand(minimum_age=18), "age"),
        (Profile(age=70), cand(maximum_age=25), "age"),
        (Profile(in_person=False), cand(delivery=IN_PERSON), "online"),
        (Profile(online=False), cand(delivery=ONLINE), "in_person"),
        (
            Profile(needs_accessibility=True),
            cand(access_features=frozenset({"hearing_loop"})),
            "access",
        ),
        (
            Profile(barriers=frozenset({"time"}), free_days=frozenset({"MO"})),
            cand(days=DAY_BITS["TU"]),
            "days",
        ),
        (Profile(point=LEEDS, max_travel_km=3), cand(distance_km=8), "distance"),
        (Profile(point=LEEDS, max_travel_km=3), cand(), "distance"),
    ],
)
def test_each_hard_constraint(profile, candidate, broken):
    limits = limits_for(profile, free_only=False, near_km=None)
    assert broken in violations(profile, limits, candidate)


def test_online_services_are_not_too_far():
    p = Profile(point=LEEDS, max_travel_km=3)
    limits = limits_for(p, free_only=False, near_km=None)
    assert violations(p, limits, cand(delivery=ONLINE | IN_PERSON, distance_km=80)) == []
    assert violations(p, limits, cand(distance_km=2)) == []


def test_days_are_soft_unless_time_is_a_barrier():
    p = Profile(free_days=frozenset({"MO"}))
    limits = limits_for(p, free_only=False, near_km=None)
    assert violations(p, limits, cand(days=DAY_BITS["TU"])) == []


# --- the whole ranking, from the database ----------------------------------------------------


@pytest.mark.django_db
def test_empty_directory_gives_nothing():
    assert rank(Profile(interests=(gardening(),)), team_id=None) == []


@pytest.mark.django_db
def test_order_combines_the_signals():
    make_service("Garden club", categories=("nature-and-gardening",), is_free=True)
    make_service("Choir", categories=("music",), is_free=True)
    make_service("Paid garden course", categories=("nature-and-gardening",), lowest_cost=40)
    ranked = rank(Profile(interests=(gardening(),)), team_id=None, today=TODAY)
    assert [r.name for r in ranked] == ["Garden club", "Paid garden course"]
    first = ranked[0]
    assert first.reasons[0] == "You'd like to try gardening"
    assert "Free" in first.reasons
    assert first.score == pytest.approx(sum(first.contributions.values()))
    assert all(r.violations == [] for r in ranked)


@pytest.mark.django_db
def test_hard_constraints_filter_in_the_database():
    make_service("Free and near", is_free=True, point=LEEDS)
    make_service("Paid", lowest_cost=10, point=LEEDS)
    make_service("Far", is_free=True, point=(51.5, -0.12))
    make_service("Closed", is_free=True, point=LEEDS, is_active=False)
    make_service("Adults", is_free=True, point=LEEDS, minimum_age=18)
    profile = Profile(barriers=frozenset({"money"}), point=LEEDS, max_travel_km=5, age=16)
    assert [r.name for r in rank(profile, team_id=None)] == ["Free and near"]


@pytest.mark.django_db
def test_area_without_a_point():
    service = ServiceFactory(name="In Otley")
    in_person(service, city="Otley")
    other = ServiceFactory(name="In Leeds")
    in_person(other, city="Leeds")
    refresh_for_services([service.id, other.id])
    ranked = rank(Profile(area="Otley"), team_id=None)
    assert [r.name for r in ranked] == ["In Otley"]


@pytest.mark.django_db
def test_from_real_directory_records_with_team_knowledge():
    team = TeamFactory()
    service = ServiceFactory(name="Tuesday walkers", description="A small friendly walk")
    with_interests(service, "sport-and-movement")
    ScheduleFactory(service=service, byday="TU")
    refresh_for_services([service.id])
    entry = TeamServiceFactory(team=team, service=service, last_checked_on=TODAY)
    sam = TeamMembershipFactory(team=team, user=UserFactory(name="Sam Jones")).user
    ServiceKnowerFactory(entry=entry, user=sam, can_go_along=True)
    FeedbackFactory(entry=entry, kept_going=True)
    FeedbackFactory(entry=entry, kept_going=True)
    FeedbackFactory(entry=entry, kept_going=True)
    profile = Profile(
        interests=(InterestSignal(frozenset({"sport-and-movement"}), "walking", "used_to"),),
        wants_company_first_time=True,
        free_days=frozenset({"TU"}),
    )
    (walk,) = rank(profile, team_id=team.pk, today=TODAY)
    assert walk.reasons[0] == "You used to enjoy walking — a chance to pick it up again"
    assert "Sam from the team knows it and could go along with you" in walk.reasons
    assert "3 people from the team go regularly" in walk.reasons
    assert walk.contributions["when"] == WEIGHTS["days_fit"]  # Tuesdays, when they are free
    assert term_id_for("sport-and-movement")  # the interest came through the real terms


@pytest.mark.django_db
def test_overdue_check_is_always_said():
    team = TeamFactory()
    service = make_service("Old club", categories=("music",))
    TeamServiceFactory(team=team, service=service, last_checked_on=TODAY - dt.timedelta(400))
    music = InterestSignal(frozenset({"music"}), "singing", "do_now")
    (old,) = rank(Profile(interests=(music,)), team_id=team.pk, today=TODAY)
    assert old.reasons[-1] == "Not checked for a while — worth a call first"
    assert old.contributions["fresh"] < 0


@pytest.mark.django_db
def test_connectors_of_the_team_are_suggested():
    team = TeamFactory()
    maureen = CommunityConnector.objects.create(
        team=team, kind="person", name="Maureen (Tuesday walks)", offers="Walks",
        can_go_along=True, latitude=LEEDS[0], longitude=LEEDS[1],
    )  # fmt: skip
    maureen.interests.add(InterestCategory.objects.get(slug="nature-and-gardening"))
    connector = CommunityConnector.objects.create
    connector(team=TeamFactory(), kind="person", name="Not ours", offers="x")
    connector(team=team, kind="group", name="Gone", offers="x", is_active=False)
    profile = Profile(interests=(gardening(),), point=LEEDS, wants_company_first_time=True)
    (found,) = rank(profile, team_id=team.pk, today=TODAY)
    assert (found.kind, found.connector_id) == ("connector", maureen.pk)
    assert "Happy to go along with you the first time" in found.reasons
    hidden = replace(profile, connectors_hidden=frozenset({maureen.pk}))
    assert rank(hidden, team_id=team.pk, today=TODAY) == []


@pytest.mark.django_db
def test_hidden_and_already():
    been = make_service("Been", categories=("music",))
    hidden = make_service("Hidden", categories=("music",))
    make_service("New", categories=("music",))
    music = InterestSignal(frozenset({"music"}), "music", "do_now")
    profile = Profile(
        interests=(music,), already=frozenset({been.id}), hidden=frozenset({hidden.id})
    )
    assert [r.name for r in rank(profile, team_id=None)] == ["New", "Been"]


@pytest.mark.django_db
def test_no_interests_falls_back_to_what_others_liked():
    team = TeamFactory()
    liked = make_service("Liked")
    make_service("Unknown")
    entry = TeamServiceFactory(team=team, service=liked, last_checked_on=TODAY)
    FeedbackFactory(entry=entry, kept_going=True)
    ranked = rank(Profile(), team_id=team.pk, today=TODAY)
    assert ranked[0].name == "Liked"
    assert ranked[0].reasons[0] == (
        "You haven't said what you enjoy yet, so these are what others have liked"
    )
    assert "popular" in ranked[0].contributions


@pytest.mark.django_db
def test_free_only_near_km_and_this_week_options():
    weekly = [
        make_service("Free weekly", is_free=True, point=LEEDS, days=DAY_BITS["MO"]),
        make_service("Paid", lowest_cost=Decimal(3), point=LEEDS, days=DAY_BITS["MO"]),
        make_service("Far free", is_free=True, point=(53.96, -1.08), days=DAY_BITS["MO"]),
    ]
    for service in weekly:
        ScheduleFactory(service=service, byday="MO")
    make_service("Free someday", is_free=True, point=LEEDS)
    p = Profile(point=LEEDS)
    names = {r.name for r in rank(p, team_id=None, free_only=True, near_km=5, this_week=True)}
    assert names == {"Free weekly"}


@pytest.mark.django_db
def test_limit():
    for n in range(5):
        make_service(f"Group {n}", categories=("music",))
    music = InterestSignal(frozenset({"music"}), "music", "do_now")
    assert len(rank(Profile(interests=(music,)), team_id=None, limit=3)) == 3


def _queries_for(count: int, team) -> int:
    music = InterestSignal(frozenset({"music"}), "music", "do_now")
    for n in range(count):
        s = make_service(f"Band {count}-{n}", categories=("music",), point=LEEDS)
        entry = TeamServiceFactory(team=team, service=s)
        ServiceKnowerFactory(entry=entry, can_go_along=True)
        FeedbackFactory(entry=entry)
    CommunityConnector.objects.create(team=team, kind="person", name=f"C{count}", offers="x")
    profile = Profile(interests=(music,), point=LEEDS, skills=(SkillSignal("x", False),))
    with CaptureQueriesContext(connection) as queries:
        found = rank(profile, team_id=team.pk, limit=100)
    assert len(found) >= count
    return len(queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_directory():
    """Six: categories and places, the services, the whole directory nearest first (the box
    around them holds fewer than CANDIDATES_PER_SOURCE), the team's knowledge, its connectors,
    and how often the chosen ones run. (test_ranking_sources has the count for each case.)"""
    assert _queries_for(5, TeamFactory()) == _queries_for(50, TeamFactory()) == 6


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Helping out at a repair café", "helping out at a repair café"),
        ("A tea dance", "a tea dance"),
        ("gardening", "gardening"),
        ("Watching Riverside Rovers", "Watching Riverside Rovers"),
        ("BBC quiz nights", "BBC quiz nights"),
        ("Arsenal", "Arsenal"),
        ("", ""),
    ],
)
def test_their_words_read_naturally_inside_a_sentence(typed, said):
    from connecting_people.suggestions.ranking.signals import in_sentence

    assert in_sentence(typed) == said


def test_words_only_in_what_it_is_listed_under_are_said_as_that_kind():
    """A book club listed under "Reading and writing" is not "write poetry"; a term whose name
    has their word is named as what it is listed under, and counted once."""
    poetry = InterestSignal(frozenset({"reading-and-writing"}), "write poetry", "would_like_to_try")
    profile = Profile(interests=(poetry,))
    names = {"reading-and-writing": "Reading and writing"}
    c = signals.context_for(profile, category_names=names)
    books = cand(
        name="Page Turners",
        description="We read a novel a month.",
        topics="Book clubs | Reading and writing",
        category_slugs=frozenset({"reading-and-writing"}),
    )
    score, reason = signals.interest(profile, books, c)
    assert reason == "Reading and writing, which you'd like to try"
    assert score == WEIGHTS["interest_would_like_to_try"] + WEIGHTS["text_per_word"]  # "write"
    assert signals.text(profile, books, c) == (0.0, None)
    cafe = Profile(what_matters="somewhere with a cafe")
    listed = cand(name="Hub", description="Open to all.", topics="Cafes | Social groups and clubs")
    assert signals.text(cafe, listed, ctx(cafe)) == (
        WEIGHTS["text_per_word"],
        "Listed under Cafes, which you talked about",
    )


@pytest.mark.django_db
def test_handy_is_not_a_fit_for_someone_who_said_what_they_enjoy():
    """A free choir round the corner is no idea for a gardener: left out, not put last. With
    no interests recorded, it may be one."""
    make_service("Garden club", categories=("nature-and-gardening",), is_free=True)
    make_service("Choir", categories=("music",), is_free=True)
    gardener = rank(Profile(interests=(gardening(),)), team_id=None, today=TODAY)
    assert [r.name for r in gardener] == ["Garden club"]
    nobody_yet = rank(Profile(), team_id=None, today=TODAY)
    assert {r.name for r in nobody_yet} == {"Garden club", "Choir"}


@pytest.mark.django_db
def test_company_where_their_network_has_none_is_a_fit_though_not_an_interest():
    make_service("Garden club", categories=("nature-and-gardening",), is_free=True)
    make_service("Coffee morning", categories=("social-groups",), is_free=True)
    alone = Profile(interests=(gardening(),), network_gaps=frozenset({"no_company"}))
    assert [r.name for r in rank(alone, team_id=None, today=TODAY)] == [
        "Garden club",
        "Coffee morning",
    ]
