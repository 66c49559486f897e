"""The evaluator's download at /research/export/: evaluators of the organisation only, each
download and each refusal audited."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent, OrganisationRoleKind
from tests.factories import OrganisationRoleFactory
from tests.research.conftest import PLANTED

URL = "/research/export/"


def test_url_is_named():
    assert reverse("research:export") == URL


def _events(action):
    return AuditEvent.objects.filter(action=action).order_by("pk")


def test_evaluator_sees_what_is_in_the_export(cast, sign_in, research_key):
    response = sign_in(cast.evaluator).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Download the export for Riverside Trust" in page
    for name in ("people.csv", "measures.csv", "network_measures.csv", "aggregates.csv"):
        assert name in page


def test_evaluator_downloads_a_streamed_zip_and_it_is_audited(world, sign_in, research_key):
    cast = world.cast
    client = sign_in(cast.evaluator)
    response = client.post(URL, {"organisation": cast.organisation.slug})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="research-{cast.organisation.slug}.zip"'
    )
    data = b"".join(response.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(data))
    people = archive.read("people.csv").decode()
    assert len(people.splitlines()) == 1 + 9  # the organisation's people, nobody from elsewhere
    everything = b"".join(archive.read(name) for name in archive.namelist()).lower()
    assert PLANTED["preferred_name"].lower().encode() not in everything
    event = _events(AuditAction.EXPORTED).get()
    assert event.actor == cast.evaluator
    assert event.target_id == str(cast.organisation.pk)
    assert event.detail == {"export": "research"}


@pytest.mark.parametrize(
    "who", ["practitioner", "team_lead", "org_admin", "outsider", "both_teams", "elsewhere_lead"]
)
def test_everyone_but_evaluators_is_refused_and_audited(cast, sign_in, research_key, who):
    client = sign_in(getattr(cast, who))
    assert client.get(URL).status_code == 404
    response = client.post(URL, {"organisation": cast.organisation.slug})
    assert response.status_code == 404
    refused = _events(AuditAction.REFUSED)
    assert refused.count() == 2
    assert {e.actor_id for e in refused} == {getattr(cast, who).pk}
    assert not _events(AuditAction.EXPORTED).exists()


def test_another_organisations_evaluator_cannot_download_this_one(cast, sign_in, research_key):
    stranger = OrganisationRoleFactory(
        organisation=cast.elsewhere, role=OrganisationRoleKind.EVALUATOR
    ).user
    client = sign_in(stranger)
    assert client.get(URL).status_code == 200  # their own organisation's page
    response = client.post(URL, {"organisation": cast.organisation.slug})
    assert response.status_code == 404
    assert _events(AuditAction.REFUSED).get().detail == {
        "export": "research",
        "organisation": cast.organisation.slug,
    }
    assert not _events(AuditAction.EXPORTED).exists()


def test_inactive_evaluator_is_refused(cast, sign_in, research_key):
    cast.evaluator.is_active = False
    cast.evaluator.save()
    # Django's test client still signs an inactive user in with force_login.
    assert sign_in(cast.evaluator).get(URL).status_code in (302, 404)
    assert not _events(AuditAction.EXPORTED).exists()


def test_signed_out_is_sent_to_sign_in(client, research_key):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"] or "login" in response["Location"]


def test_download_without_a_key_says_so(cast, sign_in, settings):
    settings.RESEARCH_KEY = ""
    settings.EMBEDDED = False
    response = sign_in(cast.evaluator).post(URL, {"organisation": cast.organisation.slug})
    assert response.status_code == 503
    assert "RESEARCH_KEY" in response.content.decode()
    assert not _events(AuditAction.EXPORTED).exists()
