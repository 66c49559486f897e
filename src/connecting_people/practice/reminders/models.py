"""What the daily job has already sent, so each reminder goes once, and who wants the email."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SentReminder(models.Model):
    """One reminder, recorded the first time the daily job found it due for this user. The
    unique key (user, kind, record, due date) is what makes running the job twice harmless: a
    new due date (a review moved, a contact logged and then a quiet spell again) is a new
    reminder. `run` tells one run's rows from another's, so it knows which rows it added."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_reminders"
    )
    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    due_on = models.DateField()
    run = models.UUIDField(db_index=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key", "due_on"], name="reminder_once_per_due_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} due {self.due_on}"


class ReminderPreference(models.Model):
    """Whether this user gets a daily email when something new needs doing (off unless asked)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reminder_preference",
    )
    email_digest = models.BooleanField(_("email me when something new needs doing"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {'email' if self.email_digest else 'no email'}"
