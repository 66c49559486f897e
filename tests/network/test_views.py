"""The network map pages: who may open them, adding and changing connections with and without
JavaScript, snapshots, "then and now" and the team's view."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection as db
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.network import services
from connecting_people.network.models import Connection, Snapshot, SnapshotKind
from connecting_people.network.selectors import network_overview
from tests.network.factories import ConnectionFactory, PersonFactory, build_map, days_ago
from tests.plans.factories import ContactFactory

ALLOWED = ["practitioner", "team_lead", "both_teams"]
REFUSED = ["other_practitioner", "elsewhere_lead", "outsider", "evaluator", "org_admin"]


def _date(days_back=0):
    return days_ago(days_back).strftime("%d/%m/%Y")


@pytest.fixture
def person(cast):
    return PersonFactory(team=cast.team, preferred_name="Sam", keyworker=cast.practitioner)


@pytest.fixture
def mapped(cast, person):
    """Sam's map: three connections (one tie), a baseline snapshot, then one more connection."""
    connections = build_map(person, cast.practitioner, 3, prefix="Aunt")
    snapshot = services.snapshot_take(
        person=person, taken_on=days_ago(30), kind=SnapshotKind.BASELINE, by=cast.practitioner
    )
    later = services.connection_add(
        person=person,
        by=cast.practitioner,
        label="Jo from choir",
        kind="group",
        ring="middle",
        inside_services=False,
        feels="supportive",
        started_on=days_ago(10),
    )
    return connections, snapshot, later


def _pages(person, connection, snapshot):
    p, c, s = person.pk, connection.pk, snapshot.pk
    return {
        "map": reverse("network:map", args=[p]),
        "connection_add": reverse("network:connection_add", args=[p]),
        "connection_edit": reverse("network:connection_edit", args=[p, c]),
        "connection_end": reverse("network:connection_end", args=[p, c]),
        "connection_delete": reverse("network:connection_delete", args=[p, c]),
        "ties": reverse("network:ties", args=[p, c]),
        "snapshot_take": reverse("network:snapshot_take", args=[p]),
        "snapshot": reverse("network:snapshot", args=[p, s]),
        "compare": reverse("network:compare", args=[p]),
    }


PAGES = [
    "map",
    "connection_add",
    "connection_edit",
    "connection_end",
    "connection_delete",
    "ties",
    "snapshot_take",
    "snapshot",
    "compare",
]


# Who may open the pages -------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ALLOWED)
def test_network_page_open_to_the_persons_team(sign_in, cast, person, mapped, page, who):
    connections, snapshot, _later = mapped
    response = sign_in(getattr(cast, who)).get(_pages(person, connections[0], snapshot)[page])
    assert response.status_code == 200
    assert b"Sam" in response.content
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, actor=getattr(cast, who), target_type="people.person"
    ).exists()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", REFUSED)
def test_network_page_refused_as_not_found(sign_in, cast, person, mapped, page, who):
    connections, snapshot, _later = mapped
    response = sign_in(getattr(cast, who)).get(_pages(person, connections[0], snapshot)[page])
    assert response.status_code == 404
    assert b"Aunt 0" not in response.content
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).exists()


@pytest.mark.parametrize("page", [*PAGES, "team"])
def test_network_page_needs_sign_in(client, person, mapped, page):
    connections, snapshot, _later = mapped
    url = (
        reverse("network:team")
        if page == "team"
        else _pages(person, connections[0], snapshot)[page]
    )
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


def _posts(person, connection, snapshot):
    pages = _pages(person, connection, snapshot)
    return [
        (pages["connection_add"], _connection_data(label="Sneaky")),
        (pages["connection_edit"], _connection_data(label="Sneaky", version=connection.version)),
        (pages["connection_end"], {"ended_on": _date(), "version": connection.version}),
        (pages["connection_delete"], {}),
        (pages["ties"], {"knows": []}),
        (pages["snapshot_take"], {"kind": "review", "taken_on": _date()}),
    ]


