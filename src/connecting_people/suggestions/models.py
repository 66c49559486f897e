"""What a person would like suggestions to respect, and each suggestion with what came of it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from connecting_people.directory.fit import AGE_BANDS


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("Mornings")
    AFTERNOON = "afternoon", _("Afternoons")
    EVENING = "evening", _("Evenings")


class Preferences(models.Model):
    """What suggestions for one person should take into account, beyond their barriers.

    Everything is optional: an empty preference means "any". Barriers recorded on the plan
    (money, transport, worry about groups…) are read from the plan itself, not copied here.
    """

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="suggestion_preferences"
    )
    area = models.CharField(
        _("where they live or spend time"),
        max_length=100,
        blank=True,
        help_text=_("A town, neighbourhood or the first half of a postcode, like ZZ1."),
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    max_travel_km = models.FloatField(_("how far they would go (km)"), null=True, blank=True)
    free_days = models.CharField(
        _("days they are free"), max_length=20, blank=True, help_text="MO,TU,…"
    )
    free_times = models.CharField(
        _("times of day they are free"), max_length=40, blank=True, help_text="morning,evening"
    )
    in_person = models.BooleanField(_("happy to go in person"), default=True)
    online = models.BooleanField(_("happy to join online"), default=True)
    needs_accessibility = models.BooleanField(_("needs step-free or other access"), default=False)
    prefers_small_groups = models.BooleanField(_("prefers small or quiet groups"), default=False)
    wants_company_first_time = models.BooleanField(
        _("would like someone to go along the first time"), default=False
    )
    # Issue 17: the same words as the directory's facts (`directory.fit`), comma-separated.
    access_needs = models.CharField(_("access they need"), max_length=300, blank=True)
    group_sizes = models.CharField(
        _("group sizes they are happy with"), max_length=60, blank=True
    )  # blank = any
    max_cost = models.DecimalField(
        _("most they would pay each time (£)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )  # 0 = free only; empty = any
    # Which preferences are musts (`directory.fit.MUSTS`); until they are first chosen
    # (`musts_chosen`), the plan's barriers decide, as before.
    musts = models.CharField(_("musts"), max_length=120, blank=True)
    musts_chosen = models.BooleanField(default=False)
    circumstances = models.CharField(
        _("circumstances that open groups to them"), max_length=300, blank=True
    )  # `directory.fit.AUDIENCES` slugs
    age_band = models.CharField(
        _("age band, when the date of birth is not recorded"),
        max_length=10,
        blank=True,
        choices=[(slug, label) for slug, label, _low, _high in AGE_BANDS],
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    access_team_path = "person__team"

    class Meta:
        verbose_name = _("suggestion preferences")
        verbose_name_plural = _("suggestion preferences")

    def __str__(self) -> str:
        return f"Preferences for person {self.person_id}"


class SuggestionStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    TALKED_ABOUT = "talked_about", _("Talked about")
    TRIED = "tried", _("Tried it")
    GOING_REGULARLY = "going_regularly", _("Going regularly")
    NOT_FOR_ME = "not_for_me", _("Not for me")


class NotForMeReason(models.TextChoices):
    NOT_INTERESTED = "not_interested", _("Not something I'm into")
    TOO_FAR = "too_far", _("Too far or hard to get to")
    COST = "cost", _("Costs too much")
    TIMING = "timing", _("The times don't work")
    GROUP = "group", _("The group felt too big or busy")
    TRIED_DID_NOT_LIKE = "tried_did_not_like", _("Tried it and didn't enjoy it")
    NOT_NOW = "not_now", _("Not the right time")
    OTHER = "other", _("Something else")


class SuggestionSource(models.TextChoices):
    RANKED = "ranked", _("From the suggestions list")
    WORKER = "worker", _("Chosen by the worker")
    PERSON = "person", _("The person's own idea")


# "Not for me" hides a suggestion from the ranked list for this long.
HIDE_NOT_FOR_ME_DAYS = 180


class SuggestionQuerySet(models.QuerySet["Suggestion"]):
    def open(self) -> SuggestionQuerySet:
        return self.exclude(status=SuggestionStatus.NOT_FOR_ME)


class Suggestion(models.Model):
    """Something put to a person — a service, a connector or an idea — and what came of it."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="suggestions"
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
    )
    connector = models.ForeignKey(
        "directory.CommunityConnector",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
    )
    idea = models.CharField(
        _("the idea"),
        max_length=300,
        blank=True,
        help_text=_("Something not in the directory, in a few words."),
    )
    # The service's or connector's name when it was suggested, so the suggestion still reads
    # well if the directory entry is later deleted (the link is then cleared, the story kept).
    name = models.CharField(_("what it was called"), max_length=300, blank=True)
    source = models.CharField(
        max_length=10, choices=SuggestionSource.choices, default=SuggestionSource.RANKED
    )
    status = models.CharField(
        _("how it is going"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.SUGGESTED,
    )
    shortlisted = models.BooleanField(_("on the shortlist"), default=False)
    reason = models.CharField(
        _("why not"), max_length=20, choices=NotForMeReason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    why = models.TextField(_("why it was suggested"), blank=True)
    score = models.FloatField(null=True, blank=True)
    suggested_on = models.DateField(_("suggested on"), default=timezone.localdate)
    status_on = models.DateField(_("since"), default=timezone.localdate)
    hidden_until = models.DateField(null=True, blank=True)
    connection = models.ForeignKey(
        "network.Connection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contact = models.ForeignKey(
        "plans.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What this suggestion told the directory about how it went (one row, updated as it moves).
    feedback = models.OneToOneField(
        "directory.Feedback",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestion",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SuggestionQuerySet.as_manager()

    access_team_path = "person__team"

    class Meta:
        ordering = ["-shortlisted", "-suggested_on", "-pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SuggestionStatus.values),
                name="suggestion_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(reason="") | models.Q(reason__in=NotForMeReason.values),
                name="suggestion_reason_known",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(service__isnull=False)
                    | models.Q(connector__isnull=False)
                    | ~models.Q(idea="")
                    | ~models.Q(name="")
                ),
                name="suggestion_is_about_something",
            ),
            # The same service or connector is open at most once for a person.
            models.UniqueConstraint(
                "person",
                "service",
                condition=~models.Q(status="not_for_me") & models.Q(service__isnull=False),
                name="one_open_suggestion_per_service",
            ),
            models.UniqueConstraint(
                "person",
                "connector",
                condition=~models.Q(status="not_for_me") & models.Q(connector__isnull=False),
                name="one_open_suggestion_per_connector",
            ),
        ]
        indexes = [models.Index(fields=["person", "status"], name="suggestion_person_status")]

    def __str__(self) -> str:
        return f"Suggestion {self.pk} for person {self.person_id}"

    @property
    def title(self) -> str:
        """What to call it: the live name of its service or connector, else the name it had
        when suggested, else the idea's own words."""
        if self.service_id and self.service is not None:
            return self.service.name
        if self.connector_id and self.connector is not None:
            return self.connector.name
        return self.name or self.idea

    def is_hidden(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.hidden_until is not None and self.hidden_until > today


class SuggestionChange(models.Model):
    """One step in a suggestion's story: from what, to what, when, by whom."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, choices=SuggestionStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=SuggestionStatus.choices)
    on = models.DateField(default=timezone.localdate)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status} on {self.on}"
