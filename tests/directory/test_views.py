"""The directory's shared pages: browse and search, a service's page, adding and changing a service.

The services are shared: anyone signed in may look, anyone in a team may add and change them. A
team's own notes show only to that team.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.directory.models import Schedule, Service, ServiceOwner, TeamService
from connecting_people.directory.search.facts import refresh_for_services
from connecting_people.directory.team import services
from connecting_people.directory.team.editing import IN_PERSON, ServiceDetails, WeeklySession
from tests.directory.factories import (
    CostOptionFactory,
    FeedbackFactory,
    ScheduleFactory,
    ServiceFactory,
    ServiceKnowerFactory,
    TeamServiceFactory,
    in_person,
    with_interests,
)

EVERYONE = [
    "practitioner",
    "team_lead",
    "other_practitioner",
    "elsewhere_lead",
    "outsider",
    "org_admin",
    "evaluator",
]
IN_A_TEAM = ["practitioner", "team_lead", "other_practitioner", "elsewhere_lead"]
IN_NO_TEAM = ["outsider", "org_admin", "evaluator"]
NOT_NORTH = ["other_practitioner", "elsewhere_lead", *IN_NO_TEAM]


def _indexed(*found):
    refresh_for_services([s.pk for s in found])
    return found[0] if len(found) == 1 else found


@pytest.fixture
def choir(cast):
    """A choir North Team uses, with its private notes; South Team uses it too."""
    service = ServiceFactory(name="Millbrook Community Choir", description="Sing together.")
    in_person(service, city="Millbrook", accessible=True)
    ScheduleFactory(service=service, byday="WE", opens_at=dt.time(19), closes_at=dt.time(21))
    CostOptionFactory(service=service, amount=0, option="Free")
    with_interests(service, "music")
    north = TeamServiceFactory(
        team=cast.team,
        service=service,
        notes="NORTH-NOTE: ask for Jan",
        contact_name="NORTH-CONTACT",
    )
    ServiceKnowerFactory(entry=north, user=cast.team_lead, how="NORTH-KNOWER", can_go_along=True)
    FeedbackFactory(entry=north, note="NORTH-SAID: loved it", kept_going=True)
    TeamServiceFactory(team=cast.other_team, service=service, notes="SOUTH-NOTE")
    return _indexed(service)


# Browse and search ------------------------------------------------------------------------------


def test_directory_pages_need_sign_in(client, choir):
    for url in [
        reverse("directory:browse"),
        reverse("directory:service", args=[choir.pk]),
        reverse("directory:service_add"),
        reverse("directory:service_edit", args=[choir.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("who", EVERYONE)
def test_browse_open_to_everyone_signed_in(sign_in, cast, choir, who):
    response = sign_in(getattr(cast, who)).get(reverse("directory:browse"))
    assert response.status_code == 200
    assert "Millbrook Community Choir" in response.text
    assert "NORTH-NOTE" not in response.text


def test_browse_says_which_services_your_team_uses(sign_in, cast, choir):
    _indexed(ServiceFactory(name="Allotment Society"))
    north = sign_in(cast.practitioner).get(reverse("directory:browse")).text
    assert north.count("Your team uses this") == 1
    assert "Due a check" in north  # never checked
    elsewhere = sign_in(cast.elsewhere_lead).get(reverse("directory:browse")).text
    assert "Your team uses this" not in elsewhere


def test_browse_checked_recently_says_when(sign_in, cast, choir):
    services.entry_mark_checked(entry=TeamService.objects.get(team=cast.team), by=cast.team_lead)
    page = sign_in(cast.practitioner).get(reverse("directory:browse")).text
    assert "Checked today" in page
    assert "Due a check" not in page


def test_browse_search_shows_why_each_matched(sign_in, cast, choir):
    _indexed(ServiceFactory(name="Allotment Society", description="Grow vegetables."))
    response = sign_in(cast.practitioner).get(reverse("directory:browse"), {"q": "choir"})
    assert "Millbrook Community Choir" in response.text
    assert "Allotment Society" not in response.text
    assert "1 service found" in response.text
    assert "Why it is here" in response.text
    results = response.context["results"]
    assert results[0].reasons
    assert results[0].cost == "free"
    assert results[0].town == "Millbrook"
    assert results[0].when == ["Every Wednesday, 7pm to 9pm"]


def test_browse_filters_become_the_search(sign_in, cast, choir):
    paid = ServiceFactory(name="Pottery class")
    CostOptionFactory(service=paid, amount=12)
    ScheduleFactory(service=paid, byday="SA")
    _indexed(paid)
    client = sign_in(cast.practitioner)

    def names(**filters):
        response = client.get(reverse("directory:browse"), filters)
        return [r.service.name for r in response.context["results"]]

    assert names() == ["Millbrook Community Choir", "Pottery class"]
    assert names(cost="free") == ["Millbrook Community Choir"]
    assert names(day=["SA"]) == ["Pottery class"]
    assert names(day=["WE", "SA"]) == ["Millbrook Community Choir", "Pottery class"]
    assert names(category=["music"]) == ["Millbrook Community Choir"]
    assert names(ours="on") == ["Millbrook Community Choir"]
    assert names(accessible="on") == ["Millbrook Community Choir"]
    assert names(time="evening") == ["Millbrook Community Choir"]
    assert names(area="Millbrook") == ["Millbrook Community Choir"]


def test_browse_only_my_team_is_the_current_teams(sign_in, cast, choir):
    mine = _indexed(ServiceFactory(name="North only"))
    TeamServiceFactory(team=cast.team, service=mine)
    response = sign_in(cast.elsewhere_lead).get(reverse("directory:browse"), {"ours": "on"})
    assert response.context["results"] == []
    assert "Nothing matches" in response.text


def test_browse_near_a_place_when_search_knows_places(sign_in, cast, choir):
    response = sign_in(cast.practitioner).get(reverse("directory:browse"))
    assert "Millbrook" in [name for name, _label in response.context["form"].fields["near"].choices]
    far = sign_in(cast.practitioner).get(
        reverse("directory:browse"), {"near": "Millbrook", "within": "1"}
    )
    assert [r.service.name for r in far.context["results"]] == ["Millbrook Community Choir"]
    assert "Millbrook, less than 100 metres away" in far.text
    assert "metres away" not in " ".join(far.context["results"][0].reasons)


def test_browse_a_filter_with_a_mistake_is_named_and_kept(sign_in, cast, choir):
    response = sign_in(cast.practitioner).get(
        reverse("directory:browse"), {"q": "choir", "age": "old"}
    )
    assert response.status_code == 200
    assert "Enter the age as a number, like 34" in response.text
    assert 'value="old"' in response.text
    assert 'value="choir"' in response.text
    assert "Millbrook Community Choir" in response.text  # the rest of the search still runs


def test_browse_pages_through_results_keeping_the_search(sign_in, cast):
    _indexed(*[ServiceFactory(name=f"Walk {n:02}") for n in range(25)])
    client = sign_in(cast.practitioner)
    first = client.get(reverse("directory:browse"), {"q": "walk"})
    assert "25 services found" in first.text
    assert len(first.context["results"]) == 20
    assert "q=walk&amp;page=2" in first.text
    second = client.get(reverse("directory:browse"), {"q": "walk", "page": "2"})
    assert [r.service.name for r in second.context["results"]] == [
        f"Walk {n}" for n in range(20, 25)
    ]
    assert client.get(reverse("directory:browse"), {"page": "nonsense"}).status_code == 200


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("99999999999999999999", 1),  # too long to be a page: the first
        ("1000001", 2),  # a number past the end: the last page
        ("3", 2),
        ("2", 2),
        ("²", 1),  # "²".isdigit() is true, but it is no page number
        ("-1", 1),
        ("0", 1),
        ("abc", 1),
    ],
)
def test_browse_never_fails_on_a_page_number_and_shows_a_page_that_exists(
    sign_in, cast, page, shown
):
    _indexed(*[ServiceFactory(name=f"Walk {n:02}") for n in range(25)])

    response = sign_in(cast.practitioner).get(
        reverse("directory:browse"), {"q": "walk", "page": page}
    )

    assert response.status_code == 200
    assert response.context["found"].page == shown
    assert response.context["page"].number == shown
    assert len(response.context["results"]) == (20 if shown == 1 else 5)


def test_adding_a_row_of_times_never_fails_on_the_count(sign_in, cast):
    client = sign_in(cast.practitioner)
    for total, rows in [("99999999999999999999", 1), ("²", 1), ("-3", 1), ("0", 1), ("1", 2)]:
        response = client.post(
            reverse("directory:service_add"),
            {"name": "Walk", "add_session": "1", "sessions-TOTAL_FORMS": total},
        )
        assert response.status_code == 200, total
        assert response.context["sessions"].total_form_count() == rows, total


def test_browse_clear_filters_and_add_only_for_team_members(sign_in, cast, choir):
    filtered = sign_in(cast.practitioner).get(reverse("directory:browse"), {"cost": "free"})
    assert "Clear filters" in filtered.text
    assert reverse("directory:service_add") in filtered.text
    plain = sign_in(cast.practitioner).get(reverse("directory:browse"))
    assert "Clear filters" not in plain.text
    outsider = sign_in(cast.outsider).get(reverse("directory:browse"))
    assert reverse("directory:service_add") not in outsider.text
    assert reverse("directory:to_check") not in outsider.text


def _browse_queries(client):
    with CaptureQueriesContext(db) as queries:
        response = client.get(reverse("directory:browse"), {"q": "group"})
    assert response.status_code == 200
    return len(queries)


def _groups(cast, count):
    found = []
    for n in range(count):
        service = ServiceFactory(name=f"Group {n}", description="A group for everyone.")
        in_person(service, accessible=True)
        ScheduleFactory(service=service)
        CostOptionFactory(service=service)
        TeamServiceFactory(team=cast.team, service=service)
        found.append(service)
    _indexed(*found)


def test_browse_costs_the_same_queries_for_3_or_30_services(sign_in, cast):
    client = sign_in(cast.practitioner)
    _groups(cast, 3)
    few = _browse_queries(client)
    _groups(cast, 27)
    assert _browse_queries(client) == few


# A service's page -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_service_page_open_to_everyone_signed_in(sign_in, cast, choir, who):
    response = sign_in(getattr(cast, who)).get(reverse("directory:service", args=[choir.pk]))
    assert response.status_code == 200
    assert "Millbrook Community Choir" in response.text
    assert "Every Wednesday, 7pm to 9pm" in response.text
    assert "Step-free access" in response.text
    assert "Music" in response.text


@pytest.mark.parametrize("who", ["practitioner", "team_lead"])
def test_service_page_shows_the_teams_own_layer_to_the_team(sign_in, cast, choir, who):
    page = sign_in(getattr(cast, who)).get(reverse("directory:service", args=[choir.pk])).text
    for private in ["NORTH-NOTE", "NORTH-CONTACT", "NORTH-KNOWER", "NORTH-SAID"]:
        assert private in page
    assert "SOUTH-NOTE" not in page
    assert "Could go along the first time" in page
    assert "One person tried it" in page
    assert "1 kept going" in page
    assert "Due a check" in page
    assert "Checked today" in page  # the button


@pytest.mark.parametrize("who", NOT_NORTH)
def test_service_page_never_shows_another_teams_layer(sign_in, cast, choir, who):
    page = sign_in(getattr(cast, who)).get(reverse("directory:service", args=[choir.pk])).text
    for private in ["NORTH-NOTE", "NORTH-CONTACT", "NORTH-KNOWER", "NORTH-SAID"]:
        assert private not in page
    assert ("SOUTH-NOTE" in page) == (who == "other_practitioner")


def _viewed(entry):
    return AuditEvent.objects.filter(
        action=AuditAction.VIEWED, target_type="directory.teamservice", target_id=str(entry.pk)
    )


def test_seeing_the_teams_layer_is_audited(sign_in, cast, choir):
    north = TeamService.objects.get(team=cast.team, service=choir)
    south = TeamService.objects.get(team=cast.other_team, service=choir)

    sign_in(cast.practitioner).get(reverse("directory:service", args=[choir.pk]))

    [event] = _viewed(north)
    assert event.actor == cast.practitioner
    assert not _viewed(south).exists()


@pytest.mark.parametrize("who", ["elsewhere_lead", "outsider", "org_admin", "evaluator"])
def test_no_team_layer_no_viewed_event_for_anyone_else(sign_in, cast, choir, who):
    response = sign_in(getattr(cast, who)).get(reverse("directory:service", args=[choir.pk]))

    assert response.context["page"].entry is None
    assert not AuditEvent.objects.filter(action=AuditAction.VIEWED).exists()


def test_the_other_teams_member_sees_only_their_own_layer_and_is_audited_for_it(
    sign_in, cast, choir
):
    north = TeamService.objects.get(team=cast.team, service=choir)
    south = TeamService.objects.get(team=cast.other_team, service=choir)

    response = sign_in(cast.other_practitioner).get(reverse("directory:service", args=[choir.pk]))

    assert response.context["page"].entry == south
    assert not _viewed(north).exists()
    assert _viewed(south).count() == 1


def test_the_team_layer_is_read_through_the_access_layer(cast, choir):
    from connecting_people.directory import selectors

    # Asked for a team the user is not in (say, a stale session), nothing of it is read.
    page = selectors.service_page(choir.pk, cast.team, cast.other_practitioner)

    assert page.entry is None
    assert page.knowers == []


def test_service_page_offers_to_start_using_it(sign_in, cast, choir):
    page = sign_in(cast.elsewhere_lead).get(reverse("directory:service", args=[choir.pk])).text
    assert "Faraway Team does not use this yet" in page
    assert "Start using this for your team" in page
    no_team = sign_in(cast.outsider).get(reverse("directory:service", args=[choir.pk])).text
    assert "Start using this for your team" not in no_team
    assert "You are not in a team" in no_team


def test_service_page_warns_when_it_is_not_running(sign_in, cast, choir):
    Service.objects.filter(pk=choir.pk).update(status="temporarily closed")
    page = sign_in(cast.practitioner).get(reverse("directory:service", args=[choir.pk])).text
    assert "Closed for now: check with them before suggesting it to anyone." in page


def test_service_page_shows_the_next_sessions(sign_in, cast, choir):
    response = sign_in(cast.practitioner).get(reverse("directory:service", args=[choir.pk]))
    sessions = response.context["page"].next_sessions
    assert len(sessions) == 3
    assert all(s.starts_at.strftime("%A %H:%M") == "Wednesday 19:00" for s, _hours in sessions)
    assert [hours for _session, hours in sessions] == ["7pm to 9pm"] * 3
    assert sessions[0][0].starts_at.strftime("%A %-d %B") in response.text


def test_service_page_says_each_thing_about_the_cost_once(sign_in, cast):
    service = ServiceFactory(fees_description="Free.")
    CostOptionFactory(service=service, amount=0, option="Free", amount_description="Free to all.")
    CostOptionFactory(service=service, amount=3, option="A meal", amount_description="")
    response = sign_in(cast.practitioner).get(reverse("directory:service", args=[service.pk]))
    assert response.context["page"].costs == ["Free to all.", "£3.00 A meal"]


def test_service_page_not_found(sign_in, cast):
    missing = reverse("directory:service", args=["00000000-0000-4000-8000-000000000000"])
    assert sign_in(cast.practitioner).get(missing).status_code == 404


def test_service_page_never_links_to_a_script(sign_in, cast):
    service = ServiceFactory(url="javascript:alert(1)")
    page = sign_in(cast.practitioner).get(reverse("directory:service", args=[service.pk])).text
    assert 'href="javascript' not in page


def _page_queries(client, service):
    with CaptureQueriesContext(db) as queries:
        response = client.get(reverse("directory:service", args=[service.pk]))
    assert response.status_code == 200
    return len(queries)


def test_service_page_costs_the_same_queries_however_much_it_holds(sign_in, cast, choir):
    client = sign_in(cast.practitioner)
    few = _page_queries(client, choir)
    entry = TeamService.objects.get(team=cast.team, service=choir)
    for n in range(27):
        FeedbackFactory(entry=entry, note=f"Said {n}")
        ScheduleFactory(service=choir, byday="FR")
        in_person(choir, accessible=True)
        with_interests(choir, ["arts-and-crafts", "learning", "animals"][n % 3]) if n < 3 else None
    ServiceKnowerFactory(entry=entry, user=cast.practitioner)
    assert _page_queries(client, choir) == few


# Adding a service -------------------------------------------------------------------------------


def _form(**changes):
    data = {
        "name": "Tuesday Walking Group",
        "organisation": "Riverside Ramblers",
        "description": "A gentle walk by the river, then tea.",
        "eligibility": "",
        "minimum_age": "",
        "maximum_age": "",
        "categories": ["nature-and-gardening"],
        "cost": "free",
        "amount": "",
        "cost_description": "",
        "ways": ["in_person"],
        "address_1": "The Boathouse",
        "address_2": "",
        "city": "Leeds",
        "county": "",
        "postcode": "ls62ab",
        "latitude": "",
        "longitude": "",
        "transportation": "",
        "accessibility": "Flat paths",
        "online_url": "",
        "phone": "",
        "email": "",
        "website": "",
        "status": "active",
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-day": "TU",
        "sessions-0-opens_at": "10am",
        "sessions-0-closes_at": "11.30am",
        "sessions-0-first_on": "",
        "sessions-1-day": "",
        "sessions-1-opens_at": "",
        "sessions-1-closes_at": "",
        "sessions-1-first_on": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("who", IN_A_TEAM)
def test_add_a_service_open_to_anyone_in_a_team(sign_in, cast, who):
    response = sign_in(getattr(cast, who)).get(reverse("directory:service_add"))
    assert response.status_code == 200
    assert "Add a service" in response.text


@pytest.mark.parametrize("who", IN_NO_TEAM)
def test_add_a_service_refused_to_anyone_in_no_team(sign_in, cast, who):
    client = sign_in(getattr(cast, who))
    assert client.get(reverse("directory:service_add")).status_code == 403
    assert client.post(reverse("directory:service_add"), _form()).status_code == 403
    assert not Service.objects.exists()
    assert (
        AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).count() == 2
    )


def test_add_a_service_and_the_team_uses_it(sign_in, cast):
    response = sign_in(cast.practitioner).post(reverse("directory:service_add"), _form())
    service = Service.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("directory:service", args=[service.pk])
    assert service.organization.name == "Riverside Ramblers"
    schedule = Schedule.objects.get(service=service)
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == (
        "TU",
        dt.time(10),
        dt.time(11, 30),
    )
    assert TeamService.objects.get(service=service).team == cast.team
    assert service.service_at_locations.get().location.addresses.get().postal_code == "LS6 2AB"
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATED, target_type="directory.service", actor=cast.practitioner
    ).exists()
    page = sign_in(cast.practitioner).get(response.url).text
    assert "Tuesday Walking Group is in the directory." in page
    assert "Every Tuesday, 10am to 11:30am" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the name of the service"),
        ({"organisation": ""}, "Enter who runs it, for example Riverside Allotment Society"),
        ({"description": ""}, "Describe what it is in a sentence or two"),
        ({"address_1": ""}, "Enter the first line of the address"),
        ({"city": ""}, "Enter the town or city"),
        ({"postcode": "NOT A POSTCODE"}, "Enter a real postcode, like LS6 2AB"),
        ({"ways": ["online"]}, "Enter the web address where people join online"),
        ({"sessions-0-opens_at": "teatime"}, "Enter the start time like 10am or 14:30"),
        ({"sessions-0-closes_at": "9am"}, "The end time must be after the start time"),
        ({"sessions-0-day": ""}, "Choose the day it runs"),
        ({"sessions-0-opens_at": ""}, "Enter the time it starts, like 10am"),
        (
            {"sessions-0-every_other_week": "on"},
            "Enter the date of one session, so we know which weeks it runs",
        ),
        (
            {"sessions-0-every_other_week": "on", "sessions-0-first_on": "26/11/2026"},
            "Thursday 26 November 2026 is not a Tuesday",
        ),
        ({"minimum_age": "30", "maximum_age": "20"}, "The oldest age must be the same"),
        ({"cost": "paid", "amount": "lots"}, "Enter the cost in pounds, like 3 or 2.50"),
        ({"latitude": "53.8"}, "Enter both the latitude and the longitude, or neither"),
        ({"email": "not-an-email"}, "Enter an email address like name@example.org"),
        ({"phone": "call me"}, "Enter a phone number, like 0113 496 0000"),
    ],
)
def test_add_a_service_says_exactly_what_to_fix_and_keeps_what_was_typed(
    sign_in, cast, changes, message
):
    data = _form(accessibility="Hearing loop in the hall", **changes)
    response = sign_in(cast.practitioner).post(reverse("directory:service_add"), data)
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    assert response.text.startswith("<!DOCTYPE html>")
    assert "<title>Error:" in response.text
    assert "Hearing loop in the hall" in response.text
    assert not Service.objects.exists()


def test_add_another_time_keeps_everything_and_shows_no_errors(sign_in, cast):
    data = _form(name="", **{"sessions-1-day": "TH", "add_session": "1"})
    response = sign_in(cast.practitioner).post(reverse("directory:service_add"), data)
    assert response.status_code == 200
    assert "There is a problem" not in response.text
    assert len(response.context["sessions"].forms) == 3
    assert 'value="10am"' in response.text
    assert '<option value="TH" selected>' in response.text
    assert not Service.objects.exists()


# Changing a service -----------------------------------------------------------------------------


@pytest.fixture
def walking(cast):
    details = ServiceDetails(
        name="Tuesday Walking Group",
        organisation="Riverside Ramblers",
        description="A gentle walk.",
        ways=[IN_PERSON],
        address_1="The Boathouse",
        city="Leeds",
        postcode="LS6 2AB",
        sessions=[WeeklySession(day="TU", opens_at=dt.time(10), closes_at=dt.time(11, 30))],
    )
    return services.service_create(details=details, by=cast.team_lead, team=cast.team)


def _edit(service, **changes):
    data = _form(
        version=str(service.version),
        **{"sessions-INITIAL_FORMS": "1"},
    )
    data.update(changes)
    return data


# Issue 15: a service is changed only by the staff of the organisation that keeps it (North added
# `walking`, so Riverside's teams and admins); before, anyone in any team could.
RIVERSIDE_STAFF = ["practitioner", "team_lead", "other_practitioner", "org_admin"]
NOT_RIVERSIDE_STAFF = ["elsewhere_lead", "outsider", "evaluator"]


@pytest.mark.parametrize("who", RIVERSIDE_STAFF)
def test_change_a_service_open_to_the_staff_who_keep_it(sign_in, cast, walking, who):
    client = sign_in(getattr(cast, who))
    page = client.get(reverse("directory:service_edit", args=[walking.pk]))
    assert page.status_code == 200
    assert 'value="Tuesday Walking Group"' in page.text
    assert 'value="10:00"' in page.text
    response = client.post(
        reverse("directory:service_edit", args=[walking.pk]), _edit(walking, name="Riverside walk")
    )
    assert response.status_code == 302
    walking.refresh_from_db()
    assert (walking.name, walking.version) == ("Riverside walk", 2)


@pytest.mark.parametrize("who", NOT_RIVERSIDE_STAFF)
def test_change_a_service_refused_to_anyone_else(sign_in, cast, walking, who):
    client = sign_in(getattr(cast, who))
    url = reverse("directory:service_edit", args=[walking.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _edit(walking, name="Sneaky")).status_code == 403
    walking.refresh_from_db()
    assert walking.name == "Tuesday Walking Group"


def test_change_a_service_refused_when_someone_else_saved_first(sign_in, cast, walking):
    url = reverse("directory:service_edit", args=[walking.pk])
    first = sign_in(cast.team_lead).post(url, _edit(walking, name="Their name"))
    assert first.status_code == 302

    mine = _edit(walking, name="My name", description="My words about it.")
    mine["version"] = "1"
    response = sign_in(cast.practitioner).post(url, mine)

    assert response.status_code == 200
    assert "Someone else saved changes while you were editing" in response.text
    assert "Their name" in response.text
    assert 'value="My name"' in response.text
    assert "My words about it." in response.text
    assert 'name="version" value="2"' in response.text
    walking.refresh_from_db()
    assert walking.name == "Their name"

    again = sign_in(cast.practitioner).post(url, {**mine, "version": "2"})
    assert again.status_code == 302
    walking.refresh_from_db()
    assert walking.name == "My name"


def test_change_a_service_shows_times_it_cannot_edit_and_keeps_them(sign_in, cast, walking):
    monthly = ScheduleFactory(
        service=walking, freq="MONTHLY", byday="1SA", opens_at=dt.time(9), closes_at=None
    )
    url = reverse("directory:service_edit", args=[walking.pk])
    page = sign_in(cast.practitioner).get(url).text
    assert "These times are kept as they are" in page
    assert "First Saturday of the month, from 9am" in page
    sign_in(cast.practitioner).post(url, _edit(walking))
    assert Schedule.objects.filter(pk=monthly.pk).exists()


def test_change_a_missing_service_is_not_found(sign_in, cast):
    missing = reverse("directory:service_edit", args=["00000000-0000-4000-8000-000000000000"])
    assert sign_in(cast.practitioner).get(missing).status_code == 404


PUBLISHED = "Put personal contact details, like a volunteer's own phone number, in your team"


@pytest.mark.parametrize("public", [True, False])
def test_the_service_form_warns_that_it_is_published_when_the_api_is_open(
    sign_in, cast, choir, settings, public
):
    settings.HSDS_API_PUBLIC = public
    ServiceOwner.objects.create(service=choir, organisation=cast.organisation)  # theirs to change
    client = sign_in(cast.practitioner)

    add = client.get(reverse("directory:service_add")).text
    change = client.get(reverse("directory:service_edit", args=[choir.pk])).text

    assert (PUBLISHED in add) == public
    assert (PUBLISHED in change) == public
    assert ("published openly" in add) == public


def test_a_search_of_only_common_words_says_so(sign_in, cast, choir):
    client = sign_in(cast.practitioner)

    one = client.get(reverse("directory:browse"), {"q": "the"})
    two = client.get(reverse("directory:browse"), {"q": "in the"})
    fine = client.get(reverse("directory:browse"), {"q": "the choir"})

    assert "0 services found" in one.text
    assert "Try other words: \u2018the\u2019 is too common to search for." in one.text
    assert (
        "Try other words: \u2018in\u2019, \u2018the\u2019 are too common to search for." in two.text
    )
    assert "too common" not in fine.text
    assert "Millbrook Community Choir" in fine.text


# Who keeps a service (issue 15) ----------------------------------------------------------------


def test_a_service_added_through_the_app_is_kept_by_the_team_s_organisation(cast, walking):
    assert ServiceOwner.objects.get(service=walking).organisation == cast.organisation


def test_another_organisation_is_told_who_keeps_it_and_changes_nothing(sign_in, cast, walking):
    client = sign_in(cast.elsewhere_lead)
    url = reverse("directory:service_edit", args=[walking.pk])
    page = client.get(url)
    assert page.status_code == 403
    assert "is kept by Riverside Trust, so only their staff can change it" in page.text
    assert "you can suggest the change to Riverside Trust" in page.text
    assert reverse("directory:suggest", args=[walking.pk]) in page.text
    assert client.post(url, _edit(walking, name="Renamed", status="inactive")).status_code == 403
    walking.refresh_from_db()
    assert (walking.name, walking.status, walking.version) == ("Tuesday Walking Group", "active", 1)
    assert AuditEvent.objects.filter(
        actor=cast.elsewhere_lead, action=AuditAction.REFUSED, target_id=str(walking.pk)
    ).exists()


def test_the_service_page_offers_a_change_only_to_those_who_keep_it(sign_in, cast, walking):
    url = reverse("directory:service", args=[walking.pk])
    edit = reverse("directory:service_edit", args=[walking.pk])
    assert edit in sign_in(cast.practitioner).get(url).text
    elsewhere = sign_in(cast.elsewhere_lead).get(url).text
    assert edit not in elsewhere
    assert "Riverside Trust added this service and keeps it up to date" in elsewhere


@pytest.mark.parametrize(("who", "status"), [("practitioner", 403), ("org_admin", 200)])
def test_a_service_from_a_feed_is_changed_only_by_organisation_admins(
    sign_in, cast, choir, who, status
):
    response = sign_in(getattr(cast, who)).get(reverse("directory:service_edit", args=[choir.pk]))
    assert response.status_code == status
    if status == 403:
        assert "came from a shared directory feed" in response.text


def test_service_page_shows_recorded_access_and_who_it_is_for(sign_in, cast, choir):
    from connecting_people.directory.fit_records import write_access, write_audience
    from connecting_people.directory.models import Location

    url = reverse("directory:service", args=[choir.pk])
    page = sign_in(cast.practitioner).get(url).text
    assert "No access features recorded yet" in page  # words, but no features
    location = Location.objects.get(service_at_locations__service=choir)
    write_access("location", location.id, ["hearing_loop", "quiet_space"])
    write_audience(choir.id, ["carers", "lgbtq"])
    page = sign_in(cast.practitioner).get(url).text
    assert "A hearing loop" in page
    assert "A quiet space to take a break" in page
    assert "Just for carers, LGBTQ+ people" in page
    assert "No access features recorded yet" not in page


def test_service_page_says_when_access_is_not_known(sign_in, cast):
    service = ServiceFactory(name="Lunch club")
    in_person(service, city="Millbrook")
    page = sign_in(cast.practitioner).get(reverse("directory:service", args=[service.pk])).text
    assert "Access not known — worth a call" in page
