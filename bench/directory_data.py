"""A made-up directory of any size for the benchmarks: services in the HSDS 3.0 API's nested shape.

Deterministic (a seeded random generator): the same size gives the same services. Forty made-up
towns in a box about 200 km across; each service has an organisation (ten services each), one
location with an address (or an online one), a weekly schedule, usually a cost, one or two of our
interest terms, and sometimes accessibility information and an age range. Names and descriptions
are built from everyday activity words, so searches for "gardening" or "walking group" find a
realistic share.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

NAMESPACE = uuid.UUID("0b9c1d6e-3a55-4f0e-8d5e-6f1f1c2b7a90")
SERVICES_PER_ORGANISATION = 10

TOWNS = [
    "Ashby Moor", "Bramwell", "Castleford Green", "Dunmere", "Eastholme", "Fairleigh",
    "Glenfield Cross", "Harrowby", "Ingleton Vale", "Jessop's Bridge", "Kettlewick", "Longmere",
    "Marshfield", "Netherby", "Oakham Heath", "Pendleford", "Quarry Bank", "Redwater",
    "Saltbridge", "Thornbury Lees", "Upton Marsh", "Vale Royal", "Westerleigh", "Yarrowfield",
    "Allerby", "Birchwood", "Coldharbour", "Dovecote", "Elmswell", "Foxhollow", "Greyfriars",
    "Hollins End", "Ivybridge Lane", "Juniper Hill", "Kingsmead", "Larkhill", "Millbrook",
    "Northgate", "Orchard Park", "Riverside",
]  # fmt: skip

# (words in the name, the interest category it belongs to)
ACTIVITIES = [
    ("Gardening", "nature-and-gardening"), ("Allotment", "nature-and-gardening"),
    ("Nature walk", "nature-and-gardening"), ("Walking", "sport-and-movement"),
    ("Football", "sport-and-movement"), ("Chair yoga", "sport-and-movement"),
    ("Swimming", "sport-and-movement"), ("Dance", "sport-and-movement"),
    ("Choir", "music"), ("Singing", "music"), ("Guitar", "music"), ("Ukulele", "music"),
    ("Painting", "arts-and-crafts"), ("Knitting", "arts-and-crafts"),
    ("Pottery", "arts-and-crafts"), ("Photography", "arts-and-crafts"),
    ("Book", "reading-and-writing"),
    ("Creative writing", "reading-and-writing"), ("Cooking", "food-and-cooking"),
    ("Baking", "food-and-cooking"), ("Community lunch", "food-and-cooking"),
    ("Coffee morning", "social-groups"), ("Quiz", "social-groups"), ("Men's shed", "social-groups"),
    ("Computer", "digital-and-gaming"), ("Board games", "digital-and-gaming"),
    ("Volunteering", "volunteering"), ("Litter picking", "volunteering"),
    ("Local history", "heritage-and-local-history"), ("Museum", "heritage-and-local-history"),
    ("Drama", "film-and-performance"), ("Film", "film-and-performance"),
    ("Peer support", "peer-support"), ("Hearing voices", "peer-support"),
    ("Meditation", "faith-and-belief"), ("Prayer", "faith-and-belief"),
    ("Dog walking", "animals"), ("City farm", "animals"), ("Job", "work-and-training"),
    ("English conversation", "learning"), ("Maths", "learning"),
]  # fmt: skip
KINDS = ["club", "group", "session", "drop-in", "class", "circle", "project", "café", "meet-up"]
OPENERS = [
    "A friendly {kind} for anyone who enjoys {activity}.",
    "Come along to our {activity} {kind}: beginners are very welcome.",
    "A relaxed {kind} where people meet for {activity} and a chat.",
    "Our {activity} {kind} is run by volunteers from the neighbourhood.",
]
MIDDLES = [
    "Tea and biscuits are provided.",
    "You do not need any experience or equipment.",
    "There is step-free access and a hearing loop.",
    "Bring a friend or come on your own.",
    "We also go on trips to the park and the seaside in summer.",
    "Sessions are small, so it is easy to get to know people.",
    "Some people come every week and some now and then.",
    "Lunch is available for a small donation.",
]
CLOSERS = [
    "Everyone is welcome.",
    "Just turn up, or ring first if you would like a chat.",
    "Carers and support workers can come too.",
    "We meet in the community centre near the library.",
]
CHARITIES = ["Community Trust", "Voluntary Action", "Friends", "Together", "Wellbeing Network"]
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # those a postcode's last part uses
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _id(kind: str, n: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{n}"))


def term_id_for(slug: str) -> str:
    from connecting_people.directory.hsds.interests import term_id_for as ours

    return str(ours(slug))


def town_centres(rng: random.Random | None = None) -> dict[str, tuple[float, float]]:
    """Where each town is: spread over a box around 52.5 N, 1.5 W."""
    rng = rng or random.Random("cpi-bench-towns")
    return {
        town: (round(51.6 + rng.random() * 1.8, 5), round(-3.0 + rng.random() * 3.0, 5))
        for town in TOWNS
    }


def services(count: int, *, seed: str = "cpi-bench-directory") -> Iterator[dict[str, Any]]:
    """`count` services in the HSDS API's nested shape, each with its organisation nested."""
    rng = random.Random(seed)
    centres = town_centres()
    terms = {slug: term_id_for(slug) for slug in {slug for _a, slug in ACTIVITIES}}
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    for n in range(count):
        yield _service(n, rng, centres, terms, now)


