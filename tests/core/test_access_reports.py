"""Report scopes and disclosure rules (core/access/reports.py): who may see which team's or
organisation's report, and how much of it."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from connecting_people.core import access
from connecting_people.core.models import AuditAction, AuditEvent


def _request(user, team=None, **query):
    request = RequestFactory().get("/", query)
    request.user = user
    request.team = team
    return request


def _values(user):
    return [s.value for s in access.report_scopes_for(user)]


def test_report_scopes_for_practitioner_is_their_team_only(cast):
    assert _values(cast.practitioner) == [f"team-{cast.team.pk}"]


def test_report_scopes_for_team_lead_adds_the_whole_organisation(cast):
    org = cast.organisation
    assert _values(cast.team_lead) == [f"team-{cast.team.pk}", f"organisation-{org.pk}"]


@pytest.mark.parametrize("who", ["evaluator", "org_admin"])
def test_report_scopes_for_evaluator_and_admin_is_every_team_and_the_whole(cast, who):
    scopes = access.report_scopes_for(getattr(cast, who))
    assert [s.value for s in scopes] == [
        f"team-{cast.team.pk}",
        f"team-{cast.other_team.pk}",
        f"organisation-{cast.organisation.pk}",
    ]
    assert scopes[-1].team_ids == {cast.team.pk, cast.other_team.pk}
    assert scopes[-1].is_organisation
    assert not scopes[0].is_organisation


@pytest.mark.parametrize("who", ["outsider", None])
def test_report_scopes_for_outsider_and_anonymous_is_nothing(cast, who):
    user = getattr(cast, who) if who else AnonymousUser()
    assert access.report_scopes_for(user) == []


def test_report_scope_for_defaults_to_the_team_worked_in(cast):
    scopes = access.report_scopes_for(cast.team_lead)
    request = _request(cast.team_lead, team=cast.team)
    assert access.report_scope_for(request, scopes, report="r").target == cast.team


def test_report_scope_for_another_team_is_not_found_and_audited(cast):
    scopes = access.report_scopes_for(cast.practitioner)
    request = _request(cast.practitioner, scope=f"team-{cast.other_team.pk}")
    with pytest.raises(Http404):
        access.report_scope_for(request, scopes, report="r")
    refused = AuditEvent.objects.get(action=AuditAction.REFUSED)
    assert refused.detail == {"scope": f"team-{cast.other_team.pk}", "report": "r"}


def _scope(user, target):
    return next(s for s in access.report_scopes_for(user) if s.target == target)


def test_disclosure_for_a_member_of_the_team_is_everything(cast):
    shown = access.disclosure_for(cast.team_lead, _scope(cast.team_lead, cast.team))
    assert not shown.coarse
    assert not shown.all_time
    assert not shown.research_only
    assert shown.period(dt.date(2026, 4, 3), None) == {"since": dt.date(2026, 4, 3), "until": None}


def test_disclosure_for_a_lead_beyond_their_team_is_coarse_and_all_time(cast):
    shown = access.disclosure_for(cast.team_lead, _scope(cast.team_lead, cast.organisation))
    assert shown.coarse
    assert shown.all_time
    assert not shown.research_only
    assert shown.period(dt.date(2026, 4, 3), dt.date(2026, 5, 3)) == {"since": None, "until": None}


def test_disclosure_for_an_admin_is_coarse_and_all_time(cast):
    shown = access.disclosure_for(cast.org_admin, _scope(cast.org_admin, cast.team))
    assert shown.coarse
    assert shown.all_time
    assert not shown.research_only


def test_disclosure_for_an_evaluator_is_whole_months_and_research_only(cast):
    shown = access.disclosure_for(cast.evaluator, _scope(cast.evaluator, cast.team))
    assert shown.coarse
    assert not shown.all_time
    assert shown.research_only
    assert shown.period(dt.date(2026, 2, 10), dt.date(2026, 2, 11)) == {
        "since": dt.date(2026, 2, 1),
        "until": dt.date(2026, 2, 28),
    }


def test_whole_organisation_is_there_only_when_the_reader_may_see_it(cast):
    lead_scopes = access.report_scopes_for(cast.team_lead)
    team = _scope(cast.team_lead, cast.team)
    assert access.whole_organisation(team, lead_scopes).target == cast.organisation
    mine = access.report_scopes_for(cast.practitioner)
    assert access.whole_organisation(mine[0], mine) is None


def test_team_ids_shown_leaves_out_the_whole_organisation(cast):
    scopes = access.report_scopes_for(cast.team_lead)
    assert access.team_ids_shown(scopes) == {cast.team.pk}
