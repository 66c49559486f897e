"""A worker's choice to hide a practice prompt they know by heart."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HiddenPrompt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hidden_prompts"
    )
    key = models.SlugField(_("prompt"), max_length=40)
    hidden_at = models.DateTimeField(_("hidden"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="hide_a_prompt_once_per_user")
        ]
        verbose_name = _("hidden practice prompt")

    def __str__(self) -> str:
        return self.key
