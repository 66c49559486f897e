"""How a team's people reach it, and what to do in a crisis (issue 14): set by the team's leads,
shown in each person's own space. One row per team, made when a lead first saves it; until then
the person's space shows the defaults in `connecting_people.core.team_contact`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from connecting_people.core.models.teams import Team


class TeamContact(models.Model):
    """The team's contact details and crisis advice, as the people it supports see them."""

    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, related_name="contact_details", verbose_name=_("team")
    )
    phone = models.CharField(_("team phone number"), max_length=40, blank=True)
    email = models.EmailField(_("team email address"), blank=True)
    hours = models.CharField(
        _("when people can reach the team"),
        max_length=200,
        blank=True,
        help_text=_("For example: Monday to Friday, 9am to 5pm."),
    )
    crisis_what_to_do = models.TextField(
        _("what to do in a crisis"),
        max_length=1000,
        blank=True,
        help_text=_("Short and plain. Left empty, people see NHS 111, 999 and Samaritans."),
    )
    crisis_who = models.CharField(_("who to call in a crisis"), max_length=200, blank=True)
    crisis_phone = models.CharField(_("crisis phone number"), max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    access_team_path = "team"

    class Meta:
        verbose_name = _("team contact details")
        verbose_name_plural = _("team contact details")

    def __str__(self) -> str:
        return f"{self.team}: contact details"
