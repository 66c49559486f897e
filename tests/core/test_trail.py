"""The trail's selectors (issue 15): searching by person, staff, action and dates; who has looked
at one record in the last 90 days, with their role; events in plain words."""

import datetime as dt

from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.core.trail import (
    TrailQuery,
    in_words,
    trail_search,
    who_has_looked,
    who_has_looked_at,
)
from tests.factories import PersonFactory


def _event(actor, action, target_type="people.person", target_id="1", team=None, **kw):
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        target_label=f"person {target_id}",
        team=team,
        **kw,
    )


def test_who_has_looked_lists_views_and_changes_of_this_record_only(cast):
    viewed = _event(cast.practitioner, AuditAction.VIEWED, target_id=7, team=cast.team)
    changed = _event(cast.team_lead, AuditAction.CHANGED, target_id=7, team=cast.team)
    _event(cast.practitioner, AuditAction.VIEWED, target_id=8, team=cast.team)
    _event(cast.other_practitioner, AuditAction.REFUSED, target_id=7)
    _event(cast.practitioner, AuditAction.VIEWED, target_type="plans.goal", target_id=7)
    events = who_has_looked(target_type="people.person", target_id=7, team_id=cast.team.pk)
    assert events == [changed, viewed]
    assert [e.role_label for e in events] == ["Team lead", "Practitioner"]


def test_who_has_looked_keeps_to_the_last_90_days(cast):
    old = timezone.now() - dt.timedelta(days=91)
    _event(cast.practitioner, AuditAction.VIEWED, target_id=7, team=cast.team, at=old)
    recent = _event(cast.practitioner, AuditAction.VIEWED, target_id=7, team=cast.team)
    assert who_has_looked(target_type="people.person", target_id=7, team_id=cast.team.pk) == [
        recent
    ]


def test_who_has_looked_at_names_a_person_as_the_trail_does(cast):
    person = PersonFactory(team=cast.team)
    event = _event(cast.practitioner, AuditAction.VIEWED, target_id=person.pk, team=cast.team)
    assert who_has_looked_at(person, team_id=cast.team.pk) == [event]


def test_who_has_looked_reads_through_the_target_index(cast):
    indexes = {index.name: index.fields for index in AuditEvent._meta.indexes}
    assert indexes["audit_by_target"][:2] == ["target_type", "target_id"]


def test_trail_search_keeps_to_the_teams_given_and_filters(cast):
    ours = _event(cast.practitioner, AuditAction.VIEWED, target_id=7, team=cast.team)
    changed = _event(cast.team_lead, AuditAction.CHANGED, target_id=9, team=cast.team)
    _event(cast.other_practitioner, AuditAction.VIEWED, target_id=7, team=cast.other_team)
    teams = {cast.team.pk}
    assert list(trail_search(team_ids=teams, query=TrailQuery())) == [changed, ours]
    assert list(trail_search(team_ids=teams, query=TrailQuery(person="7"))) == [ours]
    assert list(trail_search(team_ids=teams, query=TrailQuery(staff=cast.team_lead.pk))) == [
        changed
    ]
    assert list(trail_search(team_ids=teams, query=TrailQuery(action="changed"))) == [changed]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert list(trail_search(team_ids=teams, query=TrailQuery(since=tomorrow))) == []
    assert list(trail_search(team_ids=teams, query=TrailQuery(until=tomorrow))) == [changed, ours]


def test_an_event_reads_as_a_plain_sentence(cast):
    event = _event(cast.practitioner, AuditAction.VIEWED, target_id=7, team=cast.team)
    assert in_words(event) == "Pat Practitioner viewed person 7 (North Team)"


# A person's own records count as looking at the person (issue 15) ----------------------------


