"""Barriers on the plan the ranking takes, "near", connectors and access, who could go along,
how people fared with connectors, and which suggestions are marked as not checked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connecting_people.directory.models import CommunityConnector
from connecting_people.suggestions.models import NotForMeReason
from connecting_people.suggestions.models import SuggestionStatus as S
from connecting_people.suggestions.profile import InterestSignal, Profile
from connecting_people.suggestions.ranking import rank, signals
from connecting_people.suggestions.ranking.constraints import limits_for, not_known, violations
from connecting_people.suggestions.weights import WEIGHTS
from connecting_people.taxonomy.models import InterestCategory
from tests.directory.factories import ServiceKnowerFactory, TeamServiceFactory
from tests.factories import PersonFactory, TeamFactory, TeamMembershipFactory, UserFactory
from tests.suggestions.factories import SuggestionFactory
from tests.suggestions.test_ranking import (
    IN_PERSON,
    LEEDS,
    ONLINE,
    TODAY,
    cand,
    make_service,
)

FAR = (53.96, -1.08)  # about 29 km from LEEDS
MUSIC = InterestSignal(frozenset({"music"}), "singing", "do_now")


def _limits(profile: Profile, **options):
    options.setdefault("free_only", False)
    options.setdefault("near_km", None)
    return limits_for(profile, **options)


def _connector(team, name="Maureen", *, where=LEEDS, slug="music", **kwargs):
    latitude, longitude = where if where else (None, None)
    connector = CommunityConnector.objects.create(
        team=team, kind="person", name=name, offers="Sings", latitude=latitude,
        longitude=longitude, **kwargs,
    )  # fmt: skip
    connector.interests.add(InterestCategory.objects.get(slug=slug))
    return connector


# --- 'not checked for a while' is said, and marked, only as a warning -----------------------


@pytest.mark.django_db
def test_unchecked_only_when_the_warning_is_said():
    team = TeamFactory()
    overdue = make_service("Overdue", categories=("music",))
    TeamServiceFactory(team=team, service=overdue, last_checked_on=TODAY - dt.timedelta(400))
    fine = make_service("Checked", categories=("music",))
    TeamServiceFactory(team=team, service=fine, last_checked_on=TODAY)
    make_service("Not used by the team", categories=("music",))
    _connector(team, "Late connector", last_checked_on=TODAY - dt.timedelta(400))
    found = {r.name: r for r in rank(Profile(interests=(MUSIC,)), team_id=team.pk, today=TODAY)}
    assert found["Overdue"].unchecked
    assert found["Late connector"].unchecked
    assert not found["Checked"].unchecked
    unused = found["Not used by the team"]
    assert unused.contributions["fresh"] == WEIGHTS["fresh_not_used_by_team"] < 0
    assert not unused.unchecked  # a small penalty, never said: not "not checked"
    assert all("Not checked" not in reason for reason in unused.reasons)


# --- barriers on the plan -----------------------------------------------------------------


def test_digital_access_rules_out_online_only_and_online_is_no_excuse():
    p = Profile(point=LEEDS, max_travel_km=3, barriers=frozenset({"digital-access"}))
    limits = _limits(p)
    assert "in_person" in violations(p, limits, cand(delivery=ONLINE))
    assert "distance" in violations(p, limits, cand(delivery=ONLINE | IN_PERSON, distance_km=30))
    assert violations(p, limits, cand(delivery=ONLINE | IN_PERSON, distance_km=2)) == []
    nowhere = Profile(barriers=frozenset({"digital-access"}))
    c = signals.context_for(nowhere)
    assert signals.distance(nowhere, cand(delivery=ONLINE | IN_PERSON), c) == (0.0, None)
    assert signals.distance(Profile(), cand(delivery=ONLINE), signals.context_for(Profile()))[0]


@pytest.mark.django_db
def test_digital_access_in_the_database_too():
    make_service("Zoom choir", categories=("music",), delivery=ONLINE)
    make_service("Hall choir", categories=("music",), point=LEEDS)
    make_service("Far hybrid choir", categories=("music",), point=FAR, delivery=ONLINE | IN_PERSON)
    base = Profile(interests=(MUSIC,), point=LEEDS, max_travel_km=5)
    assert {r.name for r in rank(base, team_id=None)} == {
        "Zoom choir",
        "Hall choir",
        "Far hybrid choir",
    }
    digital = Profile(interests=(MUSIC,), point=LEEDS, max_travel_km=5,
                      barriers=frozenset({"digital-access"}))  # fmt: skip
    assert [r.name for r in rank(digital, team_id=None)] == ["Hall choir"]


@pytest.mark.django_db
def test_physical_access_ranks_what_is_not_known_below_for_services_and_connectors():
    """Physical access as a barrier with no feature named: a service with access recorded is
    known to fit; one with nothing recorded, and a connector with nothing recorded, are kept
    below it and said to be not known (connectors are no longer exempt)."""
    team = TeamFactory()
    make_service("Steps only", categories=("music",), point=LEEDS)
    make_service("Step-free", categories=("music",), point=LEEDS, has_accessibility=True)
    _connector(team, "Maureen")
    p = Profile(interests=(MUSIC,), point=LEEDS, barriers=frozenset({"physical-health-or-access"}))
    ranked = rank(p, team_id=team.pk, today=TODAY)
    assert ranked[0].name == "Step-free"
    assert ranked[0].contributions["access"] == WEIGHTS["accessible"]
    assert ranked[0].not_known == []
    assert {r.name for r in ranked[1:]} == {"Steps only", "Maureen"}
    for later in ranked[1:]:
        assert later.not_known == ["access"]
        assert "Access not known: worth a call before going" in later.reasons
    limits = _limits(p)
    connector = cand(kind="connector", connector_id=1, service_id=None)
    assert violations(p, limits, connector) == []
    assert not_known(limits, connector) == ["access"]
    recorded = cand(kind="connector", connector_id=1, service_id=None, access_known=True)
    assert not_known(limits, recorded) == []


def test_soft_barriers():
    quiet = cand(description="A small, welcoming group")
    for barrier in ("self-stigma", "worry-about-groups"):
        p = Profile(barriers=frozenset({barrier}))
        assert signals.small_group(p, quiet, signals.context_for(p))[0] == WEIGHTS["small_group"]
    language = Profile(barriers=frozenset({"language"}))
    go = cand(go_along=["Sam"])
    assert (
        signals.go_along(language, go, signals.context_for(language))[0]
        == (WEIGHTS["go_along_wanted"])
    )
    caring = Profile(barriers=frozenset({"caring-responsibilities"}), free_days=frozenset({"MO"}))
    tuesday = cand(days=1 << 1)
    assert violations(caring, _limits(caring), tuesday) == []  # soft: not ruled out
    assert signals.when(caring, tuesday, signals.context_for(caring))[0] < 0


def test_welcoming_is_found_in_a_description_as_a_small_group_word():
    worried = Profile(barriers=frozenset({"worry-about-groups"}))
    c = cand(description="Everyone is welcome here")
    assert signals.small_group(worried, c, signals.context_for(worried))[0] > 0


# --- near: in person, nearby -------------------------------------------------------------


@pytest.mark.django_db
def test_near_means_in_person_nearby():
    team = TeamFactory()
    make_service("Hall choir", categories=("music",), point=LEEDS)
    make_service("Zoom choir", categories=("music",), delivery=ONLINE)
    make_service("Far hybrid choir", categories=("music",), point=FAR, delivery=ONLINE | IN_PERSON)
    _connector(team, "Maureen")
    _connector(team, "Nowhere in particular", where=None)
    _connector(team, "Far away", where=FAR)
    p = Profile(interests=(MUSIC,), point=LEEDS)
    everything = {r.name for r in rank(p, team_id=team.pk, today=TODAY)}
    assert "Zoom choir" in everything
    assert "Nowhere in particular" in everything
    near = {r.name for r in rank(p, team_id=team.pk, today=TODAY, near_km=5)}
    assert near == {"Hall choir", "Maureen"}


def test_near_without_a_point_still_leaves_out_online_only_and_unlocated_connectors():
    p = Profile(area="Otley")
    limits = _limits(p, near_km=5)
    assert "in_person" in violations(p, limits, cand(delivery=ONLINE))
    unlocated = cand(kind="connector", service_id=None, connector_id=1)
    assert violations(p, limits, unlocated) == ["distance"]
    located = cand(kind="connector", service_id=None, connector_id=2, located=True)
    assert violations(p, limits, located) == []


# --- who could go along ------------------------------------------------------------------


@pytest.mark.django_db
def test_go_along_names_only_active_members_of_the_team_and_never_an_email():
    team = TeamFactory()
    music = InterestSignal(frozenset({"music"}), "singing", "do_now")
    cases = {}
    for label in ("member", "left the team", "inactive", "no name"):
        service = make_service(f"Choir ({label})", categories=("music",))
        entry = TeamServiceFactory(team=team, service=service, last_checked_on=TODAY)
        user = UserFactory(name="" if label == "no name" else f"Alex {label.title()}")
        if label != "left the team":
            TeamMembershipFactory(team=team, user=user)
        if label == "inactive":
            user.is_active = False
            user.save()
        ServiceKnowerFactory(entry=entry, user=user, can_go_along=True)
        cases[label] = service.name
    ranked = {r.name: r for r in rank(Profile(interests=(music,)), team_id=team.pk, today=TODAY)}
    member = ranked[cases["member"]].reasons
    assert "Alex from the team knows it and could go along with you" in member
    assert "go_along" not in ranked[cases["left the team"]].contributions
    assert "go_along" not in ranked[cases["inactive"]].contributions
    unnamed = ranked[cases["no name"]].reasons
    assert "Someone from the team knows it and could go along with you" in unnamed
    assert not any("@" in reason for r in ranked.values() for reason in r.reasons)


# --- how people fared with connectors ----------------------------------------------------


@pytest.mark.django_db
def test_connector_outcomes_feed_how_others_fared_in_the_same_query():
    team = TeamFactory()
    maureen = _connector(team, "Maureen")
    outcomes = [
        (S.GOING_REGULARLY, ""),
        (S.GOING_REGULARLY, ""),
        (S.TRIED, ""),
        (S.NOT_FOR_ME, NotForMeReason.TRIED_DID_NOT_LIKE),
        (S.NOT_FOR_ME, NotForMeReason.TOO_FAR),  # says nothing about Maureen
        (S.SUGGESTED, ""),
    ]
    for status, reason in outcomes:
        SuggestionFactory(person=PersonFactory(team=team), service=None, connector=maureen,
                          status=status, reason=reason)  # fmt: skip
    other = TeamFactory()  # another team's people say nothing to this team
    SuggestionFactory(person=PersonFactory(team=other), service=None, connector=maureen,
                      status=S.GOING_REGULARLY)  # fmt: skip
    p = Profile(interests=(MUSIC,), point=LEEDS)
    with CaptureQueriesContext(connection) as queries:
        (found,) = rank(p, team_id=team.pk, today=TODAY)
    assert found.connector_id == maureen.pk
    expected = 2 * WEIGHTS["fared_went_well"] + 2 * WEIGHTS["fared_kept_going"]
    assert found.contributions["fared"] == pytest.approx(expected + WEIGHTS["fared_not_for_them"])
    assert "2 people from the team go regularly" in found.reasons
    quiet = TeamFactory()
    _connector(quiet, "Quiet")
    with CaptureQueriesContext(connection) as without:
        (plain,) = rank(p, team_id=quiet.pk, today=TODAY)
    assert "fared" not in plain.contributions
    assert len(queries) == len(without)
