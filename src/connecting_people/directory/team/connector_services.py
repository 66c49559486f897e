"""Changes to a team's community connectors: people and informal groups that are not services.

A connector is the team's private knowledge (often a named neighbour), so every change is atomic
and audited, edits are refused when someone else saved first, and nothing here is ever exported.
Retiring a connector ("no longer going") keeps them for the team's history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.core.audit import audit_record
from connecting_people.core.concurrency import Difference, EditConflict, save_versioned
from connecting_people.core.models import AuditAction, Team, TeamMembership
from connecting_people.directory.models import CommunityConnector
from connecting_people.taxonomy.models import InterestCategory

# The fields a person on the team may set; the rest (team, checks, version) the services keep.
EDITABLE_FIELDS = (
    "kind",
    "name",
    "offers",
    "where",
    "when",
    "latitude",
    "longitude",
    "how_to_reach",
    "can_go_along",
    "is_free",
    "group_size",
    "access_features",
    "known_by",
    "notes",
    "check_every_months",
    "is_active",
)


def _check(team_id: int, fields: dict[str, Any], *, known_before: int | None = None) -> None:
    """Refuse what the database would take but the team should not: see the messages."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if "name" in fields and not (fields["name"] or "").strip():
        raise ValidationError(_("Enter how the team knows them"))
    latitude, longitude = fields.get("latitude"), fields.get("longitude")
    if (latitude is None) != (longitude is None):
        raise ValidationError(_("Enter both the latitude and the longitude, or neither"))
    if (latitude is not None and not -90 <= latitude <= 90) or (
        longitude is not None and not -180 <= longitude <= 180
    ):
        raise ValidationError(_("Enter a latitude between -90 and 90, a longitude -180 to 180"))
    months = fields.get("check_every_months")
    if months is not None and not 1 <= months <= 36:
        raise ValidationError(_("Check again after between 1 and 36 months"))
    known_by = fields.get("known_by")
    # Someone who has since left the team may stay as who knows them, but nobody can be newly
    # named who is not in the team.
    if (
        known_by is not None
        and known_by.pk != known_before
        and not TeamMembership.objects.filter(team_id=team_id, user=known_by).exists()
    ):
        raise ValidationError(_("Choose someone who is in the team"))


@transaction.atomic
def connector_create(
    *,
    team: Team,
    by: Any,
    interests: Iterable[InterestCategory] = (),
    **fields: Any,
) -> CommunityConnector:
    """Add a connector to the team's list. Adding them counts as checking their details today."""
    _check(team.pk, fields)
    connector = CommunityConnector(team=team, **fields)
    connector.last_checked_on = timezone.localdate()
    connector.last_checked_by = by if getattr(by, "is_authenticated", False) else None
    connector.save()  # save() works out when the next check is due
    connector.interests.set(interests)
    audit_record(by=by, action=AuditAction.CREATED, target=connector)
    return connector


def _names(categories: Iterable[InterestCategory]) -> str:
    return ", ".join(sorted(str(c) for c in categories))


@transaction.atomic
def connector_update(
    *,
    connector: CommunityConnector,
    changes: dict[str, Any],
    version: int,
    by: Any,
    interests: Iterable[InterestCategory] | None = None,
) -> CommunityConnector:
    """Change a connector, refused with EditConflict if someone else saved first.

    `interests` (when given) replaces the interests it suits, under the same version check.
    """
    _check(connector.team_id, changes, known_before=connector.known_by_id)
    stored = set(connector.interests.all())
    wanted = stored if interests is None else set(interests)
    changed = [name for name, value in changes.items() if getattr(connector, name) != value]
    try:
        save_versioned(connector, changes=changes, version=version)
    except EditConflict as conflict:
        theirs = set(conflict.current.interests.all())  # type: ignore[attr-defined]
        if theirs != wanted:
            label = str(CommunityConnector._meta.get_field("interests").verbose_name)
            conflict.differences.append(
                Difference("interests", label, theirs=_names(theirs), yours=_names(wanted))
            )
        raise
    if wanted != stored:
        connector.interests.set(wanted)
        changed.append("interests")
    _keep_check_due(connector)
    detail: dict[str, Any] = {"fields": changed}
    if "is_active" in changed:
        detail["still_going"] = connector.is_active
    audit_record(by=by, action=AuditAction.CHANGED, target=connector, detail=detail)
    return connector


def _keep_check_due(connector: CommunityConnector) -> None:
    """Work out the next check from the row as now stored (a versioned save skips save())."""
    fresh = CommunityConnector.objects.select_for_update().get(pk=connector.pk)
    fresh.set_check_due()
    CommunityConnector.objects.filter(pk=fresh.pk).update(check_due_on=fresh.check_due_on)
    connector.last_checked_on = fresh.last_checked_on
    connector.last_checked_by_id = fresh.last_checked_by_id
    connector.check_due_on = fresh.check_due_on


@transaction.atomic
def connector_mark_checked(
    *, connector: CommunityConnector, by: Any, on: dt.date | None = None
) -> CommunityConnector:
    """Record that someone checked the connector's details today: the next check moves on.

    Not versioned: checking changes none of what people edit, so it never conflicts with an edit.
    """
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError(_("A check cannot be dated in the future"))
    fresh = CommunityConnector.objects.select_for_update().get(pk=connector.pk)
    fresh.last_checked_on = on
    fresh.last_checked_by = by if getattr(by, "is_authenticated", False) else None
    fresh.set_check_due()
    CommunityConnector.objects.filter(pk=fresh.pk).update(
        last_checked_on=fresh.last_checked_on,
        last_checked_by=fresh.last_checked_by,
        check_due_on=fresh.check_due_on,
    )
    connector.last_checked_on = fresh.last_checked_on
    connector.last_checked_by = fresh.last_checked_by
    connector.check_due_on = fresh.check_due_on
    audit_record(
        by=by, action=AuditAction.CHANGED, target=connector, detail={"checked_on": on.isoformat()}
    )
    return connector


@transaction.atomic
def connector_retire(*, connector: CommunityConnector, version: int, by: Any) -> CommunityConnector:
    """Record that they are no longer going; they stay on the list for the team's history."""
    return connector_update(
        connector=connector, changes={"is_active": False}, version=version, by=by
    )


@transaction.atomic
def connector_restore(
    *, connector: CommunityConnector, version: int, by: Any
) -> CommunityConnector:
    """Record that a connector who had stopped is going again."""
    return connector_update(
        connector=connector, changes={"is_active": True}, version=version, by=by
    )
