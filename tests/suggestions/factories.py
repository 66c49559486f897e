"""factory_boy factories for suggestions.

SuggestionFactory(person=...)                     a service suggested to someone (suggested today)
SuggestionFactory(person=..., service=None, connector=ConnectorFactory(team=person.team))
SuggestionFactory(person=..., service=None, idea="Try a choir")
ConnectorFactory(team=...)                        a community connector the team knows
PreferencesFactory(person=...)                    what suggestions should respect (all "any")
"""

from __future__ import annotations

import factory

from connecting_people.directory.models import CommunityConnector
from connecting_people.directory.models.team import ConnectorKind
from connecting_people.suggestions.models import (
    Preferences,
    Suggestion,
    SuggestionChange,
    SuggestionSource,
    SuggestionStatus,
)
from tests.directory.factories import ServiceFactory
from tests.factories import TeamFactory
from tests.plans.factories import PersonFactory

__all__ = [
    "ConnectorFactory",
    "PreferencesFactory",
    "SuggestionChangeFactory",
    "SuggestionFactory",
]


class ConnectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityConnector

    team = factory.SubFactory(TeamFactory)
    kind = ConnectorKind.GROUP
    name = factory.Sequence(lambda n: f"Tuesday walkers {n}")
    offers = "A gentle walk and a cup of tea afterwards."


class PreferencesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preferences

    person = factory.SubFactory(PersonFactory)


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suggestion

    person = factory.SubFactory(PersonFactory)
    service = factory.SubFactory(ServiceFactory)
    source = SuggestionSource.WORKER
    status = SuggestionStatus.SUGGESTED


class SuggestionChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuggestionChange

    suggestion = factory.SubFactory(SuggestionFactory)
    from_status = SuggestionStatus.SUGGESTED
    to_status = SuggestionStatus.TALKED_ABOUT
