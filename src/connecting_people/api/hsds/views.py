"""The HSDS 3.0 read API at /api/hsds/, in the shapes of the official OpenAPI document.

Plain function views returning JSON (ADR 9): `/`, `/services`, `/services/{id}`, `/organizations`,
`/organizations/{id}`, `/taxonomies`, `/taxonomies/{id}`, `/taxonomy_terms`,
`/taxonomy_terms/{id}`, `/service_at_locations`, `/service_at_locations/{id}`. Lists are the
specification's `Page`; `format=ndjson` streams every result, one per line, without paging.

Public and read-only by default, as the Open Referral UK profile expects (CORS open, cached for
five minutes); with `HSDS_API_PUBLIC` false only signed-in staff may read. Closed services are
listed too: this is a data feed. Nothing of the team layer is ever served.
"""

from __future__ import annotations

import functools
import json
import math
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from connecting_people.api.hsds import selectors
from connecting_people.core import access
from connecting_people.directory.hsds import params, serialise
from connecting_people.directory.hsds.params import MAX_PER_PAGE, ApiError
from connecting_people.directory.hsds.schemas import HSDS_VERSION, OFFICIAL_OPENAPI, PROFILE_URL
from connecting_people.directory.hsds.where import near_service_at_locations
from connecting_people.directory.models import (
    Service,
    Taxonomy,
)
from connecting_people.directory.search.engine import SearchQuery, search_services

View = Callable[..., HttpResponseBase]
Shape = Callable[[Sequence[Any]], list[dict[str, Any]]]
Fetch = Callable[[int, int], tuple[int, Sequence[Any]]]

PUBLIC_CACHE = "public, max-age=300"


def hsds_view(view: View) -> View:
    """GET and HEAD only; public or staff-only by setting; errors as JSON; CORS and caching."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase
        public = getattr(settings, "HSDS_API_PUBLIC", True)
        if request.method not in ("GET", "HEAD"):
            response = _error(405, _("This API only gives out data: use GET."))
            response["Allow"] = "GET, HEAD"
        elif not public and not access.may_read_closed_directory_api(request.user):
            response = _error(401, _("Sign in as staff to read this directory."))
        else:
            try:
                response = view(request, *args, **kwargs)
            except ApiError as error:
                response = _error(error.status, error.message)
        if public:
            response["Access-Control-Allow-Origin"] = "*"
        ok = public and response.status_code == 200
        response["Cache-Control"] = PUBLIC_CACHE if ok else "private, no-store"
        return response

    return wrapper


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"status": status, "message": message}, status=status)


# Paging ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    fetch: Fetch  # (page, per_page) -> (total, records of that page)
    shape: Shape
    # For format=ndjson: walked in id order by keyset (id > the last one), never by OFFSET,
    # so streaming a big table costs the same for its last batch as for its first.
    keyset: QuerySet[Any] | None = None


def _listing(queryset: QuerySet[Any], shape: Shape) -> Listing:
    return Listing(_sliced(queryset), shape, keyset=queryset)


def _respond(request: HttpRequest, listing: Listing) -> HttpResponseBase:
    if params.output_format(request.GET) == "ndjson":
        return StreamingHttpResponse(_lines(listing), content_type="application/x-ndjson")
    paging = params.paging(request.GET)
    total, records = listing.fetch(paging.page, paging.per_page)
    return JsonResponse(page_json(listing.shape(records), total, paging.page, paging.per_page))


def page_json(contents: list[Any], total: int, page: int, per_page: int) -> dict[str, Any]:
    """The specification's Page around one page of results."""
    total_pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _lines(listing: Listing) -> Iterator[str]:
    if listing.keyset is not None:
        yield from _keyset_lines(listing.keyset, listing.shape)
        return
    page = 1
    while True:
        total, records = listing.fetch(page, MAX_PER_PAGE)
        for item in listing.shape(records):
            yield json.dumps(item, ensure_ascii=False) + "\n"
        if not records or page * MAX_PER_PAGE >= total:
            return
        page += 1


def _keyset_lines(queryset: QuerySet[Any], shape: Shape) -> Iterator[str]:
    ordered = queryset.order_by("id")
    batch = list(ordered[:MAX_PER_PAGE])
    while batch:
        for item in shape(batch):
            yield json.dumps(item, ensure_ascii=False) + "\n"
        if len(batch) < MAX_PER_PAGE:
            return
        batch = list(ordered.filter(id__gt=batch[-1].pk)[:MAX_PER_PAGE])


def _sliced(queryset: QuerySet[Any]) -> Fetch:
    def fetch(page: int, per_page: int) -> tuple[int, Sequence[Any]]:
        start = (page - 1) * per_page
        return queryset.count(), list(queryset[start : start + per_page])

    return fetch


