"""Changes to a person's suggestions: adding, shortlisting, and what came of each one.

Every change is atomic and audited in the same transaction. Access is checked by the callers (the
views): these services take a person the acting user may already work with.

How a suggestion may move (decided here, so the screens only offer what will be accepted):

- forwards along suggested → talked about → tried → going regularly, skipping steps if need be
  (people often try something before anyone wrote down that it was talked about);
- backwards one step only, to put right a slip or say someone has stopped going regularly;
- from anywhere to "not for me", with a reason from the short list (a note is optional);
- from "not for me" back to suggested only ("reopen"), which ends the hiding.

Status moves take the version the editor loaded and are refused with EditConflict if someone else
moved it first: two workers recording different outcomes should not overwrite each other.

Outcomes feed the directory: a service suggestion that is tried, goes regularly or is "not for
me" because they tried it and did not enjoy it keeps one Feedback row on the team's entry for the
service (source "suggestion", no names, no note); moved back below tried, the row goes. See
`_feedback_sync` for how the row is found.

Trying something twice (back a step, then forward again) logs one contact and adds one
connection: the second time reuses what the first made.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.core.audit import audit_record
from connecting_people.core.concurrency import save_versioned
from connecting_people.core.models import AuditAction
from connecting_people.directory.models import CommunityConnector, Feedback, Service
from connecting_people.directory.models.team import ConnectorKind, FeedbackRating, FeedbackSource
from connecting_people.directory.team import services as directory_services
from connecting_people.network import services as network_services
from connecting_people.network.models import Connection
from connecting_people.network.vocab import USUALLY_INSIDE_SERVICES, Began, Kind, Ring
from connecting_people.people.models import Person
from connecting_people.plans import services as plan_services
from connecting_people.plans.models import Contact, ContactKind
from connecting_people.suggestions.models import (
    HIDE_NOT_FOR_ME_DAYS,
    NotForMeReason,
    Preferences,
    Suggestion,
    SuggestionChange,
    SuggestionSource,
    SuggestionStatus,
)

S = SuggestionStatus
STEPS: tuple[str, ...] = (S.SUGGESTED, S.TALKED_ABOUT, S.TRIED, S.GOING_REGULARLY)
IDEA_MAX = 300
LABEL_MAX = 60


def _actor(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _target_detail(suggestion: Suggestion) -> dict[str, Any]:
    """What the audit trail keeps about what was suggested: ids only, never the idea's words."""
    return {
        "service": str(suggestion.service_id) if suggestion.service_id else None,
        "connector": suggestion.connector_id,
        "idea": bool(suggestion.idea),
    }


# Adding and shortlisting ------------------------------------------------------------------------


def _check_create(
    *,
    person: Person,
    service: Service | None,
    connector: CommunityConnector | None,
    idea: str,
    source: str,
) -> None:
    errors: dict[str, str] = {}
    if sum(1 for thing in (service, connector, idea) if thing) != 1:
        errors["service"] = _("Choose one service, one community connector, or write an idea")
    if connector is not None and connector.team_id != person.team_id:
        errors["connector"] = _("Choose a community connector your team knows")
    if len(idea) > IDEA_MAX:
        errors["idea"] = _("Keep the idea to a few words (300 characters at most)")
    if source not in SuggestionSource.values:
        errors["source"] = _("Say where the suggestion came from")
    if errors:
        raise ValidationError(errors)


def _open_duplicate(
    person: Person, service: Service | None, connector: CommunityConnector | None
) -> Suggestion | None:
    """The person's open suggestion of the same service or connector, if there is one."""
    if service is None and connector is None:
        return None  # ideas are free words: two alike are still two ideas
    found = Suggestion.objects.open().filter(person=person)
    if service is not None:
        return found.filter(service=service).first()
    return found.filter(connector=connector).first()


