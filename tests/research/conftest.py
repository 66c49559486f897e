"""A small world with a distinctive value planted in every identifying and free-text field, so the
export tests can search every file for each of them.

In the cast's organisation (Riverside Trust): North Team has Ottoline (every field filled) and
six quieter people; South Team has two people. Faraway Team (another organisation) has one person,
who must never appear in Riverside's export.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import override_settings

from connecting_people.directory.search.facts import refresh_for_services
from connecting_people.network import services as network
from connecting_people.network.models import Tie
from connecting_people.outcomes import services as outcomes
from connecting_people.outcomes.models import CompletedBy
from connecting_people.outcomes.selectors import instrument_version
from connecting_people.people.models import Status, StatusChange, StatusChangeKind
from connecting_people.plans.models import BarrierUpdate, StepStatus
from connecting_people.suggestions.models import SuggestionChange, SuggestionStatus
from connecting_people.taxonomy.models import InterestCategory
from tests.directory.factories import ServiceFactory, with_interests
from tests.plans.factories import (
    BarrierFactory,
    ContactFactory,
    GoalFactory,
    InterestFactory,
    PersonFactory,
    StepFactory,
)
from tests.suggestions.factories import ConnectorFactory, PreferencesFactory, SuggestionFactory

KEY = "a-research-key-for-tests-only-0123456789abcdef"
OTHER_KEY = "another-research-key-for-tests-0123456789abcdef"

D = dt.date
# Exact dates: only their months may leave (2024-03, …), never the day.
STARTED = D(2024, 3, 17)
BORN = D(1971, 3, 17)
DATES = {
    "started": STARTED,
    "agreed": D(2024, 4, 23),
    "review": D(2024, 10, 7),
    "target": D(2024, 5, 21),
    "done": D(2024, 5, 29),
    "contact": D(2024, 6, 12),
    "connection": D(2023, 11, 14),
    "ended": D(2024, 7, 26),
    "baseline": D(2024, 4, 3),
    "review_snapshot": D(2024, 9, 18),
    "measure": D(2024, 4, 9),
    "follow_up": D(2024, 7, 22),
    "suggested": D(2024, 5, 13),
    "changed": D(2024, 6, 27),
    "status_change": D(2024, 3, 19),
    "barrier_update": D(2024, 5, 6),
}

# Every one must be absent from every file of the export, in any letter case.
PLANTED = {
    "preferred_name": "Ottoline",
    "other_names": "Featherstonehaugh",
    "pronouns": "Quorbelline",
    "nhs_number": "9434765919",
    "local_id": "LOCAL-98765",
    "email": "ottoline.secret@example.org",
    "phone": "07700 900123",
    "address": "17 Wobblethwaite Lane",
    "postcode": "ZZ9 8QX",
    "what_matters": "Marmalade with Grandpa Ignatius",
    "moving_on_plan": "Plan with Barnaby Rudge",
    "status_reason": "Reason mentions Gwendolyn",
    "interest": "Zeppelin spotting at Muckleford",
    "skill": "Origami for Bartholomew",
    "goal": "Visit Auntie Philippa in Scarborough",
    "step": "Phone Cousin Leopold",
    "step_notes": "Note about Wilhelmina",
    "barrier_affects": "Fear of the Grimsby omnibus",
    "barrier_plan": "Practise with Octavius",
    "barrier_note": "Update about Persephone",
    "contact": "Met Evangeline at the allotment",
    "follow_ups": "Call Thaddeus tomorrow",
    "people_met": "Cressida and Lysander",
    "connection": "Zebedee Quartermaine",
    "connection_2": "Xanthippe",
    "connection_3": "Worker Wendeline",
    "end_reason": "Moved to Penzance",
    "snapshot_note": "Snapshot about Hieronymus",
    "idea": "Join Perpetua's knitting circle",
    "suggestion_note": "Note about Ambrose",
    "why": "Because Clementine loves it",
    "connector": "Tuesday walkers with Florizel",
    "connector_offers": "Tea with Anastasia",
    "service": "Kittiwake Gardening Club",
    "change_note": "Change note Ermintrude",
    "area": "Little Snoring",
    "team": "North Team",
    "other_team": "South Team",
    "organisation": "Riverside Trust",
    "elsewhere_person": "Faraway Fenella",
    "north_names": "Northerner",
    "south_names": "Southerner",
    "staff": "Pat Practitioner",
}


def _person(team, **fields):
    return PersonFactory(team=team, started_on=STARTED, **fields)


def _plan(person, by):
    goal = GoalFactory(
        person=person, text=PLANTED["goal"], agreed_on=DATES["agreed"], review_on=DATES["review"]
    )
    StepFactory(
        goal=goal,
        text=PLANTED["step"],
        notes=PLANTED["step_notes"],
        target_on=DATES["target"],
        status=StepStatus.DONE,
        done_on=DATES["done"],
    )
    StepFactory(goal=goal, text="Another step", status=StepStatus.TO_DO)
    barrier = BarrierFactory(
        person=person, affects=PLANTED["barrier_affects"], plan=PLANTED["barrier_plan"]
    )
    BarrierUpdate.objects.create(
        barrier=barrier,
        on=DATES["barrier_update"],
        status="being_addressed",
        note=PLANTED["barrier_note"],
        by=by,
    )
    ContactFactory(
        person=person,
        happened_on=DATES["contact"],
        what_happened=PLANTED["contact"],
        follow_ups=PLANTED["follow_ups"],
        people_met=PLANTED["people_met"],
        recorded_by=by,
    )
    interest = InterestFactory(person=person, description=PLANTED["interest"])
    interest.categories.add(*InterestCategory.objects.order_by("pk")[:2])
    person.skills.create(description=PLANTED["skill"], would_teach=True)


def _network(person, by):
    def add(label, **fields):
        defaults = {"kind": "friend", "ring": "middle", "feels": "supportive"}
        return network.connection_add(person=person, by=by, label=label, **defaults | fields)

    zeb = add(PLANTED["connection"], kind="family", ring="close", started_on=DATES["connection"])
    xan = add(PLANTED["connection_2"], gives=["company"])
    worker = add(PLANTED["connection_3"], kind="worker", inside_services=True)
    network.ties_set(connection=zeb, knows=[xan], by=by)
    network.snapshot_take(
        person=person,
        taken_on=DATES["baseline"],
        kind="baseline",
        by=by,
        note=PLANTED["snapshot_note"],
    )
    network.connection_end(
        connection=worker,
        by=by,
        on=DATES["ended"],
        reason=PLANTED["end_reason"],
        version=worker.version,
    )
    network.snapshot_take(person=person, taken_on=DATES["review_snapshot"], kind="review", by=by)
    assert Tie.objects.filter(person=person).exists()


def _measures(person, by):
    for slug, taken, answers in (
        ("ons4", DATES["measure"], {"satisfied": 4, "worthwhile": 6, "happy": 3, "anxious": 7}),
        ("ucla3", DATES["measure"], {"lack_companionship": 3, "left_out": 2, "isolated": 3}),
        ("ons4", DATES["follow_up"], {"satisfied": 7, "worthwhile": 8, "happy": 6, "anxious": 2}),
    ):
        response = outcomes.response_start(
            person=person,
            instrument=instrument_version(slug),
            by=by,
            completed_by=CompletedBy.WITH_WORKER,
            taken_on=taken,
            answers=answers,
        )
        outcomes.response_complete(response=response, by=by, version=response.version)
    # One still being answered: left out of the export.
    outcomes.response_start(
        person=person,
        instrument=instrument_version("ucla3"),
        by=by,
        completed_by=CompletedBy.PERSON,
        answers={"left_out": 1},
    )


def _suggestions(person, team, by):
    service = ServiceFactory(name=PLANTED["service"])
    with_interests(service, "nature-and-gardening", "music")
    refresh_for_services([service.id])
    dates = {"suggested_on": DATES["suggested"], "status_on": DATES["changed"], "by": by}
    tried = SuggestionFactory(
        person=person,
        service=service,
        name=PLANTED["service"],
        why=PLANTED["why"],
        note=PLANTED["suggestion_note"],
        status=SuggestionStatus.TRIED,
        **dates,
    )
    for before, after in (
        ("", "suggested"),
        ("suggested", "talked_about"),
        ("talked_about", "tried"),
    ):
        SuggestionChange.objects.create(
            suggestion=tried,
            from_status=before,
            to_status=after,
            on=DATES["changed"],
            note=PLANTED["change_note"],
            by=by,
        )
    connector = ConnectorFactory(
        team=team, name=PLANTED["connector"], offers=PLANTED["connector_offers"]
    )
    SuggestionFactory(
        person=person, service=None, connector=connector, name=connector.name, **dates
    )
    SuggestionFactory(
        person=person,
        service=None,
        idea=PLANTED["idea"],
        source="person",
        status=SuggestionStatus.NOT_FOR_ME,
        reason="timing",
        **dates,
    )
    PreferencesFactory(person=person, area=PLANTED["area"])


@pytest.fixture
def world(cast):
    """Ottoline (everything planted), six others in North Team, two in South, one elsewhere."""
    by = cast.practitioner
    ottoline = _person(
        cast.team,
        keyworker=by,
        date_of_birth=BORN,
        status=Status.MOVED_ON,
        moved_on_on=DATES["ended"],
        destination="beyond_services",
        **{
            field: PLANTED[field]
            for field in (
                "preferred_name",
                "other_names",
                "pronouns",
                "nhs_number",
                "local_id",
                "email",
                "phone",
                "address",
                "postcode",
                "what_matters",
                "moving_on_plan",
            )
        },
    )
    StatusChange.objects.create(
        person=ottoline,
        kind=StatusChangeKind.STARTED,
        from_status="referred",
        to_status="active",
        on=DATES["status_change"],
        reason=PLANTED["status_reason"],
        moving_on_plan=PLANTED["moving_on_plan"],
        by=by,
    )
    _plan(ottoline, by)
    _network(ottoline, by)
    _measures(ottoline, by)
    _suggestions(ottoline, cast.team, by)
    north = [_person(cast.team, preferred_name=f"Northerner {n}") for n in range(6)]
    for person in north[:5]:
        outcomes.response_complete(
            response=(
                r := outcomes.response_start(
                    person=person,
                    instrument=instrument_version("ucla3"),
                    by=by,
                    completed_by=CompletedBy.PERSON,
                    taken_on=DATES["measure"],
                    answers={"lack_companionship": 1, "left_out": 2, "isolated": 1},
                )
            ),
            by=by,
            version=r.version,
        )
    south = [_person(cast.other_team, preferred_name=f"Southerner {n}") for n in range(2)]
    elsewhere = _person(cast.elsewhere_team, preferred_name=PLANTED["elsewhere_person"])
    return SimpleNamespace(
        cast=cast, ottoline=ottoline, north=north, south=south, elsewhere=elsewhere
    )


@pytest.fixture
def research_key(settings, tmp_path):
    settings.RESEARCH_KEY = KEY
    settings.DATA_DIR = tmp_path / "data"
    return KEY


__all__ = ["KEY", "OTHER_KEY", "PLANTED", "override_settings"]
