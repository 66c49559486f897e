"""A person's own way in (issue 14): inviting them, their one-time code, and the team pausing,
resuming or ending their access. Each change is atomic, versioned and audited.

The code (`ABCD-EFGH-JKMN`: twelve letters and digits that cannot be mistaken for each other,
about 59 bits) is shown once, to the worker or in the person's email, and kept only as a password
hash. It works once, until `CPI_INVITATION_DAYS` have passed, and a new code voids the last one.
People without email get an address that can never receive mail (`NO_MAIL_DOMAIN`) and sign in
with its first part, the short sign-in name printed beside their code.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.accounts.models import User
from connecting_people.accounts.services import sessions_end
from connecting_people.core.access import sign_in_refusal
from connecting_people.core.audit import audit_record
from connecting_people.core.concurrency import EditConflict, save_versioned
from connecting_people.core.models import AuditAction
from connecting_people.people.models import (
    NO_MAIL_DOMAIN,
    Person,
    PersonAccount,
    PersonAccountStatus,
)

# No 0/O, 1/I/L: a code read out over the phone or copied from a letter survives.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
SIGN_IN_NAME_LENGTH = 8
CODE_FIELDS = ("code_hash", "code_expires_at")
Status = PersonAccountStatus

# What the team may do from each state: (the state it leads to, from which states).
ACCESS_CHANGES: dict[str, tuple[str, frozenset[str]]] = {
    "pause": (Status.PAUSED, frozenset({Status.INVITED, Status.ACTIVE})),
    "resume": (Status.ACTIVE, frozenset({Status.PAUSED})),
    "end": (Status.ENDED, frozenset({Status.INVITED, Status.ACTIVE, Status.PAUSED})),
}


class OwnAccountError(Exception):
    """A change to a person's own account that cannot be made, with a plain reason."""


def format_code(code: str) -> str:
    """The code in groups of four, as it is printed and typed."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(typed: str) -> str:
    """What someone typed, as the code is kept: capitals, no spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _code_fields(code: str) -> dict[str, Any]:
    days = int(getattr(settings, "CPI_INVITATION_DAYS", 14))
    return {
        "code_hash": make_password(code),
        "code_expires_at": timezone.now() + dt.timedelta(days=days),
    }


def _no_mail_address() -> str:
    alphabet = CODE_ALPHABET.lower()
    while True:
        name = "".join(secrets.choice(alphabet) for _ in range(SIGN_IN_NAME_LENGTH))
        address = f"{name}@{NO_MAIL_DOMAIN}"
        if not User.objects.filter(email__iexact=address).exists():
            return address


def address_for(sign_in: str) -> str:
    """The account's address from what the person typed: an email address, or a sign-in name."""
    sign_in = sign_in.strip().lower()
    return sign_in if "@" in sign_in else f"{sign_in}@{NO_MAIL_DOMAIN}"


@transaction.atomic
def person_account_invite(
    *, person: Person, email: str | None, by: Any
) -> tuple[PersonAccount, str]:
    """Make the person's own account, invited, with a one-time code (returned, never stored)."""
    if PersonAccount.objects.filter(person=person).exists():
        raise OwnAccountError(_("%(name)s already has their own space.") % {"name": person})
    address = (email or "").strip().lower() or _no_mail_address()
    if User.objects.filter(email__iexact=address).exists():
        raise OwnAccountError(
            _(
                "%(email)s already belongs to an account here. Use another email address, or "
                "give them a printed code instead."
            )
            % {"email": address}
        )
    user = User.objects.create_user(email=address, name=person.preferred_name, is_person=True)
    code = _new_code()
    account = PersonAccount.objects.create(
        person=person,
        user=user,
        status=Status.INVITED,
        invited_by=by if getattr(by, "is_authenticated", False) else None,
        **_code_fields(code),
    )
    audit_record(
        by=by, action=AuditAction.CREATED, target=account, detail={"by_email": bool(email)}
    )
    return account, code


