"""Refusing conflicting edits: a record's version must still be the one the editor loaded.

Models that people edit carry a `version` column. A save says which version it started from; if
someone else saved in between, the save is refused with what they changed, never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    theirs: Any
    yours: Any


class EditConflict(Exception):
    """Someone else saved this record after you opened it."""

    def __init__(self, current: models.Model, differences: list[Difference]) -> None:
        self.current = current
        self.differences = differences
        super().__init__(f"{current._meta.label} {current.pk} changed since it was opened")


def _display(instance: models.Model, field: models.Field, value: Any) -> Any:
    if isinstance(value, bool):  # a tick box: Yes or No, not True or an empty cell
        return _("Yes") if value else _("No")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.ForeignKey):
        return str(getattr(instance, field.name)) if value is not None else ""
    return value


def save_versioned(instance: models.Model, *, changes: dict[str, Any], version: int) -> None:
    """Apply `changes` only if the stored version is still `version`, bumping it; else refuse.

    Raises EditConflict listing the fields where the stored value differs from what was sent.
    Call inside a transaction.
    """
    model = type(instance)
    values = dict(changes)
    if any(f.name == "updated_at" for f in model._meta.get_fields()):
        values["updated_at"] = timezone.now()
    updated = model._default_manager.filter(pk=instance.pk, version=version).update(
        version=models.F("version") + 1, **values
    )
    if updated:
        for name, value in changes.items():
            setattr(instance, name, value)
        instance.version = version + 1  # type: ignore[attr-defined]
        return
    current = model._default_manager.get(pk=instance.pk)
    differences = []
    for name, yours in changes.items():
        field = cast(models.Field, model._meta.get_field(name))
        theirs = getattr(current, field.attname)
        mine = yours.pk if isinstance(yours, models.Model) else yours
        if theirs != mine:
            differences.append(
                Difference(
                    field=name,
                    label=str(field.verbose_name),
                    theirs=_display(current, field, theirs),
                    yours=_display(instance, field, mine)
                    if not field.is_relation
                    else str(yours or ""),
                )
            )
    raise EditConflict(current, differences)
