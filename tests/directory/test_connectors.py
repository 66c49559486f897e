"""Community connectors: the team's private list of people and informal groups who help people
connect. Who may see and change them (and who is refused, audited), adding and changing with
everything typed kept, conflicting edits, "checked today", "no longer going", the list's filters
and its constant cost in queries."""

import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.directory.models import CommunityConnector
from connecting_people.directory.team import connector_services as services
from connecting_people.taxonomy.models import InterestCategory
from tests.factories import TeamMembershipFactory, UserFactory

ALLOWED = ["practitioner", "team_lead", "both_teams"]
REFUSED = ["other_practitioner", "elsewhere_lead", "outsider", "evaluator", "org_admin"]
IN_NO_TEAM = ["outsider", "evaluator", "org_admin"]
MODEL = "directory.communityconnector"


def _interest(slug):
    return InterestCategory.objects.get(slug=slug)


def make_connector(team, *, by=None, interests=(), **fields):
    """A connector added through the service, as the screens add them."""
    values = {"kind": "person", "name": "Maureen (Tuesday walks)", "offers": "A slow walk"}
    values.update(fields)
    return services.connector_create(team=team, by=by, interests=interests, **values)


@pytest.fixture
def maureen(cast):
    return make_connector(
        cast.team,
        by=cast.practitioner,
        interests=[_interest("nature-and-gardening")],
        where="The bandstand, Victoria Park",
        when="Tuesdays, 10am",
        how_to_reach="07700 900123",
        can_go_along=True,
        known_by=cast.practitioner,
    )


@pytest.fixture
def theirs(cast):
    """A connector kept by the other team of the same organisation."""
    return make_connector(cast.other_team, name="Dev (chess club)", offers="Chess on Fridays")


def _form_data(**overrides):
    data = {
        "kind": "group",
        "name": "Knit and natter",
        "offers": "Knitting, tea and a chat; beginners welcome",
        "interests": [_interest("arts-and-crafts").pk, _interest("social-groups").pk],
        "where": "St Mark's church hall",
        "when": "Thursdays, 2pm",
        "latitude": "",
        "longitude": "",
        "how_to_reach": "Ask for Jean on 07700 900456",
        "can_go_along": "on",
        "is_free": "on",
        "known_by": "",
        "check_every_months": "6",
        "notes": "Quiet room at the back",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _edit_data(connector, **overrides):
    data = _form_data(
        kind=connector.kind,
        name=connector.name,
        offers=connector.offers,
        interests=[c.pk for c in connector.interests.all()],
        where=connector.where,
        when=connector.when,
        how_to_reach=connector.how_to_reach,
        can_go_along="on" if connector.can_go_along else None,
        is_free="on" if connector.is_free else None,
        known_by=connector.known_by_id or "",
        notes=connector.notes,
        check_every_months=str(connector.check_every_months),
        is_active="on" if connector.is_active else None,
        version=connector.version,
    )
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _url(name, connector=None):
    return reverse(f"directory:{name}", args=[connector.pk] if connector else [])


# Who may open the pages -------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["connectors", "connector_add", "connector", "connector_edit"])
def test_connector_pages_need_sign_in(client, maureen, page):
    needs_pk = page in {"connector", "connector_edit"}
    response = client.get(_url(page, maureen if needs_pk else None))
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


def test_connector_changes_need_sign_in(client, maureen):
    for url, data in [
        (_url("connector_add"), _form_data()),
        (_url("connector_edit", maureen), _edit_data(maureen, name="Sneaky")),
        (_url("connector_checked", maureen), {}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 302
        assert response.url.startswith(reverse(settings.LOGIN_URL))
    maureen.refresh_from_db()
    assert maureen.name == "Maureen (Tuesday walks)"
    assert CommunityConnector.objects.count() == 1


@pytest.mark.parametrize("page", ["connector", "connector_edit"])
@pytest.mark.parametrize("who", ALLOWED)
def test_connector_page_open_to_its_team_and_the_look_is_audited(sign_in, cast, maureen, page, who):
    user = getattr(cast, who)
    response = sign_in(user).get(_url(page, maureen))
    assert response.status_code == 200
    assert "Maureen (Tuesday walks)" in response.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED,
        actor=user,
        target_type=MODEL,
        target_id=str(maureen.pk),
        team_id=cast.team.pk,
    ).exists()


@pytest.mark.parametrize("page", ["connector", "connector_edit"])
@pytest.mark.parametrize("who", REFUSED)
def test_connector_page_refused_as_not_found_and_audited(sign_in, cast, maureen, page, who):
    user = getattr(cast, who)
    response = sign_in(user).get(_url(page, maureen))
    assert response.status_code == 404
    assert b"Maureen (Tuesday walks)" not in response.content
    assert b"07700" not in response.content
    refused = AuditEvent.objects.get(action=AuditAction.REFUSED, actor=user)
    assert refused.detail == {"model": MODEL, "pk": str(maureen.pk)}
    assert not AuditEvent.objects.filter(action=AuditAction.VIEWED, actor=user).exists()


def test_a_connector_that_does_not_exist_is_not_found_like_one_refused(sign_in, cast):
    client = sign_in(cast.practitioner)
    assert client.get(reverse("directory:connector", args=[999999])).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, detail__pk="999999").exists()


@pytest.mark.parametrize("who", REFUSED)
def test_connector_changes_refused_to_others(sign_in, cast, maureen, who):
    client = sign_in(getattr(cast, who))
    edit = _edit_data(maureen, name="Sneaky", is_active=None)
    assert client.post(_url("connector_edit", maureen), edit).status_code == 404
    assert client.post(_url("connector_checked", maureen), {}).status_code == 404
    maureen.refresh_from_db()
    assert maureen.name == "Maureen (Tuesday walks)"
    assert maureen.is_active
    assert maureen.last_checked_by == cast.practitioner
    assert maureen.version == 1
    assert (
        AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).count() == 2
    )
    assert not AuditEvent.objects.filter(
        action=AuditAction.CHANGED, target_id=str(maureen.pk)
    ).exists()