def _save(account: PersonAccount, *, changes: dict[str, Any], version: int) -> None:
    """save_versioned, with the code's hash never shown as a difference in a clash."""
    try:
        save_versioned(account, changes=changes, version=version)
    except EditConflict as conflict:
        conflict.differences = [d for d in conflict.differences if d.field not in CODE_FIELDS]
        raise


@transaction.atomic
def person_account_new_code(*, account: PersonAccount, version: int, by: Any) -> str:
    """A new one-time code (the last one stops working). An ended account is invited again."""
    if account.status == Status.PAUSED:
        raise OwnAccountError(_("Their access is paused. Turn it back on first, then make a code."))
    code = _new_code()
    changes = _code_fields(code)
    if account.status == Status.ENDED:
        changes.update(status=Status.INVITED, invited_at=timezone.now())
        changes["invited_by"] = by if getattr(by, "is_authenticated", False) else None
    _save(account, changes=changes, version=version)
    fields = sorted(["code", *(["status"] if "status" in changes else [])])
    audit_record(by=by, action=AuditAction.CHANGED, target=account, detail={"fields": fields})
    return code


@transaction.atomic
def person_account_change_access(
    *, account: PersonAccount, action: str, version: int, by: Any
) -> PersonAccount:
    """Pause, resume or end the person's access. Pausing and ending sign them out at once."""
    to, allowed_from = ACCESS_CHANGES[action]
    if account.status not in allowed_from:
        raise OwnAccountError(
            _("Their access is %(status)s, so this cannot be done now.")
            % {"status": account.get_status_display()}
        )
    if to == Status.ACTIVE and account.user.last_login is None:
        to = Status.INVITED  # never signed in: back to waiting for their code
    changes: dict[str, Any] = {"status": to}
    if to == Status.ENDED:
        changes.update(code_hash="", code_expires_at=None)
    _save(account, changes=changes, version=version)
    audit_record(
        by=by,
        action=AuditAction.CHANGED,
        target=account,
        detail={"fields": ["status"], "status": to},
    )
    if to in (Status.PAUSED, Status.ENDED):
        sessions_end(account.user)
    return account


def account_for_code(*, sign_in: str, code: str) -> PersonAccount | None:
    """The person's account whose current code this is, or None (whatever the reason)."""
    account = (
        PersonAccount.objects.select_related("user", "person")
        .filter(user__email__iexact=address_for(sign_in), user__is_person=True)
        .first()
    )
    typed = normalise_code(code)
    if account is None or not account.code_hash:
        make_password(typed)  # the hasher runs anyway, so a miss takes as long as a hit
        return None
    return account if check_password(typed, account.code_hash) else None


def code_refusal(account: PersonAccount) -> str | None:
    """Why a right code cannot be used now, in the person's words (None when it can)."""
    if account.status in (Status.PAUSED, Status.ENDED) or not account.user.is_active:
        return sign_in_refusal(account.user)
    if account.code_expires_at is None or account.code_expires_at < timezone.now():
        return _("This code has run out. Please ask your worker for a new one.")
    return None


@transaction.atomic
def person_account_start(*, account: PersonAccount) -> PersonAccount:
    """The person used their code: it is spent, and their account can be used."""
    spent = PersonAccount.objects.filter(pk=account.pk, code_hash=account.code_hash).update(
        status=Status.ACTIVE,
        code_hash="",
        code_expires_at=None,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not spent:  # used a moment ago, in another tab or by someone else
        raise OwnAccountError(_("This code has been used already. Please ask for a new one."))
    account.refresh_from_db()
    audit_record(
        by=account.user,
        action=AuditAction.CHANGED,
        target=account,
        detail={"fields": ["code", "status"], "status": Status.ACTIVE},
    )
    return account


@transaction.atomic
def person_password_set(*, user: User, password: str, by: Any) -> User:
    """The person's own password (checked by the form against the password rules)."""
    if not user.is_person:
        raise OwnAccountError(_("Only a person's own account chooses its password here."))
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(by=by, action=AuditAction.CHANGED, target=user, detail={"fields": ["password"]})
    return user
