"""The person's network map: their connections, who knows whom, and snapshots over time.

Connections are third parties who never agreed to be recorded: they are kept by a label the
person chooses (a first name, initials or a nickname), never full details, and can be deleted
outright at the person's request.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from connecting_people.network.vocab import Began, Feels, Frequency, Kind, Ring


class ConnectionQuerySet(models.QuerySet["Connection"]):
    def current(self, on: object = None) -> ConnectionQuerySet:
        """Connections not ended (by `on`, if given)."""
        if on is None:
            return self.filter(ended_on__isnull=True)
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))

    def new_outside_services(self) -> ConnectionQuerySet:
        """Connections outside services that the person made since starting to work with the
        team, by the rule in docs/network-measures.md ("New connections"): never one they
        already knew; with a start date, the date decides (on or after the person started);
        without one, only when the worker said it was made since working together and it was
        not on the person's first map. Count each in the month from `made_on`."""
        on_first_map = SnapshotEntry.objects.filter(
            connection=OuterRef("pk"), snapshot__kind=SnapshotKind.BASELINE
        )
        dated = Q(started_on__isnull=False, started_on__gte=F("person__started_on"))
        undated = Q(started_on__isnull=True, made_since_start=True) & ~Exists(on_first_map)
        return self.filter(Q(inside_services=False) & ~Q(began=Began.ALREADY) & (dated | undated))


class Connection(models.Model):
    """Someone (or a group, or a pet) in the person's life, as the person describes them."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="connections"
    )
    label = models.CharField(_("name or initials"), max_length=60)
    kind = models.CharField(_("who they are to them"), max_length=20, choices=Kind.choices)
    inside_services = models.BooleanField(
        _("part of health or social care services"), default=False
    )
    ring = models.CharField(_("how close"), max_length=10, choices=Ring.choices)
    frequency = models.CharField(
        _("how often in touch"), max_length=10, choices=Frequency.choices, blank=True
    )
    feels = models.CharField(
        _("how it feels"), max_length=12, choices=Feels.choices, default=Feels.SUPPORTIVE
    )
    gives = models.JSONField(_("what it gives"), default=list, blank=True)
    started_on = models.DateField(_("when it started"), null=True, blank=True)
    ended_on = models.DateField(_("when it ended"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=300, blank=True)
    began = models.CharField(_("how it began"), max_length=20, choices=Began.choices, blank=True)
    # Asked only when there is no start date: did they meet after the person started working
    # with the team? Null is "not known": such a connection is never counted as new.
    made_since_start = models.BooleanField(
        _("met since starting to work together"), null=True, blank=True
    )
    began_with_contact = models.ForeignKey(
        "plans.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="connections_made",
        verbose_name=_("the activity or contact that brought it"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    access_team_path = "person__team"

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        ordering = ["ring", "label", "pk"]
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        constraints = [
            models.CheckConstraint(condition=~Q(label=""), name="connection_has_label"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="connection_kind_known"),
            models.CheckConstraint(condition=Q(ring__in=Ring.values), name="connection_ring_known"),
            models.CheckConstraint(
                condition=Q(feels__in=Feels.values), name="connection_feels_known"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="connection_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


def made_on(started_on: dt.date | None, created_at: dt.datetime) -> dt.date:
    """The day a new connection counts from: its start date, else the day it was recorded."""
    return started_on or timezone.localtime(created_at).date()


class Tie(models.Model):
    """Two of the person's connections know each other (stored once, lower id first)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="ties")
    a = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="+")

    access_team_path = "person__team"

    class Meta:
        verbose_name = _("who knows whom")
        verbose_name_plural = _("who knows whom")
        constraints = [
            models.UniqueConstraint("a", "b", name="tie_once"),
            models.CheckConstraint(condition=Q(a__lt=F("b")), name="tie_lower_id_first"),
        ]

    def __str__(self) -> str:
        return f"{self.a_id} knows {self.b_id}"


class SnapshotKind(models.TextChoices):
    BASELINE = "baseline", _("First look together")
    REVIEW = "review", _("Review")
    OTHER = "other", _("Another time")


class Snapshot(models.Model):
    """The map as it stood on a date. Never changed once taken: a correction is a new snapshot."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("what it was for"), max_length=10, choices=SnapshotKind.choices)
    note = models.TextField(_("note"), blank=True)
    ties_known = models.BooleanField(default=False)
    ties = models.JSONField(default=list, blank=True)  # [[connection id, connection id], …]
    corrects = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="corrections"
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The connections current on the day (not ended by then) and how many of them are outside
    # services: network.measures' size and outside count, kept for the team report so it need
    # not count every entry. Set with the entries (a snapshot never changes); null only for a
    # snapshot made some other way, which the report then counts from its entries.
    current_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    outside_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    access_team_path = "person__team"

    class Meta:
        ordering = ["taken_on", "pk"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SnapshotKind.values), name="snapshot_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.taken_on}"


class SnapshotEntry(models.Model):
    """One connection as it was when the snapshot was taken."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="entries")
    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="snapshot_entries"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    inside_services = models.BooleanField()
    ring = models.CharField(max_length=10, choices=Ring.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, blank=True)
    feels = models.CharField(max_length=12, choices=Feels.choices)
    gives = models.JSONField(default=list, blank=True)
    began = models.CharField(max_length=20, choices=Began.choices, blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    access_team_path = "snapshot__person__team"

    class Meta:
        ordering = ["snapshot", "connection"]
        constraints = [
            models.UniqueConstraint("snapshot", "connection", name="snapshot_entry_once"),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot_id}: {self.connection_id}"


STORY_MAX_LENGTH = 500


class SharedStory(models.Model):
    """A few words about a connection the person made, that they agreed the team may read on its
    page. Kept only while they agree: when they take it back, it is deleted."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="shared_stories"
    )
    connection = models.ForeignKey(
        Connection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("the connection it is about"),
    )
    text = models.CharField(_("the story"), max_length=STORY_MAX_LENGTH)
    agreed_on = models.DateField(_("agreed to share it on"), default=timezone.localdate)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    access_team_path = "person__team"

    class Meta:
        ordering = ["-agreed_on", "-pk"]
        verbose_name = _("shared story")
        verbose_name_plural = _("shared stories")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="shared_story_has_words"),
        ]

    def __str__(self) -> str:
        return f"Story {self.pk} for person {self.person_id}"
