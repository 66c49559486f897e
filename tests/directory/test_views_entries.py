"""The team's own layer on a service: its entry, checked today, who knows it, what people said,
stopping, and the to-check queue. Only the team being worked in sees or changes any of it."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.middleware import SESSION_KEY
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.directory.models import Feedback, ServiceKnower, TeamService
from tests.directory.factories import (
    FeedbackFactory,
    ServiceFactory,
    ServiceKnowerFactory,
    TeamServiceFactory,
)

NORTH = ["practitioner", "team_lead"]
IN_NO_TEAM = ["outsider", "org_admin", "evaluator"]
OTHER_TEAMS = ["other_practitioner", "elsewhere_lead"]


@pytest.fixture
def entry(cast):
    """North Team uses the choir: notes, someone who knows it, what someone said."""
    entry = TeamServiceFactory(
        team=cast.team,
        service=ServiceFactory(name="Millbrook Choir"),
        notes="NORTH-NOTE",
        contact_name="Jan",
        check_every_months=6,
    )
    ServiceKnowerFactory(entry=entry, user=cast.team_lead)
    FeedbackFactory(entry=entry, note="NORTH-SAID")
    return entry


def _url(name, entry, *args):
    return reverse(f"directory:{name}", args=[entry.service_id, *args])


def _refused(who):
    return AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=who).count()


def _unchanged(entry):
    fresh = TeamService.objects.get(pk=entry.pk)
    assert (fresh.notes, fresh.version, fresh.last_checked_on) == ("NORTH-NOTE", 1, None)
    assert ServiceKnower.objects.filter(entry=entry).count() == 1
    assert Feedback.objects.filter(entry=entry).count() == 1


def _posts(entry, cast):
    knower = ServiceKnower.objects.get(entry=entry)
    return [
        (_url("mark_checked", entry), {}),
        (_url("knower_add", entry), {"user": cast.practitioner.pk}),
        (_url("knower_remove", entry, knower.pk), {}),
        (_url("feedback_add", entry), {"rating": "mixed", "note": "Sneaky"}),
        (_url("entry_remove", entry), {}),
    ]


# Who may --------------------------------------------------------------------------------------


def test_team_layer_needs_sign_in(client, cast, entry):
    for url, data in [*_posts(entry, cast), (_url("entry_edit", entry), {})]:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse(settings.LOGIN_URL))
    assert client.get(reverse("directory:to_check")).status_code == 302
    _unchanged(entry)


@pytest.mark.parametrize("who", IN_NO_TEAM)
def test_team_layer_not_found_for_anyone_in_no_team(sign_in, cast, entry, who):
    client = sign_in(getattr(cast, who))
    for url in [
        _url("entry_edit", entry),
        _url("knower_add", entry),
        _url("feedback_add", entry),
        _url("entry_remove", entry),
        reverse("directory:to_check"),
    ]:
        assert client.get(url).status_code == 404, url
    for url, data in [*_posts(entry, cast), (_url("entry_edit", entry), {"start": "1"})]:
        response = client.post(url, data)
        assert response.status_code == 404, url
        assert "NORTH" not in response.text
    _unchanged(entry)
    assert TeamService.objects.count() == 1
    assert _refused(getattr(cast, who)) == 11


@pytest.mark.parametrize("who", OTHER_TEAMS)
def test_another_teams_layer_is_not_found(sign_in, cast, entry, who):
    """Their own team does not use the choir: none of North Team's layer can be reached."""
    client = sign_in(getattr(cast, who))
    for url in [
        _url("knower_add", entry),
        _url("feedback_add", entry),
        _url("entry_remove", entry),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
    for url, data in _posts(entry, cast):
        assert client.post(url, data).status_code == 404, url
    _unchanged(entry)
    assert _refused(getattr(cast, who)) == 8


def test_another_teams_knower_cannot_be_removed_through_your_own_entry(sign_in, cast, entry):
    TeamServiceFactory(team=cast.other_team, service=entry.service)
    theirs = ServiceKnower.objects.get(entry=entry)
    response = sign_in(cast.other_practitioner).post(_url("knower_remove", entry, theirs.pk))
    assert response.status_code == 404
    assert ServiceKnower.objects.filter(pk=theirs.pk).exists()
    assert _refused(cast.other_practitioner) == 1


def test_the_team_layer_follows_the_team_being_worked_in(sign_in, cast, entry):
    client = sign_in(cast.both_teams)
    session = client.session
    session[SESSION_KEY] = cast.other_team.pk
    session.save()
    assert client.post(_url("mark_checked", entry)).status_code == 404
    session[SESSION_KEY] = cast.team.pk
    session.save()
    assert client.post(_url("mark_checked", entry)).status_code == 302


# The team's entry -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", NORTH)
def test_entry_edit_saves_the_teams_notes(sign_in, cast, entry, who):
    client = sign_in(getattr(cast, who))
    page = client.get(_url("entry_edit", entry))
    assert page.status_code == 200
    assert "NORTH-NOTE" in page.text
    assert 'name="version" value="1"' in page.text
    data = {
        "contact_name": "Jan Smith",
        "contact_how": "07700 900123",
        "notes": "Ask at the door",
        "check_every_months": "3",
        "version": "1",
    }
    response = client.post(_url("entry_edit", entry), data)
    assert response.status_code == 302
    assert response.url.endswith("#team")
    entry.refresh_from_db()
    assert (entry.contact_name, entry.notes, entry.check_every_months, entry.version) == (
        "Jan Smith",
        "Ask at the door",
        3,
        2,
    )


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ("0", "Enter a number of months from 1 to 24"),
        ("25", "Enter a number of months from 1 to 24"),
        ("six", "Enter the number of months as a whole number, like 6"),
        ("", "Enter how many months between checks, from 1 to 24"),
    ],
)
def test_entry_edit_says_what_to_fix_and_keeps_the_notes(sign_in, cast, entry, months, message):
    data = {"notes": "Typed and kept", "check_every_months": months, "version": "1"}
    response = sign_in(cast.practitioner).post(_url("entry_edit", entry), data)
    assert response.status_code == 200
    assert message in response.text
    assert "Typed and kept" in response.text
    _unchanged(entry)


