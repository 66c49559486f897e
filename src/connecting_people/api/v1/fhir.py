"""A person's plan as a FHIR R4 Bundle over HTTP: `GET /api/fhir/Patient/{id}/$everything`
(`?related=true` for the people on their map, by relationship only), with the same bearer
tokens, problem details and rate limits as /api/v1/ (ADR 0022, ADR 0023).

The token's own team decides who can be reached, as for every other operation
(`people.access.person_for`); the Bundle itself is built by `api.fhir.everything`, which reads
through the access layer again and writes the one "viewed" event, naming the token. Needs the
`plans:read` scope: a plan is what it carries.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Swagger

from connecting_people.api.fhir import everything
from connecting_people.api.v1 import schemas
from connecting_people.api.v1.api import Api, handle_errors
from connecting_people.api.v1.auth import BearerToken, need
from connecting_people.people.access import person_for

MEDIA_TYPE = "application/fhir+json"

fhir_api = Api(
    title="Connecting People: FHIR R4",
    version="4.0.1",
    description=(
        "A person's plan as a FHIR R4 Bundle (searchset): Patient, CarePlan with steps as "
        "activities, Goals, Questionnaires, QuestionnaireResponses and score Observations. "
        "Authenticate with `Authorization: Bearer <token>` (the plans:read scope). See "
        "docs/fhir.md."
    ),
    urls_namespace="api_fhir",
    auth=BearerToken(),
    docs=Swagger(settings={"persistAuthorization": False}),
)
handle_errors(fhir_api)


@fhir_api.get(
    "/Patient/{int:pk}/$everything",
    response={200: dict[str, Any], **schemas.ERRORS},
    summary="Everything in a person's plan, as a FHIR Bundle",
    operation_id="patient_everything",
)
def patient_everything(request: HttpRequest, pk: int, related: bool = False) -> HttpResponse:
    """Patient (only what the screens show this token's owner), CarePlan, Goals,
    Questionnaires, QuestionnaireResponses and Observations; with `related=true` the people on
    their map too, by relationship only, never by name."""
    token = need(request, "plans:read")
    person = person_for(request, pk, audit=False)  # the token's own team, or 404 (audited)
    bundle = everything(
        request.user,
        person.pk,
        include_related=related,
        request=request,
        audit_detail={"token": token.pk},
    )
    return HttpResponse(json.dumps(bundle), content_type=MEDIA_TYPE)