def _one(queryset: QuerySet[Any], pk: str, what: str) -> Any:
    """The record with this id, or a 404 (an id that is not a UUID finds nothing either)."""
    try:
        return queryset.get(pk=uuid.UUID(pk))
    except (ValueError, models.ObjectDoesNotExist):
        raise ApiError(
            404, _("There is no %(what)s with the id %(id)s.") % {"what": what, "id": pk[:60]}
        ) from None


# Endpoints -------------------------------------------------------------------------------------


@hsds_view
def api_root(request: HttpRequest) -> HttpResponseBase:
    return JsonResponse(
        {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": OFFICIAL_OPENAPI}
    )


@hsds_view
def service_list(request: HttpRequest) -> HttpResponseBase:
    query = request.GET
    if params.flag(query, "minimal"):
        shape: Shape = serialise.services_minimal_json
    elif params.flag(query, "full"):
        shape = serialise.services_full_json
    else:
        shape = serialise.services_list_json
    wanted = SearchQuery(
        text=params.text(query, "search"),
        taxonomy_term_ids=params.identifiers(query, "taxonomy_term_id"),
        taxonomy_id=params.identifier(query, "taxonomy_id"),
        organization_id=params.identifier(query, "organization_id"),
        modified_after=params.moment(query, "modified_after"),
        include_closed=True,
    )

    def fetch(page: int, per_page: int) -> tuple[int, Sequence[Service]]:
        wanted.page, wanted.per_page = page, per_page
        found = search_services(wanted)
        return found.total, [match.service for match in found.matches]

    return _respond(request, Listing(fetch, shape))


@hsds_view
def service_detail(request: HttpRequest, pk: str) -> HttpResponseBase:
    return JsonResponse(serialise.service_json(_one(selectors.services(), pk, _("service"))))


@hsds_view
def organization_list(request: HttpRequest) -> HttpResponseBase:
    query = request.GET
    full_service = params.flag(query, "full_service")
    organizations = selectors.organizations(query)
    if params.flag(query, "full") or full_service:
        shape: Shape = functools.partial(
            serialise.organizations_full_json, full_service=full_service
        )
    else:
        shape = serialise.organizations_list_json
    return _respond(request, _listing(organizations, shape))


@hsds_view
def organization_detail(request: HttpRequest, pk: str) -> HttpResponseBase:
    organization = _one(selectors.organizations(), pk, _("organisation"))
    full_service = params.flag(request.GET, "full_service")
    return JsonResponse(serialise.organization_json(organization, full_service=full_service))


@hsds_view
def taxonomy_list(request: HttpRequest) -> HttpResponseBase:
    taxonomies = selectors.taxonomies(request.GET)

    def shape(records: Sequence[Taxonomy]) -> list[dict[str, Any]]:
        return [serialise.taxonomy_json(t) for t in records]

    return _respond(request, _listing(taxonomies, shape))


@hsds_view
def taxonomy_detail(request: HttpRequest, pk: str) -> HttpResponseBase:
    return JsonResponse(serialise.taxonomy_json(_one(selectors.taxonomies(), pk, _("taxonomy"))))


@hsds_view
def taxonomy_term_list(request: HttpRequest) -> HttpResponseBase:
    terms = selectors.taxonomy_terms(request.GET)
    return _respond(request, _listing(terms, serialise.taxonomy_terms_json))


@hsds_view
def taxonomy_term_detail(request: HttpRequest, pk: str) -> HttpResponseBase:
    terms = selectors.taxonomy_terms()
    return JsonResponse(serialise.taxonomy_term_json(_one(terms, pk, _("taxonomy term"))))


@hsds_view
def service_at_location_list(request: HttpRequest) -> HttpResponseBase:
    query = request.GET
    found = selectors.service_at_locations(query)
    if params.flag(query, "full"):
        shape: Shape = serialise.service_at_locations_full_json
    else:
        shape = serialise.service_at_locations_list_json
    near = near_service_at_locations(found, query)  # the ids within reach, sorted in memory
    if near is not None:
        return _respond(request, Listing(near, shape))
    return _respond(request, _listing(found.order_by("service__name", "service_id", "id"), shape))


@hsds_view
def service_at_location_detail(request: HttpRequest, pk: str) -> HttpResponseBase:
    found = _one(selectors.service_at_locations(), pk, _("service at a location"))
    return JsonResponse(serialise.service_at_location_json(found))


@hsds_view
def not_found(request: HttpRequest, rest: str = "") -> HttpResponseBase:
    raise ApiError(404, _("There is nothing at this address in the HSDS API."))