@pytest.mark.parametrize("who", REFUSED)
def test_network_changes_refused_to_others(sign_in, cast, person, mapped, who):
    connections, snapshot, _later = mapped
    client = sign_in(getattr(cast, who))
    for url, data in _posts(person, connections[0], snapshot):
        assert client.post(url, data).status_code == 404, url
    connections[0].refresh_from_db()
    assert connections[0].label == "Aunt 0"
    assert connections[0].is_current
    assert person.connections.count() == 4
    assert person.snapshots.count() == 1
    assert person.ties.count() == 2


def test_network_changes_need_sign_in(client, person, mapped):
    connections, snapshot, _later = mapped
    for url, data in _posts(person, connections[0], snapshot):
        response = client.post(url, data)
        assert response.status_code == 302
        assert response.url.startswith(reverse(settings.LOGIN_URL))
    assert person.connections.count() == 4


def test_a_connection_of_someone_else_is_not_found_under_this_persons_address(
    sign_in, cast, person, mapped
):
    elsewhere = ConnectionFactory(person=PersonFactory(team=cast.team), label="Not Sam's")
    client = sign_in(cast.practitioner)
    for name in ("connection_edit", "connection_end", "connection_delete", "ties"):
        url = reverse(f"network:{name}", args=[person.pk, elsewhere.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404
    assert Connection.objects.filter(pk=elsewhere.pk, ended_on__isnull=True).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.REFUSED, detail__model="network.connection"
    ).exists()


def test_a_snapshot_of_someone_else_is_not_found_under_this_persons_address(
    sign_in, cast, person, mapped
):
    other = PersonFactory(team=cast.team)
    theirs = services.snapshot_take(
        person=other, taken_on=days_ago(1), kind="baseline", by=cast.practitioner
    )
    client = sign_in(cast.practitioner)
    assert client.get(reverse("network:snapshot", args=[person.pk, theirs.pk])).status_code == 404
    compare = reverse("network:compare", args=[person.pk])
    assert client.get(compare, {"then": theirs.pk, "now": "now"}).status_code == 404
    assert client.get(compare, {"then": "nonsense"}).status_code == 404


# The map page ------------------------------------------------------------------------------------


def test_map_page_shows_the_drawing_its_words_the_table_and_the_measures(
    sign_in, cast, person, mapped
):
    _connections, snapshot, later = mapped
    html = sign_in(cast.practitioner).get(reverse("network:map", args=[person.pk])).content
    html = html.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="cp-map"' in html
    assert "The map in words" in html
    assert f'id="connection-{later.pk}"' in html
    assert "Jo from choir" in html
    assert "4 of 4 outside services" in html  # family, a friend, a neighbour and a group
    assert html.count(">New</strong>") == 1  # Jo joined after the snapshot
    assert reverse("network:connection_edit", args=[person.pk, later.pk]) in html
    assert reverse("network:connection_end", args=[person.pk, later.pk]) in html
    assert reverse("network:snapshot", args=[person.pk, snapshot.pk]) in html
    assert 'class="cp-chart"' in html
    assert "Who knows whom" in html


def test_map_page_for_an_empty_map_invites_a_first_connection(sign_in, cast, person):
    html = sign_in(cast.practitioner).get(reverse("network:map", args=[person.pk])).content
    html = html.decode()
    assert "Nobody is on Sam's map yet" in html
    assert "Add someone to the map" in html
    assert "<svg" not in html.split('id="over-time"')[0].split("</h1>")[1]


def test_map_page_costs_the_same_queries_whatever_the_size(sign_in, cast, person):
    client = sign_in(cast.practitioner)
    small = PersonFactory(team=cast.team)
    build_map(small, cast.practitioner, 3)
    services.snapshot_take(person=small, taken_on=days_ago(5), kind="baseline", by=None)
    big = PersonFactory(team=cast.team)
    build_map(big, cast.practitioner, 40)
    for n in range(6):
        services.snapshot_take(person=big, taken_on=days_ago(50 - n), kind="review", by=None)
    ContactFactory(person=small)
    ContactFactory(person=big)
    client.get(reverse("network:map", args=[small.pk]))  # warm the session and the user
    with CaptureQueriesContext(db) as few:
        assert client.get(reverse("network:map", args=[small.pk])).status_code == 200
    with CaptureQueriesContext(db) as many:
        assert client.get(reverse("network:map", args=[big.pk])).status_code == 200
    assert len(few) == len(many)


# Adding, with and without JavaScript --------------------------------------------------------------


def _connection_data(**changes):
    return {
        "label": "Mo",
        "kind": "neighbour",
        "inside_services": "no",
        "ring": "middle",
        "frequency": "weekly",
        "feels": "supportive",
        "gives": ["company", "practical"],
        "started_on": _date(100),
        "began": "already",
        **changes,
    }


def test_adding_a_connection_without_javascript_goes_back_to_the_map(sign_in, cast, person):
    response = sign_in(cast.practitioner).post(
        reverse("network:connection_add", args=[person.pk]), _connection_data()
    )
    added = Connection.objects.get(person=person)
    assert response.status_code == 302
    assert response.url == reverse("network:map", args=[person.pk]) + f"#connection-{added.pk}"
    assert added.label == "Mo"
    assert added.inside_services is False
    assert added.gives == ["practical", "company"]
    assert added.started_on == days_ago(100)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATED, target_type="network.connection"
    ).exists()


