"""A person's plan as one FHIR R4 Bundle: what `Patient/{id}/$everything` and `cpi export_fhir`
give.

The bundle is a "searchset": FHIR defines the answer to Patient `$everything` as a Bundle of that
type (R4, OperationDefinition Patient-everything: "The response is a bundle of type
searchset"). The Patient is the match; everything else is there because of them ("include").
A "collection" would suit a file made for its own sake, but the command and the endpoint give the
same thing, so a script can read either the same way.

Every record is read through the access layer for the viewer (`api.fhir.access`), in a fixed
number of queries whatever the size of the plan, and the view is audited as the screens' reads
are: one "viewed" event on the person (or one "refused").
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone

from connecting_people.api.fhir import codes, resources
from connecting_people.api.fhir.access import person_for, records_of
from connecting_people.core.models import AuditAction
from connecting_people.network.models import Connection
from connecting_people.outcomes.models import Response, ResponseStatus
from connecting_people.people.models import Person
from connecting_people.plans.models import Goal, Step


def everything(
    viewer: Any,
    person: Person | int | str,
    *,
    include_related: bool = False,
    request: HttpRequest | None = None,
    how: str = "FHIR $everything",
    action: AuditAction = AuditAction.VIEWED,
    audit_detail: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The person's Patient, CarePlan, Goals, Questionnaires, QuestionnaireResponses and score
    Observations (with their RelatedPeople when asked for), as a Bundle in JSON, if the viewer
    may see the person; otherwise `access.Refused` (404), audited. A Person passed in is looked up
    again for this viewer: holding the object grants nothing. Audited as `action` (viewed; a
    command writing a file says exported), its detail saying `how`, whether related people were
    asked for, and anything in `audit_detail` (such as the API token's id)."""
    pk = person.pk if isinstance(person, Person) else person
    detail = {**(audit_detail or {}), "fhir": how, "related": include_related}
    found = person_for(viewer, pk, request=request, action=action, detail=detail)
    goals = _goals(viewer, found)
    responses = _responses(viewer, found)
    entries = [_entry(resources.patient(found), "match")]
    entries.append(_entry(resources.care_plan(found, goals)))
    entries += [_entry(resources.goal(goal)) for goal in goals]
    if include_related:
        entries += [_entry(resources.related_person(c)) for c in _related(viewer, found)]
    instruments = {r.instrument_id: r.instrument for r in responses}
    entries += [_entry(resources.questionnaire(i)) for i in instruments.values()]
    for response in responses:
        entries.append(_entry(resources.questionnaire_response(response)))
        entries += [_entry(obs) for obs in resources.observations(response)]
    return _bundle(found, entries)


def _goals(viewer: Any, person: Person) -> list[Goal]:
    steps = Step.objects.order_by("position", "pk")
    goals = records_of(viewer, Goal.objects.filter(person=person))
    found = list(goals.order_by("agreed_on", "pk").prefetch_related(Prefetch("steps", steps)))
    for goal in found:
        goal.person = person
    return found


def _responses(viewer: Any, person: Person) -> list[Response]:
    complete = Response.objects.filter(person=person, status=ResponseStatus.COMPLETE)
    return list(
        records_of(viewer, complete).select_related("instrument").order_by("taken_on", "pk")
    )


def _related(viewer: Any, person: Person) -> list[Connection]:
    connections = Connection.objects.filter(person=person, kind__in=codes.RELATED_KINDS)
    return list(records_of(viewer, connections).order_by("pk"))


def _entry(resource: dict[str, Any], mode: str = "include") -> dict[str, Any]:
    return {
        "fullUrl": f"{codes.server()}/{resource['resourceType']}/{resource['id']}",
        "resource": resource,
        "search": {"mode": mode},
    }


def _bundle(person: Person, entries: list[dict[str, Any]]) -> dict[str, Any]:
    now = timezone.now().isoformat(timespec="seconds")
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"lastUpdated": now},
        "type": "searchset",
        "timestamp": now,
        "link": [{"relation": "self", "url": f"{codes.server()}/Patient/{person.pk}/$everything"}],
        "entry": entries,
    }
