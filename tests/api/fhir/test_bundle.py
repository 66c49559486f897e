"""A person's plan as a FHIR R4 Bundle: every resource valid (fhir.resources, and the rules its
models leave out), for a full plan, an empty one and one full of hostile text; only what the
viewer may see, read through the access layer and audited; the same ids as the records."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from connecting_people.api.fhir import Refused, everything, resources, validate
from connecting_people.api.fhir import codes as fhir_codes
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.network.models import Connection
from connecting_people.outcomes.models import Response, ResponseStatus
from connecting_people.plans.models import Goal, Step
from tests.api.fhir.builders import checked, empty_person, full_person, of_type, small_person
from tests.factories import PersonAccountFactory


@pytest.fixture
def person(cast):
    return full_person(cast)


def test_a_full_plan_gives_every_resource_valid_with_the_records_own_ids(cast, person):
    bundle = checked(everything(cast.practitioner, person.pk))

    assert bundle["type"] == "searchset"
    assert [p["id"] for p in of_type(bundle, "Patient")] == [str(person.pk)]
    assert [p["id"] for p in of_type(bundle, "CarePlan")] == [str(person.pk)]
    goals = Goal.objects.filter(person=person)
    assert {g["id"] for g in of_type(bundle, "Goal")} == {str(g.pk) for g in goals}
    complete = Response.objects.filter(person=person, status=ResponseStatus.COMPLETE)
    assert {r["id"] for r in of_type(bundle, "QuestionnaireResponse")} == {
        str(r.pk) for r in complete
    }
    assert {q["id"] for q in of_type(bundle, "Questionnaire")} == {
        str(r.instrument_id) for r in complete
    }
    assert len(complete) == 4  # the one still in progress is left out, with its questionnaire
    assert not of_type(bundle, "RelatedPerson")


def test_each_step_is_an_activity_of_the_plan_with_its_status_mapped(cast, person):
    bundle = checked(everything(cast.practitioner, person))
    (plan,) = of_type(bundle, "CarePlan")
    steps = {f"step-{s.pk}": s for s in Step.objects.filter(goal__person=person)}

    assert {a["id"] for a in plan["activity"]} == set(steps)
    for activity in plan["activity"]:
        step, detail = steps[activity["id"]], activity["detail"]
        assert detail["status"] == fhir_codes.STEP_STATUS[step.status]
        assert detail["goal"] == [{"reference": f"Goal/{step.goal_id}"}]
        assert detail["description"] == step.text
        assert ("progress" in activity) == (step.done_on is not None)
    assert sorted(fhir_codes.STEP_STATUS.values()) == sorted(
        ["not-started", "in-progress", "completed", "on-hold", "cancelled"]
    )
    assert plan["goal"] == [{"reference": f"Goal/{g['id']}"} for g in of_type(bundle, "Goal")]


def test_goals_carry_their_status_whose_idea_and_review_date(cast, person):
    bundle = checked(everything(cast.practitioner, person))
    goals = {str(g.pk): g for g in Goal.objects.filter(person=person)}

    for resource in of_type(bundle, "Goal"):
        goal = goals[resource["id"]]
        assert resource["lifecycleStatus"] == fhir_codes.GOAL_LIFECYCLE[goal.status]
        assert resource["description"] == {"text": goal.text}
        extensions = {e["url"]: e for e in resource["extension"]}
        who = extensions[fhir_codes.extension(fhir_codes.WHOSE_IDEA)]["valueCoding"]
        assert who["system"] == fhir_codes.code_system(fhir_codes.WHO)
        assert who["code"] == goal.whose_idea
        review = extensions.get(fhir_codes.extension(fhir_codes.REVIEW_ON))
        assert (review or {}).get("valueDate") == (
            goal.review_on.isoformat() if goal.review_on else None
        )


def test_the_patient_is_named_as_the_screens_name_them_and_no_more(cast, person):
    bundle = checked(everything(cast.practitioner, person))
    (patient,) = of_type(bundle, "Patient")
    text = json.dumps(bundle)

    assert patient["name"] == [{"use": "usual", "text": "Morwenna"}]
    assert {i["system"]: i["value"] for i in patient["identifier"]} == {
        fhir_codes.person_id_system(): str(person.pk),
        fhir_codes.NHS_NUMBER: "9434765919",
    }
    assert patient["birthDate"] == "1980-05-17"
    assert set(patient) == {"resourceType", "id", "identifier", "active", "name", "birthDate"}
    for held in ("Tregarthen", "she/her", "morwenna@example.org", "07700", "Harbour", "TR1"):
        assert held not in text


def test_related_people_only_when_asked_by_relationship_and_never_by_name(cast, person):
    bundle = checked(everything(cast.practitioner, person, include_related=True))
    related = of_type(bundle, "RelatedPerson")
    people = Connection.objects.filter(person=person, kind__in=fhir_codes.RELATED_KINDS)

    assert {r["id"] for r in related} == {str(c.pk) for c in people}
    assert len(related) == 7  # not groups, faith or online communities, pets or workers
    assert "Jory" not in json.dumps(bundle)
    friend = next(r for r in related if r["relationship"][0]["text"] == "Friend")
    assert friend["relationship"][0]["coding"][0] == {
        "system": fhir_codes.ROLE_CODE,
        "code": "FRND",
        "display": "unrelated friend",
    }
    assert sorted(r["active"] for r in related) == [False] + [True] * 6


def test_scores_are_observations_derived_from_their_response(cast, person):
    bundle = checked(everything(cast.practitioner, person))
    observations = of_type(bundle, "Observation")
    responses = {
        f"QuestionnaireResponse/{r['id']}" for r in of_type(bundle, "QuestionnaireResponse")
    }

    assert {o["derivedFrom"][0]["reference"] for o in observations} == responses
    codes = {o["code"]["coding"][0]["code"]: o for o in observations}
    assert codes["ucla3.total"]["valueInteger"] == 3
    mean = codes["test-scale.first_two"]
    assert mean["valueQuantity"] == {
        "value": 2.5, "unit": "score", "system": fhir_codes.UCUM, "code": "{score}",
    }  # fmt: skip
    assert mean["interpretation"][0]["text"] == "2.5 and over"
    assert all(o["category"][0]["coding"][0]["code"] == "survey" for o in observations)
    assert len(observations) == len({o["id"] for o in observations})


def test_licensed_wording_stays_with_the_organisation(cast, person):
    bundle = checked(everything(cast.practitioner, person))
    text = json.dumps(bundle)
    by_slug = {q["url"].rsplit("/", 1)[1]: q for q in of_type(bundle, "Questionnaire")}

    assert "Licensed wording" not in text
    assert "Label 1" not in text
    assert "text" not in by_slug["swemwbs"]["item"][0]
    assert (
        by_slug["ucla3"]["item"][0]["text"] == "How often do you feel that you lack companionship?"
    )
    for response in of_type(bundle, "QuestionnaireResponse"):
        slug_and_hash = response["questionnaire"].rsplit("/", 1)[1]
        slug, version = slug_and_hash.split("|")
        assert by_slug[slug]["version"] == version


def test_an_empty_plan_gives_the_patient_and_an_empty_plan(cast):
    person = empty_person(cast.team, preferred_name="Tomasz")
    bundle = checked(everything(cast.practitioner, person.pk, include_related=True))

    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient", "CarePlan"]
    (plan,) = of_type(bundle, "CarePlan")
    assert not {"goal", "activity", "description"} & set(plan)


@pytest.mark.parametrize(
    "broken",
    [{"subject": "Patient/1"}, {"lifecycleStatus": None}, {"startDate": "soon"}, {"id": "a_b"}],
)
def test_validate_refuses_a_broken_resource_inside_the_bundle(cast, person, broken):
    bundle = everything(cast.practitioner, person)
    goal = of_type(bundle, "Goal")[0]
    goal.update(broken)
    with pytest.raises(ValidationError, match="entry"):
        validate(bundle)


HOSTILE = {
    "name": "  \x01Zoë \u202eevil\u202c <b>",
    "what_matters": '<script>alert("x")</script>\r\n]]>\x1b[31m' + "ü" * 3000,
    "goal": "\x07\x08 \t",  # nothing left once the controls and spaces go
    "step": "{{ template }} %s ${x} \\u0000 🙂 ' OR 1=1 --",
    "label": "Robert'); DROP TABLE people;--",
}


def test_hostile_text_still_makes_valid_fhir(cast):
    person = full_person(cast, words=HOSTILE)
    bundle = checked(everything(cast.practitioner, person, include_related=True))
    (patient,) = of_type(bundle, "Patient")

    assert patient["name"][0]["text"] == "Zoë \u202eevil\u202c <b>"
    assert {g["description"]["text"] for g in of_type(bundle, "Goal")} == {"(no words)"}
    assert "DROP TABLE" not in json.dumps(bundle)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("a\x00b", "ab"), (" \t\n", None), ("", None), (None, None), ("x\r\ny", "x\r\ny")],
)
def test_text_takes_out_what_fhir_strings_may_not_hold(value, expected):
    assert resources.text(value) == expected


def test_viewing_is_audited_once_on_the_person(cast, person):
    last = AuditEvent.objects.order_by("pk").last()
    everything(cast.practitioner, person.pk, include_related=True)

    (event,) = AuditEvent.objects.filter(pk__gt=last.pk)
    assert (event.action, event.actor, event.target_id) == (
        AuditAction.VIEWED,
        cast.practitioner,
        str(person.pk),
    )
    assert event.detail == {"fhir": "FHIR $everything", "related": True}
    assert event.team_id == cast.team.pk


def test_the_caller_can_add_to_what_the_audit_event_says(cast, person):
    everything(cast.practitioner, person, audit_detail={"token": 12, "fhir": "not this"})

    event = AuditEvent.objects.order_by("-pk").first()
    assert event.detail == {"token": 12, "fhir": "FHIR $everything", "related": False}


@pytest.mark.parametrize(
    "who", ["other_practitioner", "elsewhere_lead", "org_admin", "evaluator", "outsider"]
)
def test_anyone_outside_the_team_is_refused_and_that_is_audited(cast, person, who):
    viewer = getattr(cast, who)
    with pytest.raises(Refused):
        everything(viewer, person, include_related=True)

    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.actor) == (AuditAction.REFUSED, viewer)
    assert event.detail["pk"] == str(person.pk)


def test_a_missing_person_is_refused_the_same_way(cast):
    for pk in (999_999, "abc", "1; DROP", "9" * 40, -1):
        with pytest.raises(Refused):
            everything(cast.practitioner, pk)


def test_a_switched_off_account_or_the_persons_own_account_is_refused(cast, person):
    cast.practitioner.is_active = False
    cast.practitioner.save()
    with pytest.raises(Refused):
        everything(cast.practitioner, person)
    own = PersonAccountFactory(person=person).user
    with pytest.raises(Refused):
        everything(own, person)


def test_staff_in_both_teams_and_the_team_lead_may_see_it(cast, person):
    for who in (cast.both_teams, cast.team_lead):
        assert of_type(checked(everything(who, person)), "Patient")


def test_the_queries_do_not_grow_with_the_plan(cast, django_assert_max_num_queries):
    small = small_person(cast)
    with django_assert_max_num_queries(20) as small_run:
        everything(cast.practitioner, small, include_related=True)
    big = full_person(cast)
    cast.practitioner.__dict__.pop("_cpi_access_cache", None)
    with django_assert_max_num_queries(20) as big_run:
        everything(cast.practitioner, big, include_related=True)
    assert len(big_run.captured_queries) == len(small_run.captured_queries)
