"""factory_boy factories for network maps, and a helper that builds a map through the services."""

import factory

from connecting_people.network import services
from connecting_people.network.models import Connection
from connecting_people.network.vocab import Feels, Kind, Ring
from tests.plans.factories import PersonFactory, days_ago

__all__ = ["ConnectionFactory", "PersonFactory", "build_map", "days_ago"]

KINDS = [Kind.FAMILY, Kind.FRIEND, Kind.NEIGHBOUR, Kind.GROUP, Kind.WORKER, Kind.PEER]
RINGS = [Ring.CLOSE, Ring.MIDDLE, Ring.OUTER]


class ConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Connection

    person = factory.SubFactory(PersonFactory)
    label = factory.Sequence(lambda n: f"Friend {n}")
    kind = factory.Sequence(lambda n: KINDS[n % len(KINDS)])
    ring = factory.Sequence(lambda n: RINGS[n % len(RINGS)])
    inside_services = factory.LazyAttribute(lambda c: c.kind in (Kind.WORKER, Kind.PEER))
    feels = Feels.SUPPORTIVE
    started_on = factory.LazyFunction(lambda: days_ago(400))


def build_map(person, by, count, *, prefix="Friend", started_ago=400):
    """`count` connections added through the service (so audited), with a tie between neighbours."""
    added = [
        services.connection_add(
            person=person,
            by=by,
            label=f"{prefix} {n}",
            kind=KINDS[n % len(KINDS)],
            ring=RINGS[n % len(RINGS)],
            inside_services=KINDS[n % len(KINDS)] in (Kind.WORKER, Kind.PEER),
            feels=Feels.SUPPORTIVE if n % 4 else Feels.MIXED,
            gives=["company"] if n % 2 else ["emotional", "practical"],
            started_on=days_ago(started_ago),
        )
        for n in range(count)
    ]
    for index, connection in enumerate(added):
        neighbours = added[max(index - 1, 0) : index] + added[index + 1 : index + 2]
        services.ties_set(connection=connection, knows=neighbours, by=by)
    return added
