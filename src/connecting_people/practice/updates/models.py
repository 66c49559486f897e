"""Which of a person's own updates each member of staff has seen (issue 14 §4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UpdateSeen(models.Model):
    """One member of staff has seen one update a person made in their own space.

    An update is an audit event whose actor is the person's own account (the feed is derived
    from the trail, so any change a person can make appears with no code here). A mark per event
    rather than a "seen up to" point per worker and person, because updates are marked seen one
    at a time, in any order, from the htmx buttons: a point in time could only say "everything
    before this", and would either hide an update the worker skipped or bring back ones they had
    marked. "Mark all seen" writes one row per unseen update (a handful between sessions).

    Per user: each worker keeps their own marks, so a team lead reading the feed does not clear
    it for the keyworker. Goes with the person's record when it is erased (CASCADE), and with the
    staff account when that is removed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="updates_seen",
        verbose_name=_("seen by"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    event = models.ForeignKey(
        "core.AuditEvent",
        on_delete=models.CASCADE,  # events are never deleted (append-only)
        related_name="+",
        verbose_name=_("update"),
    )
    seen_at = models.DateTimeField(_("seen"), auto_now_add=True)

    class Meta:
        verbose_name = _("update seen")
        verbose_name_plural = _("updates seen")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="update_seen_once"),
        ]
        indexes = [models.Index(fields=["user", "person"], name="update_seen_by_user_person")]

    def __str__(self) -> str:
        return f"{self.user_id} saw event {self.event_id}"
