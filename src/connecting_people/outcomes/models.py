"""Outcome measures: instrument versions loaded from definitions, and people's responses.

An instrument is kept as the definition it was loaded from (JSON), one row per version. A
definition whose content changes loads as the next version and becomes current; responses keep
the version they were asked and scored with, so a change never rewrites anyone's past scores.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from connecting_people.outcomes import instrument as definitions
from connecting_people.outcomes import schedules

_PARSED: dict[str, definitions.Definition] = {}


class InstrumentSource(models.TextChoices):
    SHIPPED = "shipped", _("Comes with Connecting People")
    LOADED = "loaded", _("Loaded by the organisation")


class InstrumentQuerySet(models.QuerySet["Instrument"]):
    def current(self) -> InstrumentQuerySet:
        return self.filter(is_current=True)

    def ready_to_ask(self) -> InstrumentQuerySet:
        """Current versions that carry their question wording, so they can be asked. Chain it
        after visible_to() to keep to what one organisation may ask."""
        return self.current().filter(needs_wording=False)

    def visible_to(self, organisation_id: int | None) -> InstrumentQuerySet:
        """The current versions this organisation may use, one per instrument id: its own
        current version where it has loaded one, otherwise the one for the whole deployment.
        None gives the deployment's only."""
        current = self.filter(is_current=True)
        if organisation_id is None:
            return current.filter(organisation__isnull=True)
        own = Instrument.objects.filter(
            is_current=True, organisation_id=organisation_id, slug=models.OuterRef("slug")
        )
        return current.filter(
            models.Q(organisation_id=organisation_id)
            | models.Q(organisation__isnull=True) & ~models.Exists(own)
        )


