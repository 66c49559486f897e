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
