"""Whatever anyone types, the resources built from it are valid FHIR (property tests; no database:
the records are built in memory)."""

from __future__ import annotations

import datetime as dt

from fhir.resources.R4B.careplan import CarePlanActivity
from fhir.resources.R4B.goal import Goal as FhirGoal
from fhir.resources.R4B.patient import Patient
from hypothesis import given
from hypothesis import strategies as st

from connecting_people.api.fhir import resources
from connecting_people.people.models import Person, Status
from connecting_people.plans.models import Goal, GoalStatus, Step, StepStatus, WhoChoice
from tests.api.fhir.builders import string_problems

words = st.text(max_size=400)


@given(name=words, goal_text=words, step_text=words, status=st.sampled_from(StepStatus.values))
def test_any_words_make_a_valid_patient_goal_and_activity(name, goal_text, step_text, status):
    person = Person(pk=7, preferred_name=name, started_on=dt.date(2026, 1, 5), status=Status.ACTIVE)
    goal = Goal(
        pk=8,
        person=person,
        text=goal_text,
        whose_idea=WhoChoice.TOGETHER,
        agreed_on=dt.date(2026, 2, 1),
        status=GoalStatus.WORKING_ON,
    )
    step = Step(pk=9, goal=goal, text=step_text, who=WhoChoice.PERSON, status=status)

    built = [
        (Patient, resources.patient(person)),
        (FhirGoal, resources.goal(goal)),
        (CarePlanActivity, resources.activity(step, goal)),
    ]
    for model, data in built:
        model.model_validate(data)
        assert not string_problems(data)