class Instrument(models.Model):
    """One version of a questionnaire, as loaded from its definition.

    An instrument loaded for one organisation (with its licensed wording, say) is that
    organisation's alone; one without an organisation came with the app or was loaded for the
    whole deployment. Versions, the current version and identical content are counted within
    each (id, organisation), so the constraints come in pairs: one for the deployment's rows
    (organisation null, which a plain unique constraint would never compare) and one for an
    organisation's own.
    """

    slug = models.SlugField(_("instrument id"), max_length=50)
    # An organisation's own versions go with it; responses still protect any that were asked.
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("organisation (none: the whole deployment)"),
    )
    version = models.PositiveIntegerField(_("version"))
    definition_version = models.CharField(
        _("version the definition gives itself"), max_length=40, blank=True
    )
    title = models.CharField(_("title"), max_length=2000)
    short_title = models.CharField(_("short title"), max_length=60)
    definition = models.JSONField(_("definition"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    needs_wording = models.BooleanField(
        _("question wording must come from a licensed organisation"), default=False
    )
    source = models.CharField(
        _("where it came from"), max_length=20, choices=InstrumentSource.choices
    )
    loaded_from = models.CharField(_("loaded from (file name)"), max_length=255, blank=True)
    loaded_at = models.DateTimeField(_("loaded"), default=timezone.now)
    is_current = models.BooleanField(_("current version"), default=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["slug", "-version"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"],
                condition=models.Q(organisation__isnull=True),
                name="instrument_version_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "slug", "version"],
                condition=models.Q(organisation__isnull=False),
                name="instrument_own_version_unique",
            ),
            models.UniqueConstraint(
                fields=["slug", "content_hash"],
                condition=models.Q(organisation__isnull=True),
                name="instrument_content_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "slug", "content_hash"],
                condition=models.Q(organisation__isnull=False),
                name="instrument_own_content_unique",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(is_current=True, organisation__isnull=True),
                name="instrument_one_current",
            ),
            models.UniqueConstraint(
                fields=["organisation", "slug"],
                condition=models.Q(is_current=True, organisation__isnull=False),
                name="instrument_own_one_current",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="instrument_version_1"),
            models.CheckConstraint(
                condition=models.Q(source__in=InstrumentSource.values),
                name="instrument_source_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.short_title} ({self.slug} v{self.version})"

    @property
    def parsed(self) -> definitions.Definition:
        """The definition read for scoring; parsed once per content hash per process."""
        found = _PARSED.get(self.content_hash)
        if found is None:
            found = _PARSED[self.content_hash] = definitions.parse(self.definition)
        return found


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Started")
    COMPLETE = "complete", _("Complete")


class CompletedBy(models.TextChoices):
    PERSON = "person", _("The person, on their own")
    WITH_WORKER = "with_worker", _("The person with their worker")
    FROM_PAPER = "from_paper", _("Entered from a paper copy")


class ResponseQuerySet(models.QuerySet["Response"]):
    def complete(self) -> ResponseQuerySet:
        return self.filter(status=ResponseStatus.COMPLETE)


class Response(models.Model):
    """One time a person answered one instrument: their answers, and the scores once complete."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="measure_responses"
    )
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("instrument version asked"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ResponseStatus.choices,
        default=ResponseStatus.IN_PROGRESS,
    )
    taken_on = models.DateField(_("taken on"), default=timezone.localdate)
    completed_by = models.CharField(
        _("how it was completed"), max_length=20, choices=CompletedBy.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # Question id → answer value, or null for a question not answered (yet).
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # Result.as_json() from the scoring engine, filled when the response is complete.
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    scored_with = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instrument version scored with"),
    )
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResponseQuerySet.as_manager()

    access_team_path = "person__team"

    class Meta:
        ordering = ["taken_on", "pk"]
        verbose_name = _("measure response")
        verbose_name_plural = _("measure responses")
        indexes = [
            models.Index(fields=["person", "taken_on"], name="response_by_person"),
            models.Index(fields=["instrument", "status"], name="response_by_instrument"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ResponseStatus.values),
                name="response_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(completed_by__in=CompletedBy.values),
                name="response_completed_by_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ResponseStatus.IN_PROGRESS)
                | models.Q(scored_with__isnull=False, scored_at__isnull=False),
                name="response_complete_is_scored",
            ),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.instrument_id}"

    @property
    def is_complete(self) -> bool:
        return self.status == ResponseStatus.COMPLETE

    def score_value(self, score_id: str) -> Any:
        """The stored value of one score (None when not complete or not scored)."""
        return (self.scores.get("scores") or {}).get(score_id, {}).get("value")


class ChangePair(models.Model):
    """For one person, one questionnaire and one of its scores: the score at their baseline and at
    their latest follow-up (see outcomes.pairs for the rules). Worked out from the completed
    responses whenever one of them changes, and never edited otherwise: the team report adds
    these up in the database instead of reading every response.
    """

    # A person's own pairs; once their record is erased, the tombstone's instead (erasure keeps
    # the numbers so the report's counts do not drop, ADR 0018): exactly one of the two is set.
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    erased = models.ForeignKey(
        "people.ErasedPerson", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    instrument = models.SlugField(_("instrument id"), max_length=50)
    score = models.CharField(_("score id"), max_length=100)
    baseline_on = models.DateField(_("baseline taken on"))
    latest_on = models.DateField(_("latest follow-up taken on"))
    before = models.FloatField(_("score at baseline"))
    after = models.FloatField(_("score at the latest follow-up"))

    access_team_path = "person__team"

    class Meta:
        verbose_name = _("baseline and latest score")
        verbose_name_plural = _("baseline and latest scores")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "instrument", "score"], name="change_pair_once"
            ),
            models.UniqueConstraint(
                fields=["erased", "instrument", "score"], name="change_pair_erased_once"
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, erased__isnull=True)
                | models.Q(person__isnull=True, erased__isnull=False),
                name="change_pair_person_or_erased",
            ),
            models.CheckConstraint(
                condition=models.Q(latest_on__gt=models.F("baseline_on")),
                name="change_pair_latest_after_baseline",
            ),
        ]
        indexes = [
            models.Index(fields=["instrument", "score", "baseline_on"], name="change_pair_by_score")
        ]

    def __str__(self) -> str:
        whose = f"person {self.person_id}" if self.person_id else f"erased {self.erased_id}"
        return f"{self.instrument}:{self.score} for {whose}"


class MeasureSchedule(models.Model):
    """A team's schedule for questionnaires: which to ask, and how many months after the start.

    The baseline is always at the start. A team without a row uses schedules.DEFAULT_PLAN.
    """

    team = models.OneToOneField(
        "core.Team", on_delete=models.CASCADE, related_name="measure_schedule"
    )
    # Whole numbers of months after the start, ascending, e.g. [3, 6, 9, 12].
    months = models.JSONField(_("follow-ups, in months after the start"), default=list)
    # Instrument ids (slugs), asked at every point, e.g. ["ons4", "ucla3", "ons-lonely"].
    instruments = models.JSONField(_("questionnaires"), default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    access_team_path = "team"

    class Meta:
        verbose_name = _("questionnaire schedule")
        verbose_name_plural = _("questionnaire schedules")

    def __str__(self) -> str:
        return f"Questionnaire schedule for team {self.team_id}"

    @property
    def plan(self) -> schedules.Plan:
        return schedules.Plan(
            months=tuple(int(m) for m in self.months),
            instruments=tuple(str(s) for s in self.instruments),
        )
