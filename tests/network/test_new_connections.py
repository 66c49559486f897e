"""The question "did they meet since starting with us?" on the connection form, and the
migration that answered it for the connections already recorded, only where they already said."""

from importlib import import_module

import pytest
from django.apps import apps

from connecting_people.network.forms import ConnectionForm
from connecting_people.network.models import Connection
from tests.network.factories import ConnectionFactory, PersonFactory

BASE = {"label": "Jo", "kind": "friend", "inside_services": "no", "ring": "middle"}
BASE |= {"feels": "supportive"}


@pytest.mark.parametrize(
    ("answer", "began", "expected"),
    [
        ("yes", "", True),
        ("no", "", False),
        ("", "", None),
        ("yes", "already", False),  # someone they already knew was not met since
        ("", "suggestion", True),  # a suggestion is part of the work
        ("", "introduction", True),
        ("no", "introduction", False),  # the worker's own answer stands
    ],
)
def test_the_form_records_whether_they_met_since(db, answer, began, expected):
    form = ConnectionForm(
        data=BASE | {"made_since_start": answer, "began": began}, person=PersonFactory()
    )
    assert form.is_valid(), form.errors
    assert form.connection_fields()["made_since_start"] is expected


def test_the_migration_answers_only_what_the_record_already_says(db):
    fill = import_module("connecting_people.network.migrations.0004_connection_made_since_start")
    knew = ConnectionFactory(started_on=None, began="already")
    suggested = ConnectionFactory(started_on=None, began="suggestion")
    other = ConnectionFactory(started_on=None, began="other")
    dated = ConnectionFactory(began="suggestion")
    fill.fill(apps, None)
    found = dict(Connection.objects.values_list("pk", "made_since_start"))
    assert found[knew.pk] is False
    assert found[suggested.pk] is True
    assert found[other.pk] is None  # not known: never counted as new
    assert found[dated.pk] is None  # the date decides
