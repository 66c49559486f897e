"""Candidates carry the directory's access, audience and group-size facts (issue 17)."""

from __future__ import annotations

import pytest

from connecting_people.directory.fit import ACCESS_BITS, AUDIENCE_BITS
from connecting_people.directory.models import CommunityConnector
from connecting_people.suggestions.profile import Profile
from connecting_people.suggestions.ranking.candidates import (
    categories_for,
    connector_candidates,
    service_candidates,
)
from connecting_people.suggestions.ranking.constraints import limits_for
from tests.directory.factories import TeamServiceFactory
from tests.factories import TeamFactory
from tests.suggestions.test_ranking import make_service

pytestmark = pytest.mark.django_db


def _services(profile: Profile, team_id: int | None) -> dict[str, object]:
    limits = limits_for(profile, free_only=False, near_km=None)
    found = service_candidates(profile, limits, team_id, categories=categories_for(()))
    return {c.name: c for c in found}


def test_service_candidates_carry_access_audience_and_the_team_s_group_size() -> None:
    team = TeamFactory()
    cafe = make_service(
        "Carers' café",
        access_features=ACCESS_BITS["step_free"] | ACCESS_BITS["hearing_loop"],
        access_known=True,
        audience=AUDIENCE_BITS["carers"],
    )
    make_service("Two steps", access_known=True)
    make_service("Nothing said")
    TeamServiceFactory(team=team, service=cafe, group_size="small")
    carer = Profile(circumstances=frozenset({"carers"}))  # else a carers' café is filtered out
    found = _services(carer, team.pk)
    carers = found["Carers' café"]
    assert carers.access_features == {"step_free", "hearing_loop"}
    assert carers.access_known
    assert carers.audience == {"carers"}
    assert carers.group_size == "small"
    assert (found["Two steps"].access_features, found["Two steps"].access_known) == (
        frozenset(),
        True,
    )
    assert found["Nothing said"].access_known is False
    assert found["Nothing said"].group_size == ""
    assert _services(carer, None)["Carers' café"].group_size == ""  # no team, no entry
    assert "Carers' café" not in _services(Profile(), team.pk)  # only for carers


def test_connector_candidates_carry_their_group_size_and_access() -> None:
    team = TeamFactory()
    CommunityConnector.objects.create(
        team=team,
        kind="person",
        name="Maureen",
        offers="Walks",
        group_size="one_to_one",
        access_features="step_free,seating,made_up",
    )
    CommunityConnector.objects.create(team=team, kind="person", name="Ade", offers="Chess")
    found = {c.name: c for c in connector_candidates(Profile(), team.pk)}
    assert found["Maureen"].group_size == "one_to_one"
    assert found["Maureen"].access_features == {"step_free", "seating"}
    assert found["Maureen"].access_known
    assert (found["Ade"].group_size, found["Ade"].access_known) == ("", False)
