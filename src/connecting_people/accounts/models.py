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
