"""A person's own account and their own record (issue 14): the portal's half of the access layer.

Rules (see docs/adr/0020-the-persons-own-space.md):
- A person's account (`accounts.User.is_person`) reaches exactly one person: their own. It holds
  no team or organisation role, so every staff rule in this layer already gives it nothing.
- It reaches its person only while the account may be used: active, not paused or ended by the
  team, and not past the date the team set at moving on (`people.PersonAccount`).
- Records say which person they belong to through `access_person_path` (an ORM path to the
  person's primary key), or, when they have none, through an `access_team_path` that runs through
  the person ("person__team" gives "person", "goal__person__team" gives "goal__person"). Records
  that belong to no person (a team, a directory service) are never shown through this door.
  A refused record gets the same 404 as a missing one, and the refusal is audited.

`core` never imports `people`: the account is read through the user's reverse relation
`person_account`, and its status and date are compared as stored values.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.core.access.records import refuse
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction

M = TypeVar("M", bound=models.Model)

_CACHE = "_cpi_own_person"
# people.PersonAccountStatus, named here without importing people
ACTIVE, INVITED, PAUSED, ENDED = "active", "invited", "paused", "ended"


def is_person_account(user: Any) -> bool:
    """Whether this is a person's own account (whatever its state), never a staff account."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_person", False))


def own_account(user: Any) -> Any | None:
    """The `people.PersonAccount` of this signed-in person's account, read once per request."""
    if not is_person_account(user) or not user.is_active:
        return None
    cache = user.__dict__
    if _CACHE not in cache:
        try:
            cache[_CACHE] = user.person_account
        except ObjectDoesNotExist:
            cache[_CACHE] = None
    return cache[_CACHE]


def own_person_id(user: Any) -> int | None:
    """The id of the person whose space this account may open now, or None."""
    account = own_account(user)
    if account is None or account.status != ACTIVE:
        return None
    if account.access_until is not None and account.access_until < timezone.localdate():
        return None
    return int(account.person_id)


def sign_in_refusal(user: Any) -> str | None:
    """Why this person's account may not sign in now, in kind words for the person (None when it
    may). Staff accounts are not this door's business: None."""
    if not getattr(user, "is_person", False):
        return None
    try:
        account = user.person_account
    except ObjectDoesNotExist:
        account = None
    status = getattr(account, "status", None)
    if account is None or status == ENDED or not user.is_active:
        return _(
            "Your own space is closed now. If you think this is a mistake, please talk to your "
            "worker or the team: they can open it again."
        )
    if status == PAUSED:
        return _(
            "Your own space is paused just now. Please talk to your worker or the team: they "
            "can turn it back on."
        )
    if status == INVITED:
        return _(
            "You have not started yet. Please use the code from your letter or email on the "
            "start page first."
        )
    if account.access_until is not None and account.access_until < timezone.localdate():
        return _(
            "Your time to use your own space has come to an end. If you would like more time, "
            "please talk to your worker or the team."
        )
    return None


def person_path(model: type[models.Model]) -> str:
    """The ORM path from a record of `model` to the person it belongs to."""
    path = getattr(model, "access_person_path", None)
    team_path = str(getattr(model, "access_team_path", ""))
    if path is None and (team_path == "person__team" or team_path.endswith("__person__team")):
        path = team_path.removesuffix("__team")
    if path is None:
        raise TypeError(
            f"{model.__name__} has no access_person_path: the access layer cannot tell whose "
            "record it is, so it is never shown in a person's own space."
        )
    return str(path)


def own_records(user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """Only the records of `queryset` that belong to this account's own person (none if it may
    not sign in now)."""
    path = person_path(queryset.model)
    person_id = own_person_id(user)
    if person_id is None:
        return queryset.none()
    return queryset.filter(**{path: person_id})


def own_record_for(
    request: HttpRequest, queryset: models.QuerySet[M], *, pk: Any, audit: bool = True
) -> M:
    """One of this person's own records, or 404 (the same answer as for a record that does not
    exist, or is someone else's). Refusals are audited, as for staff."""
    try:
        record = own_records(request.user, queryset).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as missing:
        refuse(request, model=queryset.model._meta.label_lower, pk=str(pk)[:64], own_space=True)
        raise Http404 from missing
    if audit:
        audit_record(by=request.user, action=AuditAction.VIEWED, target=record, request=request)
    return record
