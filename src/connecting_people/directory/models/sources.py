"""Published directories the team keeps the shared directory in step with (issue 18).

A source is an address a team lead gives: an Open Referral (HSDS 3) API, a data package, or a
calendar of one service's sessions. `cpi sync_sources` fetches each one when it is due, through
the guarded fetcher, and applies what changed all or nothing (`directory.sources`). Each sync
leaves a `SourceSync` in the history; each service a source brought is marked by a
`SourceService`, so a service that leaves the feed is retired (no longer running), never
deleted: people's history keeps it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from connecting_people.core.models import Team

from .hsds import Service


class SourceKind(models.TextChoices):
    HSDS_API = "hsds_api", _("An Open Referral (HSDS 3) API")
    PACKAGE = "package", _("A data package (a zip, a datapackage.json or a CSV file)")
    CALENDAR = "calendar", _("A calendar of one service's sessions (iCalendar)")


class DirectorySource(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="directory_sources")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("what it is"), max_length=20, choices=SourceKind.choices)
    url = models.URLField(_("web address"), max_length=2000)
    # A calendar's sessions are those of one service.
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    every_hours = models.PositiveSmallIntegerField(_("fetch every (hours)"), default=24)
    is_active = models.BooleanField(_("fetch it"), default=True)
    # What the source said last time, to ask only for what changed (by address: an API's pages
    # have one each).
    validators = models.JSONField(default=dict, blank=True)
    last_synced_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_ok = models.BooleanField(null=True, blank=True)
    last_message = models.CharField(_("last result"), max_length=500, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    access_team_path = "team"

    class Meta:
        ordering = ["name"]
        verbose_name = _("directory source")
        verbose_name_plural = _("directory sources")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values), name="source_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(every_hours__gte=1), name="source_every_hour_or_more"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SourceSync(models.Model):
    """One fetch of a source, and what it changed (nothing at all when it failed)."""

    source = models.ForeignKey(DirectorySource, on_delete=models.CASCADE, related_name="syncs")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(default=False)
    not_modified = models.BooleanField(default=False)  # the source said nothing had changed
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    retired = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("source sync")
        verbose_name_plural = _("source syncs")

    def __str__(self) -> str:
        return f"{self.source_id} at {self.started_at:%Y-%m-%d %H:%M}"


class SourceService(models.Model):
    """A service a source brought; `retired_at` once the source stopped listing it."""

    source = models.ForeignKey(DirectorySource, on_delete=models.CASCADE, related_name="services")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="sources")
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("service from a source")
        verbose_name_plural = _("services from sources")
        constraints = [
            models.UniqueConstraint("source", "service", name="one_mark_per_source_service"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} from {self.source_id}"
