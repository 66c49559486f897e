"""Switching an account off ends its sessions at once (issue 15), wherever it is switched off."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from connecting_people.accounts import services
from connecting_people.accounts.models import User
from connecting_people.core.models import AuditAction, AuditEvent

ALLAUTH = "allauth.account.auth_backends.AuthenticationBackend"
MODEL = "django.contrib.auth.backends.ModelBackend"
HOME = reverse("accounts:settings")


def _signed_in(user, backend=MODEL):
    client = Client()
    client.force_login(user, backend=backend)
    assert client.get(HOME).status_code == 200
    return client


def _sessions_of(user):
    return [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def _signed_out(client):
    response = client.get(HOME)
    return response.status_code == 302 and reverse("account_login") in response["Location"]


def test_deactivating_ends_every_session_of_that_account_only(cast):
    laptop, phone = _signed_in(cast.practitioner), _signed_in(cast.practitioner, ALLAUTH)
    colleague = _signed_in(cast.team_lead)
    assert len(_sessions_of(cast.practitioner)) == 2
    services.user_deactivate(user=cast.practitioner, by=cast.org_admin)
    assert _sessions_of(cast.practitioner) == []
    assert _signed_out(laptop)
    assert _signed_out(phone)
    assert colleague.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(
        actor=cast.org_admin,
        action=AuditAction.CHANGED,
        target_type="accounts.user",
        target_id=str(cast.practitioner.pk),
        detail__fields=["is_active"],
    ).exists()


def test_switching_off_in_system_administration_ends_sessions_too(cast):
    client = _signed_in(cast.practitioner)
    admin = Client()
    admin.force_login(User.objects.create_superuser(email="sue@test.example", name="Sue"))
    url = reverse("admin:accounts_user_change", args=[cast.practitioner.pk])
    response = admin.post(
        url,
        {"email": cast.practitioner.email, "name": cast.practitioner.name, "is_active": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cast.practitioner.refresh_from_db()
    assert not cast.practitioner.is_active
    assert _sessions_of(cast.practitioner) == []
    assert _signed_out(client)


@pytest.mark.parametrize("backend", [MODEL, ALLAUTH])
def test_a_session_that_slipped_through_is_signed_out_on_its_next_request(cast, backend):
    client = _signed_in(cast.practitioner, backend)
    User.objects.filter(pk=cast.practitioner.pk).update(is_active=False)  # no signals, no service
    assert _sessions_of(cast.practitioner)  # the session is still there...
    assert _signed_out(client)  # ...but it opens nothing


def test_saving_an_active_account_leaves_its_sessions(cast):
    _signed_in(cast.practitioner)
    services.user_update_name(user=cast.practitioner, name="Pat P", by=cast.practitioner)
    assert len(_sessions_of(cast.practitioner)) == 1


# From the app: an organisation admin deactivates and reactivates staff (issue 15) --------------


def _account_url(cast, user, organisation=None):
    organisation = organisation or cast.organisation
    return reverse("accounts:staff_account", args=[organisation.pk, user.pk])


def test_an_admin_deactivates_a_member_of_staff_and_their_session_ends(cast):
    theirs = _signed_in(cast.practitioner)
    admin = _signed_in(cast.org_admin)
    member_page = admin.get(
        reverse("accounts:team_member_edit", args=[cast.team.pk, cast.practitioner.pk])
    )
    assert _account_url(cast, cast.practitioner) in member_page.text
    confirm = admin.get(_account_url(cast, cast.practitioner))
    assert confirm.status_code == 200
    assert "Deactivate this account" in confirm.text
    cast.practitioner.refresh_from_db()
    assert cast.practitioner.is_active  # asking is not doing

    done = admin.post(_account_url(cast, cast.practitioner), {"active": "off"})

    assert done.status_code == 302
    cast.practitioner.refresh_from_db()
    assert not cast.practitioner.is_active
    assert _signed_out(theirs)  # their existing session is refused on its next request
    assert AuditEvent.objects.filter(
        actor=cast.org_admin, action=AuditAction.CHANGED, target_id=str(cast.practitioner.pk)
    ).exists()
    # Asking twice does not switch it back on.
    admin.post(_account_url(cast, cast.practitioner), {"active": "off"})
    cast.practitioner.refresh_from_db()
    assert not cast.practitioner.is_active


def test_an_admin_reactivates_an_account(cast):
    services.user_deactivate(user=cast.practitioner, by=cast.org_admin)
    admin = _signed_in(cast.org_admin)
    assert "Reactivate this account" in admin.get(_account_url(cast, cast.practitioner)).text
    assert admin.post(_account_url(cast, cast.practitioner), {"active": "on"}).status_code == 302
    cast.practitioner.refresh_from_db()
    assert cast.practitioner.is_active
    assert _signed_in(cast.practitioner).get(HOME).status_code == 200


def test_an_admin_cannot_deactivate_themselves(cast):
    from tests.factories import TeamMembershipFactory

    TeamMembershipFactory(team=cast.team, user=cast.org_admin)  # an admin who also works in a team
    admin = _signed_in(cast.org_admin)
    page = admin.get(_account_url(cast, cast.org_admin))
    posted = admin.post(_account_url(cast, cast.org_admin), {"active": "off"})
    assert (page.status_code, posted.status_code) == (403, 403)
    assert "You cannot deactivate your own account" in page.text
    cast.org_admin.refresh_from_db()
    assert cast.org_admin.is_active
    assert admin.get(HOME).status_code == 200


@pytest.mark.parametrize("who", ["team_lead", "practitioner", "elsewhere_lead", "evaluator"])
def test_anyone_but_the_organisation_s_admins_is_refused(cast, who):
    client = _signed_in(getattr(cast, who))
    target = cast.other_practitioner
    assert client.get(_account_url(cast, target)).status_code == 404
    assert client.post(_account_url(cast, target), {"active": "off"}).status_code == 404
    target.refresh_from_db()
    assert target.is_active
    assert AuditEvent.objects.filter(actor=getattr(cast, who), action=AuditAction.REFUSED).exists()


def test_an_admin_cannot_reach_another_organisation_s_staff(cast):
    admin = _signed_in(cast.org_admin)
    # Through their own organisation's address: not one of its staff, so the same 404 as for none.
    assert admin.post(_account_url(cast, cast.elsewhere_lead), {"active": "off"}).status_code == 404
    # Through the other organisation's address: not theirs to administer.
    url = _account_url(cast, cast.elsewhere_lead, organisation=cast.elsewhere)
    assert admin.post(url, {"active": "off"}).status_code == 404
    cast.elsewhere_lead.refresh_from_db()
    assert cast.elsewhere_lead.is_active


def test_an_account_that_also_works_elsewhere_is_not_switched_off_by_one_side(cast):
    from tests.factories import TeamMembershipFactory

    TeamMembershipFactory(team=cast.elsewhere_team, user=cast.practitioner)
    admin = _signed_in(cast.org_admin)
    response = admin.post(_account_url(cast, cast.practitioner), {"active": "off"})
    assert response.status_code == 403
    assert "also works for an organisation you are not an admin of" in response.text
    cast.practitioner.refresh_from_db()
    assert cast.practitioner.is_active


def test_a_team_lead_sees_no_deactivate_button(cast):
    lead = _signed_in(cast.team_lead)
    page = lead.get(reverse("accounts:team_member_edit", args=[cast.team.pk, cast.practitioner.pk]))
    assert page.status_code == 200
    assert "Deactivate this account" not in page.text