def test_adding_and_then_another_comes_back_to_an_empty_form(sign_in, cast, person):
    url = reverse("network:connection_add", args=[person.pk])
    response = sign_in(cast.practitioner).post(url, _connection_data(then="another"))
    assert response.status_code == 302
    assert response.url == url


def test_adding_with_htmx_returns_the_new_map_table_and_an_empty_form(sign_in, cast, person):
    response = sign_in(cast.practitioner).post(
        reverse("network:connection_add", args=[person.pk]),
        _connection_data(label="Mo <b>the cat</b>", kind="pet"),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="network-editor">')
    assert "<html" not in html
    assert 'class="cp-map"' in html
    assert "Mo &lt;b&gt;the cat&lt;/b&gt; is on the map." in html
    assert "<b>the cat</b>" not in html
    assert 'name="label"' in html
    assert 'value="Mo &lt;b&gt;the cat' not in html  # the label, not any value starting "Mo"


def test_adding_with_htmx_and_a_mistake_returns_the_form_with_what_was_typed(sign_in, cast, person):
    response = sign_in(cast.practitioner).post(
        reverse("network:connection_add", args=[person.pk]),
        _connection_data(label="Mo", ring="", started_on=_date(-2)),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose how close they feel" in html
    assert "The date it started cannot be in the future" in html
    assert 'value="Mo"' in html
    assert 'value="neighbour" checked' in html
    assert not Connection.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message", "anchor"),
    [
        ({"label": ""}, "Enter a first name, initials or a nickname", "id_label"),
        ({"label": "x" * 61}, "Keep the name to 60 characters or fewer", "id_label"),
        ({"kind": ""}, "Choose who they are to the person", "id_kind_0"),
        (
            {"inside_services": ""},
            "Choose whether they are part of services",
            "id_inside_services_0",
        ),
        ({"started_on": "31/02/2026"}, "Enter the date it started as a real date", "id_started_on"),
        ({"gives": ["flattery"]}, "Choose from the kinds of support listed", "id_gives_0"),
    ],
)
def test_connection_form_says_what_to_fix_and_keeps_what_was_typed(
    sign_in, cast, person, changes, message, anchor
):
    response = sign_in(cast.practitioner).post(
        reverse("network:connection_add", args=[person.pk]),
        _connection_data(**changes),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert message in html
    assert f'href="#{anchor}"' in html
    assert 'value="weekly" checked' in html
    assert not Connection.objects.exists()


def test_the_label_hint_asks_for_as_little_as_is_needed(sign_in, cast, person):
    html = sign_in(cast.practitioner).get(reverse("network:connection_add", args=[person.pk]))
    assert "use as little as you need" in html.content.decode()


def test_how_it_began_can_link_only_to_this_persons_contacts(sign_in, cast, person):
    mine = ContactFactory(person=person, happened_on=dt.date(2026, 3, 4), kind="accompanied_visit")
    theirs = ContactFactory(person=PersonFactory(team=cast.team))
    client = sign_in(cast.practitioner)
    url = reverse("network:connection_add", args=[person.pk])
    html = client.get(url).content.decode()
    assert f'value="{mine.pk}"' in html
    assert "4 March 2026: Went along together" in html
    assert f'value="{theirs.pk}"' not in html
    response = client.post(url, _connection_data(began_with_contact=theirs.pk))
    assert "Choose one of this person&#x27;s own contacts" in response.content.decode()
    client.post(url, _connection_data(began="activity", began_with_contact=mine.pk))
    assert Connection.objects.get(person=person).began_with_contact == mine


def test_no_contact_question_when_nothing_is_logged(sign_in, cast, person):
    html = sign_in(cast.practitioner).get(reverse("network:connection_add", args=[person.pk]))
    assert "began_with_contact" not in html.content.decode()


# Changing, ending, deleting, who knows whom -------------------------------------------------------


def test_changing_a_connection(sign_in, cast, person, mapped):
    connections, _snapshot, _later = mapped
    aunt = connections[0]
    url = reverse("network:connection_edit", args=[person.pk, aunt.pk])
    client = sign_in(cast.practitioner)
    assert 'value="Aunt 0"' in client.get(url).content.decode()
    response = client.post(url, _connection_data(label="Auntie Vi", ring="close", version=1))
    assert response.status_code == 302
    aunt.refresh_from_db()
    assert (aunt.label, aunt.ring, aunt.version) == ("Auntie Vi", "close", 2)


def test_a_second_save_over_the_same_version_is_refused_and_keeps_what_was_typed(
    sign_in, cast, person, mapped
):
    connections, _snapshot, _later = mapped
    aunt = connections[0]
    url = reverse("network:connection_edit", args=[person.pk, aunt.pk])
    sign_in(cast.team_lead).post(url, _connection_data(label="Auntie Vi", version=1))
    response = sign_in(cast.practitioner).post(
        url, _connection_data(label="Aunt Violet", inside_services="yes", version=1)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved changes while you were editing" in html
    assert "Auntie Vi" in html
    assert 'value="Aunt Violet"' in html
    assert "Yes, part of services" in html  # shown in words, not as True
    assert 'name="version" value="2"' in html
    aunt.refresh_from_db()
    assert aunt.label == "Auntie Vi"
    response = sign_in(cast.practitioner).post(
        url, _connection_data(label="Aunt Violet", version=2)
    )
    assert response.status_code == 302


def test_ending_a_connection_keeps_it_in_past_snapshots(sign_in, cast, person, mapped):
    connections, snapshot, _later = mapped
    aunt = connections[0]
    url = reverse("network:connection_end", args=[person.pk, aunt.pk])
    response = sign_in(cast.practitioner).post(
        url, {"ended_on": _date(1), "reason": "Moved away", "version": aunt.version}
    )
    assert response.status_code == 302
    aunt.refresh_from_db()
    assert aunt.ended_on == days_ago(1)
    assert aunt.end_reason == "Moved away"
    assert snapshot.entries.filter(connection=aunt, ended_on__isnull=True).exists()
    html = sign_in(cast.practitioner).get(reverse("network:map", args=[person.pk])).content
    assert b"1 connection that has ended" in html


def test_ending_before_it_started_says_exactly_what_is_wrong(sign_in, cast, person, mapped):
    connections, _snapshot, _later = mapped
    aunt = connections[0]
    url = reverse("network:connection_end", args=[person.pk, aunt.pk])
    response = sign_in(cast.practitioner).post(
        url, {"ended_on": _date(500), "reason": "Typed", "version": aunt.version}
    )
    html = response.content.decode()
    assert "The date it ended must be on or after the date it started" in html
    assert "Typed" in html


def test_an_ended_connection_is_corrected_on_its_change_page(sign_in, cast, person, mapped):
    connections, _snapshot, _later = mapped
    aunt = connections[0]
    services.connection_end(
        connection=aunt, on=days_ago(2), reason="", version=aunt.version, by=cast.practitioner
    )
    client = sign_in(cast.practitioner)
    end = client.get(reverse("network:connection_end", args=[person.pk, aunt.pk]))
    edit = reverse("network:connection_edit", args=[person.pk, aunt.pk])
    assert end.status_code == 302
    assert end.url == edit
    response = client.post(edit, _connection_data(label="Aunt 0", ended_on=_date(500), version=2))
    assert "The date it ended must be on or after the date it started" in response.content.decode()
    response = client.post(edit, _connection_data(label="Aunt 0", ended_on="", version=2))
    aunt.refresh_from_db()
    assert response.status_code == 302
    assert aunt.is_current  # back in touch


def test_deleting_at_the_persons_request_asks_first_then_removes_it_everywhere(
    sign_in, cast, person, mapped
):
    connections, snapshot, _later = mapped
    aunt = connections[0]
    url = reverse("network:connection_delete", args=[person.pk, aunt.pk])
    client = sign_in(cast.practitioner)
    page = client.get(url).content.decode()
    assert "from every snapshot" in page
    assert "cannot be undone" in page
    assert Connection.objects.filter(pk=aunt.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Connection.objects.filter(pk=aunt.pk).exists()
    assert not snapshot.entries.filter(connection_id=aunt.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETED)
    assert "Aunt 0" not in str(event.detail)
    assert "Aunt 0" not in event.target_label


def test_saying_who_knows_whom(sign_in, cast, person, mapped):
    connections, _snapshot, later = mapped
    first, second, third = connections
    url = reverse("network:ties", args=[person.pk, first.pk])
    client = sign_in(cast.practitioner)
    html = client.get(url).content.decode()
    assert f'value="{second.pk}" checked' in html
    assert f'value="{later.pk}"' in html
    assert f'value="{first.pk}"' not in html
    response = client.post(url, {"knows": [third.pk, later.pk]})
    assert response.status_code == 302
    pairs = set(person.ties.values_list("a_id", "b_id"))
    assert (first.pk, second.pk) not in pairs
    assert {(first.pk, third.pk), (first.pk, later.pk), (second.pk, third.pk)} <= pairs


def test_who_knows_whom_keeps_ties_with_ended_connections(sign_in, cast, person, mapped):
    connections, _snapshot, _later = mapped
    first, second, _third = connections
    services.connection_end(
        connection=second, on=days_ago(1), reason="", version=second.version, by=None
    )
    sign_in(cast.practitioner).post(reverse("network:ties", args=[person.pk, first.pk]), {})
    assert person.ties.filter(a=first, b=second).exists()


# Snapshots and then-and-now -----------------------------------------------------------------------


def test_taking_a_snapshot(sign_in, cast, person, mapped):
    url = reverse("network:snapshot_take", args=[person.pk])
    client = sign_in(cast.practitioner)
    page = client.get(url).content.decode()
    assert 'value="review" checked' in page  # there is a baseline already
    assert "no need to list everyone again" in page
    response = client.post(url, {"kind": "review", "taken_on": _date(), "note": "Going well"})
    snapshot = Snapshot.objects.filter(person=person).latest("pk")
    assert response.status_code == 302
    assert response.url == reverse("network:snapshot", args=[person.pk, snapshot.pk])
    assert snapshot.entries.count() == 4
    assert snapshot.taken_by == cast.practitioner


def test_the_first_snapshot_is_a_first_look_together(sign_in, cast, person):
    page = sign_in(cast.practitioner).get(reverse("network:snapshot_take", args=[person.pk]))
    html = page.content.decode()
    assert 'value="baseline" checked' in html
    assert "rather than listing everyone again" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "", "taken_on": _date()}, "Choose what the snapshot is for"),
        ({"kind": "review", "taken_on": _date(-1)}, "A snapshot cannot be dated in the future"),
        ({"kind": "review", "taken_on": ""}, "Enter the date of the snapshot"),
    ],
)
def test_snapshot_form_says_what_to_fix(sign_in, cast, person, data, message):
    response = sign_in(cast.practitioner).post(
        reverse("network:snapshot_take", args=[person.pk]), {**data, "note": "Kept"}
    )
    html = response.content.decode()
    assert message in html
    assert "Kept" in html
    assert not Snapshot.objects.exists()


