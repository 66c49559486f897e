"""Taking a measure, and loading instruments.

Every change is atomic and audited in the same transaction. Access is checked by the callers
(the views, later): these services take a person the acting user may already work with.

A response is started on the current version of an instrument, saved as answers come in (one
question at a time on a phone, or all at once from paper), and completed when the instrument's
missing-data rule lets it be scored. The scores are stored with the version they were scored
with. Saving answers to a complete response scores it again, and is refused if it could no
longer be scored, so a complete response always has scores that match its answers. Answer and
completion saves take the version the editor loaded and are refused with EditConflict if
someone else saved first. The audit trail records which questions changed, never the answers.

A person is asked only what their team's organisation may use (Instrument.objects.visible_to),
on a date no earlier than they started with the team. One started by mistake can be discarded
while it is not complete; a complete one is changed only by correcting its answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from connecting_people.core.audit import audit_record
from connecting_people.core.concurrency import save_versioned
from connecting_people.core.models import AuditAction, Organisation, Team
from connecting_people.outcomes import loading, pairs, schedules
from connecting_people.outcomes.models import (
    CompletedBy,
    Instrument,
    InstrumentSource,
    MeasureSchedule,
    Response,
    ResponseStatus,
)
from connecting_people.outcomes.scoring import ScoringError, read_answers, score
from connecting_people.people.models import Person


def _actor(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def wording_needed_message(instrument: Instrument) -> str:
    """What the app says about an instrument whose questions it may not show."""
    return _(
        "The wording of the questions in %(title)s must be supplied by a licensed "
        "organisation before it can be asked."
    ) % {"title": instrument.short_title}


def before_start_message(started_on: dt.date) -> str:
    """What the app says about a date taken before the person started with the team."""
    return _("The date it was taken cannot be before they started with the team (%(date)s)") % {
        "date": formats.date_format(started_on, "j F Y")
    }


def _date_problem(person: Person, taken_on: dt.date | None) -> str | None:
    if taken_on is None:
        return None
    if taken_on > timezone.localdate():
        return _("The date it was taken cannot be in the future")
    if taken_on < person.started_on:
        return before_start_message(person.started_on)
    return None


def _offer_problem(person: Person, instrument: Instrument) -> str | None:
    """Why this person cannot be asked this instrument version, or None if they can. One from
    another organisation is refused like any choice not offered, without naming it."""
    organisation_id = person.team.organisation_id
    if instrument.organisation_id not in (None, organisation_id):
        return _("Choose one of the questionnaires listed")
    if (
        instrument.organisation_id is None
        and Instrument.objects.filter(
            slug=instrument.slug, organisation_id=organisation_id, is_current=True
        ).exists()
    ):
        return _("Your organisation has its own version of this questionnaire. Start that one.")
    if instrument.needs_wording:
        return wording_needed_message(instrument)
    if not instrument.is_current:
        return _("A newer version of this questionnaire is in use. Start that one.")
    return None


def _scoring_errors(error: ScoringError) -> ValidationError:
    """Each problem keyed by its question id (or "answers"), so a form can show it in place."""
    keyed: dict[str, list[str]] = {}
    for problem in error.problems:
        keyed.setdefault(problem.item or "answers", []).append(problem.message)
    return ValidationError(keyed)


def _read(instrument: Instrument, answers: Any) -> dict[str, int | None]:
    try:
        return read_answers(instrument.parsed, answers)
    except ScoringError as error:
        raise _scoring_errors(error) from error


def _scores(response: Response, answers: Mapping[str, int | None]) -> dict[str, Any]:
    try:
        result = score(response.instrument.parsed, answers)
    except ScoringError as error:
        raise _scoring_errors(error) from error
    return {**result.as_json(), "version": response.instrument.version}


@transaction.atomic
def response_start(
    *,
    person: Person,
    instrument: Instrument,
    by: Any,
    completed_by: str,
    taken_on: dt.date | None = None,
    answers: Mapping[str, Any] | None = None,
) -> Response:
    """Start a response to the current version of an instrument the person's organisation may
    use, with any answers given so far. Without a date, it is taken today."""
    taken_on = taken_on or timezone.localdate()
    errors: dict[str, str] = {}
    if offer := _offer_problem(person, instrument):
        errors["instrument"] = offer
    if completed_by not in CompletedBy.values:
        errors["completed_by"] = _("Say how it is being completed")
    if when := _date_problem(person, taken_on):
        errors["taken_on"] = when
    if errors:
        raise ValidationError(errors)
    response = Response.objects.create(
        person=person,
        instrument=instrument,
        completed_by=completed_by,
        taken_on=taken_on,
        recorded_by=_actor(by),
        answers=_read(instrument, answers or {}),
    )
    audit_record(
        by=by,
        action=AuditAction.CREATED,
        target=response,
        detail={
            "instrument": instrument.slug,
            "version": instrument.version,
            "completed_by": completed_by,
            "answered": sorted(k for k, v in response.answers.items() if v is not None),
        },
    )
    return response


@transaction.atomic
def response_save_answers(
    *, response: Response, by: Any, answers: Mapping[str, Any], version: int
) -> Response:
    """Save some answers (question id → value, or None to clear one), keeping the others.

    A complete response is scored again; a change that would leave it unscorable is refused.
    """
    if not isinstance(answers, Mapping):
        raise ValidationError({"answers": _("Answers must be given by question")})
    merged = _read(response.instrument, {**response.answers, **answers})
    changes: dict[str, Any] = {"answers": merged}
    if response.is_complete:
        changes.update(scores=_scores(response, merged), scored_at=timezone.now())
        changes["scored_with"] = response.instrument
    changed = sorted(k for k in merged if merged[k] != response.answers.get(k))
    save_versioned(response, changes=changes, version=version)
    if response.is_complete:
        pairs.refresh(response.person_id, response.instrument.slug)
    audit_record(
        by=by,
        action=AuditAction.CHANGED,
        target=response,
        detail={"instrument": response.instrument.slug, "changed": changed},
    )
    return response


@transaction.atomic
def response_complete(
    *, response: Response, by: Any, version: int, taken_on: dt.date | None = None
) -> Response:
    """Score the response by its instrument version's rules and mark it complete."""
    stored = Response.objects.select_for_update().filter(pk=response.pk).values("version")
    if stored.get()["version"] != version:
        # Someone saved since the editor loaded it: refuse with what they changed, before
        # scoring answers the editor may not have seen.
        save_versioned(response, changes={"answers": response.answers}, version=version)
    if response.is_complete:
        raise ValidationError(_("This questionnaire has already been completed"))
    if when := _date_problem(response.person, taken_on):
        raise ValidationError({"taken_on": when})
    changes: dict[str, Any] = {
        "status": ResponseStatus.COMPLETE,
        "scores": _scores(response, response.answers),
        "scored_with": response.instrument,
        "scored_at": timezone.now(),
    }
    if taken_on is not None:
        changes["taken_on"] = taken_on
    save_versioned(response, changes=changes, version=version)
    pairs.refresh(response.person_id, response.instrument.slug)
    audit_record(
        by=by,
        action=AuditAction.CHANGED,
        target=response,
        detail={
            "instrument": response.instrument.slug,
            "version": response.instrument.version,
            "completed": True,
        },
    )
    return response


