"""People: list (filters, cursor paging), one person, add, change, move along their journey.

Each operation calls what the screens call: `people.access` to open a record (404 for another
team's, audited), the screens' forms to check what was sent, `people.services` to save, and the
caseload page's own selector for the filters (`practice.caseload`).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, Literal

from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from connecting_people.api.v1 import schemas
from connecting_people.api.v1.auth import need
from connecting_people.api.v1.editing import checked, form_data, saved
from connecting_people.api.v1.paging import LIMIT, page_body, page_of
from connecting_people.api.v1.problems import Problem
from connecting_people.api.v1.versions import etag, version_from
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.people import services
from connecting_people.people.access import caseload_for, person_for
from connecting_people.people.forms import PersonForm, StatusChangeForm
from connecting_people.people.lifecycle import ACTIONS_FROM, STATUS_ACTIONS
from connecting_people.people.models import Person, PersonAccount
from connecting_people.people.services import OWN_SPACE_DAYS_AFTER_MOVING_ON
from connecting_people.practice.caseload import CaseloadFilters, caseload

router = Router(tags=["people"])
KIND = "person"
E = schemas.ERRORS
# The list's query parameters, described for the OpenAPI document.
KEYWORKER = Query(None, description='A staff id, or "me".', pattern=r"^(me|\d{1,18})$")
DUE_FOR_REVIEW = Query(
    None, description="A goal's review date passed (overdue), or comes within two weeks (soon)."
)
MODIFIED_SINCE = Query(None, description="Changed at or after this time (ISO 8601).")


def _tagged(response: HttpResponse, person: Person) -> None:
    response["ETag"] = etag(KIND, person.pk, person.version)


@router.get("", response={200: schemas.PersonPage, **E}, summary="List the team's people")
def person_list(
    request: HttpRequest,
    status: Literal["open", "all", "referred", "active", "moving_on", "moved_on"] = "open",
    keyworker: str | None = KEYWORKER,
    due_for_review: Literal["overdue", "soon"] | None = DUE_FOR_REVIEW,
    modified_since: dt.datetime | None = MODIFIED_SINCE,
    cursor: str | None = None,
    limit: int = LIMIT,
) -> Any:
    """Everyone on the caseload of the token's team, in id order, one page at a time."""
    need(request, "people:read")
    filters = CaseloadFilters(view="team", status=status, review=due_for_review or "")
    rows = caseload(caseload_for(request), filters)
    if keyworker is not None:
        rows = rows.filter(keyworker_id=request.user.pk if keyworker == "me" else int(keyworker))
    if modified_since is not None:
        if timezone.is_naive(modified_since):
            modified_since = timezone.make_aware(modified_since)
        rows = rows.filter(updated_at__gte=modified_since)
    people, next_url = page_of(request, rows, listing="people", cursor=cursor, limit=limit)
    audit_record(
        by=request.user,
        action=AuditAction.VIEWED,
        target=request.team,  # type: ignore[attr-defined]
        request=request,
        detail={
            "list": "api people",
            "filters": {"status": status, "keyworker": keyworker, "review": due_for_review},
            "people": [person.pk for person in people],
        },
    )
    return page_body([schemas.person_out(p) for p in people], next_url, limit)


@router.get("/{int:pk}", response={200: schemas.PersonOut, **E}, summary="One person's record")
def person_detail(request: HttpRequest, pk: int, response: HttpResponse) -> Any:
    need(request, "people:read")
    person = person_for(request, pk)
    _tagged(response, person)
    return schemas.person_out(person)


@router.post("", response={201: schemas.PersonOut, **E}, summary="Add a person (referred)")
def person_create(request: HttpRequest, payload: schemas.PersonIn, response: HttpResponse) -> Any:
    """Adds them to the token's team's caseload, as "Add a person" does."""
    need(request, "people:write")
    team = request.team  # type: ignore[attr-defined]
    values = payload.dict()
    values["started_on"] = values["started_on"] or timezone.localdate()
    fields = checked(PersonForm(form_data(values), team=team))
    fields.pop("version", None)
    person = saved(lambda: services.person_create(team=team, by=request.user, **fields), kind=KIND)
    _tagged(response, person)
    response["Location"] = reverse("api_v1:person_detail", args=[person.pk])
    return Status(201, schemas.person_out(person))


@router.patch("/{int:pk}", response={200: schemas.PersonOut, **E}, summary="Change a record")
def person_update(
    request: HttpRequest, pk: int, payload: schemas.PersonPatch, response: HttpResponse
) -> Any:
    """Only the fields sent change. Needs `If-Match` with the ETag last read (412 if someone
    else saved since, with what they changed)."""
    need(request, "people:write")
    person = person_for(request, pk)
    version = version_from(request, kind=KIND, pk=person.pk)
    form_fields = [name for name in PersonForm.base_fields if name not in ("version", "started_on")]
    values = model_to_dict(person, fields=form_fields)
    values.update(payload.dict(exclude_unset=True))
    form = PersonForm(form_data(values), instance=copy.copy(person), team=person.team)
    changes = {k: v for k, v in checked(form).items() if k != "version"}
    saved(
        lambda: services.person_update(
            person=person, changes=changes, version=version, by=request.user
        ),
        kind=KIND,
    )
    _tagged(response, person)
    return schemas.person_out(person)


@router.post(
    "/{int:pk}/status", response={200: schemas.PersonOut, **E}, summary="Move along the journey"
)
def person_status(
    request: HttpRequest, pk: int, payload: schemas.StatusIn, response: HttpResponse
) -> Any:
    """Start, start moving on, record moving on, carry on, or welcome back, as the person's page
    offers them (409 for a step not open from where they are now). Needs `If-Match`."""
    need(request, "people:write")
    person = person_for(request, pk)
    version = version_from(request, kind=KIND, pk=person.pk)
    if payload.action not in ACTIONS_FROM[person.status]:
        raise Problem(
            409,
            _(
                "Their record shows %(status)s, so “%(action)s” is not a step open now. Open now: "
                "%(open)s."
            )
            % {
                "status": person.get_status_display().lower(),
                "action": payload.action,
                "open": ", ".join(ACTIONS_FROM[person.status]),
            },
        )
    to = STATUS_ACTIONS[payload.action][0]
    has_own_account = PersonAccount.objects.filter(person=person).exists()
    days = payload.own_space_days
    values = {
        "version": version,
        "on": payload.on,
        "reason": payload.reason,
        "destination": payload.destination,
        "moving_on_plan": payload.moving_on_plan,
        "keep_in_touch": {True: "yes", False: "no"}.get(payload.keep_in_touch, ""),  # type: ignore[arg-type]
        "own_space_days": OWN_SPACE_DAYS_AFTER_MOVING_ON if days is None else days,
    }
    form = StatusChangeForm(form_data(values), to=to, has_own_account=has_own_account)
    data = checked(form)
    saved(
        lambda: services.person_change_status(person=person, to=to, by=request.user, **data),
        kind=KIND,
        refusals=(services.LifecycleError,),
    )
    _tagged(response, person)
    return schemas.person_out(person)
