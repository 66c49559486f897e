"""Where the demo directory is: the fictional town of Riverside, its neighbourhoods and places
(`data/town.json`).

All fictional. The town sits around latitude 53.0, longitude -1.5, inside a box about 10 km
across; postcodes are in the made-up ZZ area (no real area uses ZZ); phone numbers are in
Ofcom's drama range (01632 960000 to 960999); emails and websites use example.org.
"""

from __future__ import annotations

from dataclasses import dataclass

from connecting_people_demo.data import build, load


@dataclass(frozen=True)
class Area:
    key: str
    name: str
    district: str  # the postcode district
    latitude: float
    longitude: float
    streets: tuple[str, ...]
    buses: str


@dataclass(frozen=True)
class Place:
    """A public place where activities happen, belonging to no one organisation."""

    key: str
    name: str
    area: str
    street: str
    description: str
    transportation: str = ""
    access: str = ""


_TOWN = load("town")
TOWN: str = _TOWN["town"]
COUNTY: str = _TOWN["county"]
COUNTRY: str = _TOWN["country"]
AREAS: dict[str, Area] = {area["key"]: build(Area, area) for area in _TOWN["areas"]}
PLACES: dict[str, Place] = {place["key"]: build(Place, place) for place in _TOWN["places"]}
