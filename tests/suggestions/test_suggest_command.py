"""`cpi suggest`: the ranked suggestions for one person, as text or JSON."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from connecting_people.core.models import AuditEvent
from connecting_people.taxonomy.models import InterestCategory
from tests.plans.factories import InterestFactory, PersonFactory
from tests.suggestions.test_ranking import make_service

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("suggest", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def person():
    person = PersonFactory()
    interest = InterestFactory(person=person, description="gardening")
    interest.categories.add(InterestCategory.objects.get(slug="nature-and-gardening"))
    make_service("Garden club", categories=("nature-and-gardening",), is_free=True)
    make_service("Allotment society", categories=("nature-and-gardening",))
    make_service("Chess club", categories=("digital-and-gaming",))  # not for a gardener
    return person


def test_text_lists_suggestions_with_reasons_and_signals(person):
    out = _run(str(person.pk))
    assert out.splitlines()[0].startswith("1. Garden club (service) score ")
    assert "   - You'd like to try gardening" in out
    assert "interest +4.00" in out  # the kind, and their word in its name, counted once
    assert "text +" not in out
    assert "Mentions things you talked about" not in out
    assert "2. Allotment society" in out
    assert "Chess club" not in out
    event = AuditEvent.objects.get(actor_label="cpi suggest")
    assert event.target_id == str(person.pk)


def test_json_and_limit(person):
    data = json.loads(_run(str(person.pk), "--json", "--limit", "1"))
    (first,) = data["suggestions"]
    assert first["name"] == "Garden club"
    assert first["reasons"][0] == "You'd like to try gardening"
    assert first["score"] == pytest.approx(sum(first["contributions"].values()))


def test_unknown_person_and_team(person):
    with pytest.raises(CommandError, match="There is no person with ID 999999"):
        _run("999999")
    with pytest.raises(CommandError, match="There is no team with ID 999999"):
        _run(str(person.pk), "--team", "999999")


def test_the_panel_filters(person):
    assert "Chess club" not in _run(str(person.pk), "--free-only")
    assert "Nothing to suggest" in _run(str(person.pk), "--this-week")  # no schedules
    assert "Garden club" in _run(str(person.pk), "--near-km", "5")  # no point: near is ignored
    with pytest.raises(CommandError, match="--near-km must be more than 0"):
        _run(str(person.pk), "--near-km", "0")


def test_nothing_to_suggest():
    assert "Nothing to suggest" in _run(str(PersonFactory().pk))
