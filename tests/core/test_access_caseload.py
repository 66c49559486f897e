"""Who sees which caseload (core/access/caseload.py): the caseload page, a team's report, and the
teams people may be brought into. Each refusal is a 404 and, where it says so, audited."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from connecting_people.core import access
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people.models import Person
from tests.plans.factories import PersonFactory


def _request(user, team=None):
    request = RequestFactory().get("/")
    request.user = user
    request.team = team
    return request


@pytest.fixture
def people(cast):
    """Two people in the team (one the practitioner's own), one in the other team."""
    return {
        "own": PersonFactory(team=cast.team, keyworker=cast.practitioner),
        "colleague": PersonFactory(team=cast.team, keyworker=cast.team_lead),
        "other": PersonFactory(team=cast.other_team, keyworker=cast.both_teams),
    }


def _pks(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_caseload_of_the_team_is_everyone_in_the_team_being_worked_in(cast, people):
    shown = access.caseload(_request(cast.practitioner, cast.team), Person.objects.all())
    assert _pks(shown) == {people["own"].pk, people["colleague"].pk}


def test_caseload_mine_is_the_people_they_keywork_in_any_of_their_teams(cast, people):
    shown = access.caseload(_request(cast.both_teams, cast.team), Person.objects.all(), mine=True)
    assert _pks(shown) == {people["other"].pk}


def test_caseload_never_shows_a_team_they_are_not_in(cast, people):
    """Even if the team being worked in were somehow another's, the records rule still holds."""
    shown = access.caseload(_request(cast.practitioner, cast.other_team), Person.objects.all())
    assert _pks(shown) == set()


def test_caseload_without_a_team_is_nobody(cast, people):
    assert _pks(access.caseload(_request(cast.outsider), Person.objects.all())) == set()


def test_team_report_is_of_the_team_being_worked_in_and_audited(cast):
    assert access.team_report_for(_request(cast.practitioner, cast.team), report="network") == (
        cast.team
    )
    viewed = AuditEvent.objects.get(action=AuditAction.VIEWED)
    assert viewed.detail == {"report": "network"}


def test_team_report_without_a_team_is_refused_and_audited(cast):
    with pytest.raises(Http404):
        access.team_report_for(_request(cast.outsider), report="network")
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED).count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.VIEWED).exists()


def test_team_working_in_without_a_team_is_404(cast):
    assert access.team_working_in(_request(cast.practitioner, cast.team)) == cast.team
    with pytest.raises(Http404):
        access.team_working_in(_request(cast.outsider))


def test_people_are_brought_only_into_teams_they_work_in(cast):
    request = _request(cast.both_teams)
    teams = access.teams_to_add_people(request)
    assert set(teams) == {cast.team, cast.other_team}
    assert access.team_to_add_people(request, teams, pk=cast.other_team.pk) == cast.other_team
    with pytest.raises(Http404):
        access.team_to_add_people(request, teams, pk=cast.elsewhere_team.pk)
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED).count() == 1


@pytest.mark.parametrize("who", ["outsider", "org_admin", "evaluator"])
def test_no_one_outside_a_team_may_bring_people_in(cast, who):
    with pytest.raises(Http404):
        access.teams_to_add_people(_request(getattr(cast, who)))
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED).count() == 1
