"""Search and browse the directory: full text with filters, paged, each result saying why.

CONTRACT (used by the screens, the HSDS API and later the suggestions engine):

    page = search_services(SearchQuery(text="walking", free_only=True, page=2))
    page.matches -> list[Match(service, reasons: list[str], distance_km: float | None)]
    page.total, page.page, page.per_page, page.total_pages

This first version is a simple placeholder; the search work replaces its insides (full-text index
on SQLite FTS5 and PostgreSQL, facets, distance) without changing the signature.
"""

from __future__ import annotations

import datetime
import math
import uuid
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from connecting_people.directory.models import Service
from connecting_people.directory.models.hsds import ServiceStatus

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass
class SearchQuery:
    text: str = ""
    categories: list[str] = field(default_factory=list)  # interest category slugs
    taxonomy_term_ids: list[uuid.UUID] = field(default_factory=list)
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: datetime.datetime | None = None
    free_only: bool = False
    low_cost: bool = False  # free, or at most LOW_COST_LIMIT a time
    days: list[str] = field(default_factory=list)  # "MO".."SU": runs on any of these days
    time_of_day: str = ""  # "morning" | "afternoon" | "evening" | ""
    near: tuple[float, float] | None = None  # (latitude, longitude)
    within_km: float | None = None  # with `near`: only services this close
    area: str = ""  # a town or postcode district, matched against addresses and service areas
    accessible: bool = False  # has accessibility information for at least one location
    delivery: str = ""  # "in_person" | "online" | ""
    age: int | None = None  # the person's age: only services whose age range includes it
    team_id: int | None = None  # only services this team uses
    include_closed: bool = False  # inactive, defunct and temporarily closed are left out otherwise
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


@dataclass
class Match:
    service: Service
    reasons: list[str]
    distance_km: float | None = None


@dataclass
class SearchPage:
    matches: list[Match]
    total: int
    page: int
    per_page: int

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1


def _base(query: SearchQuery) -> QuerySet[Service]:
    services = Service.objects.all()
    if not query.include_closed:
        services = services.filter(status=ServiceStatus.ACTIVE)
    if query.text:
        services = services.filter(
            Q(name__icontains=query.text) | Q(description__icontains=query.text)
        )
    if query.organization_id:
        services = services.filter(organization_id=query.organization_id)
    if query.modified_after:
        services = services.filter(last_modified__gte=query.modified_after)
    if query.team_id:
        services = services.filter(team_uses__team_id=query.team_id)
    return services.order_by("name", "id")


def search_services(query: SearchQuery) -> SearchPage:
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    page = max(1, query.page)
    services = _base(query)
    total = services.count()
    window = services[(page - 1) * per_page : page * per_page]
    matches = [
        Match(service=s, reasons=[_("Its name or description mentions your words")])
        if query.text
        else Match(service=s, reasons=[])
        for s in window
    ]
    return SearchPage(matches=matches, total=total, page=page, per_page=per_page)