@pytest.mark.parametrize("who", IN_NO_TEAM)
def test_list_and_add_refused_to_those_in_no_team(sign_in, cast, maureen, who):
    user = getattr(cast, who)
    client = sign_in(user)
    assert client.get(_url("connectors")).status_code == 404
    assert client.get(_url("connector_add")).status_code == 404
    assert client.post(_url("connector_add"), _form_data()).status_code == 404
    assert CommunityConnector.objects.count() == 1
    wanted = set(
        AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=user).values_list(
            "detail__wanted", flat=True
        )
    )
    assert wanted == {"list", "add"}


@pytest.mark.parametrize("who", ["other_practitioner", "elsewhere_lead"])
def test_staff_of_other_teams_can_only_add_to_their_own_team(sign_in, cast, who):
    user = getattr(cast, who)
    response = sign_in(user).post(_url("connector_add"), _form_data(name="Theirs"))
    assert response.status_code == 302
    added = CommunityConnector.objects.get(name="Theirs")
    assert added.team == user.team_memberships.get().team
    assert not CommunityConnector.objects.filter(team=cast.team).exists()


@pytest.mark.parametrize("who", ALLOWED)
def test_list_shows_the_teams_connectors_with_who_knows_them_and_checks(
    sign_in, cast, maureen, theirs, who
):
    html = sign_in(getattr(cast, who)).get(_url("connectors")).content.decode()
    assert "Maureen (Tuesday walks)" in html
    assert "Dev (chess club)" not in html
    assert "Pat Practitioner knows them" in html
    assert "Last checked" in html
    assert "by Pat Practitioner" in html
    assert "Next check by" in html
    assert _url("connector", maureen) in html
    assert "1 connector" in html


@pytest.mark.parametrize("who", ["other_practitioner", "elsewhere_lead"])
def test_list_of_another_team_never_shows_this_teams_connectors(
    sign_in, cast, maureen, theirs, who
):
    html = sign_in(getattr(cast, who)).get(_url("connectors")).content.decode()
    assert "Maureen (Tuesday walks)" not in html  # not just "Maureen": staff names are made up
    assert ("Dev (chess club)" in html) == (who == "other_practitioner")


