"""Who works where: organisations, their teams, and the staff in each team with a role.

Part of the kernel (ADR 0016): the access layer decides everything from these, so they live in
`core` beside it. The accounts themselves (`accounts.User`) stay in `accounts`; these models refer
to them only through `settings.AUTH_USER_MODEL`. The tables keep the names they were created with
in `accounts`, so moving the models moved no data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """An agency: an NHS trust, a housing provider, a charity."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    is_demo = models.BooleanField(
        _("demonstration data"), default=False, help_text=_("Made by `cpi demo`; safe to replace.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Issue 14 §6: whether "Who has looked at my record", in a person's own space, names the staff
    # who looked, or only their role ("a practitioner in your team"). Off unless the organisation
    # chooses it; set by its admins on the organisation's page.
    show_staff_names_to_people = models.BooleanField(
        _("show staff names to the people we support"),
        default=False,
        help_text=_(
            "When on, a person's own space names the staff who looked at or changed their "
            "record. When off, it names only their role."
        ),
    )

    # The audit trail names a kind of record by the label it had when the trail began (ADR 0016).
    audit_kind = "accounts.organisation"

    class Meta:
        db_table = "accounts_organisation"
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team within an organisation: the unit that shares a caseload and community knowledge."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what the team does"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # issue 19: may the people this team supports make API tokens for their own accounts? Off
    # unless the team turns it on (ADR 0022); staff tokens need no setting.
    person_api_tokens = models.BooleanField(
        _("people may make API tokens for their own accounts"), default=False
    )

    # The access layer finds the team that owns any record by following this path.
    access_team_path = "pk"
    audit_kind = "accounts.team"

    class Meta:
        db_table = "accounts_team"
        ordering = ["organisation__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("name"), name="team_name_unique_in_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamRole(models.TextChoices):
    PRACTITIONER = "practitioner", _("Practitioner")
    TEAM_LEAD = "team_lead", _("Team lead")


class TeamMembership(models.Model):
    """A staff member's place in a team, with their role there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    audit_kind = "accounts.teammembership"

    class Meta:
        db_table = "accounts_teammembership"
        ordering = ["team", "user__name"]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint("user", "team", name="one_membership_per_team"),
            models.CheckConstraint(
                condition=models.Q(role__in=TeamRole.values), name="team_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.team}"


class OrganisationRoleKind(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    EVALUATOR = "evaluator", _("Researcher or evaluator")
    # Searches the whole organisation's audit trail (issue 15); sees no record by it.
    DATA_PROTECTION = "data_protection", _("Data protection lead")


class OrganisationRole(models.Model):
    """A role across a whole organisation: managing teams and staff, or evaluating."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_roles"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=OrganisationRoleKind.choices)
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    audit_kind = "accounts.organisationrole"

    class Meta:
        db_table = "accounts_organisationrole"
        verbose_name = _("organisation role")
        verbose_name_plural = _("organisation roles")
        constraints = [
            models.UniqueConstraint("user", "organisation", "role", name="one_role_grant"),
            models.CheckConstraint(
                condition=models.Q(role__in=OrganisationRoleKind.values),
                name="organisation_role_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organisation}"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a team lead")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class TeamJoinRequest(models.Model):
    """Someone asking to join a team, or to change their own role in it, by their own hand: an
    organisation admin adding themselves (issue 15). Nothing of the team opens to them until a
    team lead of that team confirms (or, in a team with no lead, another admin of the
    organisation); a pending request is not a membership, so the access layer never sees it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_join_requests"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="join_requests")
    role = models.CharField(_("role asked for"), max_length=20, choices=TeamRole.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at"]
        verbose_name = _("request to join a team")
        verbose_name_plural = _("requests to join a team")
        constraints = [
            models.UniqueConstraint(
                "user",
                "team",
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=TeamRole.values), name="join_request_role_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=JoinRequestStatus.values),
                name="join_request_status_known",
            ),
            # Never decided by the one who asked.
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("user")),
                name="join_request_not_decided_by_asker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.team} ({self.get_status_display()})"
