"""`cpi retention`: the dry run changes nothing; the real run erases what the rules reach, through
the same erasure as a confirmed request, and running it again changes nothing more."""

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people.models import (
    ErasedPerson,
    ErasureRequest,
    ErasureStatus,
    Person,
    Status,
)
from connecting_people.people.retention import years_before
from tests.cast import _record
from tests.factories import PersonFactory

TODAY = timezone.localdate()


def _moved_on(cast, years_ago, name):
    return PersonFactory(
        team=cast.team,
        preferred_name=name,
        status=Status.MOVED_ON,
        moved_on_on=TODAY - dt.timedelta(days=round(365.25 * years_ago)),
        destination="beyond_services",
        started_on=TODAY - dt.timedelta(days=round(365.25 * (years_ago + 1))),
    )


@pytest.fixture
def world(cast, settings):
    long_gone = _moved_on(cast, 9, "Long Gone")
    _record(long_gone, cast.practitioner)
    recent = _moved_on(cast, 2, "Recently Moved")
    still_here = PersonFactory(team=cast.team, preferred_name="Still Here", status=Status.ACTIVE)
    lapsing = ErasureRequest.objects.create(
        person=still_here, team=cast.team, reason="x", requested_by=cast.team_lead
    )
    ErasureRequest.objects.filter(pk=lapsing.pk).update(
        requested_at=timezone.now() - dt.timedelta(days=settings.ERASURE_REQUEST_DAYS + 1)
    )
    old_cancelled = ErasureRequest.objects.create(
        team=cast.team,
        reason="y",
        requested_by=cast.team_lead,
        status=ErasureStatus.CANCELLED,
        decided_at=timezone.now() - dt.timedelta(days=400),
    )
    old_event = AuditEvent.objects.create(
        action=AuditAction.VIEWED,
        at=timezone.now() - dt.timedelta(days=365 * 9),
        target_label="person 1",
        detail={"said": "something"},
    )
    new_event = AuditEvent.objects.create(action=AuditAction.VIEWED, target_label="person 2")
    return locals()


def _counts():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"people", "plans", "network", "outcomes", "suggestions", "core"}
    }


def _run(*args):
    out = StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_counts_and_changes_nothing(world):
    before = _counts()
    said = _run("--dry-run")
    assert _counts() == before
    assert "Would erase the records of 1 people who moved on before" in said
    assert "Would lapse 1 requests" in said
    assert "Would remove 1 cancelled or lapsed requests" in said
    assert "Would erase the details of 1 audit events" in said
    assert "Nothing was changed" in said
    assert "Long Gone" not in said
    assert AuditEvent.objects.get(pk=world["old_event"].pk).redacted is False


def test_the_real_run_erases_what_the_rules_reach_and_nothing_else(world, capsys):
    said = _run()
    assert "Erased the records of 1 people" in said
    assert set(Person.objects.values_list("preferred_name", flat=True)) == {
        "Recently Moved",
        "Still Here",
    }
    erased = ErasedPerson.objects.get()
    assert (erased.status, erased.destination) == (Status.MOVED_ON, "beyond_services")
    world["lapsing"].refresh_from_db()
    assert world["lapsing"].status == ErasureStatus.LAPSED
    assert not ErasureRequest.objects.filter(pk=world["old_cancelled"].pk).exists()
    old, new = (AuditEvent.objects.get(pk=world[n].pk) for n in ("old_event", "new_event"))
    assert (old.redacted, old.target_label, old.detail) == (True, "", {})
    assert (new.redacted, new.target_label) == (False, "person 2")
    erasure = AuditEvent.objects.get(target_type="people.erasedperson")
    assert (erasure.actor, erasure.actor_label, erasure.detail["erasure"]) == (
        None,
        "cpi retention",
        "retention",
    )
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out


def test_running_it_again_changes_nothing_more(world):
    _run()
    before = _counts()
    said = _run()
    assert _counts() == before
    assert "Erased the records of 0 people" in said
    assert "Erased the details of 0 audit events" in said


def test_years_before_a_leap_day():
    assert years_before(dt.date(2024, 2, 29), 1) == dt.date(2023, 2, 28)
    assert years_before(dt.date(2026, 12, 7), 8) == dt.date(2018, 12, 7)
