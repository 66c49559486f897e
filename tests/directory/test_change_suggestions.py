"""Suggesting a change to a service kept by another organisation, and deciding it (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.directory.models import ChangeSuggestion, Schedule, Service
from connecting_people.directory.team import change_suggestions, services
from connecting_people.directory.team.editing import (
    IN_PERSON,
    ServiceDetails,
    WeeklySession,
    details_for,
)
from tests.directory.factories import ServiceFactory
from tests.factories import TeamFactory, TeamMembershipFactory

RIVERSIDE_STAFF = ["practitioner", "team_lead", "other_practitioner", "org_admin"]


@pytest.fixture
def walking(cast):
    """A service North added, so Riverside keeps it."""
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


@pytest.fixture
def stranger(db):
    """A team lead at a third organisation: neither keeps the service nor suggested anything."""
    return TeamMembershipFactory(team=TeamFactory(), role="team_lead").user


def _form(service, **changes):
    """The suggestion page's fields as the service now is, with `changes` made."""
    data = {
        "version": str(service.version),
        "name": "Tuesday Walking Group",
        "organisation": "Riverside Ramblers",
        "description": "A gentle walk.",
        "eligibility": "",
        "minimum_age": "",
        "maximum_age": "",
        "cost": "",
        "amount": "",
        "cost_description": "",
        "ways": ["in_person"],
        "address_1": "The Boathouse",
        "address_2": "",
        "city": "Leeds",
        "county": "",
        "postcode": "LS6 2AB",
        "latitude": "",
        "longitude": "",
        "transportation": "",
        "accessibility": "",
        "online_url": "",
        "phone": "",
        "email": "",
        "website": "",
        "status": "active",
        "note": "",
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "1",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-day": "TU",
        "sessions-0-opens_at": "10:00",
        "sessions-0-closes_at": "11:30",
        "sessions-0-first_on": "",
        "sessions-1-day": "",
        "sessions-1-opens_at": "",
        "sessions-1-closes_at": "",
        "sessions-1-first_on": "",
    }
    data.update(changes)
    return data


def _suggest(client, service, **changes):
    return client.post(reverse("directory:suggest", args=[service.pk]), _form(service, **changes))


def _suggested(cast, service, **changes) -> ChangeSuggestion:
    details = details_for(service)
    for name, value in changes.items():
        setattr(details, name, value)
    return change_suggestions.suggestion_create(
        service=service, details=details, note="", version=service.version, by=cast.elsewhere_lead
    )


def _accept(client, suggestion, version=None):
    version = suggestion.service_version if version is None else version
    url = reverse("directory:suggestion_accept", args=[suggestion.pk])
    return client.post(url, {"version": str(version)})


# Suggesting ------------------------------------------------------------------------------------


def test_another_organisation_suggests_only_what_it_changed(sign_in, cast, walking):
    client = sign_in(cast.elsewhere_lead)
    page = client.get(reverse("directory:service", args=[walking.pk])).text
    assert reverse("directory:suggest", args=[walking.pk]) in page
    form = client.get(reverse("directory:suggest", args=[walking.pk]))
    assert form.status_code == 200
    assert "Suggest a change to Tuesday Walking Group" in form.text

    response = _suggest(client, walking, name="Riverside Walk", note="It was renamed in March")

    assert response.status_code == 302
    suggestion = ChangeSuggestion.objects.get()
    assert suggestion.proposed == {"name": "Riverside Walk"}
    assert suggestion.note == "It was renamed in March"
    assert suggestion.from_organisation == cast.elsewhere
    assert suggestion.service_version == walking.version
    walking.refresh_from_db()
    assert walking.name == "Tuesday Walking Group"  # nothing changes until Riverside accepts
    assert AuditEvent.objects.filter(
        actor=cast.elsewhere_lead,
        action=AuditAction.CREATED,
        target_type="directory.changesuggestion",
        target_id=str(suggestion.pk),
    ).exists()


def test_a_suggestion_that_changes_nothing_and_says_nothing_is_refused(sign_in, cast, walking):
    response = _suggest(sign_in(cast.elsewhere_lead), walking)
    assert response.status_code == 200
    assert change_suggestions.NOTHING_CHANGED in response.text
    assert not ChangeSuggestion.objects.exists()


def test_a_note_alone_is_a_suggestion(sign_in, cast, walking):
    assert (
        _suggest(sign_in(cast.elsewhere_lead), walking, note="It stops in winter").status_code
        == 302
    )
    assert ChangeSuggestion.objects.get().proposed == {}


