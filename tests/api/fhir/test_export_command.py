"""`cpi export_fhir EMAIL PERSON_ID [--related] [--output FILE]`: the bundle as that member of
staff may see it, audited as an export; anyone else refused with a clear error and a non-zero
exit, and that refusal audited too."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from connecting_people.core.models import AuditAction, AuditEvent
from tests.api.fhir.builders import checked, full_person, of_type


@pytest.fixture
def person(cast):
    return full_person(cast)


def _export(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_fhir", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_staff_in_the_team_write_the_bundle_to_a_file_audited_as_an_export(cast, person, tmp_path):
    target = tmp_path / "plan.json"
    _, said = _export(cast.practitioner.email, person.pk, "--output", target)

    bundle = checked(json.loads(target.read_text(encoding="utf-8")))
    assert of_type(bundle, "Patient")[0]["id"] == str(person.pk)
    assert not of_type(bundle, "RelatedPerson")
    assert f"to {target}" in said
    assert target.stat().st_mode & 0o777 == 0o600
    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.actor, event.target_id) == (
        AuditAction.EXPORTED,
        cast.practitioner,
        str(person.pk),
    )
    assert event.detail == {"fhir": "cpi export_fhir", "related": False}


def test_without_a_file_the_bundle_goes_to_the_screen_and_related_people_when_asked(cast, person):
    out, _ = _export(cast.team_lead.email.upper(), person.pk, "--related")

    bundle = checked(json.loads(out))
    assert len(of_type(bundle, "RelatedPerson")) == 7


@pytest.mark.parametrize("who", ["other_practitioner", "evaluator", "org_admin", "outsider"])
def test_anyone_outside_the_team_is_refused_with_a_non_zero_exit_and_audited(
    cast, person, who, tmp_path
):
    viewer = getattr(cast, who)
    target = tmp_path / "plan.json"
    with pytest.raises(CommandError, match="may not see person number") as refused:
        _export(viewer.email, person.pk, "--output", target)

    assert refused.value.returncode != 0
    assert not target.exists()
    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.actor) == (AuditAction.REFUSED, viewer)


def test_someone_who_does_not_exist_is_refused_as_someone_not_allowed(cast):
    with pytest.raises(CommandError, match="may not see person number 999999"):
        _export(cast.practitioner.email, 999_999)


def test_an_unknown_or_switched_off_account_is_refused(cast, person):
    with pytest.raises(CommandError, match="no active account"):
        _export("nobody@example.org", person.pk)
    cast.practitioner.is_active = False
    cast.practitioner.save()
    with pytest.raises(CommandError, match="no active account"):
        _export(cast.practitioner.email, person.pk)


def test_an_existing_file_is_never_overwritten(cast, person, tmp_path):
    target = tmp_path / "plan.json"
    target.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        _export(cast.practitioner.email, person.pk, "--output", target)
    assert target.read_text() == "keep me"