def test_someone_in_two_teams_sees_the_team_they_switched_to(sign_in, cast, maureen, theirs):
    client = sign_in(cast.both_teams)
    client.post(reverse("core:switch_team"), {"team": cast.other_team.pk})
    html = client.get(_url("connectors")).content.decode()
    assert "Dev (chess club)" in html
    assert "Maureen (Tuesday walks)" not in html  # not just "Maureen": staff names are made up
    # A connector of their other team is still theirs to open by its address.
    assert client.get(_url("connector", maureen)).status_code == 200
    # Adding goes to the team they are working in now.
    client.post(_url("connector_add"), _form_data(name="Chess in the park"))
    added = CommunityConnector.objects.get(name="Chess in the park")
    assert added.team == cast.other_team


# Adding -----------------------------------------------------------------------------------------


def test_add_form_shows_the_hints(sign_in, cast):
    html = sign_in(cast.practitioner).get(_url("connector_add")).content.decode()
    assert "Ask them first before keeping their details." in html
    assert "Only your team sees this." in html
    assert 'id="id_name-hint"' in html
    assert "Pat Practitioner" in html  # who on the team knows them: the team's members
    assert "Olly Outsider" not in html


def test_adding_a_connector_keeps_everything_and_counts_as_checked_today(sign_in, cast):
    client = sign_in(cast.team_lead)
    data = _form_data(known_by=cast.practitioner.pk, latitude="53.48", longitude="-2.24")
    response = client.post(_url("connector_add"), data)
    added = CommunityConnector.objects.get()
    assert response.status_code == 302
    assert response.url == _url("connector", added)
    assert added.team == cast.team
    assert (added.kind, added.name, added.where, added.when) == (
        "group",
        "Knit and natter",
        "St Mark's church hall",
        "Thursdays, 2pm",
    )
    assert added.can_go_along
    assert added.is_free
    assert added.is_active
    assert (added.latitude, added.longitude) == (53.48, -2.24)
    assert added.known_by == cast.practitioner
    assert {c.slug for c in added.interests.all()} == {"arts-and-crafts", "social-groups"}
    today = timezone.localdate()
    assert added.last_checked_on == today
    assert added.last_checked_by == cast.team_lead
    assert added.check_due_on == today + relativedelta(months=6)
    event = AuditEvent.objects.get(action=AuditAction.CREATED, target_type=MODEL)
    assert event.actor == cast.team_lead
    assert event.team_id == cast.team.pk
    assert "Knit" not in event.target_label  # the trail names the record, not the neighbour
    page = client.get(response.url).content.decode()
    assert "Knit and natter is on North Team&#x27;s list" in page


def test_add_and_add_another_returns_to_an_empty_form(sign_in, cast):
    response = sign_in(cast.practitioner).post(
        _url("connector_add"), {**_form_data(), "then": "another"}
    )
    assert response.url == _url("connector_add")
    assert CommunityConnector.objects.count() == 1