@pytest.mark.parametrize("who", RIVERSIDE_STAFF)
def test_those_who_keep_it_are_sent_to_change_it_themselves(sign_in, cast, walking, who):
    client = sign_in(getattr(cast, who))
    response = client.get(reverse("directory:suggest", args=[walking.pk]))
    assert response.status_code == 302
    assert response.url == reverse("directory:service_edit", args=[walking.pk])
    _suggest(client, walking, name="Renamed")
    assert not ChangeSuggestion.objects.exists()
    details = details_for(walking)
    details.name = "Renamed"
    with pytest.raises(PermissionDenied):  # the service refuses too, not only the page
        change_suggestions.suggestion_create(
            service=walking, details=details, note="", version=1, by=getattr(cast, who)
        )


@pytest.mark.parametrize("who", ["outsider", "evaluator"])
def test_someone_in_no_team_cannot_suggest(sign_in, cast, walking, who):
    client = sign_in(getattr(cast, who))
    assert client.get(reverse("directory:suggest", args=[walking.pk])).status_code == 403
    assert _suggest(client, walking, name="Renamed").status_code == 403
    assert not ChangeSuggestion.objects.exists()


def test_a_changed_time_is_kept_and_made_when_accepted(sign_in, cast, walking):
    _suggest(sign_in(cast.elsewhere_lead), walking, **{"sessions-0-opens_at": "09:00"})
    suggestion = ChangeSuggestion.objects.get()
    assert list(suggestion.proposed) == ["sessions"]

    assert _accept(sign_in(cast.practitioner), suggestion).status_code == 302

    schedule = Schedule.objects.get(service=walking)
    assert (schedule.byday, schedule.opens_at) == ("TU", dt.time(9))


# Seeing and deciding ---------------------------------------------------------------------------


def test_those_who_keep_it_see_what_waits_with_a_count(sign_in, cast, walking):
    suggestion = _suggested(cast, walking, name="Riverside Walk")
    client = sign_in(cast.other_practitioner)

    browse = client.get(reverse("directory:browse")).text
    listed = client.get(reverse("directory:suggestions")).text
    page = client.get(reverse("directory:suggestion", args=[suggestion.pk])).text
    service = client.get(reverse("directory:service", args=[walking.pk])).text

    assert "1 suggested change to your organisation's services is waiting" in browse
    assert reverse("directory:suggestion", args=[suggestion.pk]) in listed
    assert "Riverside Walk" in page
    assert "Tuesday Walking Group" in page
    assert reverse("directory:suggestion_accept", args=[suggestion.pk]) in page
    assert "1 suggested change to this service is waiting for you" in service


@pytest.mark.parametrize("who", RIVERSIDE_STAFF)
def test_accepting_makes_the_change_through_the_versioned_edit(sign_in, cast, walking, who):
    suggestion = _suggested(cast, walking, name="Riverside Walk", phone="0113 496 0000")
    user = getattr(cast, who)

    response = _accept(sign_in(user), suggestion)

    assert response.status_code == 302
    walking.refresh_from_db()
    assert (walking.name, walking.version) == ("Riverside Walk", 2)
    assert details_for(walking).phone == "0113 496 0000"
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("accepted", user)
    service_changed = AuditEvent.objects.get(
        actor=user, action=AuditAction.CHANGED, target_id=str(walking.pk)
    )
    assert set(service_changed.detail["fields"]) == {"name", "phone"}
    assert AuditEvent.objects.filter(
        actor=user, action=AuditAction.CHANGED, target_id=str(suggestion.pk)
    ).exists()


def test_accepting_after_the_service_changed_is_refused_not_overwritten(sign_in, cast, walking):
    suggestion = _suggested(cast, walking, name="Riverside Walk")
    details = details_for(walking)
    details.description = "A brisk walk."
    services.service_update(service=walking, details=details, version=1, by=cast.practitioner)
    client = sign_in(cast.team_lead)

    refused = _accept(client, suggestion)

    assert refused.status_code == 200
    assert "The service has changed since this was suggested" in refused.text
    walking.refresh_from_db()
    assert (walking.name, walking.description, walking.version) == (
        "Tuesday Walking Group",
        "A brisk walk.",
        2,
    )
    suggestion.refresh_from_db()
    assert suggestion.is_open
    # Having seen the clash, they accept over the version now stored: the other change stays.
    assert 'name="version" value="2"' in refused.text
    assert _accept(client, suggestion, version=2).status_code == 302
    walking.refresh_from_db()
    assert (walking.name, walking.description) == ("Riverside Walk", "A brisk walk.")