@transaction.atomic
def response_discard(*, response: Response, by: Any, version: int) -> None:
    """Delete a questionnaire started by mistake, with its answers; never a complete one.

    Refused with EditConflict when someone saved it since the page was loaded, so nobody throws
    away answers they have not seen. The audit says which questionnaire and how many questions
    had been answered, never the answers.
    """
    stored = (
        Response.objects.select_for_update()
        .filter(pk=response.pk)
        .values("version", "status")
        .first()
    )
    if stored is None:
        raise ValidationError(_("This questionnaire has already been discarded."))
    if stored["status"] == ResponseStatus.COMPLETE:
        raise ValidationError(
            _(
                "This questionnaire is finished, so it cannot be discarded. If an answer is "
                "wrong, correct it instead: the scores are worked out again."
            )
        )
    if stored["version"] != version:
        save_versioned(response, changes={"answers": response.answers}, version=version)
    instrument = response.instrument
    audit_record(
        by=by,
        action=AuditAction.DELETED,
        target=response,
        detail={
            "instrument": instrument.slug,
            "version": instrument.version,
            "answered": sum(1 for value in response.answers.values() if value is not None),
            "questions": len(instrument.parsed.items),
        },
    )
    response.delete()


def _check_schedule(months: list[int], instruments: list[str], *, organisation_id: int) -> None:
    errors: dict[str, str] = {}
    if any(not isinstance(m, int) or isinstance(m, bool) for m in months):
        errors["months"] = _("Give each follow-up as a whole number of months")
    elif any(m < 1 or m > schedules.MAX_MONTHS for m in months):
        errors["months"] = _("Each follow-up must be from 1 to %(most)s months after the start") % {
            "most": schedules.MAX_MONTHS
        }
    elif len(set(months)) != len(months) or len(months) > schedules.MAX_POINTS:
        errors["months"] = _("Give each follow-up once, and at most %(most)s of them") % {
            "most": schedules.MAX_POINTS
        }
    ready = set(
        Instrument.objects.visible_to(organisation_id).ready_to_ask().values_list("slug", flat=True)
    )
    if any(slug not in ready for slug in instruments):
        errors["instruments"] = _("Choose questionnaires that are ready to ask")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def schedule_save(
    *, team: Team, by: Any, months: list[int], instruments: list[str], version: int
) -> MeasureSchedule:
    """Set the team's questionnaire schedule, from the questionnaires its organisation may ask;
    version 0 when the team had none of its own."""
    _check_schedule(months, instruments, organisation_id=team.organisation_id)
    values = {"months": sorted(months), "instruments": list(instruments)}
    stored = MeasureSchedule.objects.select_for_update().filter(team=team).first()
    if stored is None:
        stored = MeasureSchedule.objects.create(team=team, updated_by=_actor(by), **values)
        action = AuditAction.CREATED
    else:  # version 0 here means someone else set the schedule first: refused as a conflict
        save_versioned(stored, changes={**values, "updated_by": _actor(by)}, version=version)
        action = AuditAction.CHANGED
    audit_record(by=by, action=action, target=stored, detail=values)
    return stored


@transaction.atomic
def instrument_load(
    *,
    data: Any,
    by: Any,
    source: str = InstrumentSource.LOADED,
    loaded_from: str = "",
    actor_label: str = "",
    organisation: Organisation | None = None,
) -> loading.Loaded:
    """Load a definition as a new version (or nothing, if unchanged), for one organisation or
    the whole deployment; raises InvalidDefinition."""
    loaded = loading.load(data, source=source, loaded_from=loaded_from, organisation=organisation)
    if loaded.outcome in (loading.CREATED, loading.REINSTATED):
        instrument = loaded.instrument
        audit_record(
            by=by,
            action=AuditAction.IMPORTED,
            target=instrument,
            actor_label=actor_label,
            detail={
                "instrument": instrument.slug,
                "version": instrument.version,
                "outcome": loaded.outcome,
                "content_hash": instrument.content_hash,
                "file": loaded_from,
                "organisation": organisation.slug if organisation is not None else None,
            },
        )
    return loaded