def test_a_snapshot_shows_the_map_as_it_was(sign_in, cast, person, mapped):
    _connections, snapshot, _later = mapped
    html = (
        sign_in(cast.practitioner)
        .get(reverse("network:snapshot", args=[person.pk, snapshot.pk]))
        .content.decode()
    )
    assert "Aunt 0" in html
    assert "Jo from choir" not in html  # added after it was taken
    assert 'class="cp-map"' in html
    assert "First look together" in html


def test_then_and_now_defaults_to_the_only_snapshot_and_today(sign_in, cast, person, mapped):
    _connections, _snapshot, _later = mapped
    html = sign_in(cast.practitioner).get(reverse("network:compare", args=[person.pk]))
    html = html.content.decode()
    assert 'id="map-then-title"' in html
    assert 'id="map-now-title"' in html
    new = html.split('data-group="new"')[1].split("</ul>")[0]
    assert "Jo from choir" in new
    assert "Nobody has ended." in html


def test_then_and_now_defaults_to_the_latest_two_snapshots(sign_in, cast, person, mapped):
    connections, first, _later = mapped
    services.connection_end(
        connection=connections[1], on=days_ago(1), reason="", version=1, by=None
    )
    second = services.snapshot_take(person=person, taken_on=days_ago(0), kind="review", by=None)
    services.connection_add(
        person=person, by=None, label="Not yet", kind="friend", ring="close", started_on=None
    )
    html = sign_in(cast.practitioner).get(reverse("network:compare", args=[person.pk]))
    html = html.content.decode()
    assert f'<option value="{first.pk}" selected>' in html
    assert f'<option value="{second.pk}" selected>' in html
    assert "Not yet" not in html
    ended = html.split('data-group="ended"')[1].split("</ul>")[0]
    assert "Aunt 1" in ended