def test_the_one_who_suggested_it_cannot_accept_or_decline_it(sign_in, cast, walking):
    suggestion = _suggested(cast, walking, name="Riverside Walk")
    client = sign_in(cast.elsewhere_lead)

    page = client.get(reverse("directory:suggestion", args=[suggestion.pk]))
    accept = _accept(client, suggestion)
    decline = client.post(
        reverse("directory:suggestion_decline", args=[suggestion.pk]), {"reason": "No"}
    )

    assert page.status_code == 200
    assert reverse("directory:suggestion_accept", args=[suggestion.pk]) not in page.text
    assert (accept.status_code, decline.status_code) == (403, 403)
    suggestion.refresh_from_db()
    walking.refresh_from_db()
    assert (suggestion.status, walking.name) == ("open", "Tuesday Walking Group")
    assert (
        AuditEvent.objects.filter(
            actor=cast.elsewhere_lead, action=AuditAction.REFUSED, target_id=str(suggestion.pk)
        ).count()
        == 2
    )
    with pytest.raises(PermissionDenied):
        change_suggestions.suggestion_accept(
            suggestion=suggestion, version=1, by=cast.elsewhere_lead
        )


@pytest.mark.parametrize("who", ["stranger", "outsider", "evaluator"])
def test_anyone_else_gets_the_same_404_as_for_no_suggestion(sign_in, cast, walking, stranger, who):
    suggestion = _suggested(cast, walking, name="Riverside Walk")
    user = stranger if who == "stranger" else getattr(cast, who)
    client = sign_in(user)

    assert client.get(reverse("directory:suggestion", args=[suggestion.pk])).status_code == 404
    assert _accept(client, suggestion).status_code == 404
    url = reverse("directory:suggestion_decline", args=[suggestion.pk])
    assert client.post(url, {"reason": "No"}).status_code == 404
    assert client.get(reverse("directory:suggestion", args=[suggestion.pk + 99])).status_code == 404
    assert "Riverside Walk" not in client.get(reverse("directory:suggestions")).text
    suggestion.refresh_from_db()
    assert suggestion.is_open
    assert AuditEvent.objects.filter(actor=user, action=AuditAction.REFUSED).count() == 4


def test_declining_needs_a_reason_and_the_one_who_suggested_it_sees_it(sign_in, cast, walking):
    suggestion = _suggested(cast, walking, name="Riverside Walk")
    client = sign_in(cast.team_lead)
    url = reverse("directory:suggestion_decline", args=[suggestion.pk])

    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    assert "Say why you are not making this change" in empty.text
    assert (
        client.post(url, {"reason": "It is still called that on their leaflet"}).status_code == 302
    )

    suggestion.refresh_from_db()
    walking.refresh_from_db()
    assert (suggestion.status, walking.name) == ("declined", "Tuesday Walking Group")
    theirs = sign_in(cast.elsewhere_lead)
    service_page = theirs.get(reverse("directory:service", args=[walking.pk])).text
    listed = theirs.get(reverse("directory:suggestions")).text
    assert "Declined" in service_page
    assert "It is still called that on their leaflet" in listed
    # Decided once: it cannot be accepted after all.
    again = _accept(sign_in(cast.team_lead), suggestion)
    assert again.status_code == 200
    assert change_suggestions.DECIDED_ALREADY in again.text
    walking.refresh_from_db()
    assert walking.name == "Tuesday Walking Group"


def test_a_suggestion_for_a_feed_service_goes_to_organisation_admins(sign_in, cast):
    feed = ServiceFactory(name="Millbrook Choir")  # from a feed: no organisation of ours keeps it
    suggestion = _suggested(cast, feed, name="Millbrook Community Choir")
    practitioner = sign_in(cast.practitioner)
    assert "Millbrook Choir" not in practitioner.get(reverse("directory:suggestions")).text
    assert (
        practitioner.get(reverse("directory:suggestion", args=[suggestion.pk])).status_code == 404
    )

    admin = sign_in(cast.org_admin)
    assert "Millbrook Choir" in admin.get(reverse("directory:suggestions")).text
    assert _accept(admin, suggestion).status_code == 302
    assert Service.objects.get(pk=feed.pk).name == "Millbrook Community Choir"


def test_the_list_costs_the_same_queries_however_many_suggestions(sign_in, cast, walking):
    client = sign_in(cast.practitioner)
    _suggested(cast, walking, name="One")

    def count() -> int:
        with CaptureQueriesContext(db) as queries:
            assert client.get(reverse("directory:suggestions")).status_code == 200
        return len(queries)

    few = count()
    others = [ServiceFactory(name=f"Service {n}") for n in range(4)]
    for n, service in enumerate(others):
        _suggested(cast, service, name=f"Renamed {n}")
    for n in range(3):
        _suggested(cast, walking, name=f"Again {n}")
    assert count() == few
