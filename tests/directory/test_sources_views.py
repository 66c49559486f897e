"""The team lead's screens for directory sources: add, fetch now, history, change, stop."""

from __future__ import annotations

import pytest
from django.urls import reverse

from connecting_people.core.models import AuditEvent
from connecting_people.directory import models as d
from connecting_people.directory.models import SourceKind
from tests.directory.factories import ServiceFactory, TeamServiceFactory
from tests.directory.test_sources import service, site  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

LIST = reverse("directory:sources")


def test_a_lead_adds_an_api_source_and_fetches_it_now(cast, sign_in, site):  # noqa: F811
    site.api([service("Walking group"), service("Choir")])
    client = sign_in(cast.team_lead)

    response = client.post(
        LIST,
        {"name": "Riverside feed", "kind": SourceKind.HSDS_API, "url": f"{site.base}/api",
         "every_hours": "24"},
    )  # fmt: skip

    source = d.DirectorySource.objects.get()
    assert response.url == reverse("directory:source", args=[source.pk])
    assert (source.team, source.added_by) == (cast.team, cast.team_lead)
    page = client.post(reverse("directory:source_sync", args=[source.pk]), follow=True)
    text = page.content.decode()
    assert "2 new, 0 changed, 0 no longer listed." in text
    assert "Applied" in text
    assert set(d.Service.objects.values_list("name", flat=True)) == {"Walking group", "Choir"}


def test_a_private_address_is_refused_in_plain_words_keeping_what_was_typed(cast, sign_in):
    client = sign_in(cast.team_lead)

    response = client.post(
        LIST,
        {"name": "Inside job", "kind": SourceKind.HSDS_API, "url": "http://10.1.2.3/api",
         "every_hours": "24"},
    )  # fmt: skip

    text = response.content.decode()
    assert response.status_code == 200
    assert "points inside a private network" in text
    assert 'value="Inside job"' in text
    assert not d.DirectorySource.objects.exists()


def test_a_calendar_needs_one_of_the_teams_services(cast, sign_in):
    used = ServiceFactory(name="Tuesday walks")
    TeamServiceFactory(team=cast.team, service=used)
    not_ours = ServiceFactory(name="Someone else's")
    client = sign_in(cast.team_lead)
    form = {"name": "Walk dates", "kind": SourceKind.CALENDAR,
            "url": "https://walks.example/walks.ics", "every_hours": "24"}  # fmt: skip

    missing = client.post(LIST, form)
    elsewhere = client.post(LIST, {**form, "service": str(not_ours.pk)})
    fine = client.post(LIST, {**form, "service": str(used.pk)})

    assert "Choose the service the calendar" in missing.content.decode()
    assert "Choose one of the services your team uses" in elsewhere.content.decode()
    assert fine.status_code == 302
    assert d.DirectorySource.objects.get().service == used


def test_changing_a_source_someone_else_changed_is_refused(cast, sign_in):
    client = sign_in(cast.team_lead)
    source = d.DirectorySource.objects.create(
        team=cast.team, name="Feed", kind=SourceKind.HSDS_API, url="https://feed.example/api"
    )
    url = reverse("directory:source", args=[source.pk])
    form = {"name": "Feed (weekly)", "every_hours": "168", "is_active": "on", "version": "1"}

    assert client.post(url, form).status_code == 302
    stale = client.post(url, {**form, "name": "Feed (hourly)", "every_hours": "1"})

    assert "Someone else saved changes" in stale.content.decode()
    source.refresh_from_db()
    assert (source.name, source.every_hours, source.version) == ("Feed (weekly)", 168, 2)


def test_stopping_a_source_keeps_what_it_brought(cast, sign_in, site):  # noqa: F811
    site.api([service("Walking group")])
    client = sign_in(cast.team_lead)
    client.post(
        LIST,
        {"name": "Feed", "kind": SourceKind.HSDS_API, "url": f"{site.base}/api",
         "every_hours": "24"},
    )  # fmt: skip
    source = d.DirectorySource.objects.get()
    client.post(reverse("directory:source_sync", args=[source.pk]))

    client.post(reverse("directory:source_remove", args=[source.pk]))

    assert not d.DirectorySource.objects.exists()
    assert d.Service.objects.get().name == "Walking group"
    assert AuditEvent.objects.filter(
        action="deleted", target_type="directory.directorysource"
    ).exists()


def test_a_practitioner_may_not_add_a_source(cast, sign_in):
    response = sign_in(cast.practitioner).post(
        LIST, {"name": "Feed", "kind": SourceKind.HSDS_API, "url": "https://feed.example/api",
               "every_hours": "24"},
    )  # fmt: skip

    assert response.status_code == 403
    assert not d.DirectorySource.objects.exists()
    assert AuditEvent.objects.filter(
        action="refused", detail__model="directory.directorysource"
    ).exists()


def test_a_service_from_a_source_says_so(cast, sign_in, site):  # noqa: F811
    listed = service("Walking group")
    site.api([listed])
    client = sign_in(cast.team_lead)
    client.post(
        LIST,
        {"name": "Riverside feed", "kind": SourceKind.HSDS_API, "url": f"{site.base}/api",
         "every_hours": "24"},
    )  # fmt: skip
    client.post(reverse("directory:source_sync", args=[d.DirectorySource.objects.get().pk]))

    page = client.get(reverse("directory:service", args=[listed["id"]]))

    assert "This comes from Riverside feed and is kept in step with it" in page.content.decode()