def test_then_and_now_shows_who_moved_closer(sign_in, cast, person, mapped):
    connections, snapshot, _later = mapped
    outer = next(c for c in connections if c.ring == "outer")
    services.connection_update(
        connection=outer, changes={"ring": "close"}, version=outer.version, by=None
    )
    html = (
        sign_in(cast.practitioner)
        .get(reverse("network:compare", args=[person.pk]), {"then": snapshot.pk, "now": "now"})
        .content.decode()
    )
    closer = html.split('data-group="closer"')[1].split("</ul>")[0]
    assert outer.label in closer
    assert "from outer to close" in closer


def test_then_and_now_with_no_snapshots_says_how_to_start(sign_in, cast, person):
    html = sign_in(cast.practitioner).get(reverse("network:compare", args=[person.pk]))
    assert b"There is nothing to compare yet" in html.content


# The team's view ----------------------------------------------------------------------------------


def test_team_view_counts_and_never_names_a_connection(sign_in, cast, person, mapped):
    # Sam started with the team before meeting Jo (a connection from before is never new).
    type(person).objects.filter(pk=person.pk).update(started_on=days_ago(60))
    services.snapshot_take(person=person, taken_on=days_ago(1), kind="review", by=None)
    quiet = PersonFactory(team=cast.team)
    build_map(quiet, cast.practitioner, 2, prefix="Zed", started_ago=400)
    PersonFactory(team=cast.team)
    elsewhere = PersonFactory(team=cast.other_team)
    build_map(elsewhere, cast.other_practitioner, 2, prefix="Elsewhere", started_ago=5)
    html = sign_in(cast.team_lead).get(reverse("network:team")).content.decode()
    for label in ("Aunt", "Jo from choir", "Zed", "Elsewhere", "Sam"):
        assert label not in html
    assert "1 of 3 since" in html  # Sam gained Jo, outside services, 10 days ago
    assert 'class="cp-chart"' in html
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, actor=cast.team_lead, target_type="accounts.team"
    ).exists()


