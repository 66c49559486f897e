"""Each FHIR R4 resource of a person's bundle, built as plain JSON from records already read
through the access layer. Nothing here reads the database.

Ids are the records' own numbers, the same as the screens' addresses and the JSON API's: Patient
and CarePlan carry the person's (one plan per person), Goal the goal's, RelatedPerson the
connection's, QuestionnaireResponse the response's, Questionnaire the instrument version's, and an
Observation its response's number and score id.
"""

from __future__ import annotations

import re
from typing import Any

from connecting_people.api.fhir import codes
from connecting_people.network.models import Connection
from connecting_people.network.vocab import Kind
from connecting_people.outcomes.instrument import Item
from connecting_people.outcomes.models import Instrument, InstrumentSource, Response
from connecting_people.people.models import Person
from connecting_people.plans.models import Goal, Step, WhoChoice

# C0 controls other than tab, line feed and carriage return, and DEL: FHIR strings must not have
# them, and nobody means them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_IN_AN_ID = re.compile(r"[^A-Za-z0-9.-]")


def text(value: Any) -> str | None:
    """Words as a FHIR string: control characters taken out, no space at either end; None when
    nothing is left (FHIR has no empty strings, so the element is left out)."""
    if value is None:
        return None
    cleaned = _CONTROLS.sub("", str(value)).strip()
    return cleaned or None


def fhir_id(*parts: Any) -> str:
    """A FHIR id (letters, digits, "-" and "."; at most 64) from our own numbers and ids."""
    return _NOT_IN_AN_ID.sub("-", "-".join(str(p) for p in parts))[:64]


def reference(kind: str, pk: Any) -> dict[str, str]:
    return {"reference": f"{kind}/{pk}"}


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out the elements with no value: FHIR has no nulls, empty strings or empty lists."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _who(value: str) -> dict[str, Any]:
    return codes.coding(codes.WHO, value, WhoChoice(value).label)


def patient(person: Person) -> dict[str, Any]:
    """The person as the screens name them (their preferred name), their record number and what
    identifies them to the NHS; no contact details, address or free text (docs/fhir.md)."""
    identifiers = [
        {"use": "usual", "system": codes.person_id_system(), "value": str(person.pk)},
    ]
    if person.nhs_number:
        identifiers.append(
            {"use": "official", "system": codes.NHS_NUMBER, "value": person.nhs_number}
        )
    return _drop_empty(
        {
            "resourceType": "Patient",
            "id": str(person.pk),
            "identifier": identifiers,
            "active": person.is_open,
            "name": [{"use": "usual", "text": text(person.preferred_name)}],
            "birthDate": person.date_of_birth.isoformat() if person.date_of_birth else None,
        }
    )


def care_plan(person: Person, goals: list[Goal]) -> dict[str, Any]:
    """The person's plan: what matters to them, their goals, and each goal's steps as activities."""
    status = "active" if person.is_open else "completed"
    period = _drop_empty(
        {
            "start": person.started_on.isoformat(),
            "end": person.moved_on_on.isoformat() if person.moved_on_on else None,
        }
    )
    return _drop_empty(
        {
            "resourceType": "CarePlan",
            "id": str(person.pk),
            "status": status,
            "intent": "plan",
            "title": "Connecting People plan",
            "description": text(person.what_matters),
            "subject": reference("Patient", person.pk),
            "period": period,
            "goal": [reference("Goal", goal.pk) for goal in goals],
            "activity": [activity(step, goal) for goal in goals for step in goal.steps.all()],
        }
    )


