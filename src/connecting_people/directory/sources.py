"""Keeping the directory in step with published sources: add a source, sync it, keep a history.

    source = source_add(team=team, by=lead, name="Riverside Open Referral", kind="hsds_api",
                        url="https://directory.example/api/v1")
    sync = sync_source(source)          # or: sync_due() from `cpi sync_sources`
    sync.ok, sync.added, sync.changed, sync.retired, sync.warnings, sync.message

Everything is fetched through `core.fetch` (public addresses only, size and time limits) and
asks only for what changed (ETag and Last-Modified, kept per address in `validators`): when
every address answers "not modified", nothing is read or written. An API is paged through
(`/services?page=N&per_page=…`) and its pages joined into one file; a data package is fetched
whole (a zip, a lone CSV, or a datapackage.json with the tables beside it). The result is
imported in one transaction with the services retired that the source no longer lists: any
problem, a page that fails half way included, and nothing changes at all, with the reason in
the history. Imports never touch the team layer (`TeamService`), so what a team knows about a
service survives every sync; retired services stay, marked not running, so people's history
keeps them.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import tempfile
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.core import fetch as safe
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, Team
from connecting_people.directory.hsds.importer import Progress, import_path
from connecting_people.directory.hsds.importer.report import SourceError
from connecting_people.directory.models import (
    CalendarFeed,
    DirectorySource,
    Service,
    SourceKind,
    SourceService,
    SourceSync,
)
from connecting_people.directory.models.hsds import ServiceStatus
from connecting_people.directory.search.facts import refresh_for_services
from connecting_people.directory.sessions.ical import feed_read

PER_PAGE = 500  # services asked for on each page of an API
MAX_PAGES = 10_000  # an API that never says it is done stops here, as a failure
CHUNK = 500  # ids per query (SQLite's limit on parameters)
KEPT_WARNINGS = 200  # a sync's history keeps this many warnings (and says how many more)
RETRY_HOURS = 1  # after a failure, the next try comes this soon (or sooner if fetched oftener)
TIMEOUT, DEADLINE = 30, 120  # seconds: any one wait, and one address in all


class SyncFailed(Exception):
    """A source could not be synced; the message is in plain words, fit to show."""


# Adding and changing sources -----------------------------------------------------------------


@transaction.atomic
def source_add(
    *,
    team: Team,
    by: Any,
    name: str,
    kind: str,
    url: str,
    service: Service | None = None,
    every_hours: int = 24,
    request: Any = None,
) -> DirectorySource:
    """Record a source for the team (audited); it is fetched at the next `cpi sync_sources`."""
    safe.check_url(url)
    if kind == SourceKind.CALENDAR and service is None:
        raise SyncFailed(_("Say which service the calendar's sessions belong to."))
    source = DirectorySource.objects.create(
        team=team,
        name=name.strip(),
        kind=kind,
        url=url.strip(),
        service=service if kind == SourceKind.CALENDAR else None,
        every_hours=every_hours,
        added_by=by,
        next_due_at=timezone.now(),
    )
    audit_record(by=by, action=AuditAction.CREATED, target=source, request=request)
    return source


@transaction.atomic
def source_change(
    source: DirectorySource, *, by: Any, version: int, request: Any = None, **changes: Any
) -> DirectorySource:
    """Change a source's name, how often it is fetched or whether it is; refused (ValueError)
    when someone else changed it since `version` was read."""
    updated = DirectorySource.objects.filter(pk=source.pk, version=version).update(
        version=F("version") + 1, **changes
    )
    if not updated:
        raise ValueError(_("Someone else changed this source while you were editing it."))
    source.refresh_from_db()
    audit_record(
        by=by, action=AuditAction.CHANGED, target=source, detail={"fields": sorted(changes)},
        request=request,
    )  # fmt: skip
    return source


@transaction.atomic
def source_remove(source: DirectorySource, *, by: Any, request: Any = None) -> None:
    """Stop using a source. What it brought stays in the directory (and is no longer synced)."""
    audit_record(by=by, action=AuditAction.DELETED, target=source, request=request)
    source.delete()


def due_sources(now: dt.datetime | None = None) -> QuerySet[DirectorySource]:
    now = now or timezone.now()
    return DirectorySource.objects.filter(is_active=True, next_due_at__lte=now).order_by(
        "next_due_at", "pk"
    )


def sync_due(*, now: dt.datetime | None = None) -> list[SourceSync]:
    """Sync every active source that is due, one after another."""
    return [sync_source(source, now=now) for source in due_sources(now)]


# Syncing -------------------------------------------------------------------------------------


@dataclass
class Download:
    """What was fetched: a file or folder to import, or nothing new (`path` None)."""

    path: Path | None
    validators: dict[str, Any] = field(default_factory=dict)


def sync_source(
    source: DirectorySource,
    *,
    now: dt.datetime | None = None,
    by: Any = None,
    progress: Progress | None = None,
) -> SourceSync:
    """Fetch the source and apply what changed, all or nothing; the sync is kept and returned.

    `progress` is told how the import goes, as `import_path` tells it."""
    now = now or timezone.now()
    sync = SourceSync(source=source, started_at=now)
    try:
        if source.kind == SourceKind.CALENDAR:
            _sync_calendar(source, sync, now)
        else:
            with tempfile.TemporaryDirectory(prefix="cpi-source-") as folder:
                download = _download(source, Path(folder))
                if download.path is None:
                    sync.not_modified = True
                    sync.message = _("Nothing had changed since the last fetch.")
                else:
                    _apply(source, sync, download.path, now, by, progress)
                source.validators = download.validators
        sync.ok = True
    except (safe.FetchError, SyncFailed, SourceError) as error:
        sync.ok = False
        sync.message = str(error.message if isinstance(error, SourceError) else error)
    return _finish(source, sync, by)


def _finish(source: DirectorySource, sync: SourceSync, by: Any) -> SourceSync:
    sync.finished_at = timezone.now()
    with transaction.atomic():
        sync.save()
        source.last_synced_at = sync.started_at
        source.last_ok = sync.ok
        source.last_message = (sync.message or _summary(sync))[:500]
        # A failed fetch is tried again within the hour (the source may be back by then).
        hours = source.every_hours if sync.ok else min(source.every_hours, RETRY_HOURS)
        source.next_due_at = sync.started_at + dt.timedelta(hours=hours)
        fields = ["last_synced_at", "last_ok", "last_message", "next_due_at"]
        if sync.ok:
            fields.append("validators")
        source.save(update_fields=fields)
        audit_record(
            by=by,
            action=AuditAction.IMPORTED,
            target=source,
            detail={
                "ok": sync.ok,
                "added": sync.added,
                "changed": sync.changed,
                "retired": sync.retired,
                "not_modified": sync.not_modified,
            },
        )
    return sync


def _summary(sync: SourceSync) -> str:
    return _("%(added)s new, %(changed)s changed, %(retired)s no longer listed.") % {
        "added": f"{sync.added:,}",
        "changed": f"{sync.changed:,}",
        "retired": f"{sync.retired:,}",
    }


def _apply(
    source: DirectorySource,
    sync: SourceSync,
    path: Path,
    now: dt.datetime,
    by: Any,
    progress: Progress | None = None,
) -> None:
    """Import the download and retire what the source no longer lists, in one transaction
    (holding the source's row, so two syncs of one source never interleave on PostgreSQL;
    SQLite lets one writer in at a time anyway)."""
    with transaction.atomic():
        DirectorySource.objects.select_for_update().filter(pk=source.pk).first()
        report = import_path(path, keep_ids=True, by=by, progress=progress)
        warnings = [str(w) for w in report.warnings]
        if not report.ok:
            problems = [str(e) for e in report.errors[:5]]
            raise SyncFailed(
                _("Nothing was changed, because the source's data has problems: %(problems)s")
                % {"problems": "; ".join(problems)}
            )
        services = report.counts.get("service")
        sync.added = services.created if services else 0
        sync.changed = services.updated if services else 0
        sync.unchanged = services.unchanged if services else 0
        sync.retired = _mark_and_retire(source, report.service_ids, now)
    sync.warnings = warnings[:KEPT_WARNINGS]
    if len(warnings) > KEPT_WARNINGS:
        sync.warnings.append(
            _("…and %(count)s more warnings.") % {"count": f"{len(warnings) - KEPT_WARNINGS:,}"}
        )


def _mark_and_retire(source: DirectorySource, listed: Iterable[Any], now: dt.datetime) -> int:
    """Mark the services the source lists as its own; retire those it listed before and no
    longer does (not running; never deleted). Returns how many were retired."""
    listed = set(listed)
    known = dict(
        SourceService.objects.filter(source=source).values_list("service_id", "retired_at")
    )
    SourceService.objects.bulk_create(
        [
            SourceService(source=source, service_id=i, first_seen_at=now, last_seen_at=now)
            for i in listed - set(known)
        ],
        batch_size=CHUNK,
    )
    seen = [i for i in listed if i in known]
    for part in _chunks(seen):
        SourceService.objects.filter(source=source, service_id__in=part).update(
            last_seen_at=now, retired_at=None
        )
    gone = [i for i, retired_at in known.items() if i not in listed and retired_at is None]
    for part in _chunks(gone):
        Service.objects.filter(pk__in=part).exclude(status=ServiceStatus.INACTIVE).update(
            status=ServiceStatus.INACTIVE, version=F("version") + 1, last_modified=now
        )
        SourceService.objects.filter(source=source, service_id__in=part).update(retired_at=now)
    if gone:
        refresh_for_services(gone)
    return len(gone)


def _chunks(ids: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _sync_calendar(source: DirectorySource, sync: SourceSync, now: dt.datetime) -> None:
    assert source.service is not None  # noqa: S101 (source_add requires it)
    feed, _created = CalendarFeed.objects.get_or_create(service=source.service, url=source.url)
    result = feed_read(feed, now=now)
    if not result.ok:
        raise SyncFailed(result.error)
    sync.added = result.sessions
    sync.message = _("%(count)s sessions to come read from the calendar.") % {
        "count": f"{result.sessions:,}"
    }


# Fetching ------------------------------------------------------------------------------------


class _Fetcher:
    """Fetches addresses for one sync, asking each only for what changed since last time."""

    def __init__(self, source: DirectorySource) -> None:
        old = source.validators if isinstance(source.validators, dict) else {}
        self.old: dict[str, dict[str, str]] = dict(old.get("urls", {}))
        self.others: list[str] = list(old.get("others", []))
        self.new: dict[str, dict[str, str]] = {}
        self.max_bytes = int(getattr(settings, "CPI_SOURCE_MAX_BYTES", 200 * 1024 * 1024))

    def get(self, url: str, *, conditional: bool, name: str) -> safe.Fetched:
        known = self.old.get(url, {}) if conditional else {}
        got = safe.fetch(
            url,
            max_bytes=self.max_bytes,
            timeout=TIMEOUT,
            deadline=DEADLINE,
            name=name,
            etag=known.get("etag", ""),
            last_modified=known.get("last_modified", ""),
        )
        if len(got.body) > self.max_bytes:
            raise SyncFailed(
                _("The %(name)s is larger than %(limit)s MB, so it was not read.")
                % {"name": name, "limit": self.max_bytes // (1024 * 1024)}
            )
        self.new[url] = {"etag": got.etag, "last_modified": got.last_modified}
        return got

    def validators(self, others: list[str]) -> dict[str, Any]:
        return {"urls": self.new, "others": others}


def _download(source: DirectorySource, folder: Path) -> Download:
    fetcher = _Fetcher(source)
    if source.kind == SourceKind.HSDS_API:
        return _download_api(source.url, fetcher, folder)
    return _download_package(source.url, fetcher, folder)


def _all_unchanged(fetcher: _Fetcher, first: safe.Fetched, name: str) -> bool:
    """The first address answered "not modified": so did every other one last fetched?"""
    if not first.not_modified:
        return False
    return all(fetcher.get(url, conditional=True, name=name).not_modified for url in fetcher.others)


def _download_api(base: str, fetcher: _Fetcher, folder: Path) -> Download:
    """Every page of the API's services, joined into one JSON list (a page in memory at a time)."""
    name = _("directory's API")
    first_url = _page_url(base, 1)
    first = fetcher.get(first_url, conditional=True, name=name)
    if _all_unchanged(fetcher, first, name):
        return Download(None, fetcher.validators(fetcher.others))
    if first.not_modified:
        first = fetcher.get(first_url, conditional=False, name=name)
    out = folder / "services.json"
    others: list[str] = []
    with out.open("w", encoding="utf-8") as file:
        file.write("[")
        written = 0
        page, body = 1, first.body
        while True:
            contents, last = _page(body, page)
            for item in contents:
                file.write(("," if written else "") + json.dumps(item))
                written += 1
            if last or not contents:
                break
            page += 1
            if page > MAX_PAGES:
                raise SyncFailed(
                    _("The API kept giving pages; it was stopped at %(n)s.") % {"n": MAX_PAGES}
                )
            url = _page_url(base, page)
            others.append(url)
            body = fetcher.get(url, conditional=False, name=name).body
        file.write("]")
    return Download(out, fetcher.validators(others))


