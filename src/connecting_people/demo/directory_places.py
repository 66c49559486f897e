# ruff: noqa: E501 (places and their words read best one to a line)
"""Where the demo directory is: the fictional town of Riverside, its neighbourhoods and places.

All fictional. The town sits around latitude 53.0, longitude -1.5, inside a box about 10 km
across; postcodes are in the made-up ZZ area (no real area uses ZZ); phone numbers are in
Ofcom's drama range (01632 960000 to 960999); emails and websites use example.org.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    key: str
    name: str
    district: str  # the postcode district
    latitude: float
    longitude: float
    streets: tuple[str, ...]
    buses: str


AREAS = {
    area.key: area
    for area in (
        Area(
            "centre",
            "Riverside",
            "ZZ1",
            53.0000,
            -1.5000,
            (
                "Mill Street",
                "High Street",
                "Market Place",
                "Bridge Street",
                "Station Road",
                "Castle Walk",
                "Victoria Road",
            ),
            "Most town buses stop on Market Place, a few minutes' walk away.",
        ),
        Area(
            "millbrook",
            "Millbrook",
            "ZZ2",
            53.0210,
            -1.5290,
            (
                "Reservoir Road",
                "Depot Lane",
                "Millbrook Road",
                "Chapel Street",
                "Weavers Row",
                "Colliery Lane",
            ),
            "The 4 and 4A from the town centre stop on Millbrook Road.",
        ),
        Area(
            "brookfield",
            "Brookfield",
            "ZZ3",
            52.9815,
            -1.4705,
            (
                "Brook Lane",
                "Brook Street",
                "Fieldside",
                "Orchard Way",
                "Kestrel Close",
                "Linden Avenue",
            ),
            "The 12 from Market Place runs every 15 minutes, and stops on Brook Street.",
        ),
        Area(
            "ashgrove",
            "Ashgrove",
            "ZZ4",
            53.0165,
            -1.4620,
            ("Ashgrove Road", "Hawthorn Street", "Beech Avenue", "Elm Terrace", "Rowan Parade"),
            "The 7 stops outside the parade of shops on Ashgrove Road.",
        ),
        Area(
            "kingsmead",
            "Kingsmead",
            "ZZ5",
            52.9760,
            -1.5345,
            ("Kingsmead Way", "Meadow Lane", "Cricket Field Road", "Larch Drive", "Sandpit Lane"),
            "The 9 stops at Kingsmead Way shops; the ring road path is lit for cycling.",
        ),
        Area(
            "hollins",
            "Hollins Park",
            "ZZ6",
            53.0350,
            -1.4880,
            ("Hollins Lane", "Park Crescent", "Top Road", "Old Quarry Lane"),
            "The 22 comes up the hill every half hour; there is a small car park.",
        ),
        Area(
            "netherby",
            "Netherby",
            "ZZ7",
            52.9650,
            -1.4980,
            ("Canal Side", "Lock Street", "Wharf Road", "Towpath Row", "Foundry Street"),
            "The 15 stops on Wharf Road; the canal towpath runs from the town centre.",
        ),
    )
}

TOWN = "Riverside"
COUNTY = "Midshire"
COUNTRY = "GB"


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


PLACES = {
    place.key: place
    for place in (
        Place(
            "victoria-park",
            "Victoria Park (meet at the main gates)",
            "centre",
            "Victoria Road",
            "The town's big park: a lake, a bandstand, stone chess tables and a café by the gates.",
            "Five minutes' walk from Market Place.",
            "Flat tarmac paths round the lake; accessible toilets at the café.",
        ),
        Place(
            "towpath",
            "Canal towpath (meet at the Lock Street bridge)",
            "netherby",
            "Lock Street",
            "The canal towpath from Netherby into the town centre, about three miles each way.",
            "The 15 stops on Wharf Road, by the bridge.",
            "The towpath is level but narrow and unlit in places; some gates are stiff.",
        ),
        Place(
            "reservoir",
            "Millbrook Reservoir (meet at the car park)",
            "millbrook",
            "Reservoir Road",
            "A walk of about two miles round the water, with a bird hide on the north bank.",
            "Free car park; the 4A stops at the top of Reservoir Road.",
            "The path round the water is gravel; benches every few hundred metres.",
        ),
        Place(
            "town-hall",
            "Riverside Town Hall",
            "centre",
            "Market Place",
            "The Victorian town hall on Market Place, with the ballroom on the first floor.",
            "Buses stop on Market Place, right outside.",
            "Step-free entrance at the side door on Castle Walk; lift to the ballroom; hearing loop at the front desk.",
        ),
        Place(
            "kingsmead-fields",
            "Kingsmead Playing Fields",
            "kingsmead",
            "Cricket Field Road",
            "Football pitches, a cricket square, a pavilion and the fenced five-a-side cages.",
            "The 9 stops at Kingsmead Way shops, five minutes away.",
            "Level path from the car park to the pavilion; accessible toilet in the pavilion.",
        ),
        Place(
            "hollins-woods",
            "Hollins Woods (meet at the quarry car park)",
            "hollins",
            "Old Quarry Lane",
            "Old quarry woodland with a nature trail and views over the whole town.",
            "The 22 stops at the top of Hollins Lane.",
            "Steep and muddy in places: good boots, and a walking stick if you use one.",
        ),
    )
}
