"""One thing that could be suggested (a service or a team's connector), as plain data."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field


@dataclass
class Candidate:
    kind: str  # "service" | "connector"
    name: str
    service_id: uuid.UUID | None = None
    connector_id: int | None = None
    description: str = ""
    topics: str = ""
    category_slugs: frozenset[str] = frozenset()
    is_free: bool = False
    lowest_cost: float | None = None
    days: int = 0  # DAY_BITS
    times: int = 0  # TIME_BITS
    delivery: int = 0  # DELIVERY_BITS; 0 = not known
    has_accessibility: bool = False
    # Issue 17 (`directory.fit` slugs): access features recorded (and whether anything about
    # access is), who it is only for, and its group size as the team or connector knows it.
    access_features: frozenset[str] = frozenset()
    access_known: bool = False
    audience: frozenset[str] = frozenset()
    group_size: str = ""
    minimum_age: float | None = None
    maximum_age: float | None = None
    distance_km: float | None = None
    located: bool = False  # a connector's place is known (services: by distance_km)
    # Where a service is (its search places), when read one by one (the demo, checks): its
    # area is then checked here too; the ranking's candidates were found within it in SQL.
    places: frozenset[str] | None = None
    when: str = ""  # a connector's own words for when ("Tuesdays, 10am")
    # What the team knows.
    team_uses: bool = False
    check_due_on: datetime.date | None = None
    go_along: list[str] = field(default_factory=list)  # first names of those who could go along
    went_well: int = 0
    mixed: int = 0
    not_for_them: int = 0
    kept_going: int = 0
    # "This week" asked for: the day of its first dated session (an event) in the seven days.
    session_on: datetime.date | None = None
    words: frozenset[str] | None = None  # its words, worked out once by the signals
