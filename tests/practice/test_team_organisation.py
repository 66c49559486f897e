"""The organisation's teams side by side: who may see it, and the small-number rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.network.models import Connection
from connecting_people.practice.team_page import organisation
from connecting_people.practice.team_page.periods import last_quarter
from tests.plans.factories import GoalFactory, PersonFactory

TODAY = dt.date(2026, 12, 7)
LAST_QUARTER = dt.date(2026, 8, 15)


def test_small_counts_show_as_fewer_than_five_only_beyond_the_readers_teams():
    assert organisation.shown(0, coarse=True) == "0"
    assert organisation.shown(1, coarse=True) == "fewer than 5"
    assert organisation.shown(4, coarse=True) == "fewer than 5"
    assert organisation.shown(5, coarse=True) == "5"
    assert organisation.shown(3, coarse=False) == "3"


def _people(team, n, *, name="Person"):
    return [PersonFactory(team=team, preferred_name=f"{name} {i}") for i in range(n)]


def _cells(found, team):
    row = next(r for r in found["rows"] if r.team == team)
    keys = [key for key, _ in organisation.COLUMNS]
    return dict(zip(keys, row.cells, strict=True))


def test_each_team_has_its_counts_exact_for_the_readers_own_team(cast):
    north = _people(cast.team, 3)
    _people(cast.other_team, 2)
    for person in north[:2]:
        Connection.objects.create(
            person=person, label="A", kind="friend", ring="close", started_on=LAST_QUARTER
        )
    GoalFactory(
        person=north[0],
        agreed_on=TODAY - dt.timedelta(days=60),
        review_on=TODAY - dt.timedelta(days=2),
    )
    found = organisation.organisation_rows(
        cast.organisation, member_of=frozenset({cast.team.pk}), current=cast.team.pk, today=TODAY
    )
    assert found["period"] == last_quarter(TODAY)
    north_cells = _cells(found, cast.team)
    assert north_cells["open"] == "3"
    assert north_cells["new_connections"] == "2"
    assert north_cells["reviews_overdue"] == "1"
    assert north_cells["no_contact"] == "3"
    south_cells = _cells(found, cast.other_team)
    assert south_cells["open"] == "fewer than 5"
    assert south_cells["new_connections"] == "0"
    assert [r.team for r in found["rows"]] == [cast.team, cast.other_team]


@pytest.mark.parametrize("reader", ["team_lead", "org_admin"])
def test_leads_and_admins_see_the_teams_side_by_side_without_any_name(sign_in, cast, reader):
    _people(cast.team, 2, name="Northerner")
    _people(cast.other_team, 6, name="Southerner")
    response = sign_in(getattr(cast, reader)).get(reverse("team:organisation"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "North Team" in page
    assert "South Team" in page
    assert "Northerner" not in page
    assert "Southerner" not in page
    assert "Faraway Team" not in page
    event = AuditEvent.objects.filter(actor=getattr(cast, reader), action=AuditAction.VIEWED)
    assert event.get().detail == {"report": "teams-side-by-side"}


def test_only_the_lead_sees_their_own_team_exactly(sign_in, cast):
    _people(cast.team, 2)
    lead = sign_in(cast.team_lead).get(reverse("team:organisation"))
    assert _row_cells(lead, cast.team)[0] == "2"  # people, the first of what is late
    admin = sign_in(cast.org_admin).get(reverse("team:organisation"))
    assert _row_cells(admin, cast.team)[0] == "fewer than 5"


def _row_cells(response, team):
    return next(r.late for r in response.context["rows"] if r.team == team)


@pytest.mark.parametrize("reader", ["practitioner", "evaluator", "outsider"])
def test_anyone_else_is_refused_and_it_is_audited(sign_in, cast, reader):
    user = getattr(cast, reader)
    response = sign_in(user).get(reverse("team:organisation"))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(actor=user, action=AuditAction.REFUSED).exists()


def test_a_lead_cannot_ask_for_another_organisation(sign_in, cast):
    response = sign_in(cast.elsewhere_lead).get(
        reverse("team:organisation"), {"organisation": cast.organisation.pk}
    )
    assert response.status_code == 404
    own = sign_in(cast.elsewhere_lead).get(reverse("team:organisation"))
    assert own.context["organisation"] == cast.elsewhere


def test_the_organisation_view_costs_the_same_queries_however_many_teams_and_people(sign_in, cast):
    from tests.factories import TeamFactory

    client = sign_in(cast.org_admin)
    _people(cast.team, 2)
    client.get(reverse("team:organisation"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("team:organisation"))
    for _ in range(5):
        team = TeamFactory(organisation=cast.organisation)
        for person in _people(team, 4):
            GoalFactory(person=person, agreed_on=TODAY - dt.timedelta(days=60), review_on=TODAY)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("team:organisation"))
    assert len(response.context["rows"]) == 7
    assert len(large) == len(small)
    # ten for the table (one for what erased records did), the rest the session, menu and audit
    assert len(large) <= 17


def test_the_organisation_page_leads_its_admins_to_the_teams_side_by_side(sign_in, cast):
    url = reverse("accounts:organisation", args=[cast.organisation.pk])
    page = sign_in(cast.org_admin).get(url).content.decode()
    assert f"{reverse('team:organisation')}?organisation={cast.organisation.pk}" in page


@override_settings(CPI_NO_CONTACT_DAYS=45)
def test_the_page_says_the_no_contact_setting_not_a_copy_of_it(sign_in, cast):
    html = sign_in(cast.team_lead).get(reverse("team:organisation")).content.decode()
    assert "no contact recorded for 45 days or more" in html
