"""My people (issue 14): the person's own map and how it changed, and adding and changing their
connections through the network services, as themselves."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.network import services
from connecting_people.network.models import Connection
from tests.network.factories import build_map

pytestmark = pytest.mark.django_db


def _connection(person, by, label="Fran", **fields):
    values = {"kind": "friend", "ring": "close", "feels": "supportive", **fields}
    return services.connection_add(person=person, by=by, label=label, **values)


def test_my_people_shows_only_my_own_map(own, sign_in):
    _connection(own.sam, own.practitioner, "Fran")
    _connection(own.robin, own.practitioner, "Rory")
    html = sign_in(own.sam_user).get(reverse("portal:map")).content.decode()
    assert "Fran" in html
    assert "Rory" not in html
    assert "Who is around you now" in html  # the staff map's drawing, titled for the person


def test_my_people_says_how_the_map_changed_since_the_last_snapshot(own, sign_in):
    fran = _connection(own.sam, own.practitioner, "Fran", ring="middle")
    services.snapshot_take(
        person=own.sam,
        taken_on=timezone.localdate() - dt.timedelta(days=10),
        kind="baseline",
        by=own.practitioner,
    )
    _connection(own.sam, own.practitioner, "Ned")
    services.connection_update(
        connection=fran, changes={"ring": "close"}, version=fran.version, by=own.practitioner
    )
    html = sign_in(own.sam_user).get(reverse("portal:map")).content.decode()
    assert "Since you looked at it together on" in html
    assert "New on your map: Ned" in html
    assert "Closer to you now: Fran" in html


def test_my_people_with_nobody_on_the_map_says_so(own, sign_in):
    html = sign_in(own.sam_user).get(reverse("portal:map")).content.decode()
    assert "Nobody is on your map yet." in html


def test_adding_a_connection_puts_it_on_my_map_audited_as_me(own, sign_in):
    client = sign_in(own.sam_user)
    response = client.post(
        reverse("portal:connection_add"),
        {"label": "Jo", "kind": "worker", "ring": "middle", "feels": "mixed"},
    )
    connection = Connection.objects.get(person=own.sam, label="Jo")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:map')}#connection-{connection.pk}"
    assert (connection.kind, connection.ring, connection.feels) == ("worker", "middle", "mixed")
    assert connection.inside_services is True  # a worker usually is; the worker can change it
    assert AuditEvent.objects.filter(
        actor=own.sam_user, action=AuditAction.CREATED, target_id=str(connection.pk)
    ).exists()
    assert "Jo is on your map." in client.get(response["Location"]).content.decode()


def test_adding_a_connection_with_mistakes_says_what_to_fix_and_keeps_what_was_typed(own, sign_in):
    response = sign_in(own.sam_user).post(
        reverse("portal:connection_add"), {"label": "Jo", "kind": "stranger", "ring": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Choose one of the kinds listed" in html
    assert "Choose how close they feel" in html
    assert "Choose how it feels" in html
    assert 'value="Jo"' in html
    assert not Connection.objects.filter(person=own.sam).exists()


def test_a_name_too_long_is_refused_in_plain_words(own, sign_in):
    response = sign_in(own.sam_user).post(
        reverse("portal:connection_add"),
        {"label": "J" * 61, "kind": "friend", "ring": "close", "feels": "supportive"},
    )
    assert "Keep the name to 60 characters or fewer" in response.content.decode()


def test_changing_my_connection_saves_it_as_me(own, sign_in):
    fran = _connection(own.sam, own.practitioner, "Fran", gives=["company"])
    response = sign_in(own.sam_user).post(
        reverse("portal:connection_edit", args=[fran.pk]),
        {
            "version": fran.version,
            "label": "Francesca",
            "kind": "friend",
            "ring": "outer",
            "feels": "difficult",
        },
    )
    assert response.status_code == 302
    fran.refresh_from_db()
    assert (fran.label, fran.ring, fran.feels) == ("Francesca", "outer", "difficult")
    assert fran.version == 2
    assert fran.gives == ["company"]  # what the worker recorded is left as it was
    event = AuditEvent.objects.filter(actor=own.sam_user, action=AuditAction.CHANGED).get()
    assert event.target_id == str(fran.pk)


def test_a_clash_with_a_change_made_since_is_shown_and_nothing_is_overwritten(own, sign_in):
    fran = _connection(own.sam, own.practitioner, "Fran")
    loaded = fran.version
    services.connection_update(
        connection=fran, changes={"ring": "middle"}, version=loaded, by=own.practitioner
    )
    response = sign_in(own.sam_user).post(
        reverse("portal:connection_edit", args=[fran.pk]),
        {"version": loaded, "label": "Fran", "kind": "friend", "ring": "outer", "feels": "mixed"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved changes while you were editing" in html
    assert "Middle" in html  # what they saved, beside what was typed
    fran.refresh_from_db()
    assert (fran.ring, fran.feels) == ("middle", "supportive")
    # The form now carries the stored version, so saving again goes through.
    assert f'name="version" value="{fran.version}"' in html


@pytest.mark.parametrize("whose", ["robin", "kit"])
def test_someone_elses_connection_is_the_same_404_as_a_missing_one(own, sign_in, whose):
    theirs = _connection(getattr(own, whose), own.practitioner, "Theirs")
    client = sign_in(own.sam_user)
    for method in ("get", "post"):
        url = reverse("portal:connection_edit", args=[theirs.pk])
        assert getattr(client, method)(url).status_code == 404
        missing = reverse("portal:connection_edit", args=[theirs.pk + 1000])
        assert getattr(client, method)(missing).status_code == 404
    theirs.refresh_from_db()
    assert theirs.label == "Theirs"
    assert AuditEvent.objects.filter(actor=own.sam_user, action=AuditAction.REFUSED).count() == 4


def test_staff_cannot_open_my_people(own, sign_in):
    assert sign_in(own.practitioner).get(reverse("portal:map")).status_code == 404


def test_my_people_takes_the_same_queries_however_big_the_map(
    own, sign_in, django_assert_max_num_queries
):
    build_map(own.sam, own.practitioner, 2)
    services.snapshot_take(
        person=own.sam,
        taken_on=timezone.localdate() - dt.timedelta(days=5),
        kind="baseline",
        by=own.practitioner,
    )
    client = sign_in(own.sam_user)
    client.get(reverse("portal:map"))  # session and account read once
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("portal:map"))
    build_map(own.sam, own.practitioner, 30, prefix="Neighbour")
    services.snapshot_take(
        person=own.sam, taken_on=timezone.localdate(), kind="review", by=own.practitioner
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("portal:map"))
    assert "Neighbour 29" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["portal:map", "portal:connection_add", "portal:ideas", "portal:questionnaires"]
)
def test_an_account_the_team_paused_opens_none_of_these_pages(own, sign_in, name):
    own.sam_account.status = "paused"
    own.sam_account.save()
    assert sign_in(own.sam_user).get(reverse(name)).status_code == 404


def test_the_menu_of_a_persons_account_has_these_pages(own, sign_in):
    html = sign_in(own.sam_user).get(reverse("portal:ideas")).content.decode()
    for name in ("portal:map", "portal:ideas", "portal:questionnaires"):
        assert f'href="{reverse(name)}"' in html
    assert f'href="{reverse("portal:ideas")}" aria-current="page"' in html
