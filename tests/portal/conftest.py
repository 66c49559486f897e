"""Two people of the same team with their own accounts, beside the standing cast."""

import pytest

from tests.factories import PersonAccountFactory, PersonFactory


@pytest.fixture
def own(cast):
    """`own.robin` and `own.sam` are people of the cast's team, each with an active account
    (`own.robin_user`, `own.sam_user`); `own.kit` is a person of the same team with no account."""
    robin = PersonAccountFactory(person=PersonFactory(team=cast.team, preferred_name="Robin"))
    sam = PersonAccountFactory(person=PersonFactory(team=cast.team, preferred_name="Sam"))
    cast.robin, cast.robin_user, cast.robin_account = robin.person, robin.user, robin
    cast.sam, cast.sam_user, cast.sam_account = sam.person, sam.user, sam
    cast.kit = PersonFactory(team=cast.team, preferred_name="Kit")
    return cast