def test_add_form_with_mistakes_keeps_what_was_typed_and_says_what_to_fix(sign_in, cast):
    data = _form_data(kind=None, offers="   ", latitude="53.4", check_every_months="often")
    response = sign_in(cast.practitioner).post(_url("connector_add"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert CommunityConnector.objects.count() == 0
    assert "There is a problem" in html
    assert "<title>Error:" in html
    for message in (
        "Choose whether this is a person or an informal group",
        "Enter what they offer",
        "Enter the longitude too, or leave both empty",
        "Enter the number of months as a whole number, like 6",
    ):
        assert message in html
    assert 'href="#id_kind_0"' in html
    assert 'value="Knit and natter"' in html
    assert 'value="St Mark&#x27;s church hall"' in html
    assert 'value="53.4"' in html
    assert "Quiet room at the back" in html
    arts = _interest("arts-and-crafts").pk
    assert f'value="{arts}" checked' in html


def test_add_form_refuses_a_blank_name_and_someone_not_in_the_team(sign_in, cast):
    data = _form_data(name="   ", known_by=cast.other_practitioner.pk)
    html = sign_in(cast.practitioner).post(_url("connector_add"), data).content.decode()
    assert "Enter how the team knows them, for example" in html
    assert "Choose someone who is in the team" in html
    assert CommunityConnector.objects.count() == 0


def test_add_form_refuses_numbers_out_of_range(sign_in, cast):
    data = _form_data(latitude="91", longitude="-200", check_every_months="0")
    html = sign_in(cast.practitioner).post(_url("connector_add"), data).content.decode()
    assert "Enter a latitude between -90 and 90" in html
    assert "Enter a longitude between -180 and 180" in html
    assert "Enter a number of months from 1 to 24" in html
    assert CommunityConnector.objects.count() == 0


# Changing ---------------------------------------------------------------------------------------


def test_edit_form_starts_with_what_is_stored(sign_in, cast, maureen):
    html = sign_in(cast.practitioner).get(_url("connector_edit", maureen)).content.decode()
    assert 'value="Maureen (Tuesday walks)"' in html
    assert f'name="version" value="{maureen.version}"' in html
    nature = _interest("nature-and-gardening").pk
    assert f'value="{nature}" checked' in html
    assert re.search(r'<input type="checkbox" name="is_active"[^>]* checked', html)


def test_editing_saves_the_changes_and_audits_which_fields(sign_in, cast, maureen):
    data = _edit_data(
        maureen,
        when="Tuesdays and Saturdays, 10am",
        interests=[_interest("nature-and-gardening").pk, _interest("sport-and-movement").pk],
        known_by=cast.team_lead.pk,
    )
    response = sign_in(cast.team_lead).post(_url("connector_edit", maureen), data)
    assert response.status_code == 302
    assert response.url == _url("connector", maureen)
    maureen.refresh_from_db()
    assert maureen.when == "Tuesdays and Saturdays, 10am"
    assert maureen.known_by == cast.team_lead
    assert maureen.version == 2
    assert {c.slug for c in maureen.interests.all()} == {
        "nature-and-gardening",
        "sport-and-movement",
    }
    event = AuditEvent.objects.get(action=AuditAction.CHANGED, target_id=str(maureen.pk))
    assert sorted(event.detail["fields"]) == ["interests", "known_by", "when"]
    assert event.actor == cast.team_lead


def test_a_second_edit_from_the_same_version_is_refused_showing_what_changed(
    sign_in, cast, maureen
):
    first = sign_in(cast.team_lead)
    first.post(_url("connector_edit", maureen), _edit_data(maureen, when="Wednesdays, 11am"))

    second = sign_in(cast.practitioner)
    data = _edit_data(
        maureen,
        when="Fridays, 9am",
        interests=[_interest("sport-and-movement").pk],
        can_go_along=None,
    )
    response = second.post(_url("connector_edit", maureen), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved changes while you were editing" in html
    assert "Wednesdays, 11am" in html
    assert "Fridays, 9am" in html
    assert "Nature and gardening" in html  # the interests they have
    assert "Sport and movement" in html  # the interests you chose
    assert 'name="version" value="2"' in html  # saving again would stand over theirs
    maureen.refresh_from_db()
    assert maureen.when == "Wednesdays, 11am"
    assert {c.slug for c in maureen.interests.all()} == {"nature-and-gardening"}
    assert maureen.can_go_along

    again = second.post(_url("connector_edit", maureen), {**data, "version": 2})
    assert again.status_code == 302
    maureen.refresh_from_db()
    assert maureen.when == "Fridays, 9am"
    assert {c.slug for c in maureen.interests.all()} == {"sport-and-movement"}


def test_a_conflict_in_the_interests_alone_is_refused_too(cast, maureen):
    loaded = maureen.version
    services.connector_update(
        connector=CommunityConnector.objects.get(pk=maureen.pk),
        changes={},
        interests=[_interest("music")],
        version=loaded,
        by=cast.team_lead,
    )
    with pytest.raises(EditConflict) as refused:
        services.connector_update(
            connector=maureen,
            changes={},
            interests=[_interest("animals")],
            version=loaded,
            by=cast.practitioner,
        )
    (difference,) = refused.value.differences
    assert (difference.field, difference.theirs, difference.yours) == (
        "interests",
        "Music",
        "Animals",
    )
    assert {c.slug for c in maureen.interests.all()} == {"music"}


def test_conflict_table_says_yes_and_no_in_words(sign_in, cast, maureen):
    sign_in(cast.team_lead).post(
        _url("connector_edit", maureen), _edit_data(maureen, can_go_along=None)
    )
    html = (
        sign_in(cast.practitioner)
        .post(_url("connector_edit", maureen), _edit_data(maureen, kind="group"))
        .content.decode()
    )
    assert '<td class="govuk-table__cell">No</td>' in html
    assert '<td class="govuk-table__cell">An informal group</td>' in html
    assert '<td class="govuk-table__cell">A person</td>' in html


def test_edit_form_with_mistakes_keeps_what_was_typed(sign_in, cast, maureen):
    data = _edit_data(maureen, name="", when="Every other Sunday")
    html = sign_in(cast.practitioner).post(_url("connector_edit", maureen), data).content.decode()
    assert "Enter how the team knows them, for example" in html
    assert 'value="Every other Sunday"' in html
    maureen.refresh_from_db()
    assert maureen.name == "Maureen (Tuesday walks)"
    assert maureen.version == 1


def test_someone_who_has_left_the_team_can_stay_as_who_knows_them(sign_in, cast):
    leaver = TeamMembershipFactory(team=cast.team, user=UserFactory(name="Lou Leaver")).user
    connector = make_connector(cast.team, known_by=leaver)
    leaver.team_memberships.all().delete()
    client = sign_in(cast.practitioner)
    assert "Lou Leaver" in client.get(_url("connector_edit", connector)).content.decode()
    response = client.post(_url("connector_edit", connector), _edit_data(connector, when="Mondays"))
    assert response.status_code == 302
    connector.refresh_from_db()
    assert connector.known_by == leaver
    assert connector.when == "Mondays"
    # ...but nobody outside the team can be newly named.
    with pytest.raises(ValidationError):
        services.connector_update(
            connector=connector,
            changes={"known_by": cast.outsider},
            version=connector.version,
            by=cast.practitioner,
        )


# No longer going --------------------------------------------------------------------------------


def test_unticking_still_going_retires_them_and_they_stay_for_history(sign_in, cast, maureen):
    client = sign_in(cast.practitioner)
    response = client.post(_url("connector_edit", maureen), _edit_data(maureen, is_active=None))
    detail = client.get(response.url).content.decode()
    assert "is marked as no longer going" in detail
    assert "No longer going. Kept here" in detail
    maureen.refresh_from_db()
    assert not maureen.is_active
    event = AuditEvent.objects.get(action=AuditAction.CHANGED, target_id=str(maureen.pk))
    assert event.detail == {"fields": ["is_active"], "still_going": False}

    assert "Maureen" not in client.get(_url("connectors")).content.decode()
    stopped = client.get(_url("connectors"), {"status": "stopped"}).content.decode()
    assert "Maureen (Tuesday walks)" in stopped
    assert "No longer going" in stopped
    assert "Maureen" in client.get(_url("connectors"), {"status": "all"}).content.decode()

    client.post(_url("connector_edit", maureen), _edit_data(maureen, is_active="on"))
    maureen.refresh_from_db()
    assert maureen.is_active


def test_retire_and_restore_services_are_versioned_and_audited(cast, maureen):
    services.connector_retire(connector=maureen, version=1, by=cast.team_lead)
    assert not CommunityConnector.objects.get(pk=maureen.pk).is_active
    with pytest.raises(EditConflict):
        services.connector_restore(connector=maureen, version=1, by=cast.team_lead)
    services.connector_restore(connector=maureen, version=2, by=cast.team_lead)
    assert CommunityConnector.objects.get(pk=maureen.pk).is_active
    details = AuditEvent.objects.filter(action=AuditAction.CHANGED).order_by("pk")
    assert [e.detail["still_going"] for e in details] == [False, True]


# Checked today ----------------------------------------------------------------------------------


def test_checked_today_moves_the_next_check_on_and_is_audited(sign_in, cast):
    long_ago = timezone.localdate() - dt.timedelta(days=400)
    connector = make_connector(cast.team, name="Sid (allotments)", check_every_months=3)
    services.connector_mark_checked(connector=connector, by=cast.team_lead, on=long_ago)
    client = sign_in(cast.practitioner)
    listed = client.get(_url("connectors")).content.decode()
    assert "Due a check" in listed
    assert f'action="{_url("connector_checked", connector)}"' in listed

    response = client.post(_url("connector_checked", connector))
    assert response.url == _url("connector", connector)
    connector.refresh_from_db()
    today = timezone.localdate()
    assert connector.last_checked_on == today
    assert connector.last_checked_by == cast.practitioner
    assert connector.check_due_on == today + relativedelta(months=3)
    assert connector.version == 1  # checking is not an edit: nobody's open form is refused
    event = AuditEvent.objects.filter(action=AuditAction.CHANGED, actor=cast.practitioner).get()
    assert event.detail == {"checked_on": today.isoformat()}
    page = client.get(response.url).content.decode()
    assert "Sid (allotments) is marked as checked today" in page
    assert "Due a check" not in page


def test_checked_today_returns_to_the_list_but_never_off_the_site(sign_in, cast, maureen):
    client = sign_in(cast.practitioner)
    back = _url("connectors") + "?status=all#connector-1"
    assert client.post(_url("connector_checked", maureen), {"next": back}).url == back
    away = client.post(_url("connector_checked", maureen), {"next": "https://evil.example/"})
    assert away.url == _url("connector", maureen)


def test_checked_today_is_a_post_only(sign_in, cast, maureen):
    assert sign_in(cast.practitioner).get(_url("connector_checked", maureen)).status_code == 405


def test_a_check_cannot_be_dated_in_the_future(cast, maureen):
    with pytest.raises(ValidationError):
        services.connector_mark_checked(
            connector=maureen, by=cast.practitioner, on=timezone.localdate() + dt.timedelta(days=1)
        )


def test_changing_how_often_moves_the_next_check(cast, maureen):
    services.connector_update(
        connector=maureen, changes={"check_every_months": 12}, version=1, by=cast.practitioner
    )
    stored = CommunityConnector.objects.get(pk=maureen.pk)
    assert stored.check_due_on == stored.last_checked_on + relativedelta(months=12)
    assert maureen.check_due_on == stored.check_due_on


def test_an_edit_after_a_check_keeps_the_check(cast, maureen):
    """Someone opened the form, someone else clicked "checked today", then the form was saved."""
    opened = CommunityConnector.objects.get(pk=maureen.pk)
    past = timezone.localdate() - dt.timedelta(days=30)
    services.connector_mark_checked(connector=maureen, by=cast.team_lead, on=past)
    services.connector_update(
        connector=opened, changes={"check_every_months": 2}, version=1, by=cast.practitioner
    )
    stored = CommunityConnector.objects.get(pk=maureen.pk)
    assert stored.last_checked_on == past
    assert stored.last_checked_by == cast.team_lead
    assert stored.check_due_on == past + relativedelta(months=2)


def test_services_refuse_fields_that_are_not_the_teams_to_change(cast, maureen):
    with pytest.raises(ValidationError):
        services.connector_update(
            connector=maureen, changes={"team": cast.other_team}, version=1, by=cast.practitioner
        )
    with pytest.raises(ValidationError):
        make_connector(cast.team, latitude=53.0)
    assert CommunityConnector.objects.get(pk=maureen.pk).team == cast.team


# Filters and search -----------------------------------------------------------------------------


@pytest.fixture
def several(cast, maureen):
    make_connector(
        cast.team,
        kind="group",
        name="Men's shed",
        offers="Woodwork and a brew",
        is_free=False,
        interests=[_interest("arts-and-crafts")],
    )
    make_connector(cast.team, name="Jean (choir)", offers="Sings with the community choir")
    return maureen


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({}, {"Maureen", "Men's shed", "Jean"}),
        ({"interest": "nature-and-gardening"}, {"Maureen"}),
        ({"interest": "arts-and-crafts"}, {"Men's shed"}),
        ({"free": "on"}, {"Maureen", "Jean"}),
        ({"go_along": "on"}, {"Maureen"}),
        ({"q": "CHOIR"}, {"Jean"}),
        ({"q": "bandstand"}, {"Maureen"}),
        ({"q": "woodwork", "free": "on"}, set()),
        ({"interest": "no-such-thing", "status": "nonsense"}, {"Maureen", "Men's shed", "Jean"}),
    ],
)
def test_list_filters_and_search(sign_in, cast, several, query, shown):
    html = sign_in(cast.practitioner).get(_url("connectors"), query).content.decode()
    html = html.replace("&#x27;", "'")
    assert {name for name in ("Maureen", "Men's shed", "Jean") if name in html} == shown
    if not shown:
        assert "No connectors match." in html


def test_list_filters_stay_chosen(sign_in, cast, several):
    query = {"q": "walk", "interest": "music", "free": "on", "status": "all"}
    html = sign_in(cast.practitioner).get(_url("connectors"), query).content.decode()
    assert 'name="q" type="search" value="walk"' in html
    assert '<option value="music" selected>' in html
    assert 'id="filter-free" name="free" type="checkbox" value="on" checked' in html
    assert '<option value="all" selected>' in html


def test_an_empty_list_says_how_to_start(sign_in, cast):
    html = sign_in(cast.practitioner).get(_url("connectors")).content.decode()
    assert "The team has no community connectors yet." in html


# Cost -------------------------------------------------------------------------------------------


def _list_queries(client):
    with CaptureQueriesContext(db) as queries:
        response = client.get(_url("connectors"), {"status": "all"})
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_3_or_30_connectors(sign_in, cast):
    client = sign_in(cast.practitioner)
    nature, music = _interest("nature-and-gardening"), _interest("music")

    def add(count):
        for n in range(count):
            make_connector(
                cast.team,
                name=f"Connector {n:02}",
                by=cast.team_lead,
                known_by=cast.practitioner,
                interests=[nature, music],
                is_active=n % 2 == 0,
            )

    add(3)
    few = _list_queries(client)
    add(27)
    assert _list_queries(client) == few


def test_a_connector_s_group_size_and_access_are_saved_and_shown(sign_in, cast, maureen):
    data = _edit_data(maureen, group_size="small", access_features=["step_free", "seating"])
    client = sign_in(cast.team_lead)
    assert client.post(_url("connector_edit", maureen), data).status_code == 302
    maureen.refresh_from_db()
    assert (maureen.group_size, maureen.access_features) == ("small", "step_free,seating")
    page = client.get(_url("connector", maureen)).text
    assert "A small group (up to about 8)" in page
    assert "Step-free access" in page
    assert "Seating throughout" in page
    form = client.get(_url("connector_edit", maureen)).text
    assert re.search(r'value="step_free"[^>]*checked', form)  # the edit starts from them
    assert not re.search(r'value="hearing_loop"[^>]*checked', form)
    bad = _edit_data(maureen, group_size="huge", access_features=["a_moat"], version="2")
    response = client.post(_url("connector_edit", maureen), bad)
    assert "Choose a group size from the list, or not known" in response.text
    assert "Choose what the place has from the list" in response.text


def test_a_connector_with_no_access_recorded_says_so(sign_in, cast, maureen):
    page = sign_in(cast.team_lead).get(_url("connector", maureen)).text
    assert "Access not known — worth a call" in page
