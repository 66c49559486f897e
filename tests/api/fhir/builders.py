"""People to export, and checks every bundle must pass: fhir.resources' models, and the rules
those models do not check (the codes of required value sets, FHIR's string and id rules, and
references that resolve within the bundle)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.utils import timezone

from connecting_people.api.fhir import validate
from connecting_people.network.vocab import Kind, Ring
from connecting_people.outcomes import services
from connecting_people.outcomes.models import CompletedBy, InstrumentSource
from connecting_people.outcomes.selectors import instrument_version
from connecting_people.plans.models import GoalStatus, StepStatus, WhoChoice
from tests.network.factories import ConnectionFactory
from tests.outcomes.helpers import licensed_swemwbs_data, made_up_data
from tests.plans.factories import GoalFactory, PersonFactory, StepFactory, days_ago

TODAY = timezone.localdate()

# FHIR R4's required value sets for the codes we write (the models take any code).
REQUIRED = {
    ("Goal", "lifecycleStatus"): {
        "proposed", "planned", "accepted", "active", "on-hold", "completed", "cancelled",
        "entered-in-error", "rejected",
    },
    ("CarePlan", "status"): {
        "draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown",
    },
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
    ("Questionnaire", "status"): {"draft", "active", "retired", "unknown"},
    ("QuestionnaireResponse", "status"): {
        "in-progress", "completed", "amended", "entered-in-error", "stopped",
    },
    ("Observation", "status"): {
        "registered", "preliminary", "final", "amended", "corrected", "cancelled",
        "entered-in-error", "unknown",
    },
}  # fmt: skip
ACTIVITY_STATUSES = {
    "not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled", "stopped",
    "unknown", "entered-in-error",
}  # fmt: skip
_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
# R4's string: at least one character that is not white space, no C0 controls but tab, CR, LF.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def checked(bundle: dict[str, Any]) -> dict[str, Any]:
    """The bundle, once it has passed fhir.resources (parsed back from its JSON text, as a
    receiving system reads it) and every rule the models leave out."""
    validate(json.loads(json.dumps(bundle)))
    resources = [entry["resource"] for entry in bundle["entry"]]
    found = {f"{r['resourceType']}/{r['id']}" for r in resources}
    assert len(found) == len(resources), "each resource once"
    for entry, resource in zip(bundle["entry"], resources, strict=True):
        assert _ID.match(resource["id"]), resource["id"]
        assert entry["fullUrl"].endswith(f"/{resource['resourceType']}/{resource['id']}")
        for (kind, element), allowed in REQUIRED.items():
            if resource["resourceType"] == kind and element in resource:
                assert resource[element] in allowed, (kind, element, resource[element])
        for activity in resource.get("activity", []):
            assert activity["detail"]["status"] in ACTIVITY_STATUSES
    assert not string_problems(bundle)
    for ref in _references(bundle):
        assert ref in found, f"{ref} is not in the bundle"
    return bundle


def of_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def string_problems(data: Any) -> list[str]:
    """The strings that break R4's rule: empty or only white space, or holding control
    characters other than tab, carriage return and line feed."""
    return [repr(s) for s in _strings(data) if not s.strip() or _CONTROL.search(s)]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _references(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return own + [r for v in value.values() for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []


def empty_person(team, **fields):
    return PersonFactory(team=team, **fields)


def full_person(cast, *, team=None, words: dict[str, str] | None = None):
    """Someone with everything a bundle can carry: goals in each status with steps in each,
    connections of each kind, and completed questionnaires (one shipped with its wording, one the
    organisation loaded with its licensed wording, one with decimal scores and bands) beside one
    still in progress. `words` puts other text in the free-text fields."""
    words = words or {}
    person = PersonFactory(
        team=team or cast.team,
        preferred_name=words.get("name", "Morwenna"),
        other_names="Tregarthen",
        pronouns="she/her",
        date_of_birth=dt.date(1980, 5, 17),
        nhs_number="9434765919",
        email="morwenna@example.org",
        phone="07700 900123",
        address="1 Harbour Row",
        postcode="TR1 1AA",
        what_matters=words.get("what_matters", "Being near the sea, and my sister"),
        started_on=days_ago(300),
    )
    goal_text = words.get("goal", "I want to swim again")
    for n, status in enumerate(GoalStatus.values):
        goal = GoalFactory(
            person=person,
            text=f"{goal_text} {n}" if "goal" not in words else goal_text,
            status=status,
            whose_idea=WhoChoice.values[n % len(WhoChoice.values)],
            agreed_on=days_ago(100),
            review_on=days_ago(10) if n % 2 else None,
        )
        for m, step_status in enumerate(StepStatus.values):
            StepFactory(
                goal=goal,
                text=words.get("step", f"Step {m} of goal {n}"),
                who=WhoChoice.values[m % len(WhoChoice.values)],
                status=step_status,
                done_on=days_ago(5) if step_status == StepStatus.DONE else None,
                target_on=days_ago(-20) if m % 2 else None,
            )
    for n, kind in enumerate(Kind.values):
        ConnectionFactory(
            person=person,
            label=words.get("label", f"Jory {n}"),
            kind=kind,
            ring=Ring.values[n % 3],
            ended_on=days_ago(3) if n == 1 else None,
        )
    _answer(person, cast.practitioner, instrument_version("ucla3"), 100)
    _answer(person, cast.practitioner, instrument_version("ons4"), 90)
    own = services.instrument_load(
        data=licensed_swemwbs_data(),
        by=None,
        source=InstrumentSource.LOADED,
        organisation=person.team.organisation,
    ).instrument
    _answer(person, cast.practitioner, own, 80)
    scale = services.instrument_load(
        data=made_up_data(), by=None, source=InstrumentSource.LOADED
    ).instrument
    _answer(person, cast.practitioner, scale, 70, answers={"a": 2, "b": 2, "c": 4, "d": 3})
    services.response_start(
        person=person,
        instrument=instrument_version("ons-lonely"),
        by=cast.practitioner,
        completed_by=CompletedBy.PERSON,
    )
    return person


def small_person(cast):
    """One goal with one step, one friend on the map and one completed questionnaire."""
    person = PersonFactory(team=cast.team, started_on=days_ago(300))
    StepFactory(goal=GoalFactory(person=person))
    ConnectionFactory(person=person, kind=Kind.FRIEND)
    _answer(person, cast.practitioner, instrument_version("ucla3"), 100)
    return person


def _answer(person, by, instrument, days, *, answers=None):
    """A completed response, the lowest answer to each question unless told otherwise."""
    given = answers or {item.id: min(item.values) for item in instrument.parsed.items}
    response = services.response_start(
        person=person,
        instrument=instrument,
        by=by,
        completed_by=CompletedBy.WITH_WORKER,
        taken_on=days_ago(days),
        answers=given,
    )
    return services.response_complete(response=response, by=by, version=response.version)