def _service(
    n: int,
    rng: random.Random,
    centres: dict[str, tuple[float, float]],
    terms: dict[str, str],
    now: dt.datetime,
) -> dict[str, Any]:
    activity, slug = rng.choice(ACTIVITIES)
    kind = rng.choice(KINDS)
    town = rng.choice(TOWNS)
    day = rng.choice(DAYS)
    service_id, org_number = _id("service", n), n // SERVICES_PER_ORGANISATION
    prefix = rng.choice([town, rng.choice(["Monday", "Tuesday", "Friday", "Saturday"]), "The"])
    service: dict[str, Any] = {
        "id": service_id,
        "name": f"{prefix} {activity.lower() if prefix != 'The' else activity} {kind}".strip(),
        "description": " ".join(
            [
                rng.choice(OPENERS).format(kind=kind, activity=activity.lower()),
                *rng.sample(MIDDLES, 2),
                rng.choice(CLOSERS),
            ]
        ),
        "status": "temporarily closed" if rng.random() < 0.03 else "active",
        "last_modified": (now - dt.timedelta(days=rng.randrange(0, 900))).isoformat(),
        "organization_id": _id("organisation", org_number),
        "organization": {
            "id": _id("organisation", org_number),
            "name": f"{TOWNS[org_number % len(TOWNS)]} {CHARITIES[org_number % len(CHARITIES)]}",
            "description": "A local charity running activities across the area.",
        },
        "schedules": [_schedule(n, service_id, day, rng)],
        "cost_options": _costs(n, service_id, rng),
        "attributes": [
            {
                "id": _id("attribute", n * 3 + k),
                "link_id": service_id,
                "link_type": "",
                "link_entity": "service",
                "taxonomy_term_id": terms[s],
            }
            for k, s in enumerate(
                dict.fromkeys([slug, *([rng.choice(ACTIVITIES)[1]] if rng.random() < 0.4 else [])])
            )
        ],
        "service_at_locations": [_at(n, service_id, town, centres[town], rng)],
    }
    if rng.random() < 0.25:
        low = rng.choice([11, 16, 18, 50, 55, 60])
        service["minimum_age"] = low
        if low < 18 and rng.random() < 0.7:
            service["maximum_age"] = 25
    return service


def _schedule(n: int, service_id: str, day: str, rng: random.Random) -> dict[str, Any]:
    opens = rng.choice([9, 10, 10, 11, 13, 14, 18, 19])
    days = [day, *([rng.choice(DAYS)] if rng.random() < 0.2 else [])]
    return {
        "id": _id("schedule", n),
        "service_id": service_id,
        "freq": "WEEKLY",
        "byday": ",".join(dict.fromkeys(days)),
        "opens_at": f"{opens:02d}:00",
        "closes_at": f"{opens + rng.choice([1, 2, 3]):02d}:00",
        "attending_type": "",
    }


