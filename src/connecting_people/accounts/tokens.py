"""Personal access tokens for the JSON API (issue 19, ADR 0022): making, finding and revoking them.

A token reads `cpi_<key id>_<secret>`: the key id (12 characters) finds the row, and a SHA-256
hash of the whole token, compared in constant time, proves the secret. The secret has 256 bits
from `secrets`, so one hash (not a slow password hash) is enough; the token itself is never
stored and is shown once. Whether a token may still be used is the access layer's
(`core.access.tokens.token_refusal`), asked on every request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.accounts.models import ApiToken, TokenRole, User
from connecting_people.core import access
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, Organisation, Team

PREFIX = "cpi"
KEY_ID_LENGTH = 12
# The areas a token may be given, each to read or to write (writing includes reading).
AREAS = ("people", "plans")
SCOPES = tuple(f"{area}:{kind}" for area in AREAS for kind in ("read", "write"))
LONGEST_DAYS = 366  # a token lasts a year at most
NAME_MAX = 100


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def scopes_allow(scopes: list[str], wanted: str) -> bool:
    """Does a token with these scopes cover `wanted` ("people:read")? Writing includes reading."""
    area, _sep, kind = wanted.partition(":")
    return wanted in scopes or (kind == "read" and f"{area}:write" in scopes)


def check_token_request(
    *, name: str, scopes: list[str], expires_on: dt.date | None, role: str, today: dt.date
) -> dict[str, str]:
    """Field errors for a token asked for (empty when it may be made)."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the token a name, like the script or system that will use it")
    elif len(name) > NAME_MAX:
        errors["name"] = _("Keep the name to 100 characters or fewer")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        errors["scopes"] = _("These are not scopes a token can have: %(scopes)s") % {
            "scopes": ", ".join(unknown)
        }
    elif not scopes:
        errors["scopes"] = _("Choose at least one thing the token may do")
    elif role in (TokenRole.EVALUATOR, TokenRole.PERSON) and any(
        s.endswith(":write") for s in scopes
    ):
        errors["scopes"] = _("A token for this account can only read")
    if expires_on is None:
        errors["expires_on"] = _("Enter the date the token stops working, like 31/01/2027")
    elif expires_on < today:
        errors["expires_on"] = _("The date the token stops working cannot be in the past")
    elif expires_on > today + dt.timedelta(days=LONGEST_DAYS):
        errors["expires_on"] = _("A token can last a year at most: choose %(date)s or sooner") % {
            "date": (today + dt.timedelta(days=LONGEST_DAYS)).strftime("%-d %B %Y")
        }
    return errors


def role_for(user: User, team: Team | None, organisation: Organisation | None) -> str | None:
    """The role a new token of this user's is made under: the highest they hold there."""
    if organisation is not None:
        return TokenRole.EVALUATOR if access.may_evaluate(user, organisation.pk) else None
    roles = access.roles_open_to(user, team)
    return roles[-1] if roles else None


@transaction.atomic
def token_issue(
    *,
    user: User,
    name: str,
    scopes: list[str],
    expires_on: dt.date | None,
    team: Team | None = None,
    organisation: Organisation | None = None,
    by: Any,
) -> tuple[ApiToken, str]:
    """Make a token for `user` in `team` (or, for an evaluator, `organisation`); returns the row
    and the token itself, which is never shown again. ValidationError when it may not be made:
    a person's own account only when their team allows it, anyone only where they work."""
    role = role_for(user, team, organisation)
    if role is None:
        if getattr(user, "is_person", False):
            raise ValidationError(
                {"team": _("Your team has not turned on API tokens for people's own accounts")}
            )
        raise ValidationError({"team": _("You can make a token only for a team you work in")})
    scopes = sorted(set(scopes))
    errors = check_token_request(
        name=name, scopes=scopes, expires_on=expires_on, role=role, today=timezone.localdate()
    )
    if errors or expires_on is None:
        raise ValidationError(errors)
    key_id = secrets.token_hex(KEY_ID_LENGTH // 2)
    token = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    row = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        key_id=key_id,
        digest=digest(token),
        scopes=scopes,
        role=role,
        team=None if organisation is not None else team,
        organisation=organisation,
        expires_on=expires_on,
    )
    audit_record(
        by=by,
        action=AuditAction.CREATED,
        target=row,
        detail={"api_token": row.key_id, "scopes": scopes, "expires_on": str(expires_on)},
    )
    return row, token


def token_find(raw: str) -> ApiToken | None:
    """The token row this token string names and proves, or None. Says nothing of whether it
    may still be used (`core.access.token_refusal`)."""
    parts = raw.split("_", 2)  # the secret may itself hold "_"
    if len(parts) != 3 or parts[0] != PREFIX or len(parts[1]) != KEY_ID_LENGTH:
        return None
    row = (
        ApiToken.objects.select_related("user", "team", "organisation")
        .filter(key_id=parts[1])
        .first()
    )
    if row is None or not hmac.compare_digest(row.digest, digest(raw)):
        return None
    return row


def token_used(token: ApiToken) -> None:
    """Note when the token was last used (at most once a minute, to spare the writes)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def tokens_revocable_by(user: User) -> QuerySet[ApiToken]:
    """The tokens this user may revoke: their own, and those of the teams they lead."""
    led = access.team_ids_for(user, lead=True)
    return ApiToken.objects.filter(Q(user=user) | Q(team__in=led)).select_related(
        "user", "team", "organisation"
    )


@transaction.atomic
def token_revoke(*, token: ApiToken, by: Any) -> ApiToken:
    """Stop a token working from now on. Revoking it again changes nothing."""
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            by=by, action=AuditAction.CHANGED, target=token, detail={"api_token": "revoked"}
        )
    return token


def tokens_remove(user: User) -> int:
    """Delete every token of this account (its details removed by retention, ADR 0018)."""
    deleted, _by_model = ApiToken.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def team_person_tokens_set(*, team: Team, allowed: bool, by: Any) -> Team:
    """Let the people a team supports make API tokens for their own accounts, or stop it (their
    tokens stop working at once: `core.access.token_refusal` asks the team each request)."""
    if team.person_api_tokens != allowed:
        team.person_api_tokens = allowed
        team.save(update_fields=["person_api_tokens"])
        audit_record(
            by=by,
            action=AuditAction.CHANGED,
            target=team,
            detail={"fields": ["person_api_tokens"], "allowed": allowed},
        )
    return team
