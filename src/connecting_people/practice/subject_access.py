"""A subject access export: everything we hold about one person, as JSON and a readable page.

It lives in `practice` (a face) because it reads every layer below (the record, the plan, the
map, the questionnaires, the suggestions and the audit trail) and it is for the person's own
team, with names: `research` is for pseudonymised exports to evaluators and must stay that way.

Items that name other people (the labels of connections on the map, "people they met", why a
connection ended) are flagged `"review": "third party"`; notes the team wrote for itself are
flagged `"review": "worker note"`. Both must be reviewed before anything is released. A flagged
value is written `{"value": ..., "review": ...}`.

The number of queries is fixed (one or two per kind of record), whatever the number of rows.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from connecting_people.core.models import AuditEvent
from connecting_people.network.models import (
    Connection,
    SharedStory,
    Snapshot,
    SnapshotEntry,
    Tie,
)
from connecting_people.outcomes.models import Response
from connecting_people.people.models import (
    Consent,
    DifferentView,
    Interest,
    OwnUpdate,
    Person,
    Skill,
    StatusChange,
)
from connecting_people.plans.models import Barrier, BarrierUpdate, Contact, Goal, Step
from connecting_people.suggestions.models import Preferences, Suggestion, SuggestionChange

THIRD_PARTY = "third party"
WORKER_NOTE = "worker note"

# (model label, field) → why it must be reviewed before release.
REVIEW: dict[tuple[str, str], str] = {
    ("network.connection", "label"): THIRD_PARTY,
    ("network.connection", "end_reason"): THIRD_PARTY,
    ("network.sharedstory", "text"): THIRD_PARTY,
    ("plans.contact", "people_met"): THIRD_PARTY,
    ("plans.contact", "what_happened"): WORKER_NOTE,
    ("plans.contact", "follow_ups"): WORKER_NOTE,
    ("plans.step", "notes"): WORKER_NOTE,
    # issue 14: why a note was kept from the person's own space
    ("plans.step", "hidden_reason"): WORKER_NOTE,
    ("plans.contact", "hidden_reason"): WORKER_NOTE,
    ("plans.barrierupdate", "note"): WORKER_NOTE,
    ("network.snapshot", "note"): WORKER_NOTE,
    ("people.statuschange", "reason"): WORKER_NOTE,
    ("people.consent", "note"): WORKER_NOTE,
    ("suggestions.suggestion", "note"): WORKER_NOTE,
    ("suggestions.suggestionchange", "note"): WORKER_NOTE,
}
LEFT_OUT = {"version", "person", "ties_known"}

# The sections, in the order a reader meets them: key, heading, how to fetch the rows.
SECTIONS: list[tuple[str, Any]] = [
    ("record", _("Their record")),
    ("consents", _("Consent")),
    ("status_history", _("Their time with the service")),
    ("interests", _("Interests")),
    ("skills", _("Skills and knowledge")),
    ("goals", _("Goals")),
    ("steps", _("Steps towards the goals")),
    ("barriers", _("What gets in the way")),
    ("barrier_updates", _("Updates on what gets in the way")),
    ("contacts", _("Contacts and activities")),
    ("connections", _("Connections on their map")),
    ("ties", _("Who on the map knows whom")),
    ("snapshots", _("Snapshots of the map")),
    ("snapshot_entries", _("Connections in each snapshot")),
    ("shared_stories", _("Stories they agreed to share with their team")),
    ("questionnaires", _("Questionnaires and scores")),
    ("suggestion_preferences", _("What suits them for suggestions")),
    ("suggestions", _("Suggestions and how they went")),
    ("suggestion_changes", _("Changes to suggestions")),
    ("different_views", _("Where they see it differently, in their own words")),
    ("own_updates", _("Updates they wrote for their worker")),
    ("audit_trail", _("Who has looked at or changed the record")),
]


def subject_access(person: Person) -> dict[str, Any]:
    """Everything held about the person, as plain data ready for JSON."""
    goals = list(_select(Goal.objects.filter(person=person).prefetch_related("interests")))
    barriers = list(_select(Barrier.objects.filter(person=person)))
    contacts = list(_select(Contact.objects.filter(person=person)))
    connections = list(_select(Connection.objects.filter(person=person)))
    snapshots = list(_select(Snapshot.objects.filter(person=person)))
    suggestions = list(_select(Suggestion.objects.filter(person=person)))
    parts: dict[str, list[models.Model]] = {
        "record": [Person.objects.select_related("team", "keyworker").get(pk=person.pk)],
        "consents": list(_select(Consent.objects.filter(person=person))),
        "status_history": list(_select(StatusChange.objects.filter(person=person))),
        "interests": list(Interest.objects.filter(person=person).prefetch_related("categories")),
        "skills": list(Skill.objects.filter(person=person)),
        "goals": goals,
        "steps": list(_select(Step.objects.filter(goal__person=person))),
        "barriers": barriers,
        "barrier_updates": list(_select(BarrierUpdate.objects.filter(barrier__person=person))),
        "contacts": contacts,
        "connections": connections,
        "ties": list(Tie.objects.filter(person=person)),
        "snapshots": snapshots,
        "snapshot_entries": list(SnapshotEntry.objects.filter(snapshot__person=person)),
        "shared_stories": list(_select(SharedStory.objects.filter(person=person))),
        "questionnaires": list(_select(Response.objects.filter(person=person))),
        "suggestion_preferences": list(Preferences.objects.filter(person=person)),
        "suggestions": suggestions,
        "suggestion_changes": list(
            _select(SuggestionChange.objects.filter(suggestion__person=person))
        ),
        "different_views": list(_select(DifferentView.objects.filter(person=person))),
        "own_updates": list(_select(OwnUpdate.objects.filter(person=person))),
    }
    held: dict[str, Any] = {key: [_row(obj) for obj in rows] for key, rows in parts.items()}
    held["record"] = held["record"][0]
    for goal, row in zip(goals, held["goals"], strict=True):
        row["interests"] = [i.pk for i in goal.interests.all()]
    for interest, row in zip(parts["interests"], held["interests"], strict=True):
        row["categories"] = [str(c) for c in interest.categories.all()]  # type: ignore[attr-defined]
    held["audit_trail"] = _audit_trail(person, parts)
    return {
        "about": {
            "person": person.pk,
            "team": person.team.name,
            "made_at": timezone.now(),
            "review": (
                "Items marked 'third party' name or describe other people; items marked "
                "'worker note' are notes the team wrote. Review them before release."
            ),
        },
        **held,
    }


def _select(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """Join the staff and the shared lists a row names (one query, not one per row)."""
    joins = [
        f.name
        for f in queryset.model._meta.concrete_fields
        if f.is_relation and f.name not in LEFT_OUT and _named(f.related_model)
    ]
    return queryset.select_related(*joins)


def _named(model: Any) -> bool:
    """Is a link to this model written as its name (staff, shared lists), not as a number?"""
    return model._meta.label == settings.AUTH_USER_MODEL or not hasattr(model, "access_team_path")


def _row(obj: models.Model) -> dict[str, Any]:
    label = obj._meta.label_lower
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in LEFT_OUT:
            continue
        if field.is_relation:
            if _named(field.related_model):
                related = getattr(obj, field.name)
                value: Any = None if related is None else str(related)
            else:
                value = getattr(obj, field.attname)
        elif field.choices and getattr(obj, field.attname) not in (None, ""):
            value = getattr(obj, f"get_{field.name}_display")()
        else:
            value = getattr(obj, field.attname)
        review = REVIEW.get((label, field.name))
        row[field.name] = {"value": value, "review": review} if review and value else value
    return row


def _audit_trail(person: Person, parts: dict[str, list[models.Model]]) -> list[dict[str, Any]]:
    """Every event on the record or anything in it: who (staff by name), what, when. One query."""
    ids: dict[str, list[str]] = {}
    for rows in parts.values():
        for obj in rows:
            kind = getattr(obj, "audit_kind", None) or obj._meta.label_lower
            ids.setdefault(kind, []).append(str(obj.pk))
    where = Q()
    for kind, pks in ids.items():
        where |= Q(target_type=kind, target_id__in=pks)
    events = AuditEvent.objects.filter(where).select_related("actor").order_by("at", "pk")
    return [
        {
            "at": event.at,
            "who": (event.actor.name or event.actor.email) if event.actor else event.actor_label,
            "what": event.get_action_display(),
            "record": f"{event.target_type} {event.target_id}",
        }
        for event in events
    ]


def as_json(held: dict[str, Any]) -> str:
    """Stable JSON: keys sorted, dates as ISO 8601."""
    return json.dumps(held, cls=DjangoJSONEncoder, sort_keys=True, indent=2, ensure_ascii=False)


def as_html(held: dict[str, Any], person: Person) -> str:
    """The same, as a plain printable page with the items to review highlighted."""
    sections = []
    for key, heading in SECTIONS:
        rows = held[key] if isinstance(held[key], list) else [held[key]]
        sections.append({"heading": heading, "rows": [list(_cells(row)) for row in rows]})
    context = {"person": person, "about": held["about"], "sections": sections}
    return render_to_string("practice/subject_access.html", context)


def _cells(row: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for name, value in row.items():
        review = None
        if isinstance(value, dict) and "review" in value and "value" in value:
            value, review = value["value"], value["review"]
        yield {"name": name.replace("_", " "), "value": _words(value), "review": review}


def _words(value: Any) -> str:
    if value is None or value == "":
        return ""
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, list | dict):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def subject_access_zip(person: Person) -> bytes:
    """The zip a subject access request is answered from: person.json and person.html."""
    held = subject_access(person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("person.json", as_json(held))
        archive.writestr("person.html", as_html(held, person))
    return buffer.getvalue()
