"""Loading instrument definitions into the database, version by version.

- A definition whose content (its SHA-256 over canonical JSON) is already the current version
  changes nothing.
- New content becomes the next version and the current one; earlier versions stay, with the
  responses that were asked and scored with them.
- Loading a file whose content matches an earlier version makes that version current again.
- Definitions shipped with the app are loaded after every `migrate` (see apps.py). They never
  replace a version an organisation loaded itself: once a licensed organisation has loaded its
  own SWEMWBS, the shipped template stays behind it.
- A definition can be loaded for one organisation. Its versions are counted on their own, and
  only that organisation sees them (Instrument.objects.visible_to); without one, it is for the
  whole deployment, like the shipped ones.

These functions take the model as a parameter so the post-migrate hook can pass the historical
model of the migrated database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction

from connecting_people.core.models import Organisation
from connecting_people.outcomes.instrument import content_hash
from connecting_people.outcomes.models import Instrument, InstrumentSource
from connecting_people.outcomes.validation import checked, read_definition, shipped_paths

CREATED = "created"
UNCHANGED = "unchanged"
REINSTATED = "reinstated"
KEPT = "kept"  # a shipped update held back behind an organisation's own version


@dataclass(frozen=True)
class Loaded:
    instrument: Any  # an Instrument (or its historical model during migrate)
    outcome: str


def _fields(data: dict[str, Any], digest: str) -> dict[str, Any]:
    definition = checked(data)
    return {
        "slug": definition.id,
        "definition_version": definition.version,
        "title": definition.title,
        "short_title": definition.short_title,
        "definition": data,
        "content_hash": digest,
        "needs_wording": definition.needs_wording,
    }


def _scope(model: Any, organisation: Organisation | None) -> dict[str, Any]:
    """The lookup for one organisation's versions, or the deployment's (organisation null)."""
    try:
        model._meta.get_field("organisation")
    except FieldDoesNotExist:  # the historical model of a database migrated back before 0004
        if organisation is not None:
            raise
        return {}
    if organisation is None:
        return {"organisation__isnull": True}
    return {"organisation_id": organisation.pk}


def load(
    data: Any,
    *,
    source: str,
    loaded_from: str = "",
    organisation: Organisation | None = None,
    model: Any = Instrument,
    using: str = "default",
) -> Loaded:
    """Load one definition, for one organisation or (without one) the whole deployment.

    Raises InvalidDefinition listing every problem.
    """
    if source == InstrumentSource.SHIPPED and organisation is not None:
        raise ValueError("Shipped definitions are for the whole deployment")
    digest = content_hash(data) if isinstance(data, dict) else ""
    fields = _fields(data, digest)
    manager = model._default_manager.db_manager(using)
    scope = _scope(model, organisation)
    with transaction.atomic(using=using):
        versions = manager.filter(slug=fields["slug"], **scope)
        rows = list(versions.select_for_update().order_by("version"))
        current = next((row for row in rows if row.is_current), None)
        same = next((row for row in rows if row.content_hash == digest), None)
        if same is not None and same is current:
            return Loaded(same, UNCHANGED)
        if source == InstrumentSource.SHIPPED:
            if same is not None:
                return Loaded(same, UNCHANGED)
            if current is not None and current.source != InstrumentSource.SHIPPED:
                return Loaded(current, KEPT)
        versions.filter(is_current=True).update(is_current=False)
        if same is not None:
            same.is_current = True
            same.save(update_fields=["is_current"])
            return Loaded(same, REINSTATED)
        latest = max((row.version for row in rows), default=0)
        if scope:
            fields["organisation_id"] = organisation.pk if organisation is not None else None
        row = manager.create(
            **fields, version=latest + 1, source=source, loaded_from=loaded_from, is_current=True
        )
        return Loaded(row, CREATED)


def load_shipped(*, model: Any = Instrument, using: str = "default") -> list[Loaded]:
    """Load every definition that ships with the app; a no-op when none has changed."""
    return [
        load(
            read_definition(path),
            source=InstrumentSource.SHIPPED,
            loaded_from=path.name,
            model=model,
            using=using,
        )
        for path in shipped_paths()
    ]
