"""The accounts of everyone who signs in. Who works where (organisations, teams, roles) is the
kernel's: `core.models.teams` (ADR 0016)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractUser):
    """Anyone who signs in. Staff belong to teams; later, people supported sign in too."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("full name"), max_length=150)
    # issue 14: a person supported, signing in to their own space (`people.PersonAccount`). Set
    # once, when the account is made, and never changed: a person's account never holds a staff
    # role, and a staff account never opens a person's space (core/own_space.py).
    is_person = models.BooleanField(_("a person's own account"), default=False, editable=False)
    # issue 15: when the account was last switched off (cleared when switched back on), and when
    # `cpi retention` removed its personal details (RETENTION_STAFF_ACCOUNT_YEARS after that).
    # The row itself stays: the audit trail's events point at it.
    deactivated_at = models.DateTimeField(_("switched off"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(
        _("personal details removed"), null=True, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    objects = UserManager()  # type: ignore[assignment,misc]  # ours adds create_user by email

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class TokenRole(models.TextChoices):
    """The role a token was made under; it works only while its owner still holds that role."""

    PRACTITIONER = "practitioner", _("Practitioner")
    TEAM_LEAD = "team_lead", _("Team lead")
    EVALUATOR = "evaluator", _("Researcher or evaluator")
    PERSON = "person", _("The person's own account")


class ApiToken(models.Model):
    """A personal access token for the JSON API (issue 19, ADR 0022).

    Only a hash of the secret is kept: the whole token is shown once, when it is made. Its
    `key_id` (the public part written into the token) finds the row; the hash proves the rest.
    It acts for its owner in one team (an evaluator's, in one organisation), with the scopes it
    was given, until it expires or is revoked, and never after its owner loses that access
    (`core.access.tokens`). It goes with its owner's account (deleted with it, and when the
    account's details are removed by retention)."""

    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=100)
    key_id = models.CharField(max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)  # sha256 of the whole token, hex
    scopes = models.JSONField(_("scopes"), default=list)
    role = models.CharField(_("role"), max_length=20, choices=TokenRole.choices)
    team = models.ForeignKey(
        "core.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("team"),
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    expires_on = models.DateField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=TokenRole.values), name="api_token_role_known"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role="evaluator", team__isnull=True, organisation__isnull=False)
                    | (~models.Q(role="evaluator") & models.Q(team__isnull=False))
                ),
                name="api_token_team_or_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_id})"
