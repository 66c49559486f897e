"""Every labelled service, read from the demo directory's records by the evaluation's checker,
breaks none of its persona's own limits or musts: a label the checker would flag would make
the ranking look worse for doing right. ("Not known" is allowed: the demo may not record it.)
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction

from connecting_people.suggestions.evaluation.personas import (
    HELD_OUT_PATH,
    TUNING_PATH,
    load,
    profile_of,
)
from connecting_people.suggestions.evaluation.violations import check, records_for


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo's services as the checker reads them, built once and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo")
        yield {r.name: r for r in records_for(None).values()}
        transaction.set_rollback(True)


@pytest.fixture
def records(built, db):
    return built


@pytest.mark.parametrize("path", [TUNING_PATH, HELD_OUT_PATH], ids=["tuning", "held-out"])
def test_no_label_breaks_its_personas_limits(records, path):
    broken = {
        (p.key, name): check(profile_of(p), records[name]).broken
        for p in load(path)
        for name in p.relevant
    }
    assert {k: v for k, v in broken.items() if v} == {}
