"""The team's "what is working" page: who may open it, the period and sort choices, small numbers
marked rather than shown as shares, a fixed number of queries, and never anyone's name."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.suggestions.models import NotForMeReason, SuggestionSource
from connecting_people.suggestions.models import SuggestionStatus as S
from tests.directory.factories import ServiceFactory
from tests.plans.factories import PersonFactory
from tests.suggestions.factories import ConnectorFactory, SuggestionFactory

URL = reverse("suggestions_team:working")
SECRET = "Zebedee Quintrell"


def _suggest(team, service=None, *, status=S.SUGGESTED, days_ago=0, **fields):
    """One suggestion of `service` to a new person in `team`, suggested `days_ago`."""
    on = timezone.localdate() - dt.timedelta(days=days_ago)
    person = PersonFactory(team=team, preferred_name=SECRET)
    if service is None and "connector" not in fields and "idea" not in fields:
        service = ServiceFactory()
    return SuggestionFactory(
        person=person, service=service, status=status, suggested_on=on, status_on=on, **fields
    )


def _html(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def garden(cast):
    """Gardening club: suggested to 7 people in the team; 5 tried it, 3 still go."""
    service = ServiceFactory(name="Gardening club")
    for status in [S.GOING_REGULARLY] * 3 + [S.TRIED] + [S.SUGGESTED]:
        _suggest(cast.team, service, status=status, days_ago=20)
    _suggest(
        cast.team,
        service,
        status=S.NOT_FOR_ME,
        reason=NotForMeReason.TRIED_DID_NOT_LIKE,
        note=f"{SECRET} found it too loud",
        days_ago=20,
    )
    _suggest(cast.team, service, status=S.NOT_FOR_ME, reason=NotForMeReason.TIMING, days_ago=20)
    return service


# Who may look ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["practitioner", "team_lead"])
def test_working_page_shows_the_team_its_counts(sign_in, cast, garden, who):
    html = _html(sign_in(getattr(cast, who)))
    assert "What is working" in html
    assert "North Team" in html
    assert "Gardening club" in html
    assert reverse("directory:service", args=[garden.pk]) in html
    assert "60% (3 of 5)" in html
    event = AuditEvent.objects.get(action=AuditAction.VIEWED, actor=getattr(cast, who))
    assert (event.target_type, event.target_id) == ("accounts.team", str(cast.team.pk))
    assert event.detail == {"report": "suggestions", "period": "12"}


def test_working_page_for_another_of_my_teams(sign_in, cast, garden):
    _suggest(cast.other_team, ServiceFactory(name="South choir"))
    html = _html(sign_in(cast.both_teams), team=cast.other_team.pk)
    assert "South choir" in html
    assert "Gardening club" not in html
    assert f'name="team" value="{cast.other_team.pk}"' in html  # kept by the form


def test_working_page_open_to_the_organisations_evaluators_by_team(sign_in, cast, garden):
    html = _html(sign_in(cast.evaluator), team=cast.team.pk)
    assert "Gardening club" in html
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, actor=cast.evaluator, target_id=str(cast.team.pk)
    ).exists()


@pytest.mark.parametrize(
    ("who", "team"),
    [
        ("other_practitioner", "team"),
        ("elsewhere_lead", "team"),
        ("outsider", "team"),
        ("org_admin", "team"),  # manages the organisation's teams, but sees no one's work
        ("evaluator", "elsewhere_team"),  # evaluates another organisation
    ],
)
def test_working_page_refuses_a_team_not_theirs(sign_in, cast, garden, who, team):
    user = getattr(cast, who)
    response = sign_in(user).get(URL, {"team": getattr(cast, team).pk})
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=user).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.VIEWED).exists()


@pytest.mark.parametrize("team", ["x", "-1", "1" * 40, "²"])
def test_working_page_refuses_a_team_that_is_not_a_number(sign_in, cast, team):
    assert sign_in(cast.practitioner).get(URL, {"team": team}).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "evaluator", "org_admin"])
def test_working_page_without_a_team_is_not_found(sign_in, cast, who):
    assert sign_in(getattr(cast, who)).get(URL).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).exists()


def test_working_page_signed_out_goes_to_sign_in(client, cast):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_working_page_other_team_sees_only_their_own(sign_in, cast, garden):
    html = _html(sign_in(cast.other_practitioner))
    assert "South Team" in html
    assert "Gardening club" not in html


# What it shows --------------------------------------------------------------------------------


def test_working_page_names_no_one(sign_in, cast, garden):
    html = _html(sign_in(cast.practitioner), period="all")
    assert SECRET not in html
    assert "Zebedee" not in html
    assert "Quintrell" not in html


def test_working_page_marks_small_numbers(sign_in, cast):
    few = ServiceFactory(name="Pottery taster")
    for status in [S.GOING_REGULARLY] * 3 + [S.TRIED]:
        _suggest(cast.team, few, status=status)
    untried = ServiceFactory(name="Quiet reading room")
    _suggest(cast.team, untried)
    html = _html(sign_in(cast.practitioner))
    pottery = html.split("Pottery taster")[1].split("</tr>")[0]
    assert "Too few to say" in pottery
    assert "%" not in pottery
    reading = html.split("Quiet reading room")[1].split("</tr>")[0]
    assert "Nobody has tried it yet" in reading


def test_working_page_shows_a_share_with_a_bar_and_the_number(sign_in, cast, garden):
    html = _html(sign_in(cast.practitioner))
    row = html.split("Gardening club")[1].split("</tr>")[0]
    assert "60% (3 of 5)" in row
    assert "cp-share__fill--12" in row  # 60% in steps of 5%
    assert 'aria-hidden="true"' in row
    assert "The times don&#x27;t work" in row  # the commonest reason (a tie: listed first)


def test_working_page_period_filter(sign_in, cast):
    _suggest(cast.team, ServiceFactory(name="Recent walk"), days_ago=10)
    _suggest(cast.team, ServiceFactory(name="Spring choir"), days_ago=130)
    _suggest(cast.team, ServiceFactory(name="Old allotment"), days_ago=300)
    _suggest(cast.team, ServiceFactory(name="Ancient chess"), days_ago=500)
    client = sign_in(cast.practitioner)
    shown = {
        period: {
            name
            for name in ("Recent walk", "Spring choir", "Old allotment", "Ancient chess")
            if name in _html(client, period=period)
        }
        for period in ("3", "6", "12", "all")
    }
    assert shown["3"] == {"Recent walk"}
    assert shown["6"] == {"Recent walk", "Spring choir"}
    assert shown["12"] == {"Recent walk", "Spring choir", "Old allotment"}
    assert shown["all"] == {"Recent walk", "Spring choir", "Old allotment", "Ancient chess"}
    assert '<option value="6" selected>' in _html(client, period="6")
    assert "All suggestions, ever" in _html(client, period="all")


@pytest.mark.parametrize("period", ["", "7", "all'", "<b>"])
def test_working_page_unknown_period_is_the_last_12_months(sign_in, cast, period):
    html = _html(sign_in(cast.practitioner), period=period)
    assert '<option value="12" selected>' in html


def test_working_page_sorts(sign_in, cast):
    tried_most = ServiceFactory(name="Bowls")
    for status in [S.TRIED] * 3:
        _suggest(cast.team, tried_most, status=status)
    going_most = ServiceFactory(name="Choir")
    for status in [S.GOING_REGULARLY] * 2:
        _suggest(cast.team, going_most, status=status)
    _suggest(cast.team, ServiceFactory(name="Archery"))
    client = sign_in(cast.practitioner)

    def order(sort):
        html = _html(client, sort=sort)
        return sorted(("Archery", "Bowls", "Choir"), key=html.index)

    assert order("going") == ["Choir", "Bowls", "Archery"]
    assert order("") == ["Choir", "Bowls", "Archery"]
    assert order("tried") == ["Bowls", "Choir", "Archery"]
    assert order("name") == ["Archery", "Bowls", "Choir"]
    assert '<option value="tried" selected>' in _html(client, sort="tried")


def test_working_page_connectors_and_own_ideas(sign_in, cast):
    walkers = ConnectorFactory(team=cast.team, name="Tuesday lake walkers")
    for status in [S.GOING_REGULARLY, S.TRIED]:
        _suggest(cast.team, connector=walkers, status=status)
    for _ in range(2):
        _suggest(cast.team, idea="Sea swimming", source=SuggestionSource.PERSON)
    _suggest(cast.team, idea="Bird watching", source=SuggestionSource.WORKER)
    html = _html(sign_in(cast.practitioner))
    connectors = html.split('id="connectors"')[1]
    assert "Tuesday lake walkers" in connectors
    assert reverse("directory:connector", args=[walkers.pk]) in connectors
    assert "Too few to say" in connectors
    assert "No services were suggested in this period." in html
    assert "2 suggestions were the person's own idea." in html
    assert "Sea swimming" not in html  # ideas are counted, never shown


def test_working_page_empty_says_how_suggestions_get_here(sign_in, cast):
    html = _html(sign_in(cast.practitioner), period="all")
    assert "Nothing has been suggested yet." in html
    assert "Suggestions get here when someone on the team suggests" in html
    assert "<table" not in html


def test_working_page_empty_period_suggests_a_longer_one(sign_in, cast):
    _suggest(cast.team, ServiceFactory(name="Old allotment"), days_ago=300)
    html = _html(sign_in(cast.practitioner), period="3")
    assert "Nothing was suggested in this period." in html


def _queries(client, **params):
    with CaptureQueriesContext(connection) as captured:
        _html(client, **params)
    return len(captured)


def test_working_page_query_count_does_not_grow_with_rows(sign_in, cast):
    client = sign_in(cast.practitioner)
    _suggest(cast.team, status=S.TRIED)
    _suggest(cast.team, connector=ConnectorFactory(team=cast.team))
    few = _queries(client)
    for status in [S.TRIED, S.GOING_REGULARLY, S.SUGGESTED] * 4:
        _suggest(cast.team, status=status)
        _suggest(cast.team, connector=ConnectorFactory(team=cast.team), status=status)
        _suggest(cast.team, status=S.NOT_FOR_ME, reason=NotForMeReason.COST)
    assert _queries(client) == few
    assert _queries(client, sort="name", period="all") == few


# What an evaluator (not in the team) sees -------------------------------------------------------


def _evaluated(cast):
    """Gardening club: 7 suggested, 6 tried, 5 going; pottery: 3 suggested, 2 tried, 1 going,
    1 said not for them; a community connector and 2 ideas of their own."""
    garden = ServiceFactory(name="Gardening club")
    for status in [S.GOING_REGULARLY] * 5 + [S.TRIED, S.SUGGESTED]:
        _suggest(cast.team, garden, status=status)
    pottery = ServiceFactory(name="Pottery taster")
    for status in [S.GOING_REGULARLY, S.TRIED]:
        _suggest(cast.team, pottery, status=status)
    _suggest(cast.team, pottery, status=S.NOT_FOR_ME, reason=NotForMeReason.COST)
    walkers = ConnectorFactory(team=cast.team, name="Maureen Pengelly")
    _suggest(cast.team, connector=walkers, status=S.GOING_REGULARLY)
    for _ in range(2):
        _suggest(cast.team, idea="Sea swimming", source=SuggestionSource.PERSON)


def _row_of(html, name):
    return html.split(name)[1].split("</tr>")[0]


def test_working_page_for_an_evaluator_names_no_community_connector(sign_in, cast):
    _evaluated(cast)
    html = _html(sign_in(cast.evaluator), team=cast.team.pk)
    assert "Maureen Pengelly" not in html
    connectors = html.split('id="connectors"')[1].split('id="own-ideas"')[0]
    assert "<table" not in connectors
    assert "shown only to the team" in connectors
    assert "Maureen Pengelly" in _html(sign_in(cast.practitioner))  # the team still sees them


def test_working_page_for_an_evaluator_holds_back_counts_below_five(sign_in, cast):
    _evaluated(cast)
    html = _html(sign_in(cast.evaluator), team=cast.team.pk)
    cells = lambda row: re.findall(r'numeric">([^<]*)</td>', row)  # noqa: E731
    assert cells(_row_of(html, "Pottery taster")) == ["fewer than 5"] * 3
    pottery = _row_of(html, "Pottery taster")
    assert "Costs too much" not in pottery  # one person's reason
    assert "Too few to say" in pottery
    garden = _row_of(html, "Gardening club")
    assert cells(garden) == ["7", "6", "5"]
    assert "83% (5 of 6)" in garden
    assert "Fewer than 5 suggestions were the person's own idea." in html
    assert "shown as “fewer than 5”" in html
    team_view = _html(sign_in(cast.practitioner))
    assert cells(_row_of(team_view, "Pottery taster")) == ["3", "2", "1"]
    assert "Costs too much" in _row_of(team_view, "Pottery taster")
    assert "2 suggestions were the person's own idea." in team_view


def test_working_page_for_an_evaluator_leaves_out_people_left_out_of_research(sign_in, cast):
    garden = ServiceFactory(name="Gardening club")
    for _ in range(5):
        _suggest(cast.team, garden, status=S.GOING_REGULARLY)
    left_out = _suggest(cast.team, garden, status=S.GOING_REGULARLY)
    left_out.person.research_opt_out = True
    left_out.person.save()
    cells = lambda row: re.findall(r'numeric">([^<]*)</td>', row)  # noqa: E731
    evaluator = cells(_row_of(_html(sign_in(cast.evaluator), team=cast.team.pk), "Gardening club"))
    team = cells(_row_of(_html(sign_in(cast.practitioner)), "Gardening club"))
    assert evaluator[0] == "5"
    assert team[0] == "6"
