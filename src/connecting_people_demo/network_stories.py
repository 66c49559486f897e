"""The shape of the network maps of the demo's hand-written people, told as they changed.

Each map lists the person's connections and the snapshots taken of it. Days count from today, as
in the people's stories; `via` is the day of a contact in their log that brought the connection
(so it began through an activity), and `later` is how it moved on after that. Labels are what the
person chose: first names, initials or nicknames, never full names. The maps themselves are in
`data/network_maps.json` (all fictional); choices are the network vocabulary's values.
"""

from __future__ import annotations

from dataclasses import dataclass

from connecting_people.network.vocab import Feels
from connecting_people_demo.data import build, load


@dataclass(frozen=True)
class Later:
    """A change to a connection on a day: a ring, how it feels, how often they are in touch."""

    day: int
    ring: str = ""
    feels: str = ""
    often: str = ""


@dataclass(frozen=True)
class Link:
    """One connection on a demo person's map, and how it changed."""

    label: str
    kind: str
    ring: str
    often: str = ""
    gives: tuple[str, ...] = ()
    feels: str = Feels.SUPPORTIVE
    since: int | None = None  # the day it started; None: known from before, date not recorded
    began: str = ""  # blank: "already knew them", or "through an activity" when `via` is given
    via: int | None = None  # the day of the logged contact that brought it
    inside: bool | None = None  # inside services; None: the usual for the kind
    knows: tuple[str, ...] = ()  # labels of connections listed above it that they know
    later: tuple[Later, ...] = ()
    ended: int | None = None
    why: str = ""  # why it ended

    @property
    def start(self) -> int | None:
        return self.since if self.since is not None else self.via


@dataclass(frozen=True)
class MapStory:
    snapshots: tuple[tuple[int, str, str], ...]  # (day, kind, note), in date order
    links: tuple[Link, ...]


# Each hand-written person's map (data/network_maps.json), by their preferred name.
MAPS: dict[str, MapStory] = {
    name: build(MapStory, story) for name, story in load("network_maps")["maps"].items()
}