def test_team_view_shows_only_the_users_own_team(sign_in, cast, person, mapped):
    html = sign_in(cast.other_practitioner).get(reverse("network:team")).content.decode()
    assert "South Team" in html
    assert "0 of 0 since" in html


@pytest.mark.parametrize("who", ["outsider", "evaluator", "org_admin"])
def test_team_view_refused_to_those_in_no_team(sign_in, cast, who):
    assert sign_in(getattr(cast, who)).get(reverse("network:team")).status_code == 404


# The section for the person's page ----------------------------------------------------------------


def test_overview_section_shows_the_small_map_and_links_to_the_full_one(cast, person, mapped):
    html = render_to_string(
        "network/_overview_network.html", {"person": person, "network": network_overview(person)}
    )
    assert "Who is around" in html
    assert 'viewBox="0 0 440 440"' in html
    assert "4 of 4 outside services" in html
    assert "1 new, 0 ended" in html
    assert reverse("network:map", args=[person.pk]) in html
    assert "See and change the map" in html


def test_overview_section_for_an_empty_map_invites_a_start(person):
    html = render_to_string(
        "network/_overview_network.html", {"person": person, "network": network_overview(person)}
    )
    assert "Nobody is on the map yet" in html
    assert "Start the map" in html
    assert "<svg" not in html


