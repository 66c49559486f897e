"""The team's practice reflection: its areas, its questions (data an organisation can change) and
the team's answers, one reflection per team per quarter."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from connecting_people.core.models import Organisation, Team


class Scale(models.IntegerChoices):
    """How each question is answered: how often the team does this, not yet to nearly always."""

    NOT_YET = 0, _("Not yet")
    NOW_AND_THEN = 1, _("Now and then")
    OFTEN = 2, _("Often")
    NEARLY_ALWAYS = 3, _("Nearly always")


class ReflectionArea(models.Model):
    """One area of the model a reflection looks at, such as the practice with the person."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    summary = models.CharField(_("what it covers"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("reflection area")

    def __str__(self) -> str:
        return self.name


class ReflectionQuestion(models.Model):
    """One question of the reflection. Questions with no organisation are the app's own; once an
    organisation has questions of its own in use, its teams answer those instead."""

    area = models.ForeignKey(
        ReflectionArea, on_delete=models.PROTECT, related_name="questions", verbose_name=_("area")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reflection_questions",
        verbose_name=_("organisation"),
        help_text=_("Leave empty for the questions every organisation starts with."),
    )
    text = models.CharField(_("question"), max_length=300)
    hint = models.CharField(_("hint"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    in_use = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Take a question out of use rather than deleting it: past answers keep it."),
    )

    class Meta:
        ordering = ["area__position", "position", "pk"]
        verbose_name = _("reflection question")

    def __str__(self) -> str:
        return self.text


class Reflection(models.Model):
    """A team's answers for one quarter. The answers are the team's, not any one person's."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("team")
    )
    period_start = models.DateField(_("quarter starting"))
    # {question id: a Scale value}, so the questions can change without losing past answers.
    answers = models.JSONField(_("answers"), default=dict)
    notes = models.TextField(_("what we want to try next"), blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    access_team_path = "team"

    class Meta:
        ordering = ["period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "period_start"], name="one_reflection_per_team_per_quarter"
            )
        ]
        verbose_name = _("practice reflection")

    def __str__(self) -> str:
        return f"{self.team} {self.period_start:%Y-%m}"
