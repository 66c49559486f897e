"""What a search asks for and what it gives back: the types of the search contract.

Their own module so that `engine` (which runs a search) and `reasons` (which explains a match)
can both read them without importing each other.
"""

from __future__ import annotations

import datetime
import math
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from connecting_people.directory.models import SearchFacts, Service

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 10**6  # far past any real directory: a bigger page number is treated as this one
LOW_COST_LIMIT = Decimal("5.00")  # "low cost": free, or at most this much a time (pounds)


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
    # Added by the search work:
    my_team_ids: list[int] = field(default_factory=list)  # say "Your team uses it"; no filtering
    sort: str = ""  # "" (relevance, else distance, else name) | "name" | "distance"


@dataclass
class Match:
    service: Service
    reasons: list[str]
    distance_km: float | None = None
    facts: SearchFacts | None = None  # free, cost, days, times, delivery, ages: for the screens


@dataclass
class SearchPage:
    matches: list[Match]
    total: int
    page: int
    per_page: int

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.total_pages


@dataclass(frozen=True)
class Place:
    """A town in the directory and the middle of its locations, for choosing "near"."""

    name: str
    latitude: float
    longitude: float
