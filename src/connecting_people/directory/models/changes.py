"""Changes to a service suggested by someone who may not make them (issue 15).

A service is changed only by the staff of the organisation that keeps it. Anyone else who works in
a team may suggest a change: the new values of the fields they would change, and a note. The
keeping organisation's staff accept it (the change is made through the one versioned edit) or
decline it with a reason, and the person who suggested it sees which. Nothing here is about a
person the teams support: a suggestion names only the staff account that made it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from connecting_people.core.models import Organisation

from .hsds import Service


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ChangeSuggestion(models.Model):
    """A change to a service suggested to the organisation that keeps it."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="change_suggestions"
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("what is wrong"), blank=True, max_length=2000)
    # The new value of each field the suggestion changes, as `change_suggestions.as_json` writes it.
    proposed = models.JSONField(default=dict, blank=True)
    service_version = models.PositiveIntegerField()  # the version the suggestion was made on
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("why it was declined"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suggested change to a service")
        verbose_name_plural = _("suggested changes to services")
        indexes = [models.Index(fields=["status", "service"], name="suggestion_status_service")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SuggestionStatus.values),
                name="change_suggestion_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=SuggestionStatus.DECLINED) | ~models.Q(reason=""),
                name="change_suggestion_declined_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Suggested change {self.pk} to {self.service_id}"

    @property
    def is_open(self) -> bool:
        return self.status == SuggestionStatus.OPEN