def activity(step: Step, goal: Goal) -> dict[str, Any]:
    """One step towards a goal: what, who does it, by when, and where it has got to."""
    detail = {
        "extension": [{"url": codes.extension(codes.WHO_DOES_IT), "valueCoding": _who(step.who)}],
        "status": codes.STEP_STATUS[step.status],
        "goal": [reference("Goal", goal.pk)],
        "description": text(step.text),
        "scheduledPeriod": {"end": step.target_on.isoformat()} if step.target_on else None,
        "performer": [reference("Patient", goal.person_id)]
        if step.who == WhoChoice.PERSON
        else None,
    }
    done = (
        [{"time": step.done_on.isoformat(), "text": "Done."}] if step.done_on is not None else None
    )
    return _drop_empty(
        {"id": fhir_id("step", step.pk), "progress": done, "detail": _drop_empty(detail)}
    )


def goal(goal: Goal) -> dict[str, Any]:
    """One goal, in the person's words, with whose idea it was and when to look at it again."""
    extensions = [{"url": codes.extension(codes.WHOSE_IDEA), "valueCoding": _who(goal.whose_idea)}]
    if goal.review_on is not None:
        extensions.append(
            {"url": codes.extension(codes.REVIEW_ON), "valueDate": goal.review_on.isoformat()}
        )
    achieved = codes.GOAL_ACHIEVED.get(goal.status)
    return _drop_empty(
        {
            "resourceType": "Goal",
            "id": str(goal.pk),
            "extension": extensions,
            "lifecycleStatus": codes.GOAL_LIFECYCLE[goal.status],
            "achievementStatus": {
                "coding": [
                    {
                        "system": codes.GOAL_ACHIEVEMENT,
                        "code": achieved,
                        "display": codes.GOAL_ACHIEVED_WORDS[achieved],
                    }
                ]
            }
            if achieved
            else None,
            # Required; the model refuses a goal without words, but text() may strip them all.
            "description": {"text": text(goal.text) or "(no words)"},
            "subject": reference("Patient", goal.person_id),
            "startDate": goal.agreed_on.isoformat(),
            "expressedBy": reference("Patient", goal.person_id)
            if goal.whose_idea == WhoChoice.PERSON
            else None,
        }
    )


def related_person(connection: Connection) -> dict[str, Any]:
    """Someone on the person's map, by who they are to them only: never their name or initials,
    how close they are or how it feels (third parties who never agreed to be recorded)."""
    kind = Kind(connection.kind)
    codings = [codes.coding(codes.CONNECTION_KIND, kind.value, kind.label)]
    if kind in codes.ROLE_CODES:
        code, display = codes.ROLE_CODES[kind]
        codings.insert(0, {"system": codes.ROLE_CODE, "code": code, "display": display})
    period = _drop_empty(
        {
            "start": connection.started_on.isoformat() if connection.started_on else None,
            "end": connection.ended_on.isoformat() if connection.ended_on else None,
        }
    )
    return _drop_empty(
        {
            "resourceType": "RelatedPerson",
            "id": str(connection.pk),
            "active": connection.ended_on is None,
            "patient": reference("Patient", connection.person_id),
            "relationship": [{"coding": codings, "text": str(kind.label)}],
            "period": period,
        }
    )


def questionnaire(instrument: Instrument) -> dict[str, Any]:
    """One version of a questionnaire, as asked. The wording goes only with those that came with
    the app and carry it: an organisation's own (licensed) wording stays with the organisation."""
    parsed = instrument.parsed
    wording = instrument.source == InstrumentSource.SHIPPED and not parsed.needs_wording
    return _drop_empty(
        {
            "resourceType": "Questionnaire",
            "id": str(instrument.pk),
            "url": codes.questionnaire_url(instrument.slug),
            # The content's own hash: the same questions and scoring are the same version,
            # wherever and for whichever organisation they were loaded.
            "version": instrument.content_hash,
            "name": _computable_name(instrument.slug),
            "title": text(instrument.title),
            "status": "active" if instrument.is_current else "retired",
            "subjectType": ["Patient"],
            "copyright": text(parsed.licence.terms),
            "item": [_question(item, wording=wording) for item in parsed.items],
        }
    )