@transaction.atomic
def suggestion_create(
    *,
    person: Person,
    by: Any,
    source: str,
    service: Service | None = None,
    connector: CommunityConnector | None = None,
    idea: str = "",
    why: str = "",
    score: float | None = None,
    shortlisted: bool = False,
) -> Suggestion:
    """Suggest a service, a connector or an idea to the person (a ranked one, or the worker's own).

    If the same service or connector is already suggested and still open, nothing is added: the
    existing suggestion is returned with `created = False` (a new one has `created = True`), so
    the screen can say "already suggested" and show it.
    """
    idea = idea.strip()
    _check_create(person=person, service=service, connector=connector, idea=idea, source=source)
    # Lock the person so two people accepting the same suggestion at once make one, not two.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    existing = _open_duplicate(person, service, connector)
    if existing is not None:
        existing.created = False  # type: ignore[attr-defined]
        return existing
    today = timezone.localdate()
    suggestion = Suggestion.objects.create(
        person=person,
        service=service,
        connector=connector,
        idea=idea,
        name=about.name if (about := service or connector) is not None else "",
        source=source,
        why=why.strip(),
        score=score,
        shortlisted=shortlisted,
        suggested_on=today,
        status_on=today,
        by=_actor(by),
    )
    SuggestionChange.objects.create(
        suggestion=suggestion, from_status="", to_status=S.SUGGESTED, on=today, by=_actor(by)
    )
    audit_record(
        by=by,
        action=AuditAction.CREATED,
        target=suggestion,
        detail={**_target_detail(suggestion), "source": source, "shortlisted": shortlisted},
    )
    suggestion.created = True  # type: ignore[attr-defined]
    return suggestion


@transaction.atomic
def suggestion_shortlist(*, suggestion: Suggestion, by: Any, shortlisted: bool) -> Suggestion:
    """Put a suggestion on the person's shortlist, or take it off (a quick action: no version)."""
    Suggestion.objects.filter(pk=suggestion.pk).update(
        shortlisted=shortlisted, updated_at=timezone.now()
    )
    suggestion.shortlisted = shortlisted
    audit_record(
        by=by, action=AuditAction.CHANGED, target=suggestion, detail={"shortlisted": shortlisted}
    )
    return suggestion


# Moving along -----------------------------------------------------------------------------------


def can_move(from_status: str, to_status: str) -> bool:
    """Whether a suggestion may move from one status to another (see the module's docstring)."""
    if from_status == to_status or to_status not in S.values:
        return False
    if to_status == S.NOT_FOR_ME:
        return True
    if from_status == S.NOT_FOR_ME:
        return to_status == S.SUGGESTED
    here, there = STEPS.index(from_status), STEPS.index(to_status)
    return there > here or there == here - 1


def moves_from(status: str) -> list[str]:
    """The statuses a suggestion in `status` may move to, in the order the screens offer them."""
    return [to for to in S.values if can_move(status, to)]


def _check_move(
    suggestion: Suggestion, *, to_status: str, on: dt.date, reason: str
) -> dict[str, Any]:
    """Refuse a move that is not allowed; return the fields the move changes."""
    errors: dict[str, str] = {}
    if not can_move(suggestion.status, to_status):
        errors["to_status"] = _("It cannot move from “%(from)s” to “%(to)s”") % {
            "from": S(suggestion.status).label,
            "to": S(to_status).label if to_status in S.values else to_status,
        }
    if to_status == S.NOT_FOR_ME and reason not in NotForMeReason.values:
        errors["reason"] = _("Choose why it is not for them")
    if on > timezone.localdate():
        errors["on"] = _("The date cannot be in the future")
    if errors:
        raise ValidationError(errors)
    not_for_me = to_status == S.NOT_FOR_ME
    return {
        "status": to_status,
        "status_on": on,
        "reason": reason if not_for_me else "",
        "hidden_until": on + dt.timedelta(days=HIDE_NOT_FOR_ME_DAYS) if not_for_me else None,
    }


