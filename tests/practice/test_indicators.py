"""Each practice indicator against hand-built records: who it is about, and for whom it is met.

Includes people who came back after moving on, people left out of research and connections
without dates. Dates are relative to today; "as at" a day before today leaves out anything saved
later.
"""

import datetime as dt

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from connecting_people.network.models import Connection, Snapshot, SnapshotEntry, SnapshotKind
from connecting_people.network.vocab import Began, Kind, Ring
from connecting_people.people.models import Person, Status, StatusChange, StatusChangeKind
from connecting_people.plans.models import (
    Barrier,
    BarrierStatus,
    BarrierType,
    Contact,
    ContactKind,
    Goal,
    Step,
    WhoChoice,
)
from connecting_people.practice.indicators import (
    BY_KEY,
    by_quarter,
    people_behind,
    people_indicators,
    person_indicators,
    team_summary,
)
from connecting_people.practice.indicators.records import gather
from connecting_people.suggestions.models import Suggestion, SuggestionChange, SuggestionStatus
from tests.factories import PersonFactory
from tests.outcomes.change_helpers import ons4, take

TODAY = timezone.localdate()


def ago(days):
    return TODAY - dt.timedelta(days=days)


def counted(people, key, *, on=TODAY):
    """(ids the indicator is about, ids it is met for)."""
    of, met = BY_KEY[key].rule(gather(Person.objects.filter(pk__in=[p.pk for p in people]), on=on))
    return of, met


def ids(*people):
    return {p.pk for p in people}


@pytest.fixture
def person(cast):
    def make(name="Someone", *, started=400, status=Status.ACTIVE, **fields):
        return PersonFactory(
            team=cast.team,
            preferred_name=name,
            started_on=ago(started),
            status=status,
            keyworker=cast.practitioner,
            **fields,
        )

    return make


def connect(person, *, started_on=None, began="", inside=False, made_since_start=None):
    return Connection.objects.create(
        person=person,
        label="A",
        kind=Kind.FRIEND,
        ring=Ring.MIDDLE,
        inside_services=inside,
        started_on=started_on,
        began=began,
        made_since_start=made_since_start,
    )


def move_on(person, *, days_ago, plan="Keep in touch monthly by phone", keep_in_touch=None):
    StatusChange.objects.create(
        person=person,
        kind=StatusChangeKind.MOVED_ON,
        from_status=Status.MOVING_ON,
        to_status=Status.MOVED_ON,
        on=ago(days_ago),
        moving_on_plan=plan,
        keep_in_touch=keep_in_touch,
    )
    Person.objects.filter(pk=person.pk).update(
        status=Status.MOVED_ON, moved_on_on=ago(days_ago), destination="beyond_services"
    )


def come_back(person, *, days_ago):
    StatusChange.objects.create(
        person=person,
        kind=StatusChangeKind.RETURNED,
        from_status=Status.MOVED_ON,
        to_status=Status.ACTIVE,
        on=ago(days_ago),
    )
    Person.objects.filter(pk=person.pk).update(
        status=Status.ACTIVE, moved_on_on=None, destination=""
    )


# ── Network map ───────────────────────────────────────────────────────────────────────────────
def test_has_map_counts_people_with_a_connection_and_not_people_who_moved_on(person):
    mapped, unmapped, gone = person("Mapped"), person("Unmapped"), person("Gone")
    connect(mapped)
    connect(gone)
    move_on(gone, days_ago=30)
    assert counted([mapped, unmapped, gone], "has-map") == (ids(mapped, unmapped), ids(mapped))


def test_map_reviewed_needs_a_snapshot_in_the_last_six_months(person):
    recent, stale, no_map = person("Recent"), person("Stale"), person("No map")
    for someone, taken in ((recent, 20), (stale, 200)):
        connect(someone)
        Snapshot.objects.create(person=someone, taken_on=ago(taken), kind=SnapshotKind.REVIEW)
    assert counted([recent, stale, no_map], "map-reviewed") == (ids(recent, stale), ids(recent))


