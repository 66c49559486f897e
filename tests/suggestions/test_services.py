"""Suggestion outcomes: adding, shortlisting, moving along (allowed and refused), trying something
in one step (activity log + network map, all or nothing), and feedback into the directory."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.directory.models import Feedback, TeamService
from connecting_people.directory.models.team import FeedbackRating, FeedbackSource
from connecting_people.network import services as network_services
from connecting_people.network.models import Connection
from connecting_people.network.vocab import Began, Kind, Ring
from connecting_people.plans.models import Contact, ContactKind
from connecting_people.suggestions import services
from connecting_people.suggestions.models import (
    HIDE_NOT_FOR_ME_DAYS,
    NotForMeReason,
    Suggestion,
    SuggestionChange,
    SuggestionSource,
    SuggestionStatus,
)
from tests.directory.factories import ServiceFactory, TeamServiceFactory
from tests.plans.factories import PersonFactory
from tests.suggestions.factories import ConnectorFactory

S = SuggestionStatus
TODAY = timezone.localdate


@pytest.fixture
def person(cast):
    return PersonFactory(team=cast.team, preferred_name="Morwenna")


@pytest.fixture
def service(db):
    return ServiceFactory(name="Riverside Gardening Club")


def _suggest(person, by, **kwargs):
    kwargs.setdefault("source", SuggestionSource.WORKER)
    return services.suggestion_create(person=person, by=by, **kwargs)


def _at(person, by, service, status, *, reason=""):
    """A suggestion moved to `status` through the services, by the allowed path."""
    suggestion = _suggest(person, by, service=service)
    path = {
        S.SUGGESTED: [],
        S.TALKED_ABOUT: [S.TALKED_ABOUT],
        S.TRIED: [S.TRIED],
        S.GOING_REGULARLY: [S.TRIED, S.GOING_REGULARLY],
        S.NOT_FOR_ME: [S.NOT_FOR_ME],
    }[status]
    for step in path:
        services.suggestion_move(
            suggestion=suggestion,
            by=by,
            to_status=step,
            version=suggestion.version,
            reason=reason if step == S.NOT_FOR_ME else "",
        )
    return suggestion


# Adding ---------------------------------------------------------------------------------------


def test_suggestion_create_for_any_service_records_its_start_and_audits(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)

    assert suggestion.created is True
    assert suggestion.status == S.SUGGESTED
    assert suggestion.by == cast.practitioner
    change = SuggestionChange.objects.get(suggestion=suggestion)
    assert (change.from_status, change.to_status) == ("", S.SUGGESTED)
    event = AuditEvent.objects.get(target_type="suggestions.suggestion", action=AuditAction.CREATED)
    assert event.detail["service"] == str(service.pk)
    assert event.detail["source"] == "worker"
    assert event.team_id == cast.team.pk


def test_suggestion_create_ranked_keeps_why_and_score(cast, person, service):
    suggestion = _suggest(
        person,
        cast.practitioner,
        service=service,
        source=SuggestionSource.RANKED,
        why="You'd like to try gardening; free",
        score=3.5,
        shortlisted=True,
    )
    suggestion.refresh_from_db()
    assert (suggestion.source, suggestion.why, suggestion.score) == ("ranked", suggestion.why, 3.5)
    assert suggestion.shortlisted


def test_suggestion_create_same_open_service_returns_the_existing_one(cast, person, service):
    first = _suggest(person, cast.practitioner, service=service)
    again = _suggest(person, cast.team_lead, service=service, source=SuggestionSource.RANKED)

    assert again.pk == first.pk
    assert again.created is False
    assert Suggestion.objects.count() == 1


def test_suggestion_create_again_after_not_for_me_makes_a_new_one(cast, person, service):
    old = _at(person, cast.practitioner, service, S.NOT_FOR_ME, reason=NotForMeReason.NOT_NOW)
    new = _suggest(person, cast.practitioner, service=service)
    assert new.created is True
    assert new.pk != old.pk


def test_suggestion_create_same_service_for_another_person_is_separate(cast, person, service):
    _suggest(person, cast.practitioner, service=service)
    other = _suggest(PersonFactory(team=cast.team), cast.practitioner, service=service)
    assert other.created is True


def test_suggestion_create_connector_of_the_persons_team(cast, person):
    connector = ConnectorFactory(team=cast.team)
    suggestion = _suggest(person, cast.practitioner, connector=connector)
    assert suggestion.connector == connector
    assert _suggest(person, cast.practitioner, connector=connector).created is False


def test_suggestion_create_connector_of_another_team_is_refused(cast, person):
    connector = ConnectorFactory(team=cast.other_team)
    with pytest.raises(ValidationError) as refused:
        _suggest(person, cast.practitioner, connector=connector)
    assert "connector" in refused.value.message_dict
    assert not Suggestion.objects.exists()


def test_suggestion_create_idea(cast, person):
    suggestion = _suggest(person, cast.practitioner, service=None, idea="  Sing in a choir ")
    assert suggestion.idea == "Sing in a choir"
    event = AuditEvent.objects.get(target_type="suggestions.suggestion")
    assert "choir" not in str(event.detail)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"idea": "   "},
        {"idea": "x" * 301},
        {"idea": "Both", "with_service": True},
        {"idea": "Bad source", "source": "someone"},
    ],
)
def test_suggestion_create_refuses_nothing_two_things_or_bad_values(cast, person, service, kwargs):
    kwargs = dict(kwargs)
    if kwargs.pop("with_service", False):
        kwargs["service"] = service
    with pytest.raises(ValidationError):
        _suggest(person, cast.practitioner, **kwargs)
    assert not Suggestion.objects.exists()


def test_suggestion_shortlist_on_and_off_audited(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)
    services.suggestion_shortlist(suggestion=suggestion, by=cast.practitioner, shortlisted=True)
    assert Suggestion.objects.get().shortlisted is True
    services.suggestion_shortlist(suggestion=suggestion, by=cast.practitioner, shortlisted=False)
    assert Suggestion.objects.get().shortlisted is False
    details = AuditEvent.objects.filter(action=AuditAction.CHANGED).values_list("detail", flat=True)
    assert sorted(d["shortlisted"] for d in details) == [False, True]


# Moving along ---------------------------------------------------------------------------------

ALLOWED = {
    (S.SUGGESTED, S.TALKED_ABOUT),
    (S.SUGGESTED, S.TRIED),
    (S.SUGGESTED, S.GOING_REGULARLY),
    (S.SUGGESTED, S.NOT_FOR_ME),
    (S.TALKED_ABOUT, S.SUGGESTED),
    (S.TALKED_ABOUT, S.TRIED),
    (S.TALKED_ABOUT, S.GOING_REGULARLY),
    (S.TALKED_ABOUT, S.NOT_FOR_ME),
    (S.TRIED, S.TALKED_ABOUT),
    (S.TRIED, S.GOING_REGULARLY),
    (S.TRIED, S.NOT_FOR_ME),
    (S.GOING_REGULARLY, S.TRIED),
    (S.GOING_REGULARLY, S.NOT_FOR_ME),
    (S.NOT_FOR_ME, S.SUGGESTED),
}
ALL_PAIRS = list(itertools.product(S.values, S.values))


@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_suggestion_move_every_transition(cast, person, service, from_status, to_status):
    suggestion = _at(person, cast.practitioner, service, from_status, reason="not_now")
    before = SuggestionChange.objects.count()
    move = {
        "suggestion": suggestion,
        "by": cast.practitioner,
        "to_status": to_status,
        "version": suggestion.version,
        "reason": NotForMeReason.TOO_FAR if to_status == S.NOT_FOR_ME else "",
    }
    if (from_status, to_status) in ALLOWED:
        services.suggestion_move(**move)
        stored = Suggestion.objects.get()
        assert stored.status == to_status
        assert SuggestionChange.objects.count() == before + 1
        change = SuggestionChange.objects.last()
        assert (change.from_status, change.to_status) == (from_status, to_status)
    else:
        with pytest.raises(ValidationError) as refused:
            services.suggestion_move(**move)
        assert "to_status" in refused.value.message_dict
        assert Suggestion.objects.get().status == from_status
        assert SuggestionChange.objects.count() == before


def test_moves_from_lists_what_the_screens_may_offer():
    assert services.moves_from(S.SUGGESTED) == [
        S.TALKED_ABOUT,
        S.TRIED,
        S.GOING_REGULARLY,
        S.NOT_FOR_ME,
    ]
    assert services.moves_from(S.NOT_FOR_ME) == [S.SUGGESTED]
    assert services.moves_from(S.GOING_REGULARLY) == [S.TRIED, S.NOT_FOR_ME]


def test_suggestion_move_unknown_status_is_refused(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)
    with pytest.raises(ValidationError):
        services.suggestion_move(
            suggestion=suggestion, by=cast.practitioner, to_status="gone", version=1
        )


@pytest.mark.parametrize("reason", ["", "because"])
def test_suggestion_move_not_for_me_needs_a_reason_from_the_list(cast, person, service, reason):
    suggestion = _suggest(person, cast.practitioner, service=service)
    with pytest.raises(ValidationError) as refused:
        services.suggestion_move(
            suggestion=suggestion,
            by=cast.practitioner,
            to_status=S.NOT_FOR_ME,
            version=suggestion.version,
            reason=reason,
        )
    assert "reason" in refused.value.message_dict
    assert Suggestion.objects.get().status == S.SUGGESTED


def test_suggestion_move_not_for_me_hides_it_and_reopening_ends_the_hiding(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)
    on = TODAY() - dt.timedelta(days=3)
    services.suggestion_move(
        suggestion=suggestion,
        by=cast.practitioner,
        to_status=S.NOT_FOR_ME,
        version=suggestion.version,
        on=on,
        reason=NotForMeReason.TIMING,
        note="Clashes with her shifts",
    )
    stored = Suggestion.objects.get()
    assert stored.hidden_until == on + dt.timedelta(days=HIDE_NOT_FOR_ME_DAYS)
    assert stored.is_hidden()
    assert (stored.reason, stored.status_on, stored.note) == (
        "timing",
        on,
        "Clashes with her shifts",
    )
    assert SuggestionChange.objects.last().note == "Clashes with her shifts"

    services.suggestion_move(
        suggestion=stored, by=cast.practitioner, to_status=S.SUGGESTED, version=stored.version
    )
    stored = Suggestion.objects.get()
    assert (stored.status, stored.hidden_until, stored.reason) == (S.SUGGESTED, None, "")
    assert stored.status_on == TODAY()


def test_suggestion_move_in_the_future_is_refused(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)
    with pytest.raises(ValidationError) as refused:
        services.suggestion_move(
            suggestion=suggestion,
            by=cast.practitioner,
            to_status=S.TALKED_ABOUT,
            version=suggestion.version,
            on=TODAY() + dt.timedelta(days=1),
        )
    assert "on" in refused.value.message_dict


def test_suggestion_move_conflicting_edit_is_refused(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)
    stale = Suggestion.objects.get()
    services.suggestion_move(
        suggestion=suggestion, by=cast.team_lead, to_status=S.TALKED_ABOUT, version=1
    )
    with pytest.raises(EditConflict) as conflict:
        services.suggestion_move(
            suggestion=stale,
            by=cast.practitioner,
            to_status=S.NOT_FOR_ME,
            version=stale.version,
            reason=NotForMeReason.COST,
        )
    assert conflict.value.current.status == S.TALKED_ABOUT
    assert Suggestion.objects.get().status == S.TALKED_ABOUT
    assert SuggestionChange.objects.count() == 2  # created, talked about: nothing from the loser


def test_suggestion_move_is_audited_without_the_note(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)
    services.suggestion_move(
        suggestion=suggestion,
        by=cast.practitioner,
        to_status=S.NOT_FOR_ME,
        version=1,
        reason=NotForMeReason.COST,
        note="Private words",
    )
    event = AuditEvent.objects.filter(
        target_type="suggestions.suggestion", action=AuditAction.CHANGED
    ).get()
    assert event.detail == {
        "from": "suggested",
        "to": "not_for_me",
        "reason": "cost",
        "subject": person.pk,
    }
    assert event.actor == cast.practitioner


# Trying it, in one step -----------------------------------------------------------------------


def test_suggestion_tried_logs_a_contact_and_adds_a_connection(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)
    on = TODAY() - dt.timedelta(days=1)
    services.suggestion_tried(
        suggestion=suggestion,
        by=cast.practitioner,
        version=suggestion.version,
        on=on,
        connection_label="Gardening club",
        note="Loved the tomatoes",
    )
    stored = Suggestion.objects.get()
    contact = Contact.objects.get(person=person)
    connection = Connection.objects.get(person=person)
    assert (stored.status, stored.status_on) == (S.TRIED, on)
    assert stored.contact == contact
    assert stored.connection == connection
    assert contact.kind == ContactKind.GROUP_SESSION
    assert not contact.went_along
    assert contact.happened_on == on
    assert "Riverside Gardening Club" in contact.what_happened
    assert "Loved the tomatoes" in contact.what_happened
    assert connection.label == "Gardening club"
    assert (connection.kind, connection.ring, connection.began) == (
        Kind.GROUP,
        Ring.OUTER,
        Began.SUGGESTION,
    )
    assert connection.inside_services is False
    assert connection.began_with_contact == contact
    assert connection.started_on == on
    audited = set(AuditEvent.objects.values_list("target_type", flat=True))
    assert {"plans.contact", "network.connection", "suggestions.suggestion"} <= audited


def test_suggestion_tried_with_the_worker_is_a_visit_made_together(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)
    services.suggestion_tried(
        suggestion=suggestion, by=cast.practitioner, version=1, with_worker=True
    )
    contact = Contact.objects.get()
    assert contact.kind == ContactKind.ACCOMPANIED_VISIT
    assert contact.went_along
    assert not Connection.objects.exists()  # no label, no connection
    assert Suggestion.objects.get().connection is None


def test_suggestion_tried_peer_counts_as_inside_services(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)
    services.suggestion_tried(
        suggestion=suggestion,
        by=cast.practitioner,
        version=1,
        connection_label="Sam (peer)",
        connection_kind=Kind.PEER,
    )
    assert Connection.objects.get().inside_services is True


def _nothing_written(person):
    stored = Suggestion.objects.get()
    assert stored.status == S.SUGGESTED
    assert stored.contact is None
    assert stored.connection is None
    assert not Contact.objects.filter(person=person).exists()
    assert not Connection.objects.filter(person=person).exists()
    assert not Feedback.objects.exists()
    assert SuggestionChange.objects.count() == 1


@pytest.mark.parametrize(
    "bad",
    [{"connection_kind": "stranger"}, {"connection_label": "   "}, {"connection_label": "x" * 61}],
)
def test_suggestion_tried_bad_connection_rolls_everything_back(cast, person, service, bad):
    suggestion = _suggest(person, cast.practitioner, service=service)
    kwargs = {"connection_label": "Gardening club", **bad}
    with pytest.raises(ValidationError):
        services.suggestion_tried(suggestion=suggestion, by=cast.practitioner, version=1, **kwargs)
    _nothing_written(person)


def test_suggestion_tried_failing_late_rolls_back_contact_and_connection(
    cast, person, service, monkeypatch
):
    """A failure after the contact and connection are written (in the feedback) undoes both."""
    suggestion = _suggest(person, cast.practitioner, service=service)

    def broken(*args, **kwargs):
        raise RuntimeError("directory unavailable")

    monkeypatch.setattr(services.directory_services, "feedback_add", broken)
    with pytest.raises(RuntimeError):
        services.suggestion_tried(
            suggestion=suggestion, by=cast.practitioner, version=1, connection_label="Club"
        )
    _nothing_written(person)


def test_suggestion_tried_conflict_rolls_back(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)
    stale = Suggestion.objects.get()
    services.suggestion_move(
        suggestion=suggestion, by=cast.team_lead, to_status=S.TALKED_ABOUT, version=1
    )
    with pytest.raises(EditConflict):
        services.suggestion_tried(
            suggestion=stale, by=cast.practitioner, version=1, connection_label="Club"
        )
    assert not Contact.objects.exists()
    assert not Connection.objects.exists()
    assert Suggestion.objects.get().status == S.TALKED_ABOUT


def test_suggestion_tried_when_not_allowed_writes_nothing(cast, person, service):
    suggestion = _at(person, cast.practitioner, service, S.NOT_FOR_ME, reason="cost")
    with pytest.raises(ValidationError):
        services.suggestion_tried(
            suggestion=suggestion, by=cast.practitioner, version=suggestion.version
        )
    assert not Contact.objects.exists()


def test_suggestion_tried_for_a_connector_or_idea_names_it_in_the_log(cast, person):
    connector = ConnectorFactory(team=cast.team, name="Maureen's walks")
    suggestion = _suggest(person, cast.practitioner, connector=connector)
    services.suggestion_tried(suggestion=suggestion, by=cast.practitioner, version=1)
    assert "Maureen's walks" in Contact.objects.get().what_happened
    assert not Feedback.objects.exists()  # connectors are not directory services


def test_network_connection_add_is_the_one_used(cast, person, service, monkeypatch):
    """The map is changed through the network service, so its rules and audit apply."""
    calls = []
    real = network_services.connection_add
    monkeypatch.setattr(
        network_services, "connection_add", lambda **kw: calls.append(kw) or real(**kw)
    )
    suggestion = _suggest(person, cast.practitioner, service=service)
    services.suggestion_tried(
        suggestion=suggestion, by=cast.practitioner, version=1, connection_label="Club"
    )
    assert len(calls) == 1
    assert calls[0]["began"] == Began.SUGGESTION


# Feedback into the directory --------------------------------------------------------------------


def test_feedback_follows_the_outcome_one_row_per_suggestion(cast, person, service):
    entry = TeamServiceFactory(team=cast.team, service=service)
    suggestion = _suggest(person, cast.practitioner, service=service)
    services.suggestion_move(
        suggestion=suggestion, by=cast.practitioner, to_status=S.TALKED_ABOUT, version=1
    )
    assert not Feedback.objects.exists()  # talking about it says nothing about the service

    services.suggestion_tried(
        suggestion=suggestion,
        by=cast.practitioner,
        version=suggestion.version,
        note="Ann was there",
    )
    feedback = Feedback.objects.get()
    assert feedback.entry == entry
    assert (feedback.rating, feedback.kept_going) == (FeedbackRating.MIXED, False)
    assert feedback.source == FeedbackSource.SUGGESTION
    assert feedback.note == ""

    services.suggestion_move(
        suggestion=suggestion,
        by=cast.practitioner,
        to_status=S.GOING_REGULARLY,
        version=suggestion.version,
    )
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.kept_going) == (FeedbackRating.WENT_WELL, True)

    services.suggestion_move(
        suggestion=suggestion,
        by=cast.practitioner,
        to_status=S.NOT_FOR_ME,
        version=suggestion.version,
        reason=NotForMeReason.TRIED_DID_NOT_LIKE,
        note="Said Bob was rude",
    )
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.kept_going, feedback.note) == (
        FeedbackRating.NOT_FOR_THEM,
        False,
        "",
    )
    assert TeamService.objects.count() == 1
    suggestion.refresh_from_db()
    assert suggestion.feedback == feedback  # the link is kept on the suggestion itself


def test_feedback_not_for_me_without_trying_writes_none(cast, person, service):
    TeamServiceFactory(team=cast.team, service=service)
    _at(person, cast.practitioner, service, S.NOT_FOR_ME, reason=NotForMeReason.TOO_FAR)
    assert not Feedback.objects.exists()


def test_feedback_tried_and_did_not_like_straight_away(cast, person, service):
    TeamServiceFactory(team=cast.team, service=service)
    _at(person, cast.practitioner, service, S.NOT_FOR_ME, reason=NotForMeReason.TRIED_DID_NOT_LIKE)
    assert Feedback.objects.get().rating == FeedbackRating.NOT_FOR_THEM


def test_feedback_team_starts_using_a_service_it_did_not_know(cast, person, service):
    _at(person, cast.practitioner, service, S.TRIED)
    entry = TeamService.objects.get()
    assert (entry.team, entry.service, entry.added_by) == (cast.team, service, cast.practitioner)
    assert Feedback.objects.get().entry == entry


def test_feedback_separate_rows_for_separate_suggestions(cast, person, service):
    _at(person, cast.practitioner, service, S.GOING_REGULARLY)
    _at(PersonFactory(team=cast.team), cast.practitioner, service, S.TRIED)
    assert sorted(Feedback.objects.values_list("rating", flat=True)) == ["mixed", "went_well"]


def test_feedback_goes_to_the_persons_team_only(cast, person, service):
    TeamServiceFactory(team=cast.other_team, service=service)
    _at(person, cast.practitioner, service, S.TRIED)
    assert Feedback.objects.get().entry.team == cast.team
    assert not Feedback.objects.filter(entry__team=cast.other_team).exists()


def test_feedback_row_removed_with_the_entry_is_made_again(cast, person, service):
    suggestion = _at(person, cast.practitioner, service, S.TRIED)
    TeamService.objects.all().delete()
    services.suggestion_move(
        suggestion=suggestion,
        by=cast.practitioner,
        to_status=S.GOING_REGULARLY,
        version=suggestion.version,
    )
    assert Feedback.objects.get().kept_going is True


def test_feedback_changes_are_audited(cast, person, service):
    _at(person, cast.practitioner, service, S.GOING_REGULARLY)
    events = AuditEvent.objects.filter(target_type="directory.feedback").order_by("pk")
    assert [e.action for e in events] == [AuditAction.CREATED, AuditAction.CHANGED]
    assert events[1].detail == {"rating": "went_well", "kept_going": True}


def test_the_database_refuses_a_second_open_suggestion_of_one_service(cast, person, service):
    from django.db import IntegrityError, transaction

    from connecting_people.suggestions.models import Suggestion

    _suggest(person, cast.practitioner, service=service)
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.create(person=person, service=service)
    Suggestion.objects.filter(person=person).update(status=S.NOT_FOR_ME)
    Suggestion.objects.create(person=person, service=service)  # allowed once the first is closed


def test_a_deleted_service_leaves_the_suggestion_and_its_name(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)
    assert suggestion.name == "Riverside Gardening Club"
    service.delete()
    suggestion.refresh_from_db()
    assert suggestion.service_id is None
    assert suggestion.title == "Riverside Gardening Club"


def test_a_deleted_connector_leaves_the_suggestion_and_its_name(cast, person):
    connector = ConnectorFactory(team=cast.team, name="Brenda's walking group")
    suggestion = _suggest(person, cast.practitioner, connector=connector)
    connector.delete()
    suggestion.refresh_from_db()
    assert (suggestion.connector_id, suggestion.title) == (None, "Brenda's walking group")


# Trying it again, and putting a slip right ------------------------------------------------------


def _tried(suggestion, by, **kwargs):
    return services.suggestion_tried(
        suggestion=suggestion, by=by, version=suggestion.version, **kwargs
    )


def test_suggestion_tried_twice_keeps_one_contact_and_one_connection(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)
    _tried(suggestion, cast.practitioner, connection_label="Gardening club")
    first_contact, first_connection = suggestion.contact, suggestion.connection
    services.suggestion_move(
        suggestion=suggestion,
        by=cast.practitioner,
        to_status=S.TALKED_ABOUT,
        version=suggestion.version,
    )
    _tried(suggestion, cast.practitioner, connection_label="Gardening club again", note="Went")
    assert Contact.objects.filter(person=person).count() == 1
    assert Connection.objects.filter(person=person).count() == 1
    stored = Suggestion.objects.get()
    assert (stored.status, stored.contact, stored.connection) == (
        S.TRIED,
        first_contact,
        first_connection,
    )
    assert stored.connection.label == "Gardening club"


def test_suggestion_tried_again_after_the_contact_was_deleted_logs_a_new_one(cast, person, service):
    suggestion = _suggest(person, cast.practitioner, service=service)
    _tried(suggestion, cast.practitioner)
    services.suggestion_move(
        suggestion=suggestion,
        by=cast.practitioner,
        to_status=S.TALKED_ABOUT,
        version=suggestion.version,
    )
    Contact.objects.all().delete()
    suggestion.refresh_from_db()
    _tried(suggestion, cast.practitioner, connection_label="Club")
    assert Contact.objects.filter(person=person).count() == 1
    assert Connection.objects.filter(person=person).count() == 1


def test_suggestion_tried_with_a_person_the_team_knows_is_a_meeting(cast, person):
    befriender = ConnectorFactory(team=cast.team, kind="person", name="Maureen")
    group = ConnectorFactory(team=cast.team, kind="group", name="Tuesday walkers")
    for connector, kind in ((befriender, ContactKind.MEETING), (group, ContactKind.GROUP_SESSION)):
        suggestion = _suggest(person, cast.practitioner, connector=connector)
        _tried(suggestion, cast.practitioner)
        suggestion.refresh_from_db()
        assert suggestion.contact.kind == kind, connector.name
    befriender_too = ConnectorFactory(team=cast.team, kind="person", name="Sam")
    went_along = _suggest(person, cast.practitioner, connector=befriender_too)
    _tried(went_along, cast.practitioner, with_worker=True)
    went_along.refresh_from_db()
    assert went_along.contact.kind == ContactKind.ACCOMPANIED_VISIT


def test_feedback_goes_when_a_slip_is_put_right(cast, person, service):
    suggestion = _at(person, cast.practitioner, service, S.TRIED)
    feedback = Feedback.objects.get()
    services.suggestion_move(
        suggestion=suggestion,
        by=cast.practitioner,
        to_status=S.TALKED_ABOUT,
        version=suggestion.version,
    )
    assert not Feedback.objects.exists()
    suggestion.refresh_from_db()
    assert suggestion.feedback is None
    assert AuditEvent.objects.filter(
        action=AuditAction.DELETED, target_type="directory.feedback", target_id=str(feedback.pk)
    ).exists()
    _tried(suggestion, cast.practitioner)  # tried for real this time: one row again
    assert Feedback.objects.get().rating == FeedbackRating.MIXED


def test_feedback_stays_when_going_regularly_steps_back_to_tried(cast, person, service):
    suggestion = _at(person, cast.practitioner, service, S.GOING_REGULARLY)
    services.suggestion_move(
        suggestion=suggestion, by=cast.practitioner, to_status=S.TRIED, version=suggestion.version
    )
    assert (Feedback.objects.get().rating, Feedback.objects.get().kept_going) == (
        FeedbackRating.MIXED,
        False,
    )