def _move(
    suggestion: Suggestion,
    *,
    by: Any,
    to_status: str,
    version: int,
    on: dt.date,
    reason: str = "",
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> Suggestion:
    """Apply a checked move (with any `extra` fields), record the change, audit, feed back."""
    from_status = suggestion.status
    changes = _check_move(suggestion, to_status=to_status, on=on, reason=reason)
    if note.strip():
        changes["note"] = note.strip()
    changes.update(extra or {})
    save_versioned(suggestion, changes=changes, version=version)
    SuggestionChange.objects.create(
        suggestion=suggestion,
        from_status=from_status,
        to_status=to_status,
        on=on,
        note=note.strip(),
        by=_actor(by),
    )
    feedback = _feedback_sync(suggestion, by=by)
    detail: dict[str, Any] = {"from": from_status, "to": to_status}
    if reason and to_status == S.NOT_FOR_ME:
        detail["reason"] = reason
    if feedback is not None:
        detail["feedback"] = feedback.pk
    audit_record(by=by, action=AuditAction.CHANGED, target=suggestion, detail=detail)
    return suggestion


@transaction.atomic
def suggestion_move(
    *,
    suggestion: Suggestion,
    by: Any,
    to_status: str,
    version: int,
    on: dt.date | None = None,
    reason: str = "",
    note: str = "",
) -> Suggestion:
    """Record what came of a suggestion: talked about, tried, going regularly or not for me.

    Refused with ValidationError (keyed `to_status`, `reason` or `on`) if the move is not allowed,
    and with EditConflict if someone else moved it since `version` was loaded.
    """
    return _move(
        suggestion,
        by=by,
        to_status=to_status,
        version=version,
        on=on or timezone.localdate(),
        reason=reason,
        note=note,
    )


def _name_of(suggestion: Suggestion) -> str:
    return suggestion.title


def _connection_for(
    suggestion: Suggestion, *, by: Any, label: str, kind: str, on: dt.date, contact: Any
) -> Any:
    """Add who they met (or the group they joined) to the person's map."""
    label = label.strip()
    errors: dict[str, str] = {}
    if not label or len(label) > LABEL_MAX:
        errors["connection_label"] = _("Give a name or initials, up to 60 characters")
    if kind not in Kind.values:
        errors["connection_kind"] = _("Choose who they are to them")
    if errors:
        raise ValidationError(errors)
    return network_services.connection_add(
        person=suggestion.person,
        by=by,
        label=label,
        kind=kind,
        ring=Ring.OUTER,
        inside_services=kind in USUALLY_INSIDE_SERVICES,
        began=Began.SUGGESTION,
        began_with_contact=contact,
        started_on=on,
    )


def _contact_kind(suggestion: Suggestion, *, with_worker: bool) -> str:
    """How the activity log files it: a visit made together when the worker went along, a
    meeting with a person the team knows (a befriender, say), else a group session."""
    if with_worker:
        return ContactKind.ACCOMPANIED_VISIT
    connector = suggestion.connector if suggestion.connector_id else None
    if connector is not None and connector.kind == ConnectorKind.PERSON:
        return ContactKind.MEETING
    return ContactKind.GROUP_SESSION


def _contact_for(
    suggestion: Suggestion, *, by: Any, on: dt.date, with_worker: bool, note: str
) -> Contact:
    """The activity log entry for trying it: the one made before, if it went back a step and
    forward again and the entry is still there, else a new one."""
    if suggestion.contact_id is not None:
        existing = Contact.objects.filter(pk=suggestion.contact_id).first()
        if existing is not None:
            return existing
    what = _("Tried %(name)s, from their suggestions.") % {"name": _name_of(suggestion)}
    return plan_services.contact_log(
        person=suggestion.person,
        happened_on=on,
        kind=_contact_kind(suggestion, with_worker=with_worker),
        what_happened=f"{what}\n\n{note.strip()}" if note.strip() else what,
        went_along=with_worker,
        by=by,
    )


def _existing_connection(suggestion: Suggestion) -> Connection | None:
    """The connection trying it added before, if it is still on their map."""
    if suggestion.connection_id is None:
        return None
    return Connection.objects.filter(pk=suggestion.connection_id).first()


@transaction.atomic
def suggestion_tried(
    *,
    suggestion: Suggestion,
    by: Any,
    version: int,
    on: dt.date | None = None,
    connection_label: str | None = None,
    connection_kind: str = Kind.GROUP,
    with_worker: bool = False,
    note: str = "",
    contact: Contact | None = None,
) -> Suggestion:
    """Mark a suggestion tried, in one step: log it in the activity log and, if given, add the
    connection it brought to the network map. All of it happens, or none of it.

    Given `contact` (one of the person's own, being logged at the same time, as "Today's
    session" does), trying it is that contact: a tried idea and the contact are one record,
    never two, so no second contact is logged.

    The contact is a group session, a meeting when the community connector is a person, or a
    visit made together when the worker went along. The connection starts in the outer ring,
    began "through something suggested", linked to the contact; it counts as inside services
    only for the kinds that usually are (worker, peer).

    Tried a second time (it went back a step and forward again), the contact and connection
    made the first time are kept and nothing is added twice; `connection_label` is then ignored.
    """
    on = on or timezone.localdate()
    _check_move(suggestion, to_status=S.TRIED, on=on, reason="")  # refuse before writing anything
    if contact is not None and contact.person_id != suggestion.person_id:
        raise ValidationError({"contact": _("Choose one of this person's own contacts")})
    if contact is None:
        contact = _contact_for(suggestion, by=by, on=on, with_worker=with_worker, note=note)
    extra: dict[str, Any] = {"contact": contact}
    connection = _existing_connection(suggestion)
    if connection is not None:
        extra["connection"] = connection
    elif connection_label is not None:
        extra["connection"] = _connection_for(
            suggestion, by=by, label=connection_label, kind=connection_kind, on=on, contact=contact
        )
    return _move(
        suggestion, by=by, to_status=S.TRIED, version=version, on=on, note=note, extra=extra
    )


# Feedback into the directory ----------------------------------------------------------------------

# What each outcome says about the service: (rating, kept going). "Tried" alone is "mixed": they
# went, but it is too early to say it went well; going regularly upgrades it.
OUTCOME_FEEDBACK: dict[str, tuple[str, bool]] = {
    S.TRIED: (FeedbackRating.MIXED, False),
    S.GOING_REGULARLY: (FeedbackRating.WENT_WELL, True),
    S.NOT_FOR_ME: (FeedbackRating.NOT_FOR_THEM, False),
}


def _outcome(suggestion: Suggestion) -> tuple[str, bool] | None:
    if suggestion.status == S.NOT_FOR_ME and suggestion.reason != NotForMeReason.TRIED_DID_NOT_LIKE:
        return None  # not for them without trying says nothing about the service itself
    return OUTCOME_FEEDBACK.get(suggestion.status)


def _feedback_of(suggestion: Suggestion) -> Feedback | None:
    """The Feedback row this suggestion made before, if it is still there."""
    if suggestion.feedback_id is None:
        return None
    return Feedback.objects.filter(pk=suggestion.feedback_id).first()


def _feedback_remove(suggestion: Suggestion, *, by: Any) -> None:
    """Take back what this suggestion told the directory: it no longer says they tried it."""
    feedback = _feedback_of(suggestion)
    if feedback is None:
        return
    audit_record(
        by=by, action=AuditAction.DELETED, target=feedback, detail={"suggestion": suggestion.pk}
    )
    feedback.delete()  # the suggestion's link is cleared by the database (SET NULL)
    suggestion.feedback = None


def _feedback_sync(suggestion: Suggestion, *, by: Any) -> Feedback | None:
    """Create or update this suggestion's one Feedback row on the team's entry for the service.

    Moved back below tried (a slip put right, or reopened to start again), the row goes: the
    directory should not hear that someone tried it. "Not for me" for a reason other than
    trying it leaves whatever the row said before (they may well have tried it first).
    """
    if suggestion.status in (S.SUGGESTED, S.TALKED_ABOUT):
        _feedback_remove(suggestion, by=by)
        return None
    service = suggestion.service
    outcome = _outcome(suggestion) if service is not None else None
    if service is None or outcome is None:
        return None
    rating, kept_going = outcome
    feedback = _feedback_of(suggestion)
    if feedback is None:
        entry = directory_services.entry_add(team=suggestion.person.team, service=service, by=by)
        feedback = directory_services.feedback_add(
            entry=entry,
            rating=rating,
            kept_going=kept_going,
            source=FeedbackSource.SUGGESTION,
            on=suggestion.status_on,
            by=by,
        )
        Suggestion.objects.filter(pk=suggestion.pk).update(feedback=feedback)
        suggestion.feedback = feedback
        return feedback
    Feedback.objects.filter(pk=feedback.pk).update(
        rating=rating, kept_going=kept_going, recorded_on=suggestion.status_on
    )
    audit_record(
        by=by,
        action=AuditAction.CHANGED,
        target=feedback,
        detail={"rating": rating, "kept_going": kept_going},
    )
    feedback.rating, feedback.kept_going = rating, kept_going
    return feedback


# What suggestions respect ------------------------------------------------------------------------

PREFERENCE_FIELDS = (
    "area",
    "latitude",
    "longitude",
    "max_travel_km",
    "free_days",
    "free_times",
    "in_person",
    "online",
    "needs_accessibility",
    "prefers_small_groups",
    "wants_company_first_time",
    "access_needs",
    "group_sizes",
    "max_cost",
    "musts",
    "musts_chosen",
    "circumstances",
    "age_band",
)


@transaction.atomic
def preferences_save(
    *, person: Person, by: Any, changes: dict[str, Any], version: int
) -> Preferences:
    """Save what the person's suggestions should respect (creating the record the first time).

    `version` is the one the editor loaded (0 when there was no record yet); refused with
    EditConflict if someone else saved in between. Audited with the names of the fields only.
    """
    unknown = set(changes) - set(PREFERENCE_FIELDS)
    if unknown:
        raise ValueError(f"not preference fields: {sorted(unknown)}")
    # Lock the person so two first saves at once make one record, and the second is a conflict.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    preferences = Preferences.objects.filter(person=person).first()
    if preferences is None:
        preferences = Preferences.objects.create(person=person, **changes)
        action = AuditAction.CREATED
    else:  # saved before, perhaps by someone else since this editor opened it (version 0)
        save_versioned(preferences, changes=changes, version=version)
        action = AuditAction.CHANGED
    audit_record(by=by, action=action, target=preferences, detail={"fields": sorted(changes)})
    return preferences