# ── New connections outside services (the rule in docs/network-measures.md) ─────────────────
def test_a_dated_connection_is_new_only_from_the_day_the_person_started(person):
    since, before = person("Since", started=100), person("Before", started=100)
    connect(since, started_on=ago(50), began=Began.ACTIVITY)
    connect(before, started_on=ago(150))
    assert counted([since, before], "new-connection")[1] == ids(since)


def test_someone_the_person_already_knew_is_never_new_even_with_a_later_date(person):
    knew = person("Knew", started=100)
    connect(knew, started_on=ago(10), began=Began.ALREADY)
    assert counted([knew], "new-connection")[1] == set()


def test_an_undated_connection_is_new_only_when_the_worker_said_they_met_since(person):
    said_yes, not_known, said_no = person("Yes"), person("Not known"), person("No")
    connect(said_yes, made_since_start=True, began=Began.OTHER_PERSON)
    connect(not_known)
    connect(said_no, made_since_start=False)
    assert counted([said_yes, not_known, said_no], "new-connection")[1] == ids(said_yes)


def test_an_undated_connection_on_the_first_map_is_one_they_already_had(person):
    someone = person()
    found = connect(someone, made_since_start=True)
    first = Snapshot.objects.create(person=someone, taken_on=ago(300), kind=SnapshotKind.BASELINE)
    SnapshotEntry.objects.create(
        snapshot=first,
        connection=found,
        kind=found.kind,
        inside_services=False,
        ring=found.ring,
        feels=found.feels,
    )
    assert counted([someone], "new-connection")[1] == set()


def test_a_connection_inside_services_is_not_a_new_one_outside(person):
    someone = person()
    connect(someone, started_on=ago(10), inside=True, began=Began.INTRODUCTION)
    assert counted([someone], "new-connection")[1] == set()


# ── The plan ──────────────────────────────────────────────────────────────────────────────────
def goal(person, *, idea=WhoChoice.PERSON, steps=(WhoChoice.WORKER,), agreed=30):
    made = Goal.objects.create(
        person=person, text="Go swimming", whose_idea=idea, agreed_on=ago(agreed)
    )
    for who in steps:
        Step.objects.create(goal=made, text="Find the times", who=who)
    return made


def test_a_shared_goal_is_theirs_or_agreed_together_and_has_a_step(person):
    theirs, together, workers, no_steps = (
        person("Theirs"),
        person("Together"),
        person("W"),
        person("N"),
    )
    goal(theirs)
    goal(together, idea=WhoChoice.TOGETHER)
    goal(workers, idea=WhoChoice.WORKER)
    goal(no_steps, steps=())
    of, met = counted([theirs, together, workers, no_steps], "shared-goal")
    assert (of, met) == (ids(theirs, together, workers, no_steps), ids(theirs, together))


def test_person_steps_needs_a_step_the_person_takes_and_counts_only_people_with_steps(person):
    shares, worker_only, none = person("Shares"), person("Worker only"), person("None")
    goal(shares, steps=(WhoChoice.WORKER, WhoChoice.TOGETHER))
    goal(worker_only, steps=(WhoChoice.WORKER,))
    assert counted([shares, worker_only, none], "person-steps") == (
        ids(shares, worker_only),
        ids(shares),
    )


def test_barrier_plans_need_a_plan_for_every_barrier_not_resolved(person):
    kind = BarrierType.objects.first()  # the kinds come with the app
    planned, unplanned, resolved = person("Planned"), person("Unplanned"), person("Resolved")
    Barrier.objects.create(person=planned, kind=kind, plan="Ask about a bus pass")
    Barrier.objects.create(person=unplanned, kind=kind, plan="Ask")
    Barrier.objects.create(person=unplanned, kind=kind, plan="  ")
    Barrier.objects.create(person=resolved, kind=kind, status=BarrierStatus.RESOLVED)
    assert counted([planned, unplanned, resolved], "barrier-plans") == (
        ids(planned, unplanned, resolved),
        ids(planned, resolved),
    )


