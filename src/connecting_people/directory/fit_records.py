"""Access features and audiences recorded as HSDS records (issue 17): taxonomy terms and attributes.

Each feature and audience is a term of one of our two taxonomies (`fit.ACCESS_TAXONOMY`,
`fit.AUDIENCE_TAXONOMY`) with a fixed id (uuid5 of the taxonomy's id and the slug), so every
deployment publishes the same ids. A place's features are attributes linked to its location
(or to the service, when it has no location); a service's audience, attributes linked to it.

Who recorded it is kept in the attribute's `link_type`: PARSED when read from a directory's
words on import (the next import reads them again), "" when a person chose them or a file
brought them under our taxonomies (never overwritten by what an import reads from words).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from connecting_people.directory.fit import (
    ACCESS_FEATURES,
    ACCESS_TAXONOMY,
    AUDIENCE_TAXONOMY,
    AUDIENCES,
    Term,
)
from connecting_people.directory.fit_parse import access_features, audience
from connecting_people.directory.models import (
    Accessibility,
    Attribute,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from connecting_people.directory.models.hsds import LocationType

PARSED = "parsed"
ACCESS_TAXONOMY_ID = uuid.UUID(ACCESS_TAXONOMY["id"])
AUDIENCE_TAXONOMY_ID = uuid.UUID(AUDIENCE_TAXONOMY["id"])
FIT_TAXONOMY_IDS = (ACCESS_TAXONOMY_ID, AUDIENCE_TAXONOMY_ID)
DESCRIPTIONS = {
    ACCESS_TAXONOMY_ID: "Access features a place has, as recorded by the directory.",
    AUDIENCE_TAXONOMY_ID: "Who a service is only for, as recorded by the directory.",
}
BATCH = 500


def term_id(taxonomy_id: uuid.UUID, slug: str) -> uuid.UUID:
    """The fixed id of a feature's or audience's term."""
    return uuid.uuid5(taxonomy_id, slug)


def access_term_id(slug: str) -> uuid.UUID:
    return term_id(ACCESS_TAXONOMY_ID, slug)


def audience_term_id(slug: str) -> uuid.UUID:
    return term_id(AUDIENCE_TAXONOMY_ID, slug)


def _vocabularies() -> tuple[tuple[dict[str, str], tuple[Term, ...]], ...]:
    return ((ACCESS_TAXONOMY, ACCESS_FEATURES), (AUDIENCE_TAXONOMY, AUDIENCES))


def ensure_terms() -> None:
    """Make the two taxonomies and their terms if any is missing (idempotent, two queries when
    all are there)."""
    wanted = {
        term_id(uuid.UUID(t["id"]), term.slug) for t, terms in _vocabularies() for term in terms
    }
    have = set(TaxonomyTerm.objects.filter(id__in=wanted).values_list("id", flat=True))
    if have == wanted and Taxonomy.objects.filter(id__in=FIT_TAXONOMY_IDS).count() == 2:
        return
    for taxonomy_data, terms in _vocabularies():
        taxonomy_id = uuid.UUID(taxonomy_data["id"])
        taxonomy, _created = Taxonomy.objects.update_or_create(
            id=taxonomy_id,
            defaults={
                "name": taxonomy_data["name"],
                "uri": taxonomy_data["uri"],
                "description": DESCRIPTIONS[taxonomy_id],
                "version": "1",
            },
        )
        for term in terms:
            TaxonomyTerm.objects.update_or_create(
                id=term_id(taxonomy_id, term.slug),
                defaults={
                    "code": term.slug,
                    "name": str(term.label),
                    "description": str(term.label),
                    "taxonomy": taxonomy.name,
                    "taxonomy_detail": taxonomy,
                    "language": "en",
                    "term_uri": f"{taxonomy_data['uri']}#{term.slug}",
                },
            )


def _ours(entity: str, link_id: Any, taxonomy_id: uuid.UUID) -> Any:
    return Attribute.objects.filter(
        link_entity=entity, link_id=link_id, taxonomy_term__taxonomy_detail_id=taxonomy_id
    )


def _write(
    entity: str, link_id: Any, taxonomy_id: uuid.UUID, slugs: Iterable[str], link_type: str
) -> None:
    """Replace the entity's attributes under one of our taxonomies with these slugs."""
    ensure_terms()
    _ours(entity, link_id, taxonomy_id).delete()
    Attribute.objects.bulk_create(
        _attribute(entity, link_id, term_id(taxonomy_id, slug), link_type)
        for slug in sorted(set(slugs))
    )


def write_access(entity: str, link_id: Any, slugs: Iterable[str], *, link_type: str = "") -> None:
    """Record a place's access features ("location", its id; or "service" when it has none)."""
    allowed = {t.slug for t in ACCESS_FEATURES}
    _write(entity, link_id, ACCESS_TAXONOMY_ID, (s for s in slugs if s in allowed), link_type)


