"""The NinjaAPI at /api/v1/: bearer tokens (`auth`), problem details for every error
(`problems`), cursor paging (`paging`), ETags (`versions`) and rate limits (`limits`); the
resources are routers (`people`, `contacts`) calling the screens' own services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from connecting_people.api.v1.auth import WWW_AUTHENTICATE, BearerToken
from connecting_people.api.v1.problems import MEDIA_TYPE, Problem, problem_response


class Api(NinjaAPI):
    """Ninja's API, whose document says what the errors really are: problem details."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        answer["content"] = {MEDIA_TYPE: content["application/json"]}
        # Bearer tokens as the scheme, with how to get one.
        schemes = schema.get("components", {}).get("securitySchemes", {})
        for scheme in schemes.values():
            scheme["description"] = "A personal access token: Your account, Your API tokens."
        return schema


api = Api(
    title="Connecting People",
    version="1",
    description=(
        "The records of the people a team supports, over the same rules as the screens. "
        "Authenticate with `Authorization: Bearer <token>` (make one under Your account, API "
        "tokens). Errors are RFC 9457 problem details. See docs/api.md."
    ),
    urls_namespace="api_v1",
    auth=BearerToken(),
    docs=Swagger(settings={"persistAuthorization": False}),
)


def _problem(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem_response(exc)


def _not_found(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem_response(
        Problem(404, _("There is no such record, or this token cannot see it."))
    )


def _forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem_response(Problem(403, str(exc) or _("This token may not do that.")))


def _unauthorised(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem_response(
        Problem(
            401,
            _("Send a token in an Authorization header: Bearer cpi_..."),
            headers={"WWW-Authenticate": WWW_AUTHENTICATE},
        )
    )


def _http_error(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem_response(Problem(exc.status_code, str(exc)))


def _field_of(loc: list[Any]) -> str:
    parts = [str(p) for p in loc[1:] if p not in ("payload", "data")]
    return ".".join(parts) or str(loc[0] if loc else "_")


def _invalid(request: HttpRequest, exc: Any) -> HttpResponse:
    """What Ninja could not read: the address or its query (400), or the body (422)."""
    errors: dict[str, list[str]] = {}
    in_body = False
    for error in exc.errors:
        loc = list(error.get("loc", []))
        in_body = in_body or (bool(loc) and loc[0] == "body")
        errors.setdefault(_field_of(loc), []).append(str(error.get("msg", "")))
    if in_body:
        return problem_response(
            Problem(422, _("Some of what was sent needs correcting."), errors=errors)
        )
    return problem_response(
        Problem(400, _("Some of the address's values are not valid."), errors=errors)
    )


def handle_errors(on: NinjaAPI) -> None:
    """Every error as a problem: for this API, and for the FHIR one beside it."""
    on.add_exception_handler(Problem, _problem)
    on.add_exception_handler(Http404, _not_found)
    on.add_exception_handler(PermissionDenied, _forbidden)
    on.add_exception_handler(AuthenticationError, _unauthorised)
    on.add_exception_handler(HttpError, _http_error)
    on.add_exception_handler(ValidationError, _invalid)


handle_errors(api)


from connecting_people.api.v1 import contacts, people  # noqa: E402

api.add_router("/people", people.router)
api.add_router("/people", contacts.router)