def test_went_along_counts_the_flag_or_the_kind_of_contact(person):
    flagged, kind, talked = person("Flagged"), person("Kind"), person("Talked")
    Contact.objects.create(
        person=flagged, kind=ContactKind.MEETING, went_along=True, what_happened="x"
    )
    Contact.objects.create(person=kind, kind=ContactKind.ACCOMPANIED_VISIT, what_happened="x")
    Contact.objects.create(person=talked, kind=ContactKind.PHONE_OR_VIDEO, what_happened="x")
    assert counted([flagged, kind, talked], "went-along")[1] == ids(flagged, kind)


def test_tried_counts_people_who_talked_ideas_over_and_remembers_a_try_that_ended(person):
    tried_then_not, talked, only_suggested = person("Tried"), person("Talked"), person("Only")
    gave_up = Suggestion.objects.create(
        person=tried_then_not, idea="Parkrun", status=SuggestionStatus.NOT_FOR_ME
    )
    SuggestionChange.objects.create(suggestion=gave_up, to_status=SuggestionStatus.TRIED)
    Suggestion.objects.create(person=talked, idea="Choir", status=SuggestionStatus.TALKED_ABOUT)
    Suggestion.objects.create(person=only_suggested, idea="Walks")
    assert counted([tried_then_not, talked, only_suggested], "tried-something") == (
        ids(tried_then_not, talked),
        ids(tried_then_not),
    )


# ── Questionnaires ────────────────────────────────────────────────────────────────────────────
def test_questionnaires_need_a_baseline_and_a_follow_up_eight_weeks_on(person):
    both, too_close, new = person("Both"), person("Close"), person("New", started=30)
    take(both, "ons4", ons4(5), ago(300))
    take(both, "ons4", ons4(7), ago(100))
    take(too_close, "ons4", ons4(5), ago(300))
    take(too_close, "ons4", ons4(6), ago(280))
    assert counted([both, too_close, new], "questionnaires") == (ids(both, too_close), ids(both))


# ── Moving on, and coming back ────────────────────────────────────────────────────────────────
def test_moving_on_plan_counts_everyone_who_moved_on_including_people_who_came_back(person):
    planned, unplanned, back = person("Planned"), person("Unplanned"), person("Back")
    move_on(planned, days_ago=60)
    move_on(unplanned, days_ago=60, plan="")
    move_on(back, days_ago=90)
    come_back(back, days_ago=20)
    assert counted([planned, unplanned, back], "moving-on-plan") == (
        ids(planned, unplanned, back),
        ids(planned, back),
    )


def test_someone_who_came_back_counts_again_with_the_people_we_are_working_with(person):
    back = person("Back")
    move_on(back, days_ago=90)
    come_back(back, days_ago=20)
    assert counted([back], "has-map")[0] == ids(back)
    assert counted([back], "kept-in-touch")[0] == set()
    # As things stood before they came back, they were one of the people who had moved on.
    assert counted([back], "has-map", on=ago(40))[0] == set()


def test_kept_in_touch_counts_a_contact_after_moving_on_where_it_was_agreed(person):
    kept, lost, recent = person("Kept"), person("Lost"), person("Recent")
    declined, not_asked = person("Declined"), person("Not asked")
    for someone, days in ((kept, 60), (lost, 60), (recent, 10)):
        move_on(someone, days_ago=days, keep_in_touch=True)
    move_on(declined, days_ago=60, keep_in_touch=False)
    move_on(not_asked, days_ago=60)  # recorded before the question: never assumed
    for someone, days in ((kept, 20), (lost, 70), (declined, 20), (not_asked, 20)):
        Contact.objects.create(
            person=someone, happened_on=ago(days), kind=ContactKind.MEETING, what_happened="x"
        )
    everyone = [kept, lost, recent, declined, not_asked]
    assert counted(everyone, "kept-in-touch") == (ids(kept, lost), ids(kept))


def test_the_latest_answer_about_keeping_in_touch_stands(person):
    changed_mind = person("Changed mind")
    StatusChange.objects.create(
        person=changed_mind,
        kind=StatusChangeKind.MOVING_ON,
        from_status=Status.ACTIVE,
        to_status=Status.MOVING_ON,
        on=ago(90),
        keep_in_touch=True,
    )
    move_on(changed_mind, days_ago=60, keep_in_touch=False)
    assert counted([changed_mind], "kept-in-touch")[0] == set()