def _computable_name(slug: str) -> str:
    words = re.split(r"[^A-Za-z0-9]+", slug)
    name = "".join(word[:1].upper() + word[1:] for word in words if word)
    return name if name[:1].isalpha() else f"Q{name}"


def _question(item: Item, *, wording: bool) -> dict[str, Any]:
    options = [
        {
            "valueCoding": codes.coding(
                codes.ANSWER_VALUE, str(option.value), text(option.label) if wording else None
            )
        }
        for option in item.options
    ]
    return _drop_empty(
        {
            "linkId": item.id,
            "text": text(item.text) if wording else None,
            "type": "choice",
            "answerOption": options,
        }
    )


def canonical(instrument: Instrument) -> str:
    """The questionnaire version a response answers: its canonical URL and version."""
    return f"{codes.questionnaire_url(instrument.slug)}|{instrument.content_hash}"


def questionnaire_response(response: Response) -> dict[str, Any]:
    """One completed questionnaire: each answer given, as the number it has on its question."""
    instrument = response.instrument
    wording = instrument.source == InstrumentSource.SHIPPED and not instrument.parsed.needs_wording
    items = []
    for item in instrument.parsed.items:
        value = response.answers.get(item.id)
        if value is None:
            continue
        label = item.label_for(value) if wording else None
        answer = codes.coding(codes.ANSWER_VALUE, str(value), text(label))
        items.append({"linkId": item.id, "answer": [{"valueCoding": answer}]})
    return _drop_empty(
        {
            "resourceType": "QuestionnaireResponse",
            "id": str(response.pk),
            "questionnaire": canonical(instrument),
            "status": "completed",
            "subject": reference("Patient", response.person_id),
            "authored": response.taken_on.isoformat(),
            "source": reference("Patient", response.person_id),
            "item": items,
        }
    )


def observations(response: Response) -> list[dict[str, Any]]:
    """One Observation for each score of a completed response, derived from it."""
    slug = response.instrument.slug
    found = []
    for score_id, score in sorted((response.scores.get("scores") or {}).items()):
        value = score.get("value")
        if value is None:
            continue
        found.append(_observation(response, slug, score_id, score, value))
    return found


def _observation(
    response: Response, slug: str, score_id: str, score: dict[str, Any], value: Any
) -> dict[str, Any]:
    title = text(score.get("title"))
    named = text(f"{response.instrument.short_title}: {title}") if title else None
    band = score.get("band") or None
    observed: dict[str, Any] = (
        {"valueInteger": value}
        if isinstance(value, int) and not isinstance(value, bool)
        else {
            "valueQuantity": {
                "value": value,
                "unit": "score",
                "system": codes.UCUM,
                "code": "{score}",
            }
        }
    )
    return _drop_empty(
        {
            "resourceType": "Observation",
            "id": fhir_id(response.pk, score_id),
            "identifier": [
                {"system": f"{codes.server()}/sid/score", "value": f"{response.pk}/{score_id}"}
            ],
            "status": "final",
            "category": [
                {
                    "coding": [
                        {
                            "system": codes.OBSERVATION_CATEGORY,
                            "code": "survey",
                            "display": "Survey",
                        }
                    ]
                }
            ],
            "code": {
                "coding": [codes.coding(codes.SCORE, f"{slug}.{score_id}", title)],
                "text": named,
            },
            "subject": reference("Patient", response.person_id),
            "effectiveDateTime": response.taken_on.isoformat(),
            **observed,
            "interpretation": [_band(slug, score_id, band)] if band else None,
            "derivedFrom": [reference("QuestionnaireResponse", response.pk)],
        }
    )


def _band(slug: str, score_id: str, band: dict[str, Any]) -> dict[str, Any]:
    label = text(band.get("label"))
    return _drop_empty(
        {
            "coding": [codes.coding(codes.SCORE_BAND, f"{slug}.{score_id}.{band['id']}", label)],
            "text": label,
        }
    )
