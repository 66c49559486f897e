"""`proximity` on the API's /service_at_locations: within so many metres of a point, nearest first.

The specification measures from a postcode's centre, which needs a postcode geocoder; we have
none offline, so the point is given by our own extension parameters `lat` and `lng` (decimal
degrees). A postcode alone is refused with a message saying so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from connecting_people.directory.hsds import params
from connecting_people.directory.hsds.params import ApiError
from connecting_people.directory.models import ServiceAtLocation

EARTH_RADIUS_M = 6_371_008.8
MAX_PROXIMITY_M = 50_000  # 50 km: further than anyone would travel to a group, and cheap to sort

Fetch = Callable[[int, int], tuple[int, Sequence[ServiceAtLocation]]]


def near_service_at_locations(found: QuerySet[ServiceAtLocation], query: QueryDict) -> Fetch | None:
    """Paging over `found` within `proximity` metres of `lat`,`lng`; None when not asked."""
    lat = params.number(query, "lat", low=-90, high=90)
    lng = params.number(query, "lng", low=-180, high=180)
    proximity = params.number(query, "proximity", low=0, high=math.inf)
    if proximity is not None and proximity > MAX_PROXIMITY_M:
        raise ApiError(
            400,
            _("proximity can be at most %(most)s metres (%(km)s km).")
            % {"most": MAX_PROXIMITY_M, "km": MAX_PROXIMITY_M // 1000},
        )
    if lat is None and lng is None and proximity is None:
        if params.text(query, "postcode"):
            raise ApiError(
                400,
                _(
                    "This directory cannot look up postcodes. Give the point as lat and lng "
                    "(decimal degrees) with proximity (metres) instead."
                ),
            )
        return None
    if lat is None or lng is None or proximity is None:
        raise ApiError(
            400,
            _(
                "To search near a point, give all three: lat and lng (decimal degrees) and "
                "proximity (metres)."
            ),
        )
    ids = _within(found, lat, lng, proximity)

    def fetch(page: int, per_page: int) -> tuple[int, Sequence[ServiceAtLocation]]:
        wanted = ids[(page - 1) * per_page : page * per_page]
        by_id = ServiceAtLocation.objects.in_bulk(wanted)
        return len(ids), [by_id[pk] for pk in wanted if pk in by_id]

    return fetch


def _within(found: QuerySet[ServiceAtLocation], lat: float, lng: float, metres: float) -> list[Any]:
    """Ids of those within `metres`, nearest first: a box in the database, then exact distance."""
    dlat = math.degrees(metres / EARTH_RADIUS_M) * 1.001
    candidates = found.filter(
        location__latitude__gte=lat - dlat, location__latitude__lte=lat + dlat
    )
    cos_lat = math.cos(math.radians(min(89.9, abs(lat) + dlat)))
    dlng = dlat / cos_lat
    if lng - dlng >= -180 and lng + dlng <= 180:
        candidates = candidates.filter(
            location__longitude__gte=lng - dlng, location__longitude__lte=lng + dlng
        )
    near = []
    rows = candidates.values_list("id", "location__latitude", "location__longitude")
    for pk, at_lat, at_lng in rows.iterator(chunk_size=2000):
        if at_lat is None or at_lng is None:  # pragma: no cover - the box needs both
            continue
        distance = haversine_m(lat, lng, at_lat, at_lng)
        if distance <= metres:
            near.append((distance, pk))
    near.sort()
    return [pk for _distance, pk in near]


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """The distance between two points on the Earth, in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))
