"""Carrying checked rows to the confirm step, then adding every person or none."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, AuditEvent, Team
from connecting_people.people.importing.rows import (
    COLUMNS,
    ImportFileError,
    ImportReport,
    ImportRow,
    RowError,
)
from connecting_people.people.importing.tables import check_against_team, keyworkers_in
from connecting_people.people.models import Person, Status
from connecting_people.people.services import LifecycleError, person_change_status, person_create

SIGNING_SALT = "people.import"
SIGNED_MAX_AGE = 60 * 60 * 2  # seconds a preview stays good for
# The signed rows travel back in a form field; keep them under Django's 2.5 MB request limit.
SIGNED_MAX_CHARS = 2_000_000


class AlreadyImported(Exception):
    """These rows were added already (the confirm button was pressed twice)."""


class ImportRejected(Exception):
    """The rows cannot all be added; nothing was. `errors` says why."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} problems")


@dataclass(frozen=True)
class SignedImport:
    team_id: int
    file_name: str
    token: str
    columns: list[str]
    rows: list[ImportRow]


def sign_rows(report: ImportReport, *, team: Team, by: Any) -> str:
    """The checked rows, signed so that the confirm step can trust them without the file."""
    names = [column.name for column in COLUMNS]
    payload = {
        "team": team.pk,
        "by": by.pk,
        "file": report.file_name,
        "token": uuid.uuid4().hex,
        "columns": report.columns,
        "rows": [[row.number, *(row.values.get(n, "") for n in names)] for row in report.rows],
    }
    signed = signing.dumps(payload, compress=True, salt=SIGNING_SALT)
    if len(signed) > SIGNED_MAX_CHARS:
        raise ImportFileError(
            _("There is too much in this file to bring in at once. Split it into smaller files.")
        )
    return signed


def unsign_rows(signed: str, *, by: Any) -> SignedImport:
    """The rows signed for this user at preview, or signing.BadSignature (also when expired)."""
    payload = signing.loads(signed, salt=SIGNING_SALT, max_age=SIGNED_MAX_AGE)
    names = [column.name for column in COLUMNS]
    try:
        if payload["by"] != by.pk:
            raise signing.BadSignature("signed for someone else")
        rows = [
            ImportRow(number=number, values={n: v for n, v in zip(names, values, strict=True) if v})
            for number, *values in payload["rows"]
        ]
        return SignedImport(
            payload["team"], payload["file"], payload["token"], payload["columns"], rows
        )
    except (KeyError, TypeError, ValueError) as problem:  # signed by an older version of this code
        raise signing.BadSignature("rows in an unknown shape") from problem


def _fields(row: ImportRow, keyworkers: dict[str, Any]) -> dict[str, Any]:
    values = dict(row.values)
    values.pop("status", None)
    keyworker = values.pop("keyworker", "")
    fields: dict[str, Any] = {
        name: dt.date.fromisoformat(value) if name in ("date_of_birth", "started_on") else value
        for name, value in values.items()
        if value
    }
    if keyworker:
        fields["keyworker"] = keyworkers[keyworker]
    return fields


# How each status is reached from 'referred', the status every new person starts in.
_PATH = {
    Status.REFERRED: [],
    Status.ACTIVE: [Status.ACTIVE],
    Status.MOVING_ON: [Status.ACTIVE, Status.MOVING_ON],
}


def _add(row: ImportRow, *, team: Team, by: Any, keyworkers: dict[str, Any]) -> Person:
    try:
        person = person_create(team=team, by=by, **_fields(row, keyworkers))
        for status in _PATH[Status(row.values.get("status", Status.REFERRED))]:
            person_change_status(
                person=person,
                to=status,
                on=person.started_on,
                by=by,
                version=person.version,
                reason=_("Brought in from another system with the rest of the caseload."),
            )
    except (ValidationError, LifecycleError) as problem:
        messages = problem.messages if isinstance(problem, ValidationError) else [str(problem)]
        raise ImportRejected([RowError(row.number, "", " ".join(messages))]) from None
    return person


@transaction.atomic
def caseload_import(
    *, team: Team, rows: list[ImportRow], by: Any, file_name: str, token: str = ""
) -> list[Person]:
    """Add every row to the team's caseload, or none (ImportRejected says why)."""
    Team.objects.select_for_update().get(pk=team.pk)  # one import into a team at a time
    already = AuditEvent.objects.filter(action=AuditAction.IMPORTED, team=team)
    if token and already.filter(detail__token=token).exists():
        raise AlreadyImported
    errors = check_against_team(rows, team)
    if errors:
        raise ImportRejected(errors)
    keyworkers = keyworkers_in(team)
    people = [_add(row, team=team, by=by, keyworkers=keyworkers) for row in rows]
    audit_record(
        by=by,
        action=AuditAction.IMPORTED,
        target=team,
        detail={"count": len(people), "file": file_name[:200], "token": token},
    )
    return people
