"""Every demo person's bundle is valid FHIR, as a member of their team sees it, with their map:
Maya's full plan and questionnaires, Tomasz with none, and everyone between.

The demo is built once for the module, inside a transaction rolled back at the end.
"""

import pytest
from django.core.management import call_command
from django.db import transaction

from connecting_people.api.fhir import everything
from connecting_people.core.models import TeamMembership
from connecting_people.people.models import Person
from connecting_people_demo import outcomes as demo_outcomes
from tests.api.fhir.builders import checked, of_type

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(built, db):
    return None


def _staff_of(person):
    return TeamMembership.objects.filter(team=person.team).select_related("user").first().user


def test_every_demo_persons_bundle_is_valid(demo):
    people = list(Person.objects.select_related("team"))
    assert len(people) > 10
    for person in people:
        checked(everything(_staff_of(person), person, include_related=True))


def test_the_showcase_has_everything_and_the_fresh_start_has_no_questionnaires(demo):
    maya = Person.objects.get(preferred_name=demo_outcomes.SHOWCASE)
    bundle = checked(everything(_staff_of(maya), maya, include_related=True))
    for kind in ("Goal", "RelatedPerson", "Questionnaire", "QuestionnaireResponse", "Observation"):
        assert of_type(bundle, kind), kind
    (plan,) = of_type(bundle, "CarePlan")
    assert plan["activity"]

    tomasz = Person.objects.get(preferred_name=demo_outcomes.FRESH)
    bundle = checked(everything(_staff_of(tomasz), tomasz))
    assert not of_type(bundle, "QuestionnaireResponse")
    assert not of_type(bundle, "Observation")
