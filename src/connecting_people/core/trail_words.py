"""Audit events in plain words, for the worker's updates feed and the person's "who has looked"
(issue 14 §4, §6).

General over every kind of record: a kind is named by its model's own verbose name, found through
the app registry from the event's `target_type` (core imports no domain app), and the fields an
event names by their verbose names. A kind added later reads well with no code here; a kind the
registry no longer knows reads "record". Only the field names and a status's two values are ever
taken from an event's detail, never free text.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from connecting_people.core.audit import SUBJECT
from connecting_people.core.models import AuditAction, AuditEvent

PERSON_KIND = "people.person"
# What someone did, as a sentence reads after their name: "Robin added a goal".
DID = {
    AuditAction.CREATED: "added",
    AuditAction.CHANGED: "changed",
    AuditAction.DELETED: "removed",
    AuditAction.VIEWED: "looked at",
    AuditAction.EXPORTED: "made a copy of",
    AuditAction.IMPORTED: "brought in",
}


def about_person(person_id: int) -> models.Q:
    """Events on a person's record or on any record of theirs (the events `audit_record` filed
    under the person as their subject); the indexes `audit_by_target` and `audit_by_subject`
    serve it."""
    return models.Q(target_type=PERSON_KIND, target_id=str(person_id)) | models.Q(
        **{f"detail__{SUBJECT}": person_id}
    )


# Kinds whose own names read oddly to the person themself ("your person's own account").
OWN_KINDS = {
    "people.personaccount": "account",
    "outcomes.response": "answers to a questionnaire",
    "network.tie": "map's links between people",
    "suggestions.suggestion": "idea",
    "suggestions.preferences": "choices about ideas",
}

# Kinds whose own names read coldly in a sentence ("a measure response", "a who knows whom"):
# what we call one instead, with its article.
NAMED = {
    "outcomes.response": "a questionnaire's answers",
    "network.tie": "a link between two people on a map",
    "people.ownupdate": "an update",
    "suggestions.suggestion": "an idea",
    "suggestions.preferences": "the kinds of ideas they like",
}
# What the person did, said warmly, for the worker's feed: "Robin filled in a questionnaire".
# A kind and action not listed here reads "added a goal", "changed a step".
PERSON_DID: dict[tuple[str, str], str] = {
    ("outcomes.response", AuditAction.CREATED): "started a questionnaire",
    ("outcomes.response", AuditAction.CHANGED): "changed their answers to a questionnaire",
    ("network.connection", AuditAction.CREATED): "added someone to their map",
    ("network.connection", AuditAction.CHANGED): "changed someone on their map",
    ("network.connection", AuditAction.DELETED): "took someone off their map",
    ("network.tie", AuditAction.CREATED): "said who knows whom on their map",
    ("network.tie", AuditAction.DELETED): "took a link between two people off their map",
    ("suggestions.suggestion", AuditAction.CHANGED): "said how an idea went",
    ("people.ownupdate", AuditAction.CREATED): "wrote you an update",
    ("people.differentview", AuditAction.CREATED): "said where they see things differently",
    ("people.interest", AuditAction.CREATED): "added something they enjoy",
    ("people.skill", AuditAction.CREATED): "added a skill",
}
# The same, when the event's detail marks it as one step in particular (a flag set to true).
PERSON_DID_WHEN: dict[tuple[str, str, str], str] = {
    ("outcomes.response", AuditAction.CHANGED, "completed"): "filled in a questionnaire",
}


@cache
def _models_by_kind() -> dict[str, type[models.Model]]:
    """Every model by the name the trail gives its records (its `audit_kind`, else its label)."""
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models():
        found[model._meta.label_lower] = model
        kind = getattr(model, "audit_kind", None)
        if isinstance(kind, str):
            found[kind] = model
    return found


def model_of(target_type: str) -> type[models.Model] | None:
    return _models_by_kind().get(target_type)


def kind_name(target_type: str) -> str:
    """The kind of record in words: "goal", "connection", "step"; "record" for one not known."""
    model = model_of(target_type)
    if model is None:
        return _("record")
    return str(model._meta.verbose_name)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def detail_words(event: AuditEvent) -> str:
    """What the detail says changed, in words: "what changed: what matters to me, pronouns", or
    "now: done" for a status; "" when it says nothing we can put plainly."""
    detail = event.detail if isinstance(event.detail, dict) else {}
    model = model_of(event.target_type)
    if model is None or event.redacted:
        return ""
    status = detail.get("status")
    if isinstance(status, list) and len(status) == 2:
        field = _field(model, "status")
        choices = dict(field.flatchoices) if field is not None and field.choices else {}
        now = choices.get(status[1], "")
        return _("now: %(status)s") % {"status": str(now).lower()} if now else ""
    names = detail.get("fields")
    if isinstance(names, list) and names:
        fields = [_field(model, str(name)) for name in names]
        words = [str(f.verbose_name) for f in fields if f is not None]
        if words:
            return _("what changed: %(fields)s") % {"fields": ", ".join(words)}
    return ""


def what_was_done(event: AuditEvent, *, own: bool = False) -> str:
    """The action and the record, as a sentence reads after someone's name: "added a goal",
    "changed their record". `own`: spoken to the person themself ("changed your record")."""
    verb = DID.get(event.action, _("did something to"))  # type: ignore[call-overload]
    if event.target_type == PERSON_KIND:
        return f"{verb} {_('your record') if own else _('their record')}"
    kind = kind_name(event.target_type)
    if own:
        return f"{verb} {_('your')} {OWN_KINDS.get(event.target_type, kind)}"
    named = NAMED.get(event.target_type)
    if named is not None:
        return f"{verb} {named}"
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    return f"{verb} {article} {kind}"


def what_they_did(event: AuditEvent) -> str:
    """What a person did in their own space, as the worker's feed says it after their name:
    "filled in a questionnaire", "added someone to their map"; otherwise as `what_was_done`."""
    detail = event.detail if isinstance(event.detail, dict) else {}
    for (kind, action, flag), said in PERSON_DID_WHEN.items():
        if (kind, action) == (event.target_type, event.action) and detail.get(flag) is True:
            return said
    return PERSON_DID.get((event.target_type, event.action)) or what_was_done(event)