def test_map_page_headings_never_skip_a_level(sign_in, cast, person):
    """Screen reader users move by headings: after the page's h1 no heading may jump from h1 to
    h3 (the map's legend once did)."""
    import itertools
    import re

    build_map(person, cast.practitioner, 4)
    services.snapshot_take(
        person=person, taken_on=days_ago(5), kind=SnapshotKind.BASELINE, by=cast.practitioner
    )
    html = sign_in(cast.practitioner).get(reverse("network:map", args=[person.pk])).content
    main = html.decode().split('id="main-content"')[1]
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", main)]
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def test_a_clash_over_inside_services_is_shown_in_the_forms_words(sign_in, cast, person, mapped):
    connections, _snapshot, _later = mapped
    aunt = connections[0]
    url = reverse("network:connection_edit", args=[person.pk, aunt.pk])
    sign_in(cast.team_lead).post(url, _connection_data(label="Auntie Vi", version=1))
    html = (
        sign_in(cast.practitioner)
        .post(url, _connection_data(label="Aunt Violet", inside_services="yes", version=1))
        .content.decode()
    )
    table = html.split("Someone else saved changes while you were editing")[1].split("</table>")[0]
    assert "Yes, part of services" in table  # what they typed, in the form's own words


def test_a_clash_over_what_a_connection_gives_is_shown_as_the_kinds_of_support(
    sign_in, cast, person, mapped
):
    connections, _snapshot, _later = mapped
    url = reverse("network:connection_edit", args=[person.pk, connections[0].pk])
    sign_in(cast.team_lead).post(url, _connection_data(gives=["emotional"], version=1))
    html = (
        sign_in(cast.practitioner)
        .post(url, _connection_data(gives=["company", "practical"], version=1))
        .content.decode()
    )
    table = html.split("Someone else saved changes while you were editing")[1].split("</table>")[0]
    assert "Emotional support" in table  # what they saved, in the form's words
    assert "Practical help, Company" in table  # what was typed, in the order the form lists
    assert "emotional" not in table
