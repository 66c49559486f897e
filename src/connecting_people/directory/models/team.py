"""The team layer: what a team knows about directory entries, kept privately, never exported.

Which teams use a service, who on the team knows it and a named contact there, notes, when it
was last checked and how often it should be, what people who tried it said, the team's own
community connectors (people and informal groups that are not services), and dated sessions
read from calendar feeds.
"""

from __future__ import annotations

import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from connecting_people.core.models import Organisation, Team
from connecting_people.directory.fit import GROUP_SIZES

from .hsds import Service

DEFAULT_CHECK_EVERY_MONTHS = 6
MOST_MONTHS_BETWEEN_CHECKS = 24


class Checked(models.Model):
    """Shared by entries a team keeps fresh: when last checked, by whom, and how often."""

    last_checked_on = models.DateField(_("last checked"), null=True, blank=True)
    last_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    check_every_months = models.PositiveSmallIntegerField(
        _("check again after (months)"), default=DEFAULT_CHECK_EVERY_MONTHS
    )
    check_due_on = models.DateField(_("check again by"), null=True, blank=True, db_index=True)

    class Meta:
        abstract = True

    def set_check_due(self) -> None:
        """Keep `check_due_on` in step: never checked means due now."""
        if self.last_checked_on is None:
            self.check_due_on = None
        else:
            # relativedelta keeps the day, or takes the month's last day when it is shorter.
            months = relativedelta(months=self.check_every_months)
            self.check_due_on = self.last_checked_on + months

    def is_due(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.check_due_on is None or self.check_due_on <= today


class ServiceOwner(models.Model):
    """The organisation (ours) that added a service to the shared directory through the app, and
    so keeps it: only its staff may rename, retire or change it (issue 15). A service with no
    owner came from an HSDS feed (or was added before owners were recorded): only organisation
    admins may change it (`core.access.directory.may_change_service`)."""

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, primary_key=True, related_name="owner"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="directory_services"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation keeping a service")
        verbose_name_plural = _("organisations keeping services")

    def __str__(self) -> str:
        return f"{self.service} ({self.organisation})"


class TeamService(Checked):
    """A team's use of a directory service, with what the team knows about it."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="directory_entries")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="team_uses")
    contact_name = models.CharField(_("named contact there"), max_length=200, blank=True)
    contact_how = models.CharField(
        _("how to reach them"),
        max_length=300,
        blank=True,
        help_text=_("A phone number or email the team uses. Only your team sees this."),
    )
    notes = models.TextField(
        _("team notes"),
        blank=True,
        help_text=_("What the team has learned about it. Never write anyone's name here."),
    )
    group_size = models.CharField(
        _("group size"), max_length=12, blank=True, choices=GROUP_SIZES
    )  # blank = not known
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    access_team_path = "team"

    class Meta:
        verbose_name = _("team's directory entry")
        verbose_name_plural = _("team's directory entries")
        constraints = [
            models.UniqueConstraint("team", "service", name="one_entry_per_team_service"),
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.team})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_check_due()
        super().save(*args, **kwargs)


class ServiceKnower(models.Model):
    """Someone on the team who knows a service: the organiser, or has been along."""

    entry = models.ForeignKey(TeamService, on_delete=models.CASCADE, related_name="knowers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="known_services"
    )
    how = models.CharField(
        _("how they know it"),
        max_length=200,
        blank=True,
        help_text=_("For example: knows the organiser, or has been along with someone."),
    )
    can_go_along = models.BooleanField(_("could go along the first time"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("who knows it")
        verbose_name_plural = _("who knows it")
        constraints = [
            models.UniqueConstraint("entry", "user", name="one_knower_per_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.user} knows {self.entry}"


class FeedbackRating(models.TextChoices):
    WENT_WELL = "went_well", _("It went well")
    MIXED = "mixed", _("Mixed")
    NOT_FOR_THEM = "not_for_them", _("It was not for them")


class FeedbackSource(models.TextChoices):
    WORKER = "worker", _("Told to someone on the team")
    SUGGESTION = "suggestion", _("From a suggestion's outcome")


class Feedback(models.Model):
    """What someone who tried a service said, in a word and a short note, naming nobody."""

    entry = models.ForeignKey(TeamService, on_delete=models.CASCADE, related_name="feedback")
    rating = models.CharField(_("how it went"), max_length=20, choices=FeedbackRating.choices)
    kept_going = models.BooleanField(_("they kept going"), default=False)
    note = models.CharField(
        _("what they said"),
        max_length=500,
        blank=True,
        help_text=_("A few words, without names, so others can learn from it."),
    )
    source = models.CharField(
        max_length=20, choices=FeedbackSource.choices, default=FeedbackSource.WORKER
    )
    recorded_on = models.DateField(_("date"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    access_team_path = "entry__team"

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name = _("what people said")
        verbose_name_plural = _("what people said")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__in=FeedbackRating.values), name="feedback_rating_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} ({self.recorded_on})"


class ConnectorKind(models.TextChoices):
    PERSON = "person", _("A person")
    GROUP = "group", _("An informal group")


class CommunityConnector(Checked):
    """A person or informal group who helps people connect, known to one team and kept private.

    A neighbour who runs a walking group, a volunteer willing to go along the first time. Never
    part of an HSDS export or the public API.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="connectors")
    kind = models.CharField(_("who they are"), max_length=10, choices=ConnectorKind.choices)
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("How the team knows them, for example 'Maureen (Tuesday walks)'."),
    )
    offers = models.TextField(_("what they offer"))
    interests = models.ManyToManyField(
        "taxonomy.InterestCategory",
        blank=True,
        related_name="connectors",
        verbose_name=_("interests it suits"),
    )
    where = models.CharField(_("where"), max_length=300, blank=True)
    when = models.CharField(_("when"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    how_to_reach = models.CharField(
        _("how to reach them"),
        max_length=300,
        blank=True,
        help_text=_("Only your team sees this."),
    )
    can_go_along = models.BooleanField(_("willing to go along the first time"), default=False)
    is_free = models.BooleanField(_("free"), default=True)
    group_size = models.CharField(
        _("group size"), max_length=12, blank=True, choices=GROUP_SIZES
    )  # blank = not known
    # `directory.fit` slugs, comma-separated: what the team knows of access there.
    access_features = models.CharField(_("access"), max_length=300, blank=True)
    known_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who on the team knows them"),
    )
    notes = models.TextField(_("team notes"), blank=True)
    is_active = models.BooleanField(_("still going"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    access_team_path = "team"

    class Meta:
        ordering = ["name"]
        verbose_name = _("community connector")
        verbose_name_plural = _("community connectors")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ConnectorKind.values), name="connector_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_check_due()
        super().save(*args, **kwargs)


class CalendarFeed(models.Model):
    """An iCalendar feed (address or uploaded file) of a service's dated sessions."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="calendar_feeds")
    url = models.URLField(_("calendar address"), max_length=2000, blank=True)
    file_name = models.CharField(_("file"), max_length=300, blank=True)
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)
    last_error = models.CharField(_("last problem"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return self.url or self.file_name


class Session(models.Model):
    """One dated occurrence of a service, read from a calendar feed."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="sessions")
    feed = models.ForeignKey(
        CalendarFeed, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions"
    )
    uid = models.CharField(max_length=500)
    title = models.CharField(_("title"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    where = models.CharField(_("where"), max_length=500, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint("feed", "uid", "starts_at", name="one_session_per_occurrence"),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.service} at {self.starts_at:%Y-%m-%d %H:%M}"
