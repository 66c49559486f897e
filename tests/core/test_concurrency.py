"""save_versioned: a stale save is refused with the differences in words people read."""

import pytest
from django.db import transaction

from connecting_people.core.concurrency import EditConflict, save_versioned
from connecting_people.people.models import Person
from tests.factories import PersonFactory


def test_a_stale_save_is_refused_and_tick_boxes_read_yes_or_no(cast):
    person = PersonFactory(team=cast.team, pronouns="she/her")
    with transaction.atomic():
        save_versioned(person, changes={"research_opt_out": True}, version=person.version)
    stale = Person.objects.get(pk=person.pk)
    stale.version = 1  # what an editor who loaded it before the save would send
    with pytest.raises(EditConflict) as refused, transaction.atomic():
        save_versioned(
            stale, changes={"research_opt_out": False, "pronouns": "they/them"}, version=1
        )
    differences = {d.field: (d.theirs, d.yours) for d in refused.value.differences}
    assert differences == {
        "research_opt_out": ("Yes", "No"),
        "pronouns": ("she/her", "they/them"),
    }
    assert Person.objects.get(pk=person.pk).pronouns == "she/her"
