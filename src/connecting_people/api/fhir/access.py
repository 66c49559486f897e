"""The access layer bound to the FHIR view, for callers with a user but maybe no request (the
API, and `cpi export_fhir` which has none).

The rule stays in `core.access` (`records_for`: staff see the people of their teams; evaluators,
organisation admins outside the team, person accounts and inactive accounts see no one): this
only says which records and writes the audit events, as `record_for` does for the screens.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from connecting_people.core import access
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.people.models import Person


class Refused(Http404):
    """The viewer may not see this person, or there is no such person: the same answer for both
    (no probing). An Http404, so the API answers 404 as the screens do."""


def person_for(
    viewer: Any,
    pk: Any,
    *,
    request: HttpRequest | None = None,
    action: AuditAction = AuditAction.VIEWED,
    detail: dict[str, Any],
) -> Person:
    """The person, if they are on one of the viewer's teams' caseloads; audited as `action`
    (viewed, or exported) with `detail`, or as refused (the same Refused for someone who does not
    exist)."""
    found = None
    if _number(pk):
        people = Person.objects.select_related("team")
        found = access.records_for(viewer, people).filter(pk=int(pk)).first()
    if found is None:
        _audit(viewer, AuditAction.REFUSED, request=request,
               detail={"model": "people.person", "pk": str(pk)[:64], **detail})  # fmt: skip
        raise Refused
    _audit(viewer, action, target=found, request=request, detail=detail)
    return found


def _number(pk: Any) -> bool:
    """A record number as the addresses have it (a whole number a database column can hold)."""
    digits = str(pk) if isinstance(pk, int) and not isinstance(pk, bool) else pk
    return isinstance(digits, str) and digits.isascii() and digits.isdigit() and len(digits) < 19


def records_of(viewer: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Only the records of `queryset` the viewer may see (a person's own, once they are opened)."""
    return access.records_for(viewer, queryset)


def _audit(
    viewer: Any,
    action: AuditAction,
    *,
    request: HttpRequest | None,
    detail: dict[str, Any],
    target: Model | None = None,
) -> None:
    audit_record(by=viewer, action=action, target=target, request=request, detail=detail)