def _page_url(base: str, page: int) -> str:
    parts = urllib.parse.urlsplit(base.rstrip("/"))
    path = parts.path if parts.path.endswith("/services") else parts.path + "/services"
    query = urllib.parse.parse_qsl(parts.query)
    query = [(k, v) for k, v in query if k not in ("page", "per_page")]
    query += [("page", str(page)), ("per_page", str(PER_PAGE))]
    return urllib.parse.urlunsplit(
        (parts.scheme, parts.netloc, path, urllib.parse.urlencode(query), "")
    )


def _page(body: bytes, number: int) -> tuple[list[Any], bool]:
    """One page's services and whether it is the last, from an HSDS 3.0 API page."""
    try:
        page = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise SyncFailed(
            _("Page %(n)s of the API is not JSON, so nothing was changed.") % {"n": number}
        ) from None
    if isinstance(page, list):  # a plain list of services: all there is
        return page, True
    contents = page.get("contents") if isinstance(page, dict) else None
    if not isinstance(contents, list):
        raise SyncFailed(
            _("Page %(n)s of the API has no list of services (“contents”).") % {"n": number}
        )
    total = page.get("total_pages")
    last = bool(page.get("last_page")) or (isinstance(total, int) and number >= total)
    return contents, last


def _download_package(url: str, fetcher: _Fetcher, folder: Path) -> Download:
    """A zip or a lone CSV as it is; a datapackage.json with the tables it lists beside it."""
    name = _("data package")
    first = fetcher.get(url, conditional=True, name=name)
    if _all_unchanged(fetcher, first, name):
        return Download(None, fetcher.validators(fetcher.others))
    if first.not_modified:
        first = fetcher.get(url, conditional=False, name=name)
    file_name = posixpath.basename(urllib.parse.urlsplit(url).path) or "download"
    if file_name.lower().endswith(".zip") or first.body[:4] == b"PK\x03\x04":
        path = folder / "package.zip"
        path.write_bytes(first.body)
        return Download(path, fetcher.validators([]))
    if file_name.lower().endswith(".csv"):
        path = folder / file_name
        path.write_bytes(first.body)
        return Download(path, fetcher.validators([]))
    return _described_package(url, first.body, fetcher, folder)


def _described_package(url: str, body: bytes, fetcher: _Fetcher, folder: Path) -> Download:
    try:
        described = json.loads(body)
        resources = described["resources"]
        paths = [r["path"] for r in resources]
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        raise SyncFailed(
            _(
                "The address is neither a zip, a CSV file nor a datapackage.json listing its "
                "tables, so nothing was changed."
            )
        ) from None
    (folder / "datapackage.json").write_bytes(body)
    others = []
    for path in paths:
        if not isinstance(path, str) or path.startswith("/") or ".." in path.split("/"):
            raise SyncFailed(
                _("The package lists a table outside itself: %(path)s") % {"path": path}
            )
        table_url = urllib.parse.urljoin(url, path)
        others.append(table_url)
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(fetcher.get(table_url, conditional=False, name=_("data package")).body)
    return Download(folder, fetcher.validators(others))
