"""The shape of what the demo directory offers: Riverside's organisations and what each runs.

Each organisation runs its own offers, and picks a few more from the offers usual for its kind
(libraries run rhyme times, churches run coffee mornings): those are named after the venue, so
"Knit and natter at Millbrook Library". Topics are short names for interest categories (TOPICS).
`when` is how often and when: "w-am:TU" weekly on Tuesday mornings, "2w-eve" fortnightly
evenings, "m1-eve:TU" the first Tuesday evening of the month, "m-1-pm:FR" the last Friday
afternoon, "w-day:MO,WE,FR" open those days, "appt" by appointment only (no schedule). A day
left out is chosen by the seeded random. Costs are codes (`costs` in the same file).

The organisations and offers themselves (all fictional) are in `data/directory.json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from connecting_people_demo.data import build, load


@dataclass(frozen=True)
class Offer:
    key: str
    name: str
    topics: str  # space-separated TOPICS keys, one to three
    about: str
    cost: str = "free"
    when: str = "w-am"
    ages: tuple[float | None, float | None] | None = None
    who: str = ""  # who it is for, in words
    how: str = ""  # how to join
    online: bool = False  # online only
    also_online: bool = False  # in person, and online too
    place: str = ""  # a PLACES key, when it happens somewhere other than the venue
    status: str = "active"
    alert: str = ""
    languages: tuple[str, ...] = ()
    dated: bool = False  # gets a few dated sessions as well as (or instead of) a schedule


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    kind: str
    area: str  # an AREAS key
    about: str
    venue: str  # the name of its main building
    own: tuple[Offer, ...] = ()
    picks: int = 0  # how many of its kind's usual offers it runs as well
    legal: str = "Charity"
    founded: int | None = None
    extra: dict = field(default_factory=dict)


_DIRECTORY = load("directory")
TOPICS: dict[str, str] = _DIRECTORY["topics"]
# The offers usual for each kind of organisation, run at its venue.
POOLS: dict[str, tuple[Offer, ...]] = build(dict[str, tuple[Offer, ...]], _DIRECTORY["pools"])
ORGANISATIONS: tuple[Org, ...] = build(tuple[Org, ...], _DIRECTORY["organisations"])
