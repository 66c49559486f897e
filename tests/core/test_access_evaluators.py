"""Evaluator reach (core/access/evaluators.py): the organisations they may export, and the teams
whose counts they may open."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from connecting_people.core import access
from connecting_people.core.models import AuditAction, AuditEvent


def _request(user, working_in=None, **query):
    request = RequestFactory().get("/", query)
    request.user = user
    request.team = working_in
    return request


def test_evaluated_organisations_is_theirs_for_an_evaluator(cast):
    assert access.evaluated_organisations(cast.evaluator) == [cast.organisation]


@pytest.mark.parametrize("who", ["practitioner", "team_lead", "org_admin", "outsider"])
def test_evaluated_organisations_is_none_for_anyone_else(cast, who):
    assert access.evaluated_organisations(getattr(cast, who)) == []


def test_evaluated_organisations_is_none_for_an_inactive_evaluator(cast):
    cast.evaluator.is_active = False
    assert access.evaluated_organisations(cast.evaluator) == []


@pytest.mark.parametrize(
    ("who", "team", "allowed"),
    [
        ("practitioner", "team", True),
        ("practitioner", "other_team", False),
        ("evaluator", "other_team", True),
        ("evaluator", "elsewhere_team", False),
        ("org_admin", "team", False),
        ("outsider", "team", False),
    ],
)
def test_may_see_team_counts(cast, who, team, allowed):
    assert access.may_see_team_counts(getattr(cast, who), getattr(cast, team)) is allowed


def test_sees_team_as_member_only_for_members(cast):
    assert access.sees_team_as_member(cast.practitioner, cast.team)
    assert not access.sees_team_as_member(cast.evaluator, cast.team)


def test_counts_team_for_is_the_team_worked_in_by_default(cast):
    request = _request(cast.practitioner, working_in=cast.team)
    assert access.counts_team_for(request, report="r") == cast.team


def test_counts_team_for_an_evaluator_opens_any_team_of_theirs(cast):
    request = _request(cast.evaluator, **{"team": str(cast.other_team.pk)})
    assert access.counts_team_for(request, report="r") == cast.other_team


@pytest.mark.parametrize("wanted", ["other_team", "elsewhere_team", "nonsense", "none"])
def test_counts_team_for_anything_else_is_not_found_and_audited(cast, wanted):
    team = getattr(cast, wanted, None)
    query = {} if wanted == "none" else {"team": str(team.pk) if team else "x1"}
    request = _request(cast.practitioner, **query)
    with pytest.raises(Http404):
        access.counts_team_for(request, report="r")
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED).count() == 1