# ── Research, time, disclosure, queries ───────────────────────────────────────────────────────
def test_people_left_out_of_research_still_count_on_the_teams_own_figures(cast, person):
    person("In research")
    connect(person("Left out", research_opt_out=True))
    has_map = team_summary(cast.team)[0]
    assert (has_map.met, has_map.of, has_map.percent) == (1, 2, 50)


def test_a_record_saved_after_the_day_is_left_out_of_that_days_figures(person):
    someone = person()
    connect(someone, made_since_start=True)
    assert counted([someone], "has-map", on=ago(1)) == (ids(someone), set())
    assert counted([someone], "new-connection", on=ago(1))[1] == set()


def test_someone_who_had_not_started_by_the_day_is_not_counted(person):
    later = person("Later", started=10)
    assert counted([later], "has-map", on=ago(30))[0] == set()


def test_by_quarter_gives_four_quarters_ending_today(cast, person):
    connect(person())
    quarters = by_quarter(Person.objects.filter(team=cast.team))
    assert len(quarters) == 4
    assert quarters[-1].on == TODAY
    assert quarters[-1].results[0].met == 1
    assert [q.on for q in quarters] == sorted(q.on for q in quarters)


def test_beyond_the_team_small_numbers_are_shown_as_fewer_than_five(cast, person):
    for n in range(6):
        someone = person(f"P{n}")
        if n < 3:
            connect(someone)
    mine, theirs = team_summary(cast.team)[0], team_summary(cast.team, coarse=True)[0]
    assert (mine.met_shown, mine.of_shown, mine.percent) == ("3", "6", 50)
    assert (theirs.met_shown, theirs.of_shown, theirs.percent) == ("fewer than 5", "6", None)
    assert theirs.url == ""


def test_beyond_the_team_a_small_remainder_cannot_be_worked_out_by_subtraction(cast, person):
    """8 of 12 met would give away the 4 not met: "all but fewer than 5 of 12"."""
    for n in range(12):
        someone = person(f"P{n}")
        if n < 8:
            connect(someone)
    mine, theirs = team_summary(cast.team)[0], team_summary(cast.team, coarse=True)[0]
    assert (mine.met_shown, mine.of_shown, mine.percent) == ("8", "12", 67)
    assert (theirs.met_shown, theirs.of_shown, theirs.percent) == (
        "all but fewer than 5",
        "12",
        None,
    )


def test_people_behind_splits_met_and_not_yet_from_the_people_given(cast, person):
    mapped, unmapped = person("Mapped"), person("Unmapped")
    connect(mapped)
    behind = people_behind(Person.objects.filter(team=cast.team), "has-map")
    assert (behind.met, behind.not_yet) == ([mapped], [unmapped])
    assert people_behind(Person.objects.all(), "no-such-thing") is None


def test_person_indicators_lists_only_those_about_them(person):
    gone = person("Gone")
    move_on(gone, days_ago=60, plan="")
    keys = [(indicator.key, met) for indicator, met in person_indicators(gone)]
    assert keys == [("moving-on-plan", False)]  # kept in touch: only where it was agreed


def _queries(people):
    with CaptureQueriesContext(db) as seen:
        people_indicators(people)
    return len(seen)


def test_the_number_of_queries_does_not_grow_with_people(cast, person):
    def world(n):
        for i in range(n):
            someone = person(f"P{i}")
            connect(someone, made_since_start=True)
            goal(someone)
            Contact.objects.create(person=someone, kind=ContactKind.MEETING, what_happened="x")
        return Person.objects.filter(team=cast.team)

    few = _queries(world(2))
    assert _queries(world(8)) == few


def test_every_definition_on_the_page_is_the_one_in_the_docs():
    from pathlib import Path

    from connecting_people.practice.indicators import INDICATORS

    docs = (Path(__file__).parents[2] / "docs" / "practice-indicators.md").read_text()
    for indicator in INDICATORS:
        assert f"| `{indicator.key}` | {indicator.name} | {indicator.definition} |" in docs