def test_an_event_on_a_child_record_names_the_person_it_is_about(cast):
    from connecting_people.core.audit import SUBJECT, audit_record
    from tests.directory.factories import TeamServiceFactory
    from tests.plans.factories import GoalFactory, StepFactory

    person = PersonFactory(team=cast.team)
    step = StepFactory(goal=GoalFactory(person=person))

    on_goal = audit_record(by=cast.practitioner, action=AuditAction.CHANGED, target=step.goal)
    on_step = audit_record(by=cast.practitioner, action=AuditAction.CHANGED, target=step)
    on_person = audit_record(by=cast.practitioner, action=AuditAction.VIEWED, target=person)
    elsewhere = audit_record(
        by=cast.practitioner, action=AuditAction.VIEWED, target=TeamServiceFactory(team=cast.team)
    )

    assert on_goal.detail == {SUBJECT: person.pk}
    assert on_step.detail == {SUBJECT: person.pk}
    assert SUBJECT not in on_person.detail  # the person's own events name them as the target
    assert SUBJECT not in elsewhere.detail  # a team's note on a service is about no one


def test_the_subject_is_kept_beside_what_the_caller_said_and_sealed_in_the_chain(cast):
    from connecting_people.core.audit import SUBJECT, audit_record
    from connecting_people.core.models.audit import event_hash
    from tests.plans.factories import GoalFactory

    goal = GoalFactory(person=PersonFactory(team=cast.team))
    event = audit_record(
        by=cast.practitioner, action=AuditAction.CHANGED, target=goal, detail={"fields": ["text"]}
    )
    event.refresh_from_db()
    assert event.detail == {"fields": ["text"], SUBJECT: goal.person_id}
    assert event.hash == event_hash(event.hashed_fields(), event.previous_hash)


def test_who_has_looked_at_a_person_includes_their_records_and_no_one_elses(cast):
    from connecting_people.core.audit import audit_record
    from connecting_people.core.trail import looked_at, who_has_looked_at_person
    from tests.plans.factories import GoalFactory, StepFactory

    person, other = PersonFactory(team=cast.team), PersonFactory(team=cast.team)
    step = StepFactory(goal=GoalFactory(person=person))
    viewed = audit_record(by=cast.practitioner, action=AuditAction.VIEWED, target=person)
    goal = audit_record(by=cast.team_lead, action=AuditAction.CHANGED, target=step.goal)
    stepped = audit_record(by=cast.practitioner, action=AuditAction.CREATED, target=step)
    audit_record(by=cast.practitioner, action=AuditAction.VIEWED, target=other)
    audit_record(by=cast.practitioner, action=AuditAction.CHANGED, target=GoalFactory(person=other))
    audit_record(by=cast.other_practitioner, action=AuditAction.REFUSED, target=step.goal)

    events = who_has_looked_at_person(person.pk, team_id=cast.team.pk)

    assert events == [stepped, goal, viewed]
    assert [looked_at(e) for e in events] == [
        f"step {step.pk}",
        f"goal {step.goal.pk}",
        "their record",
    ]
    assert events[1].role_label == "Team lead"


def test_who_has_looked_at_a_person_costs_two_queries_however_many_records(
    cast, django_assert_num_queries
):
    from connecting_people.core.audit import audit_record
    from connecting_people.core.trail import who_has_looked_at_person
    from tests.plans.factories import GoalFactory, StepFactory

    person = PersonFactory(team=cast.team)
    for _ in range(5):
        step = StepFactory(goal=GoalFactory(person=person))
        audit_record(by=cast.practitioner, action=AuditAction.CHANGED, target=step)
        audit_record(by=cast.team_lead, action=AuditAction.CHANGED, target=step.goal)
    with django_assert_num_queries(2):
        assert len(who_has_looked_at_person(person.pk, team_id=cast.team.pk)) == 10


def test_searching_the_trail_for_a_person_finds_their_records_too(cast):
    from connecting_people.core.audit import audit_record
    from tests.plans.factories import GoalFactory

    person = PersonFactory(team=cast.team)
    goal = GoalFactory(person=person)
    on_goal = audit_record(by=cast.practitioner, action=AuditAction.CHANGED, target=goal)
    on_person = audit_record(by=cast.practitioner, action=AuditAction.VIEWED, target=person)
    audit_record(by=cast.practitioner, action=AuditAction.CHANGED, target=GoalFactory())
    found = trail_search(team_ids={cast.team.pk}, query=TrailQuery(person=str(person.pk)))
    assert list(found) == [on_person, on_goal]