def test_entry_edit_refused_when_someone_else_on_the_team_saved_first(sign_in, cast, entry):
    data = {"notes": "Theirs", "check_every_months": "6", "version": "1"}
    assert sign_in(cast.team_lead).post(_url("entry_edit", entry), data).status_code == 302
    mine = {"notes": "Mine", "check_every_months": "6", "version": "1"}
    response = sign_in(cast.practitioner).post(_url("entry_edit", entry), mine)
    assert response.status_code == 200
    assert "Someone else saved changes while you were editing" in response.text
    assert "Theirs" in response.text
    assert "Mine" in response.text
    assert 'name="version" value="2"' in response.text
    entry.refresh_from_db()
    assert entry.notes == "Theirs"


def test_start_using_a_service_in_one_click(sign_in, cast, entry):
    response = sign_in(cast.other_practitioner).post(_url("entry_edit", entry), {"start": "1"})
    assert response.status_code == 302
    theirs = TeamService.objects.get(team=cast.other_team)
    assert (theirs.service_id, theirs.added_by, theirs.notes) == (
        entry.service_id,
        cast.other_practitioner,
        "",
    )
    _unchanged(entry)  # North Team's entry is untouched


def test_start_using_a_service_with_notes(sign_in, cast, entry):
    client = sign_in(cast.elsewhere_lead)
    page = client.get(_url("entry_edit", entry))
    assert "Start using this for your team" in page.text
    assert "NORTH" not in page.text
    data = {"notes": "Faraway notes", "check_every_months": "12"}
    assert client.post(_url("entry_edit", entry), data).status_code == 302
    theirs = TeamService.objects.get(team=cast.elsewhere_team)
    assert (theirs.notes, theirs.check_every_months) == ("Faraway notes", 12)


# Checked today ------------------------------------------------------------------------------


def test_checked_today_in_one_click(sign_in, cast, entry):
    response = sign_in(cast.practitioner).post(_url("mark_checked", entry))
    assert response.status_code == 302
    assert response.url == _url("service", entry) + "#team"
    entry.refresh_from_db()
    today = timezone.localdate()
    assert (entry.last_checked_on, entry.last_checked_by) == (today, cast.practitioner)
    assert entry.check_due_on > today + dt.timedelta(days=150)
    page = sign_in(cast.practitioner).get(response.url).text
    assert "Millbrook Choir is marked as checked today." in page
    assert "Due a check" not in page
    assert "Pat Practitioner" in page


def test_checked_today_from_the_queue_goes_back_to_the_queue(sign_in, cast, entry):
    queue = reverse("directory:to_check") + "?page=1"
    response = sign_in(cast.practitioner).post(_url("mark_checked", entry), {"next": queue})
    assert response.url == queue
    elsewhere = sign_in(cast.practitioner).post(
        _url("mark_checked", entry), {"next": "https://evil.example/"}
    )
    assert elsewhere.url == _url("service", entry) + "#team"


