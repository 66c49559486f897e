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


# Staff accounts switched off, decided requests to join a team, and files (issue 15) ──────────


def _switched_off(years_ago, email):
    from connecting_people.accounts.services import user_deactivate
    from tests.factories import UserFactory

    user = UserFactory(email=email, name=f"Staff {email}")
    user_deactivate(user=user, by=None)
    type(user).objects.filter(pk=user.pk).update(
        deactivated_at=timezone.now() - dt.timedelta(days=round(365.25 * years_ago))
    )
    user.refresh_from_db()
    return user


@pytest.fixture
def staff_world(cast, settings, tmp_path):
    from connecting_people.core.models import JoinRequestStatus, TeamJoinRequest

    settings.DATA_DIR = tmp_path
    long_gone = _switched_off(settings.RETENTION_STAFF_ACCOUNT_YEARS + 1, "gone@example.org")
    recent = _switched_off(1, "recent@example.org")
    old_join = TeamJoinRequest.objects.create(
        user=cast.org_admin,
        team=cast.team,
        role="practitioner",
        status=JoinRequestStatus.DECLINED,
        decided_by=cast.team_lead,
        decided_at=timezone.now() - dt.timedelta(days=settings.RETENTION_JOIN_REQUEST_DAYS + 1),
    )
    new_join = TeamJoinRequest.objects.create(
        user=cast.org_admin,
        team=cast.other_team,
        role="practitioner",
        status=JoinRequestStatus.CONFIRMED,
        decided_by=cast.team_lead,
        decided_at=timezone.now() - dt.timedelta(days=3),
    )
    pending = TeamJoinRequest.objects.create(
        user=cast.practitioner, team=cast.other_team, role="practitioner"
    )
    old_file, new_file, elsewhere = (
        tmp_path / "backups" / "old.tar.gz",
        tmp_path / "exports" / "new.zip",
        tmp_path / "somewhere-else.tar.gz",
    )
    for path in (old_file, new_file, elsewhere):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"x")
    long_ago = (timezone.now() - dt.timedelta(days=settings.RETENTION_FILES_DAYS + 1)).timestamp()
    import os

    os.utime(old_file, (long_ago, long_ago))
    os.utime(elsewhere, (long_ago, long_ago))
    return locals()


def test_the_dry_run_counts_staff_requests_and_files_and_changes_nothing(staff_world):
    said = _run("--dry-run")
    assert "Would remove the name and email of 1 staff accounts" in said
    assert "Would remove 1 decided requests to join" in said
    assert "Would delete 1 files" in said
    assert "Files anywhere else are not reached" in said
    staff_world["long_gone"].refresh_from_db()
    assert staff_world["long_gone"].email == "gone@example.org"
    assert staff_world["old_file"].exists()
    assert "gone@example.org" not in said


def test_a_long_switched_off_account_loses_its_personal_details_and_keeps_its_row(staff_world):
    from allauth.account.models import EmailAddress

    gone, recent = staff_world["long_gone"], staff_world["recent"]
    EmailAddress.objects.create(user=gone, email=gone.email, verified=True, primary=True)
    event = AuditEvent.objects.create(action=AuditAction.VIEWED, actor=gone)
    _run()
    gone.refresh_from_db()
    assert gone.name == f"Former staff member {gone.pk}"
    assert gone.email == f"former-staff-{gone.pk}@removed.invalid"
    assert gone.anonymised_at is not None
    assert not gone.has_usable_password()
    assert not gone.is_active
    assert not EmailAddress.objects.filter(user=gone).exists()
    assert AuditEvent.objects.get(pk=event.pk).actor == gone  # the trail still points at it
    recent.refresh_from_db()
    assert recent.email == "recent@example.org"
    assert "Removed the name and email of 0 staff accounts" in _run()  # once only


def test_an_anonymised_account_cannot_be_switched_back_on(staff_world):
    from connecting_people.accounts.services import user_reactivate

    _run()
    gone = staff_world["long_gone"]
    gone.refresh_from_db()
    with pytest.raises(ValueError, match="stays switched off"):
        user_reactivate(user=gone, by=None)


def test_switching_an_account_off_and_on_dates_it(cast):
    from connecting_people.accounts.services import user_deactivate, user_reactivate

    user_deactivate(user=cast.practitioner, by=cast.org_admin)
    assert cast.practitioner.deactivated_at is not None
    user_reactivate(user=cast.practitioner, by=cast.org_admin)
    assert cast.practitioner.deactivated_at is None


def test_old_decided_join_requests_go_and_the_others_stay(staff_world):
    from connecting_people.core.models import TeamJoinRequest

    _run()
    left = set(TeamJoinRequest.objects.values_list("pk", flat=True))
    assert left == {staff_world["new_join"].pk, staff_world["pending"].pk}


def test_old_files_in_the_known_folders_go_and_nothing_else(staff_world):
    said = _run()
    assert "Deleted 1 files" in said
    assert not staff_world["old_file"].exists()
    assert staff_world["new_file"].exists()
    assert staff_world["elsewhere"].exists()  # outside the known folders: said, never touched
    files_event = AuditEvent.objects.filter(actor_label="cpi retention").order_by("pk").last()
    assert files_event.detail == {"retention": "files", "files_deleted": 1}
