"""The codes and addresses of the FHIR view: standard systems only where the code is certain,
otherwise a code system of our own with a stable canonical URL under `CPI_FHIR_BASE`.

Standard codes used (each one checked against its published code system):
- Goal.lifecycleStatus, CarePlan.status, CarePlan.activity.detail.status, Observation.status and
  QuestionnaireResponse.status: FHIR's own required value sets (plain codes, no system).
- Goal.achievementStatus: `in-progress` and `achieved` of the goal-achievement code system.
- Observation.category: `survey` of the observation-category code system.
- RelatedPerson.relationship: `FAMMEMB`, `FRND`, `NBOR` and `SIGOTHR` of v3 RoleCode, beside our
  own code for every kind (our kinds that have no certain RoleCode get ours alone).
- Patient.identifier: the NHS number under NHS England's identifier system.
No LOINC or SNOMED CT codes: we are not certain of a code for each of our questionnaires and
their scores, so they are coded in our own systems (docs/fhir.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from connecting_people.network.vocab import Kind
from connecting_people.plans.models import GoalStatus, StepStatus

NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
UCUM = "http://unitsofmeasure.org"

# Our own code systems and extensions: names under CPI_FHIR_BASE, the same in every deployment.
WHO = "who"  # whose idea a goal was, and who does a step
CONNECTION_KIND = "connection-kind"  # who a connection is to the person (the map's kinds)
SCORE = "score"  # a questionnaire's score: "<instrument id>.<score id>"
SCORE_BAND = "score-band"  # a score's band: "<instrument id>.<score id>.<band id>"
ANSWER_VALUE = "answer-value"  # an answer's number on its question's scale ("0", "1", ...)
LOCAL_CODE_SYSTEMS = (WHO, CONNECTION_KIND, SCORE, SCORE_BAND, ANSWER_VALUE)

WHOSE_IDEA = "whose-idea"  # extension on Goal: valueCoding from WHO
WHO_DOES_IT = "who-does-it"  # extension on CarePlan.activity.detail: valueCoding from WHO
REVIEW_ON = "review-date"  # extension on Goal: valueDate, the day to look at it together
LOCAL_EXTENSIONS = (WHOSE_IDEA, WHO_DOES_IT, REVIEW_ON)

GOAL_LIFECYCLE: dict[str, str] = {
    GoalStatus.WORKING_ON: "active",
    GoalStatus.ACHIEVED: "completed",
    GoalStatus.ON_HOLD: "on-hold",
    GoalStatus.NOT_NOW: "cancelled",  # "no longer wanted": the goal was given up
}
GOAL_ACHIEVED: dict[str, str] = {
    GoalStatus.WORKING_ON: "in-progress",
    GoalStatus.ACHIEVED: "achieved",
}
GOAL_ACHIEVED_WORDS = {"in-progress": "In Progress", "achieved": "Achieved"}

STEP_STATUS: dict[str, str] = {
    StepStatus.TO_DO: "not-started",
    StepStatus.DOING: "in-progress",
    StepStatus.DONE: "completed",
    StepStatus.PAUSED: "on-hold",
    StepStatus.DROPPED: "cancelled",  # "not doing this now": withdrawn, started or not
}

# Kinds of connection that are a person (RelatedPerson is one); groups, faith and online
# communities, pets and workers (who would be a Practitioner, not a related person) are not.
RELATED_KINDS: frozenset[str] = frozenset(
    {Kind.FAMILY, Kind.PARTNER, Kind.FRIEND, Kind.NEIGHBOUR, Kind.COLLEAGUE, Kind.PEER, Kind.OTHER}
)
ROLE_CODES: dict[str, tuple[str, str]] = {
    Kind.FAMILY: ("FAMMEMB", "family member"),
    Kind.PARTNER: ("SIGOTHR", "significant other"),
    Kind.FRIEND: ("FRND", "unrelated friend"),
    Kind.NEIGHBOUR: ("NBOR", "neighbor"),
}


def base() -> str:
    """The canonical base of our own code systems and extensions."""
    return str(settings.CPI_FHIR_BASE).rstrip("/")


def server() -> str:
    """This deployment's FHIR address: bundles' full URLs and the identifier systems hang here,
    since record numbers are unique only within one deployment."""
    return f"{str(settings.CPI_SITE_URL).rstrip('/')}/api/fhir"


def person_id_system() -> str:
    """The identifier system of a person's record number (the number in their page's address)."""
    return f"{server()}/sid/person"


def code_system(name: str) -> str:
    return f"{base()}/CodeSystem/{name}"


def extension(name: str) -> str:
    return f"{base()}/StructureDefinition/{name}"


def questionnaire_url(slug: str) -> str:
    return f"{base()}/Questionnaire/{slug}"


def coding(name: str, code: str, display: Any = None) -> dict[str, Any]:
    """A coding from one of our own code systems (display left out when there is none)."""
    found: dict[str, Any] = {"system": code_system(name), "code": code}
    if display:
        found["display"] = str(display)
    return found
