"""The practice indicators pages: the team's, the people behind a number, one worker's, the
panel on the person's page and `cpi practice_indicators`. Who may see what, what is audited, and
query counts that do not grow with the team."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.network.models import Connection
from tests.factories import PersonFactory, TeamMembershipFactory


def connect(person):
    Connection.objects.create(person=person, label="Jo", kind="friend", ring="middle")


@pytest.fixture
def people(cast):
    mapped = PersonFactory(team=cast.team, preferred_name="Ayo", keyworker=cast.practitioner)
    connect(mapped)
    unmapped = PersonFactory(team=cast.team, preferred_name="Bea", keyworker=cast.team_lead)
    elsewhere = PersonFactory(team=cast.other_team, preferred_name="Zara")
    connect(elsewhere)
    return mapped, unmapped, elsewhere


def test_the_team_page_shows_each_indicator_with_its_definition_and_quarters(sign_in, cast, people):
    html = sign_in(cast.practitioner).get(reverse("indicators:team")).content.decode()
    assert "How fully we practise" in html
    assert "Of the people we are working with, how many have at least one connection" in html
    assert "1 of 2" in html  # has a map: Ayo, not Bea; Zara is another team's
    assert reverse("indicators:detail", args=["has-map"]) in html
    assert "Quarter by quarter" in html
    for name in ("Ayo", "Bea", "Zara"):
        assert name not in html  # counts only on this page
    assert "fidelity scale" in html  # said plainly: this is not it


def test_the_people_behind_a_number_are_named_and_linked_and_the_view_is_audited(
    sign_in, cast, people
):
    mapped, unmapped, _elsewhere = people
    html = sign_in(cast.team_lead).get(reverse("indicators:detail", args=["has-map"]))
    text = html.content.decode()
    assert reverse("practice:person", args=[mapped.pk]) in text
    assert reverse("practice:person", args=[unmapped.pk]) in text
    assert "Zara" not in text
    assert text.index("Bea") < text.index("Ayo")  # not yet met comes first
    seen = AuditEvent.objects.filter(action=AuditAction.VIEWED, actor=cast.team_lead)
    (event,) = [e for e in seen if e.detail.get("list") == "indicator"]
    assert event.detail["indicator"] == "has-map"
    assert sorted(event.detail["people"]) == sorted([mapped.pk, unmapped.pk])


def test_an_unknown_indicator_is_not_found(sign_in, cast, people):
    answer = sign_in(cast.practitioner).get(reverse("indicators:detail", args=["made-up"]))
    assert answer.status_code == 404


def test_another_teams_practitioner_sees_their_own_team_not_ours(sign_in, cast, people):
    html = sign_in(cast.other_practitioner).get(reverse("indicators:detail", args=["has-map"]))
    text = html.content.decode()
    assert "Zara" in text
    assert "Ayo" not in text
    assert "Bea" not in text


@pytest.mark.parametrize(
    ("reader", "status"),
    [
        ("practitioner", 200),  # themself
        ("team_lead", 200),  # their lead
        ("both_teams", 404),  # a colleague who is not their lead
        ("other_practitioner", 404),
        ("elsewhere_lead", 404),  # a lead, but not of their team
        ("org_admin", 404),
        ("evaluator", 404),
    ],
)
def test_a_workers_figures_are_for_the_worker_and_their_lead_only(
    sign_in, cast, people, reader, status
):
    answer = sign_in(getattr(cast, reader)).get(
        reverse("indicators:worker", args=[cast.practitioner.pk])
    )
    assert answer.status_code == status
    if status == 404:
        assert AuditEvent.objects.filter(
            action=AuditAction.REFUSED, actor=getattr(cast, reader)
        ).exists()


def test_a_workers_figures_count_only_the_people_they_are_keyworker_for(sign_in, cast, people):
    html = sign_in(cast.team_lead).get(reverse("indicators:worker", args=[cast.practitioner.pk]))
    assert "1 of 1" in html.content.decode()  # Ayo only: Bea's keyworker is the lead


def test_a_worker_who_does_not_exist_is_the_same_not_found(sign_in, cast, people):
    answer = sign_in(cast.team_lead).get(reverse("indicators:worker", args=[987654]))
    assert answer.status_code == 404


def test_the_person_page_shows_how_fully_we_are_working_together(sign_in, cast, people):
    mapped = people[0]
    html = sign_in(cast.practitioner).get(reverse("practice:person", args=[mapped.pk]))
    text = html.content.decode()
    assert "How fully we are working together" in text
    assert "Has a network map" in text


def _queries(client, url):
    with CaptureQueriesContext(db) as seen:
        assert client.get(url).status_code == 200
    return len(seen)


@pytest.mark.parametrize(
    "url",
    [
        reverse("indicators:team"),
        reverse("indicators:detail", args=["has-map"]),
    ],
)
def test_the_pages_cost_the_same_queries_whatever_the_size_of_the_team(sign_in, cast, url):
    client = sign_in(cast.practitioner)
    PersonFactory(team=cast.team, keyworker=cast.practitioner)
    _queries(client, url)  # warm the session and the caches
    few = _queries(client, url)
    for n in range(12):
        connect(PersonFactory(team=cast.team, keyworker=cast.practitioner, preferred_name=f"P{n}"))
    assert _queries(client, url) == few


def test_the_worker_page_costs_the_same_queries_whatever_the_caseload(sign_in, cast):
    client = sign_in(cast.practitioner)
    url = reverse("indicators:worker", args=[cast.practitioner.pk])
    PersonFactory(team=cast.team, keyworker=cast.practitioner)
    _queries(client, url)
    few = _queries(client, url)
    for n in range(12):
        connect(PersonFactory(team=cast.team, keyworker=cast.practitioner, preferred_name=f"P{n}"))
    assert _queries(client, url) == few


def test_the_command_prints_the_same_figures_as_json(cast, people):
    out = StringIO()
    call_command("practice_indicators", "--team", str(cast.team.pk), "--json", stdout=out)
    found = json.loads(out.getvalue())
    has_map = found["indicators"][0]
    assert (has_map["key"], has_map["met"], has_map["of"], has_map["percent"]) == (
        "has-map",
        1,
        2,
        50,
    )
    assert len(found["quarters"]) == 4
    assert "Ayo" not in out.getvalue()


def test_the_command_says_plainly_when_there_is_no_such_team(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no team with id"):
        call_command("practice_indicators", "--team", "999999")


def test_a_new_team_member_who_is_nobodys_keyworker_sees_nobody_yet(sign_in, cast):
    newcomer = TeamMembershipFactory(team=cast.team).user
    html = sign_in(newcomer).get(reverse("indicators:worker", args=[newcomer.pk]))
    assert html.status_code == 200
    assert "Nobody yet" in html.content.decode()


def test_the_lead_is_offered_every_workers_figures_and_a_practitioner_only_their_own(
    sign_in, cast, people
):
    own = reverse("indicators:worker", args=[cast.practitioner.pk])
    lead_view = sign_in(cast.team_lead).get(reverse("indicators:team")).content.decode()
    assert own in lead_view
    assert reverse("indicators:worker", args=[cast.both_teams.pk]) in lead_view
    mine = sign_in(cast.practitioner).get(reverse("indicators:team")).content.decode()
    assert own in mine
    assert "Your own caseload" in mine
    assert reverse("indicators:worker", args=[cast.team_lead.pk]) not in mine
