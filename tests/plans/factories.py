"""factory_boy factories for people and their plans."""

import datetime as dt

import factory
from django.utils import timezone

from connecting_people.people.models import Interest, InterestWhen, Person
from connecting_people.plans.models import (
    Barrier,
    BarrierType,
    Contact,
    ContactKind,
    Goal,
    Step,
    WhoChoice,
)
from tests.factories import TeamFactory


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    team = factory.SubFactory(TeamFactory)
    preferred_name = factory.Faker("first_name", locale="en_GB")
    # With the team a while: a contact or a snapshot cannot come before the start (issue 16).
    started_on = factory.LazyFunction(lambda: days_ago(400))


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    person = factory.SubFactory(PersonFactory)
    when = InterestWhen.WOULD_LIKE_TO_TRY
    description = factory.Sequence(lambda n: f"Interest {n}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    person = factory.SubFactory(PersonFactory)
    text = factory.Sequence(lambda n: f"I want to try something new, number {n}")
    whose_idea = WhoChoice.TOGETHER
    agreed_on = factory.LazyFunction(lambda: days_ago(30))


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    goal = factory.SubFactory(GoalFactory)
    text = factory.Sequence(lambda n: f"Step {n}")
    who = WhoChoice.PERSON
    position = factory.Sequence(lambda n: n + 1)


def barrier_type(slug: str = "money") -> BarrierType:
    """One of the built-in kinds of barrier (added by a data migration)."""
    return BarrierType.objects.get(slug=slug)


class BarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Barrier

    person = factory.SubFactory(PersonFactory)
    kind = factory.LazyFunction(barrier_type)
    affects = "Going to the Thursday choir"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    person = factory.SubFactory(PersonFactory)
    happened_on = factory.LazyFunction(lambda: days_ago(1))
    kind = ContactKind.MEETING
    what_happened = "We talked about the walking group."