def _costs(n: int, service_id: str, rng: random.Random) -> list[dict[str, Any]]:
    roll = rng.random()
    if roll < 0.3:
        return []
    amount = Decimal(0) if roll < 0.6 else Decimal(rng.choice([1, 2, 2.5, 3, 4, 5, 6, 8, 12]))
    return [
        {
            "id": _id("cost", n),
            "service_id": service_id,
            "option": "Free" if amount == 0 else "Per session",
            "currency": "GBP",
            "amount": float(amount),
        }
    ]


def _at(
    n: int, service_id: str, town: str, centre: tuple[float, float], rng: random.Random
) -> dict[str, Any]:
    location_id = _id("location", n)
    at: dict[str, Any] = {
        "id": _id("service_at_location", n),
        "service_id": service_id,
        "location_id": location_id,
    }
    if rng.random() < 0.12:
        at["location"] = {
            "id": location_id,
            "location_type": "virtual",
            "url": "https://example.org/online",
        }
        return at
    district = f"ZY{TOWNS.index(town) + 1}"
    at["location"] = {
        "id": location_id,
        "location_type": "physical",
        "name": f"{town} community centre",
        "latitude": round(centre[0] + rng.gauss(0, 0.02), 6),
        "longitude": round(centre[1] + rng.gauss(0, 0.03), 6),
        "addresses": [
            {
                "id": _id("address", n),
                "location_id": location_id,
                "address_1": f"{rng.randrange(1, 200)} High Street",
                "city": town,
                "state_province": "Midshire",
                "postal_code": f"{district} {rng.randrange(1, 9)}{rng.choice(LETTERS)}"
                f"{rng.choice(LETTERS)}",
                "country": "GB",
                "address_type": "physical",
            }
        ],
    }
    if rng.random() < 0.3:
        at["location"]["accessibility"] = [
            {
                "id": _id("accessibility", n),
                "location_id": location_id,
                "description": "Step-free entrance and an accessible toilet.",
            }
        ]
    return at


def write_page(path: Path, count: int, *, flat: bool = False) -> None:
    """Write `count` services as one HSDS API page of services (streamed, one at a time):
    rich ones (`services`), or with `flat` the plainer ones most feeds carry (`flat_services`)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(
            json.dumps(
                {
                    "total_items": count,
                    "total_pages": 1,
                    "page_number": 1,
                    "size": count,
                    "first_page": True,
                    "last_page": True,
                    "empty": count == 0,
                }
            )[:-1]
            + ', "contents": ['
        )
        for n, service in enumerate((flat_services if flat else services)(count)):
            out.write(("," if n else "") + json.dumps(service, ensure_ascii=False))
        out.write("]}")


def flat_services(count: int, *, seed: str = "cpi-bench-directory") -> Iterator[dict[str, Any]]:
    """`count` services as most directory feeds carry them: each with its organisation nested,
    one cost option and one category attribute (no locations, schedules or addresses). Their
    ids are their own, so they can join a directory that already holds `services`."""

    def own(given: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"flat {given}"))

    for service in services(count, seed=seed):
        service_id = own(service["id"])
        organisation = service["organization"] | {"id": own(service["organization"]["id"])}
        free = {"option": "Free", "currency": "GBP", "amount": 0.0}
        cost = service["cost_options"][0] if service["cost_options"] else free
        attribute = service["attributes"][0]
        yield {
            "id": service_id,
            "name": service["name"],
            "description": service["description"],
            "status": service["status"],
            "last_modified": service["last_modified"],
            "organization_id": organisation["id"],
            "organization": organisation,
            "cost_options": [cost | {"id": own(f"cost {service['id']}"), "service_id": service_id}],
            "attributes": [attribute | {"id": own(attribute["id"]), "link_id": service_id}],
        }
