"""Erasing a person's record: a second person confirms, everything about them goes, the counts
and the audit trail's chain stay (issue 15, ADR 0018)."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, AuditEvent, OrganisationRoleKind
from connecting_people.people.erasure import (
    ErasureRefused,
    erasure_cancel,
    erasure_confirm,
    erasure_request,
    person_erase,
)
from connecting_people.people.models import (
    ErasedPerson,
    ErasureRequest,
    ErasureStatus,
    Person,
    Status,
)
from tests.cast import _record
from tests.factories import OrganisationRoleFactory, PersonFactory

# Models that point at a person's record but are kept when it goes, each for a stated reason.
KEPT = {
    # The request itself: who asked, who confirmed, why; its link to the person is cleared.
    "people.erasurerequest",
}
# Every model that holds a person's data, found by following foreign keys to the record. A new
# one must be added here, after checking that it goes with the person (the cascade test below).
HOLDING = {
    "network.connection",
    "network.sharedstory",
    "network.snapshot",
    "network.snapshotentry",
    "network.tie",
    "outcomes.changepair",
    "outcomes.response",
    "people.consent",
    "people.differentview",  # issue 14: the person's own views, beside the worker's words
    "people.interest",
    "people.interest_categories",
    "people.ownupdate",  # issue 14: updates the person writes for their worker
    "people.personaccount",  # issue 14: the person's own account
    "people.skill",
    "people.statuschange",
    "plans.barrier",
    "plans.barrierupdate",
    "plans.contact",
    "plans.goal",
    "plans.goal_barriers",
    "plans.goal_interests",
    "plans.step",
    "practice.updateseen",
    "suggestions.preferences",
    "suggestions.suggestion",
    "suggestions.suggestionchange",
}


def _links(model):
    return [
        f
        for f in model._meta.get_fields()
        if (f.many_to_one or f.one_to_one) and f.concrete and f.related_model is not None
    ]


def _holding_person_data():
    """Every model (many-to-many tables too) linked to a person's record, directly or through
    another such model."""
    holding = {Person}
    grown = True
    while grown:
        grown = False
        for model in apps.get_models(include_auto_created=True):
            if model in holding or model._meta.label_lower in KEPT:
                continue
            if any(f.related_model in holding for f in _links(model)):
                holding.add(model)
                grown = True
    return holding - {Person}


def test_every_model_holding_a_persons_data_is_known_and_goes_with_them():
    holding = _holding_person_data()
    assert {m._meta.label_lower for m in holding} == HOLDING
    for model in holding:
        cascades = [
            f
            for f in _links(model)
            if f.related_model in holding | {Person} and f.remote_field.on_delete is models.CASCADE
        ]
        assert cascades, f"{model._meta.label} is not removed with the person's record"


def _ask(cast, person, by=None):
    return erasure_request(person=person, reason="They asked us to.", by=by or cast.team_lead)


def _second_lead(cast):
    from tests.factories import TeamMembershipFactory, UserFactory

    return TeamMembershipFactory(team=cast.team, role="team_lead", user=UserFactory()).user


@pytest.fixture
def sam(cast):
    person = PersonFactory(team=cast.team, preferred_name="Sam Quillon", status=Status.ACTIVE)
    return _record(person, cast.practitioner)


def test_confirming_erases_everything_held_about_the_person(cast, sam):
    kept = PersonFactory(team=cast.team, preferred_name="Kit Kept")
    kept.interests.create(when="do_now", description="Chess")
    before = {m: m.objects.count() for m in _holding_person_data()}
    assert sum(1 for count in before.values() if count) >= 12  # a full record
    request = _ask(cast, sam.person)
    erased = erasure_confirm(request=request, by=_second_lead(cast))
    assert not Person.objects.filter(pk=sam.person.pk).exists()
    for model in _holding_person_data():
        left = model.objects.count()
        if model._meta.label_lower == "outcomes.changepair":  # the numbers stay, on the
            left = model.objects.filter(person__isnull=False).count()  # tombstone
            assert not model.objects.exclude(erased=erased).filter(person__isnull=True).exists()
        expected = 1 if model._meta.label_lower == "people.interest" else 0  # Kit's
        assert left == expected, model._meta.label
    assert Person.objects.get() == kept
    request.refresh_from_db()
    assert (request.status, request.person, request.erased) == (
        ErasureStatus.CONFIRMED,
        None,
        erased,
    )


def test_an_erased_record_keeps_only_what_the_counts_need(cast, sam):
    moved_on = PersonFactory(
        team=cast.team,
        status=Status.MOVED_ON,
        moved_on_on=dt.date(2020, 5, 1),
        destination="lower_support",
        started_on=dt.date(2019, 1, 2),
    )
    erased = person_erase(person=moved_on, by=None, how="retention", actor_label="cpi retention")
    erased = ErasedPerson.objects.get(pk=erased.pk)
    assert (erased.team, erased.started_on, erased.status) == (
        cast.team,
        dt.date(2019, 1, 2),
        Status.MOVED_ON,
    )
    assert (erased.moved_on_on, erased.destination) == (dt.date(2020, 5, 1), "lower_support")
    assert erased.erased_on == timezone.localdate()
    names = {f.name for f in ErasedPerson._meta.concrete_fields}
    assert names == {"id", "team", "started_on", "status", "moved_on_on", "destination"} | {
        "erased_on",
        "research_opt_out",  # so a research-only count leaves them out, as before the erasure
    }


def test_the_trail_about_them_is_erased_and_still_checks(cast, sam, capsys):
    audit_record(
        by=cast.practitioner, action=AuditAction.CHANGED, target=sam.goal, detail={"x": "y"}
    )
    audit_record(by=cast.practitioner, action=AuditAction.VIEWED, target=cast.team)
    audit_record(by=cast.practitioner, action=AuditAction.VIEWED, target=sam.person)
    about = AuditEvent.objects.filter(target_type="people.person", target_id=str(sam.person.pk))
    assert about.exists()
    lead = _second_lead(cast)
    erasure_confirm(request=_ask(cast, sam.person), by=lead)
    goal_event = AuditEvent.objects.get(target_type="plans.goal", action=AuditAction.CHANGED)
    assert (goal_event.redacted, goal_event.target_label, goal_event.detail) == (True, "", {})
    assert all(e.redacted for e in about)
    team_event = AuditEvent.objects.get(target_type="accounts.team", action=AuditAction.VIEWED)
    assert team_event.redacted is False
    assert team_event.target_label == "North Team"
    erasure = AuditEvent.objects.get(target_type="people.erasedperson")
    assert erasure.action == AuditAction.DELETED
    assert erasure.actor == lead
    assert erasure.detail["requested_by"] == cast.team_lead.pk
    assert erasure.detail["confirmed_by"] == lead.pk
    assert erasure.detail["records"]["plans.goal"] == 1
    assert erasure.detail["audit_events_erased"] >= 2
    assert "Sam" not in str(erasure.detail)
    assert "Quillon" not in erasure.target_label
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out


def test_the_one_who_asked_can_never_confirm(cast, sam):
    request = _ask(cast, sam.person)
    with pytest.raises(ErasureRefused):
        erasure_confirm(request=request, by=cast.team_lead)
    assert Person.objects.filter(pk=sam.person.pk).exists()


@pytest.mark.parametrize(
    "who", ["practitioner", "other_practitioner", "elsewhere_lead", "org_admin"]
)
def test_only_a_lead_or_data_protection_lead_may_ask_or_confirm(cast, sam, who):
    with pytest.raises(ErasureRefused):
        _ask(cast, sam.person, by=getattr(cast, who))
    request = _ask(cast, sam.person)
    with pytest.raises(ErasureRefused):
        erasure_confirm(request=request, by=getattr(cast, who))
    with pytest.raises(ErasureRefused):
        erasure_cancel(request=request, by=getattr(cast, who))
    assert Person.objects.filter(pk=sam.person.pk).exists()


def test_a_data_protection_lead_of_the_organisation_may_confirm(cast, sam):
    dpo = OrganisationRoleFactory(
        organisation=cast.organisation, role=OrganisationRoleKind.DATA_PROTECTION
    ).user
    erasure_confirm(request=_ask(cast, sam.person), by=dpo)
    assert not Person.objects.filter(pk=sam.person.pk).exists()


def test_a_data_protection_lead_elsewhere_may_not(cast, sam):
    dpo = OrganisationRoleFactory(
        organisation=cast.elsewhere, role=OrganisationRoleKind.DATA_PROTECTION
    ).user
    with pytest.raises(ErasureRefused):
        erasure_confirm(request=_ask(cast, sam.person), by=dpo)


def test_a_cancelled_or_lapsed_request_cannot_be_confirmed(cast, sam, settings):
    request = _ask(cast, sam.person)
    erasure_cancel(request=request, by=cast.team_lead)
    with pytest.raises(ErasureRefused):
        erasure_confirm(request=request, by=_second_lead(cast))
    request = _ask(cast, sam.person)
    ErasureRequest.objects.filter(pk=request.pk).update(
        requested_at=timezone.now() - dt.timedelta(days=settings.ERASURE_REQUEST_DAYS + 1)
    )
    request.refresh_from_db()
    with pytest.raises(ErasureRefused):
        erasure_confirm(request=request, by=_second_lead(cast))
    assert Person.objects.filter(pk=sam.person.pk).exists()
    assert _ask(cast, sam.person).status == ErasureStatus.WAITING  # the lapsed one made way
    request.refresh_from_db()
    assert request.status == ErasureStatus.LAPSED


def test_one_waiting_request_per_person(cast, sam):
    _ask(cast, sam.person)
    with pytest.raises(ErasureRefused):
        _ask(cast, sam.person, by=_second_lead(cast))


def test_their_own_sign_in_account_goes_with_them_and_the_trail_keeps_no_address(cast, sam):
    """issue 14: the person's own account (name, email) is erased with the record; the events it
    wrote stay in the trail by number only."""
    from connecting_people.accounts.models import User
    from connecting_people.core.audit import audit_record
    from connecting_people.core.models import AuditEvent
    from tests.factories import PersonAccountFactory

    account = PersonAccountFactory(
        person=sam.person, user__email="sam.quillon@home.example", user__name="Sam Quillon"
    )
    audit_record(by=account.user, action="changed", target=sam.person)
    erasure_confirm(request=_ask(cast, sam.person), by=_second_lead(cast))
    shell = User.objects.get(pk=account.user_id)  # kept empty: the trail points at it
    assert (shell.is_active, shell.name, shell.has_usable_password()) == (False, "", False)
    assert "sam.quillon" not in shell.email
    labels = "".join(AuditEvent.objects.values_list("actor_label", flat=True))
    assert "sam.quillon" not in labels
    assert AuditEvent.objects.filter(
        actor_id=account.user_id, actor_label="a person's own account"
    ).exists()
