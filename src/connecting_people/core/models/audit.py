"""The audit trail: who saw or changed what, and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEWED = "viewed", _("Viewed")
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    DELETED = "deleted", _("Deleted")
    REFUSED = "refused", _("Refused access")
    EXPORTED = "exported", _("Exported")
    IMPORTED = "imported", _("Imported")
    SIGNED_IN = "signed_in", _("Signed in")
    SIGNED_OUT = "signed_out", _("Signed out")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")


class AuditEvent(models.Model):
    """One thing that happened to one record. Written once, never changed."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text too, so the trail still reads after an account is removed.
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("what"), max_length=20, choices=AuditAction.choices)
    target_type = models.CharField(_("kind of record"), max_length=100, blank=True)
    target_id = models.CharField(_("record"), max_length=64, blank=True)
    target_label = models.CharField(_("record (as recorded)"), max_length=200, blank=True)
    team = models.ForeignKey(
        "core.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["target_type", "target_id", "-at"], name="audit_by_target"),
            models.Index(fields=["actor", "-at"], name="audit_by_actor"),
            models.Index(fields=["team", "-at"], name="audit_by_team"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AuditAction.values), name="audit_action_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"
