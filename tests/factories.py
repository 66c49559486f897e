"""factory_boy factories for the records tests need."""

import datetime as dt

import factory
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.core.models import (
    Organisation,
    OrganisationRole,
    Team,
    TeamMembership,
    TeamRole,
)

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@test.example")
    name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    role = TeamRole.PRACTITIONER


class OrganisationRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationRole

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "people.Person"

    team = factory.SubFactory(TeamFactory)
    preferred_name = factory.Faker("first_name", locale="en_GB")
    status = "active"
    # With the team a while: a contact or a snapshot cannot come before the start (issue 16).
    started_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=400))


class PersonAccountFactory(factory.django.DjangoModelFactory):
    """A person's own account (issue 14), active unless told otherwise."""

    class Meta:
        model = "people.PersonAccount"

    person = factory.SubFactory(PersonFactory)
    user = factory.SubFactory(
        UserFactory, email=factory.Sequence(lambda n: f"person{n}@people.example"), is_person=True
    )
    status = "active"