def write_audience(service_id: Any, slugs: Iterable[str], *, link_type: str = "") -> None:
    """Record who a service is only for (an empty list: anyone)."""
    allowed = {t.slug for t in AUDIENCES}
    _write(
        "service", service_id, AUDIENCE_TAXONOMY_ID, (s for s in slugs if s in allowed), link_type
    )


def read_access(entity: str, link_id: Any) -> list[str]:
    """A place's recorded access features, in the vocabulary's order."""
    found = set(
        _ours(entity, link_id, ACCESS_TAXONOMY_ID).values_list("taxonomy_term__code", flat=True)
    )
    return [t.slug for t in ACCESS_FEATURES if t.slug in found]


def read_audience(service_id: Any) -> list[str]:
    found = set(
        _ours("service", service_id, AUDIENCE_TAXONOMY_ID).values_list(
            "taxonomy_term__code", flat=True
        )
    )
    return [t.slug for t in AUDIENCES if t.slug in found]


@dataclass
class ReadFromWords:
    """What an import read from the directory's words: for its report."""

    places: int = 0  # places given access features read from their words
    services: int = 0  # services given an audience read from their words
    features: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    audiences: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@transaction.atomic
def record_from_words(service_ids: Iterable[Any]) -> ReadFromWords:
    """After an import: read the access features of these services' places (their
    accessibility words, and the names of other directories' terms linked to them) and the
    services' audiences (eligibility words, and the clearest words of name and description),
    and record them as PARSED attributes. Anything recorded under our taxonomies otherwise (by
    a person, or brought by the file) is kept and not read again."""
    ids = list(dict.fromkeys(service_ids))
    read = ReadFromWords()
    if not ids:
        return read
    for start in range(0, len(ids), BATCH):
        _record_batch(ids[start : start + BATCH], read)
    return read


def _record_batch(ids: list[Any], read: ReadFromWords) -> None:
    services = list(
        Service.objects.filter(id__in=ids).values_list(
            "id", "name", "description", "eligibility_description"
        )
    )
    places = list(
        ServiceAtLocation.objects.filter(
            service_id__in=ids, location__location_type=LocationType.PHYSICAL
        ).values_list("location_id", flat=True)
    )
    places = list(dict.fromkeys(p for p in places if p))
    words: dict[Any, list[str]] = defaultdict(list)
    for location_id, description, details in Accessibility.objects.filter(
        location_id__in=places
    ).values_list("location_id", "description", "details"):
        words[location_id] += [description, details]
    kept: set[tuple[str, Any]] = set()  # (entity, id) with attributes of ours not read from words
    others: dict[Any, list[str]] = defaultdict(list)  # other directories' term names
    for entity, link_id, link_type, taxonomy_id, name in Attribute.objects.filter(
        link_entity__in=("location", "service"), link_id__in=[*places, *(s[0] for s in services)]
    ).values_list(
        "link_entity",
        "link_id",
        "link_type",
        "taxonomy_term__taxonomy_detail_id",
        "taxonomy_term__name",
    ):
        if taxonomy_id in FIT_TAXONOMY_IDS:
            if link_type != PARSED:
                kept.add((entity, link_id))
        elif name:
            others[link_id].append(name)
    stale = Attribute.objects.filter(
        link_type=PARSED, taxonomy_term__taxonomy_detail_id__in=FIT_TAXONOMY_IDS
    )
    new: list[Attribute] = []
    fresh_places = [p for p in places if ("location", p) not in kept]
    stale.filter(link_entity="location", link_id__in=fresh_places).delete()
    for location_id in fresh_places:
        found = access_features(*words[location_id], *others[location_id])
        read.places += bool(found)
        for slug in sorted(found):
            read.features[slug] += 1
            new.append(_parsed("location", location_id, access_term_id(slug)))
    fresh_services = [s for s in services if ("service", s[0]) not in kept]
    stale.filter(link_entity="service", link_id__in=[s[0] for s in fresh_services]).delete()
    for service_id, name, description, eligibility in fresh_services:
        found = audience(eligibility, name, description)
        found |= audience(" ".join(others[service_id])) if others[service_id] else frozenset()
        read.services += bool(found)
        for slug in sorted(found):
            read.audiences[slug] += 1
            new.append(_parsed("service", service_id, audience_term_id(slug)))
    if new:
        ensure_terms()  # only when there is something to record: an import adds nothing else
        Attribute.objects.bulk_create(new, batch_size=BATCH)


def _parsed(entity: str, link_id: Any, taxonomy_term_id: uuid.UUID) -> Attribute:
    return _attribute(entity, link_id, taxonomy_term_id, PARSED)


def _attribute(entity: str, link_id: Any, taxonomy_term_id: uuid.UUID, link_type: str) -> Attribute:
    """An attribute with a fixed id (of its term and record): the same words read again, or an
    export imported back, give the very same rows."""
    return Attribute(
        id=uuid.uuid5(taxonomy_term_id, f"{entity}/{link_id}"),
        link_entity=entity,
        link_id=link_id,
        taxonomy_term_id=taxonomy_term_id,
        link_type=link_type,
    )