def test_checked_today_with_htmx_swaps_the_panel(sign_in, cast, entry):
    response = sign_in(cast.practitioner).post(_url("mark_checked", entry), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="freshness"')
    assert "Marked as checked today." in response.text
    assert "Due a check" not in response.text
    assert '<span id="team-status" hx-swap-oob="true">Checked today</span>' in response.text
    # Announced through the live region that is always on the page, filled out of band: a
    # role="status" arriving inside the swapped block may never be read out.
    assert (
        '<div id="checked-announce" hx-swap-oob="innerHTML">Marked as checked today.</div>'
    ) in response.text
    assert 'role="status"' not in response.text  # the region stays; only its words change


def test_the_service_page_always_has_the_live_region_for_checked_today(sign_in, cast, entry):
    page = sign_in(cast.practitioner).get(_url("service", entry)).text

    assert '<div id="checked-announce" class="govuk-visually-hidden" role="status"></div>' in page


def test_checked_today_only_by_post(sign_in, cast, entry):
    assert sign_in(cast.practitioner).get(_url("mark_checked", entry)).status_code == 405
    _unchanged(entry)


# Who knows it, what people said -------------------------------------------------------------


def test_knower_add_yourself_or_someone_on_the_team(sign_in, cast, entry):
    client = sign_in(cast.practitioner)
    page = client.get(_url("knower_add", entry))
    assert "Lee Lead" in page.text
    assert "Bo Both" in page.text
    response = client.post(
        _url("knower_add", entry),
        {"user": cast.practitioner.pk, "how": "Went along", "can_go_along": "on"},
    )
    assert response.status_code == 302
    knower = ServiceKnower.objects.get(entry=entry, user=cast.practitioner)
    assert (knower.how, knower.can_go_along) == ("Went along", True)


def test_knower_add_refuses_someone_outside_the_team(sign_in, cast, entry):
    response = sign_in(cast.practitioner).post(
        _url("knower_add", entry), {"user": cast.other_practitioner.pk, "how": "Kept"}
    )
    assert response.status_code == 200
    assert "Choose someone in your team" in response.text
    assert 'value="Kept"' in response.text
    _unchanged(entry)


def test_knower_choices_are_only_active_members(sign_in, cast, entry):
    cast.both_teams.is_active = False
    cast.both_teams.save(update_fields=["is_active"])
    client = sign_in(cast.practitioner)

    page = client.get(_url("knower_add", entry))
    service_page = client.get(reverse("directory:service", args=[entry.service_id]))
    posted = client.post(_url("knower_add", entry), {"user": cast.both_teams.pk, "how": "Kept"})

    assert "Lee Lead" in page.text
    assert "Bo Both" not in page.text
    assert "Bo Both" not in service_page.text
    assert "Choose someone in your team" in posted.text
    assert not ServiceKnower.objects.filter(user=cast.both_teams).exists()


def test_knower_remove(sign_in, cast, entry):
    knower = ServiceKnower.objects.get(entry=entry)
    response = sign_in(cast.practitioner).post(_url("knower_remove", entry, knower.pk))
    assert response.status_code == 302
    assert not ServiceKnower.objects.exists()


def test_feedback_add(sign_in, cast, entry):
    response = sign_in(cast.practitioner).post(
        _url("feedback_add", entry), {"rating": "went_well", "kept_going": "on", "note": "Back"}
    )
    assert response.status_code == 302
    assert response.url.endswith("#what-people-said")
    said = Feedback.objects.filter(entry=entry).order_by("-pk").first()
    assert (said.rating, said.kept_going, said.note) == ("went_well", True, "Back")
    page = sign_in(cast.practitioner).get(_url("service", entry)).text
    assert "2 people tried it" in page
    assert "Do not write the name of anyone the team supports." in page


def test_feedback_add_says_what_to_fix_and_keeps_the_note(sign_in, cast, entry):
    response = sign_in(cast.practitioner).post(_url("feedback_add", entry), {"note": "Kept words"})
    assert response.status_code == 200
    assert "Choose how it went" in response.text
    assert "Kept words" in response.text
    long = sign_in(cast.practitioner).post(
        _url("feedback_add", entry), {"rating": "mixed", "note": "x" * 501}
    )
    assert "Keep the note to 500 characters or fewer" in long.text
    _unchanged(entry)


# Stop using ---------------------------------------------------------------------------------


def test_stop_using_asks_first_then_removes_the_teams_layer(sign_in, cast, entry):
    client = sign_in(cast.team_lead)
    assert _url("entry_remove", entry) in client.get(_url("service", entry)).text
    page = client.get(_url("entry_remove", entry))
    assert "Stop using this for your team?" in page.text
    assert "who on the team knows it (one person)" in page.text
    assert "what people said (one note)" in page.text
    assert "it will be deleted for good" in page.text
    _unchanged(entry)
    response = client.post(_url("entry_remove", entry))
    assert response.url == _url("service", entry)
    assert not TeamService.objects.exists()
    assert not Feedback.objects.exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.DELETED, target_type="directory.teamservice"
    ).exists()


