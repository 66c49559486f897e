"""The person's plan: co-produced goals in small steps, barriers, and the contact log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WhoChoice(models.TextChoices):
    """Whose idea a goal was, or who does a step: co-production made visible."""

    PERSON = "person", _("The person")
    WORKER = "worker", _("The worker")
    TOGETHER = "together", _("Together")
    SOMEONE_ELSE = "someone_else", _("Someone else")


class GoalStatus(models.TextChoices):
    WORKING_ON = "working_on", _("Working on it")
    ACHIEVED = "achieved", _("Achieved")
    ON_HOLD = "on_hold", _("On hold")
    NOT_NOW = "not_now", _("No longer wanted")


class GoalQuerySet(models.QuerySet["Goal"]):
    def open(self) -> GoalQuerySet:
        return self.filter(status__in=[GoalStatus.WORKING_ON, GoalStatus.ON_HOLD])


class Goal(models.Model):
    """Something the person wants, in their own words, agreed together."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("the goal, in the person's words"))
    whose_idea = models.CharField(_("whose idea it was"), max_length=20, choices=WhoChoice.choices)
    agreed_on = models.DateField(_("agreed on"), default=timezone.localdate)
    review_on = models.DateField(_("review by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.WORKING_ON
    )
    interests = models.ManyToManyField(
        "people.Interest", blank=True, related_name="goals", verbose_name=_("linked interests")
    )
    barriers = models.ManyToManyField(
        "plans.Barrier", blank=True, related_name="goals", verbose_name=_("linked barriers")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    access_team_path = "person__team"

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["status", "agreed_on", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=GoalStatus.values), name="goal_status_known"
            ),
            models.CheckConstraint(
                condition=Q(whose_idea__in=WhoChoice.values), name="goal_whose_idea_known"
            ),
            models.CheckConstraint(
                condition=Q(review_on__isnull=True) | Q(review_on__gte=models.F("agreed_on")),
                name="goal_review_after_agreed",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="goal_has_text"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class StepStatus(models.TextChoices):
    TO_DO = "to_do", _("To do")
    DOING = "doing", _("Doing")
    DONE = "done", _("Done")
    PAUSED = "paused", _("Paused")
    DROPPED = "dropped", _("Not doing this now")


class Step(models.Model):
    """One small, achievable action towards a goal, with who does it."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(_("what"), max_length=300)
    who = models.CharField(_("who does it"), max_length=20, choices=WhoChoice.choices)
    target_on = models.DateField(_("aim to do it by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.TO_DO
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Worker-only (issue 14 §5): kept from the person's own space, always with a reason.
    hidden_from_person = models.BooleanField(_("not shown to the person"), default=False)
    hidden_reason = models.CharField(_("why it is not shown to them"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    access_team_path = "goal__person__team"

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=StepStatus.values), name="step_status_known"
            ),
            models.CheckConstraint(condition=Q(who__in=WhoChoice.values), name="step_who_known"),
            models.CheckConstraint(condition=~Q(text=""), name="step_has_text"),
            models.CheckConstraint(
                condition=Q(status=StepStatus.DONE) | Q(done_on__isnull=True),
                name="step_done_on_only_when_done",
            ),
            models.CheckConstraint(
                condition=Q(hidden_from_person=False) | ~Q(hidden_reason=""),
                name="step_hidden_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class BarrierFamily(models.TextChoices):
    ATTITUDINAL = "attitudinal", _("How someone feels or thinks")
    CONTEXTUAL = "contextual", _("Their circumstances")


class BarrierType(models.Model):
    """A kind of barrier, such as 'Money' or 'Worry about groups'. Admins can add more."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    family = models.CharField(_("family"), max_length=20, choices=BarrierFamily.choices)
    position = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["family", "position", "name"]
        verbose_name = _("kind of barrier")
        verbose_name_plural = _("kinds of barrier")
        constraints = [
            models.CheckConstraint(
                condition=Q(family__in=BarrierFamily.values), name="barrier_family_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BarrierStatus(models.TextChoices):
    OPEN = "open", _("Open")
    BEING_ADDRESSED = "being_addressed", _("Being worked on")
    RESOLVED = "resolved", _("Resolved")


class BarrierQuerySet(models.QuerySet["Barrier"]):
    def open(self) -> BarrierQuerySet:
        return self.exclude(status=BarrierStatus.RESOLVED)


class Barrier(models.Model):
    """Something that gets in the way, and the plan to get past it."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="barriers")
    kind = models.ForeignKey(
        BarrierType, on_delete=models.PROTECT, related_name="barriers", verbose_name=_("kind")
    )
    affects = models.TextField(_("what it gets in the way of"), blank=True)
    plan = models.TextField(_("the plan to get past it"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=BarrierStatus.choices, default=BarrierStatus.OPEN
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    access_team_path = "person__team"

    objects = BarrierQuerySet.as_manager()

    class Meta:
        ordering = ["status", "pk"]
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BarrierStatus.values), name="barrier_status_known"
            ),
        ]

    def __str__(self) -> str:
        return str(self.kind)


class BarrierUpdate(models.Model):
    """A dated entry in a barrier's history: its status then, and a note."""

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=20, choices=BarrierStatus.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    access_team_path = "barrier__person__team"

    class Meta:
        ordering = ["on", "at", "pk"]
        verbose_name = _("barrier update")
        verbose_name_plural = _("barrier updates")

    def __str__(self) -> str:
        return f"{self.barrier}: {self.get_status_display()} on {self.on}"


class ContactKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    ACCOMPANIED_VISIT = "accompanied_visit", _("Went along together")
    PHONE_OR_VIDEO = "phone_or_video", _("Phone or video call")
    GROUP_SESSION = "group_session", _("Group session")
    OTHER = "other", _("Something else")


# The longest each of a contact's words may be (issue 16): checked by the form and again by the
# service, whatever the database (SQLite keeps a TextField of any length). "People they met" is
# first names or initials; what happened is a few paragraphs.
CONTACT_TEXT_LIMITS = {"what_happened": 5_000, "follow_ups": 2_000, "people_met": 500}


class Contact(models.Model):
    """What happened when the worker and the person met, talked or went somewhere together."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="contacts")
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices)
    duration_minutes = models.PositiveIntegerField(_("how long (minutes)"), null=True, blank=True)
    where = models.CharField(_("where"), max_length=200, blank=True)
    what_happened = models.TextField(_("what happened"))
    follow_ups = models.TextField(_("things to follow up"), blank=True)
    went_along = models.BooleanField(_("went along to an activity"), default=False)
    learned_skill = models.BooleanField(_("learned a skill"), default=False)
    taught_skill = models.BooleanField(_("taught or shared a skill"), default=False)
    people_met = models.TextField(
        _("people they met"),
        blank=True,
        help_text=_("First names or initials only, as the person would like."),
    )
    next_meeting_on = models.DateField(
        _("next meeting"),
        null=True,
        blank=True,
        help_text=_("The next meeting agreed at this contact, if one was."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Worker-only (issue 14 §5): kept from the person's own space, always with a reason.
    hidden_from_person = models.BooleanField(_("not shown to the person"), default=False)
    hidden_reason = models.CharField(_("why it is not shown to them"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    access_team_path = "person__team"

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["person", "-happened_on"], name="contact_person_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ContactKind.values), name="contact_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=24 * 60),
                name="contact_at_most_a_day",
            ),
            models.CheckConstraint(
                condition=Q(hidden_from_person=False) | ~Q(hidden_reason=""),
                name="contact_hidden_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"
