"""Directory sources kept in sync (issue 18): an HSDS 3 API paged through, a data package, a
calendar; conditional requests; all or nothing, a failure half way included; services that
leave the feed retired, never deleted; the team's own layer never overwritten.

A real web server on this machine serves real-shaped pages (HSDS 3.0 API pages with
`total_pages`, `page_number`, `contents`), answering 304 to a matching If-None-Match.
"""

from __future__ import annotations

import http.server
import io
import json
import threading
import uuid
import zipfile
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from connecting_people.core import fetch as safe
from connecting_people.core.models import AuditEvent
from connecting_people.directory import models as d
from connecting_people.directory import sources
from connecting_people.directory.management import progress as progress_line
from connecting_people.directory.models import SourceKind
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

ORG = str(uuid.uuid4())


def service(name: str, *, service_id: str | None = None, description: str = "") -> dict:
    return {
        "id": service_id or str(uuid.uuid4()),
        "name": name,
        "description": description or f"{name}, every week.",
        "status": "active",
        "organization": {"id": ORG, "name": "Riverside Trust", "description": "A charity."},
    }


class Site:
    """What the server serves: path -> (status, body); ETags are the body's hash."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.seen: list[tuple[str, str]] = []  # (path with query, If-None-Match)

    def api(self, services: list[dict], per_page: int = 2, fail_page: int | None = None) -> None:
        pages = [services[i : i + per_page] for i in range(0, len(services), per_page)] or [[]]
        for number, contents in enumerate(pages, 1):
            body = {
                "total_items": len(services),
                "total_pages": len(pages),
                "page_number": number,
                "size": len(contents),
                "first_page": number == 1,
                "last_page": number == len(pages),
                "empty": not contents,
                "contents": contents,
            }
            status = 500 if number == fail_page else 200
            self.routes[f"/api/services?page={number}&per_page=500"] = (
                status,
                json.dumps(body).encode(),
            )


class _Handler(http.server.BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:
        site = self.server.site  # type: ignore[attr-defined]
        asked = self.headers.get("If-None-Match", "")
        site.seen.append((self.path, asked))
        status, body = site.routes.get(self.path, (404, b"not here"))
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
        if status == 200 and asked == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def site(monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.site = Site()  # type: ignore[attr-defined]
    server.site.base = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(safe, "ALLOWED_PRIVATE_ADDRESSES", frozenset({"127.0.0.1"}))
    yield server.site  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


@pytest.fixture
def lead():
    team = TeamFactory()
    return team, UserFactory()


def _api_source(site, lead) -> d.DirectorySource:
    team, user = lead
    return sources.source_add(
        team=team, by=user, name="Riverside Open Referral", kind=SourceKind.HSDS_API,
        url=f"{site.base}/api",
    )  # fmt: skip


def test_an_api_is_paged_through_and_its_services_marked_as_from_the_source(site, lead):
    listed = [service(f"Group {n}") for n in range(5)]
    site.api(listed)
    source = _api_source(site, lead)

    sync = sources.sync_source(source)

    assert sync.ok, sync.message
    assert (sync.added, sync.changed, sync.retired) == (5, 0, 0)
    assert [p for p, _e in site.seen] == [f"/api/services?page={n}&per_page=500" for n in (1, 2, 3)]
    assert set(
        d.SourceService.objects.filter(source=source).values_list("service__name", flat=True)
    ) == {s["name"] for s in listed}
    source.refresh_from_db()
    assert source.last_ok is True
    assert "5 new" in source.last_message
    assert source.next_due_at > sync.started_at
    assert AuditEvent.objects.filter(
        target_type="directory.directorysource", action="imported"
    ).exists()


def test_a_second_sync_of_an_unchanged_api_asks_only_for_changes_and_changes_nothing(site, lead):
    site.api([service(f"Group {n}") for n in range(3)])
    source = _api_source(site, lead)
    sources.sync_source(source)
    before = list(d.Service.objects.values_list("id", "version", "updated_at"))
    site.seen.clear()

    again = sources.sync_source(source)

    assert again.ok
    assert again.not_modified
    assert all(etag for _path, etag in site.seen)  # every page asked with If-None-Match
    assert len(site.seen) == 2
    assert list(d.Service.objects.values_list("id", "version", "updated_at")) == before


def test_a_page_failing_half_way_changes_nothing_and_says_why(site, lead):
    first = [service(f"Group {n}") for n in range(4)]
    site.api(first)
    source = _api_source(site, lead)
    assert sources.sync_source(source).ok
    names_before = set(d.Service.objects.values_list("name", flat=True))
    changed = [{**first[0], "name": "Renamed group"}, *first[1:], service("New group")]
    site.api(changed, fail_page=2)

    sync = sources.sync_source(source)

    assert not sync.ok
    assert "answered with an error (500" in sync.message
    assert set(d.Service.objects.values_list("name", flat=True)) == names_before
    source.refresh_from_db()
    assert source.last_ok is False
    assert d.SourceSync.objects.filter(source=source).count() == 2


def test_a_service_the_source_stops_listing_is_retired_not_deleted(site, lead):
    listed = [service(f"Group {n}") for n in range(3)]
    site.api(listed)
    source = _api_source(site, lead)
    sources.sync_source(source)
    site.api(listed[1:])

    sync = sources.sync_source(source)

    assert (sync.ok, sync.retired) == (True, 1)
    gone = d.Service.objects.get(pk=listed[0]["id"])
    assert gone.status == "inactive"
    mark = d.SourceService.objects.get(source=source, service=gone)
    assert mark.retired_at is not None
    site.api(listed)  # back again
    back = sources.sync_source(source)
    assert back.ok
    gone.refresh_from_db()
    mark.refresh_from_db()
    assert (gone.status, mark.retired_at) == ("active", None)


def test_the_teams_own_layer_survives_every_sync(site, lead):
    listed = [service("Walking group")]
    site.api(listed)
    source = _api_source(site, lead)
    sources.sync_source(source)
    team, _user = lead
    entry = d.TeamService.objects.create(
        team=team, service_id=listed[0]["id"], notes="Ask for Ana; the ramp is at the back."
    )
    site.api([{**listed[0], "description": "A new description upstream."}])

    sync = sources.sync_source(source)

    assert (sync.ok, sync.changed) == (True, 1)
    entry.refresh_from_db()
    assert entry.notes == "Ask for Ana; the ramp is at the back."
    assert d.Service.objects.get(pk=listed[0]["id"]).description == "A new description upstream."


def test_bad_data_from_a_source_changes_nothing_and_names_the_problem(site, lead):
    site.api([service("Fine"), {"id": "not-a-uuid", "name": "Broken", "status": "active"}])
    source = _api_source(site, lead)

    sync = sources.sync_source(source)

    assert not sync.ok
    assert "not a UUID" in sync.message
    assert not d.Service.objects.exists()


def test_a_zipped_data_package_is_fetched_and_imported(site, lead):
    team, user = lead
    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w") as archive:
        archive.writestr(
            "organizations.csv", f"id,name,description\n{ORG},Riverside Trust,A charity.\n"
        )
        archive.writestr(
            "services.csv",
            f"id,organization_id,name,status\n{uuid.uuid4()},{ORG},Book club,active\n",
        )
    site.routes["/data/package.zip"] = (200, payload.getvalue())
    source = sources.source_add(
        team=team, by=user, name="Council data", kind=SourceKind.PACKAGE,
        url=f"{site.base}/data/package.zip",
    )  # fmt: skip

    sync = sources.sync_source(source)
    again = sources.sync_source(source)

    assert (sync.ok, sync.added) == (True, 1), sync.message
    assert again.not_modified
    assert d.Service.objects.get().name == "Book club"


def test_a_datapackage_json_brings_the_tables_it_lists(site, lead):
    team, user = lead
    site.routes["/pkg/datapackage.json"] = (
        200,
        json.dumps(
            {"resources": [
                {"name": "organization", "path": "organizations.csv"},
                {"name": "service", "path": "tables/services.csv"},
            ]}
        ).encode(),
    )  # fmt: skip
    site.routes["/pkg/organizations.csv"] = (
        200,
        f"id,name,description\n{ORG},Riverside Trust,A charity.\n".encode(),
    )
    site.routes["/pkg/tables/services.csv"] = (
        200,
        f"id,organization_id,name,status\n{uuid.uuid4()},{ORG},Choir,active\n".encode(),
    )
    source = sources.source_add(
        team=team, by=user, name="Package", kind=SourceKind.PACKAGE,
        url=f"{site.base}/pkg/datapackage.json",
    )  # fmt: skip

    sync = sources.sync_source(source)

    assert sync.ok, sync.message
    assert d.Service.objects.get().name == "Choir"


def test_a_source_on_a_private_address_is_refused(lead, monkeypatch):
    team, user = lead
    with pytest.raises(safe.FetchError):
        sources.source_add(
            team=team, by=user, name="Inside", kind=SourceKind.HSDS_API,
            url="http://10.0.0.5/api",
        )  # fmt: skip


def test_the_command_syncs_what_is_due_and_fails_loudly(site, lead, capsys):
    site.api([service("Group")], fail_page=1)
    source = _api_source(site, lead)

    with pytest.raises(CommandError, match="1 of 1 sources failed"):
        call_command("sync_sources")
    assert "answered with an error (500" in capsys.readouterr().err

    site.api([service("Group")])
    call_command("sync_sources", "--source", str(source.pk))
    assert "1 new" in capsys.readouterr().out
    call_command("sync_sources")  # next one due in 24 hours
    assert "No source is due." in capsys.readouterr().out


def test_the_command_shows_the_import_progress_when_asked(site, lead, monkeypatch):
    monkeypatch.setattr(progress_line, "QUIET_FOR_S", 0)
    site.api([service(f"Group {n}") for n in range(3)])
    source = _api_source(site, lead)
    out, err = io.StringIO(), io.StringIO()

    call_command("sync_sources", "--source", str(source.pk), stdout=out, stderr=err)
    assert "Saving" not in err.getvalue()  # not a terminal, not asked: quiet

    site.api([service(f"Group {n}") for n in range(1500)], per_page=500)
    call_command("sync_sources", "--all", "--progress", stdout=out, stderr=err)

    shown = err.getvalue()
    assert "\rRiverside Open Referral: Checking 1,000 records" in shown
    assert "\rRiverside Open Referral: Saving 1,501 of 1,501 records" in shown
    assert shown.endswith("\r\x1b[K")
    assert "1,500 new, 0 changed, 3 no longer listed" in out.getvalue()