def test_only_team_leads_may_stop_using_it(sign_in, cast, entry):
    client = sign_in(cast.practitioner)

    service_page = client.get(_url("service", entry))
    asked = client.get(_url("entry_remove", entry))
    posted = client.post(_url("entry_remove", entry))

    assert "NORTH-NOTE" in service_page.text  # a member sees the team's layer...
    assert _url("entry_remove", entry) not in service_page.text  # ...but is not offered this
    assert (asked.status_code, posted.status_code) == (403, 403)
    _unchanged(entry)
    refusals = AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=cast.practitioner)
    assert refusals.count() == 2
    assert {(e.target_type, e.target_id) for e in refusals} == {
        ("directory.teamservice", str(entry.pk))
    }


# The to-check queue -------------------------------------------------------------------------


def _due(team, name, last_checked_on=None, months=6):
    return TeamServiceFactory(
        team=team,
        service=ServiceFactory(name=name),
        last_checked_on=last_checked_on,
        check_every_months=months,
    )


@pytest.fixture
def queue(cast, entry):
    today = timezone.localdate()
    return {
        "long overdue": _due(cast.team, "Long overdue", today - dt.timedelta(days=400)),
        "just due": _due(cast.team, "Just due", today - dt.timedelta(days=200)),
        "fresh": _due(cast.team, "Fresh", today - dt.timedelta(days=10)),
        "never": entry,
        "theirs": _due(cast.other_team, "South's overdue", today - dt.timedelta(days=400)),
    }


@pytest.mark.parametrize("who", NORTH)
def test_to_check_oldest_due_first_never_checked_at_the_top(sign_in, cast, queue, who):
    response = sign_in(getattr(cast, who)).get(reverse("directory:to_check"))
    assert response.status_code == 200
    names = [e.service.name for e in response.context["page"].object_list]
    assert names == ["Millbrook Choir", "Long overdue", "Just due"]
    assert "3 of your team's 4 services are due a check." in response.text
    assert "South" not in response.text
    assert response.text.count("Checked today") == 3
    assert ("As team lead" in response.text) == (who == "team_lead")


def test_to_check_marking_one_takes_it_off_the_queue(sign_in, cast, queue):
    client = sign_in(cast.practitioner)
    queue_url = reverse("directory:to_check")
    client.post(_url("mark_checked", queue["long overdue"]), {"next": queue_url})
    names = [e.service.name for e in client.get(queue_url).context["page"].object_list]
    assert names == ["Millbrook Choir", "Just due"]


def test_to_check_other_team_sees_only_their_own(sign_in, cast, queue):
    response = sign_in(cast.other_practitioner).get(reverse("directory:to_check"))
    names = [e.service.name for e in response.context["page"].object_list]
    assert names == ["South's overdue"]


def test_to_check_empty(sign_in, cast):
    response = sign_in(cast.elsewhere_lead).get(reverse("directory:to_check"))
    assert "Nothing is due a check." in response.text


def _queue_queries(client):
    with CaptureQueriesContext(db) as queries:
        response = client.get(reverse("directory:to_check"))
    assert response.status_code == 200
    return len(queries)


def test_to_check_costs_the_same_queries_for_3_or_30_entries(sign_in, cast):
    client = sign_in(cast.team_lead)
    old = timezone.localdate() - dt.timedelta(days=400)
    for n in range(3):
        _due(cast.team, f"Service {n}", old).last_checked_by = cast.practitioner
    TeamService.objects.update(last_checked_by=cast.practitioner)
    few = _queue_queries(client)
    for n in range(3, 30):
        _due(cast.team, f"Service {n}", old)
    TeamService.objects.update(last_checked_by=cast.practitioner)
    assert _queue_queries(client) == few


def test_the_team_page_links_to_the_queue_for_the_team_being_worked_in(sign_in, cast):
    client = sign_in(cast.team_lead)
    page = client.get(reverse("accounts:team", args=[cast.team.pk])).text
    assert reverse("directory:to_check") in page
    admin = sign_in(cast.org_admin).get(reverse("accounts:team", args=[cast.team.pk]))
    assert admin.status_code == 200
    assert reverse("directory:to_check") not in admin.text


def test_entry_edit_saves_the_group_size_and_the_team_layer_shows_it(sign_in, cast, entry):
    client = sign_in(cast.team_lead)
    assert "Not known" in client.get(_url("service", entry)).text
    data = {"check_every_months": "6", "version": "1", "group_size": "one_to_one"}
    assert client.post(_url("entry_edit", entry), data).status_code == 302
    entry.refresh_from_db()
    assert entry.group_size == "one_to_one"
    assert "One to one" in client.get(_url("service", entry)).text
    wrong = {"check_every_months": "6", "version": "2", "group_size": "enormous"}
    response = client.post(_url("entry_edit", entry), wrong)
    assert "Choose a group size from the list, or not known" in response.text
