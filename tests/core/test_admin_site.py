"""System administration (Django's admin) signs in only through the app's sign-in and its second
step, and every change made there leaves an event in the app's audit trail (issue 15)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib import admin
from django.core.cache import cache
from django.urls import reverse

from connecting_people.core.admin_site import AuditedModelAdmin, ConnectingPeopleAdminSite
from connecting_people.core.models import AuditAction, AuditEvent, Organisation, TeamMembership
from connecting_people.plans.models import BarrierFamily, BarrierType
from tests.factories import PASSWORD, UserFactory

ADMIN_INDEX = "/django-admin/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # allauth counts sign-in attempts in the cache
    yield
    cache.clear()


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@test.example", is_staff=True, is_superuser=True)


@pytest.fixture
def totp_secret(superuser):
    secret = generate_totp_secret()
    TOTP.activate(superuser, secret)
    return secret


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def _password_step(client, user):
    return client.post(
        f"{reverse('account_login')}?next={ADMIN_INDEX}",
        {"login": user.email, "password": PASSWORD},
    )


# Signing in --------------------------------------------------------------------------------------


def test_the_admin_is_our_site_everywhere():
    assert isinstance(admin.site, ConnectingPeopleAdminSite)
    for model_admin in admin.site._registry.values():
        assert isinstance(model_admin, AuditedModelAdmin), type(model_admin)


def test_admin_sign_in_page_sends_people_to_the_app_sign_in_keeping_where_they_were_going(client):
    response = client.get(reverse("admin:login"), {"next": "/django-admin/core/team/"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == ["/django-admin/core/team/"]


def test_admin_sign_in_page_drops_a_next_address_on_another_site(client):
    response = client.get(reverse("admin:login"), {"next": "https://evil.example/"})
    location = urlsplit(response["Location"])
    assert location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == [ADMIN_INDEX]


def test_an_admin_page_sends_someone_signed_out_to_sign_in(client, db):
    response = client.get(ADMIN_INDEX, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_posting_a_password_to_the_admin_sign_in_signs_nobody_in(client, superuser):
    response = client.post(
        reverse("admin:login"), {"username": superuser.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("account_login")
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN_INDEX).status_code == 302


def test_superuser_without_an_authenticator_opens_the_admin_after_the_app_sign_in(
    client, superuser
):
    response = _password_step(client, superuser)
    assert response["Location"] == ADMIN_INDEX
    assert client.get(ADMIN_INDEX).status_code == 200


def test_superuser_with_an_authenticator_is_asked_for_the_code(client, superuser, totp_secret):
    response = _password_step(client, superuser)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN_INDEX).status_code == 302


def test_superuser_with_both_steps_opens_the_admin(client, superuser, totp_secret):
    _password_step(client, superuser)
    response = client.post(reverse("mfa_authenticate"), {"code": _code(totp_secret)})
    assert response.status_code == 302
    assert client.get(ADMIN_INDEX).status_code == 200


def test_superuser_with_an_authenticator_who_skipped_the_code_is_refused(
    client, superuser, totp_secret
):
    """A session signed in by password alone (as any path that skipped the code step would
    leave it) does not open the admin: it is sent to give its code first."""
    client.force_login(superuser)
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": 0}]
    session["account_authentication_methods_user"] = str(superuser.pk)
    session.save()
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 302
    assert client.get(reverse("admin:core_team_changelist")).status_code == 302
    login = client.get(reverse("admin:login"), {"next": ADMIN_INDEX})
    assert urlsplit(login["Location"]).path == reverse("mfa_reauthenticate")


def test_superuser_with_an_authenticator_gives_the_code_again_and_gets_in(
    client, superuser, totp_secret
):
    client.force_login(superuser)
    response = client.post(
        f"{reverse('mfa_reauthenticate')}?next={ADMIN_INDEX}", {"code": _code(totp_secret)}
    )
    assert response.status_code == 302
    assert client.get(ADMIN_INDEX).status_code == 200


def test_someone_who_is_not_staff_is_refused_kindly(client, db):
    client.force_login(UserFactory())
    assert client.get(ADMIN_INDEX).status_code == 302
    response = client.get(reverse("admin:login"), {"next": ADMIN_INDEX})
    assert response.status_code == 403
    assert "only for the people who look after Connecting People" in response.content.decode()


# Audit -------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _events(**kwargs):
    return list(AuditEvent.objects.filter(detail__via="admin", **kwargs).order_by("pk"))


def test_adding_an_organisation_is_audited(admin_client, superuser):
    response = admin_client.post(
        reverse("admin:core_organisation_add"),
        {"name": "Hillside Trust", "slug": "hillside", "is_demo": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(slug="hillside")
    (event,) = _events(action=AuditAction.CREATED, target_type="accounts.organisation")
    assert event.actor == superuser
    assert event.target_id == str(organisation.pk)
    assert "Hillside" not in str(event.detail)


def test_changing_an_organisation_is_audited_by_field_name(admin_client, cast):
    organisation = cast.organisation
    response = admin_client.post(
        reverse("admin:core_organisation_change", args=[organisation.pk]),
        {"name": "Riverside Care", "slug": organisation.slug, "is_demo": ""},
    )
    assert response.status_code == 302
    (event,) = _events(action=AuditAction.CHANGED, target_type="accounts.organisation")
    assert event.detail == {"via": "admin", "fields": ["name"]}
    assert event.target_id == str(organisation.pk)


def test_deleting_an_organisation_is_audited(admin_client, db):
    organisation = Organisation.objects.create(name="Gone Trust", slug="gone")
    pk = organisation.pk
    response = admin_client.post(
        reverse("admin:core_organisation_delete", args=[pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=pk).exists()
    (event,) = _events(action=AuditAction.DELETED, target_type="accounts.organisation")
    assert event.target_id == str(pk)


def _barrier_form(**changes):
    form = {"name": "No bus", "slug": "no-bus", "family": BarrierFamily.values[0], "position": "1"}
    return {**form, "is_active": "on", **changes}


def test_adding_changing_and_deleting_a_kind_of_barrier_is_audited(admin_client):
    response = admin_client.post(reverse("admin:plans_barriertype_add"), _barrier_form())
    assert response.status_code == 302
    barrier = BarrierType.objects.get(slug="no-bus")
    admin_client.post(
        reverse("admin:plans_barriertype_change", args=[barrier.pk]),
        _barrier_form(name="No bus on Sundays", is_active=""),
    )
    admin_client.post(
        reverse("admin:plans_barriertype_changelist"),
        {"action": "delete_selected", "_selected_action": [barrier.pk], "post": "yes"},
    )
    assert not BarrierType.objects.filter(pk=barrier.pk).exists()
    events = _events(target_type="plans.barriertype")
    assert [e.action for e in events] == [
        AuditAction.CREATED,
        AuditAction.CHANGED,
        AuditAction.DELETED,
    ]
    assert events[1].detail["fields"] == ["is_active", "name"]
    assert all(e.target_id == str(barrier.pk) for e in events)
    assert "Sundays" not in str([e.detail for e in events])


def test_a_team_member_removed_in_the_admin_is_audited_on_its_own(admin_client, cast):
    """Inline rows are records too: removing someone from a team is an event of its own."""
    team = cast.team
    memberships = list(TeamMembership.objects.filter(team=team).order_by("pk"))
    gone = memberships[0]
    form = {
        "name": team.name,
        "organisation": team.organisation_id,
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, membership in enumerate(memberships):
        form[f"memberships-{i}-id"] = membership.pk
        form[f"memberships-{i}-team"] = team.pk
        form[f"memberships-{i}-user"] = membership.user_id
        form[f"memberships-{i}-role"] = membership.role
    form["memberships-0-DELETE"] = "on"
    response = admin_client.post(reverse("admin:core_team_change", args=[team.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not TeamMembership.objects.filter(pk=gone.pk).exists()
    (event,) = _events(action=AuditAction.DELETED)
    assert event.target_type == "accounts.teammembership"
    assert event.target_id == str(gone.pk)


def test_a_failed_audit_write_undoes_the_admin_change(admin_client, cast, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("connecting_people.core.admin_site.audit_record", broken)
    admin_client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        admin_client.post(
            reverse("admin:core_organisation_change", args=[cast.organisation.pk]),
            {"name": "Changed Trust", "slug": cast.organisation.slug, "is_demo": ""},
        )
    cast.organisation.refresh_from_db()
    assert cast.organisation.name == "Riverside Trust"


def test_a_failed_bulk_deletion_leaves_no_event(admin_client, monkeypatch):
    """Admin actions (deleting the selected rows) are one transaction with their events: the
    event is written first, so a deletion that then fails takes its event with it."""
    barrier = BarrierType.objects.create(**_barrier_form(is_active=True, position=1))

    def broken(request, queryset):
        raise RuntimeError("database went away")

    monkeypatch.setattr(admin.site._registry[BarrierType], "delete_queryset", broken)
    admin_client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        admin_client.post(
            reverse("admin:plans_barriertype_changelist"),
            {"action": "delete_selected", "_selected_action": [barrier.pk], "post": "yes"},
        )
    assert BarrierType.objects.filter(pk=barrier.pk).exists()
    assert _events(action=AuditAction.DELETED) == []


def _new_password(admin_client, user):
    return admin_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "A new long passphrase 42", "password2": "A new long passphrase 42"},
    )


def test_setting_a_password_in_the_admin_is_audited_without_the_password(admin_client, db):
    user = UserFactory()
    response = _new_password(admin_client, user)
    assert response.status_code == 302, response.content.decode()[:2000]
    (event,) = _events(action=AuditAction.CHANGED, target_type="accounts.user")
    assert event.target_id == str(user.pk)
    assert "passphrase" not in str(event.detail)


def test_a_failed_audit_write_undoes_a_password_set_in_the_admin(admin_client, monkeypatch, db):
    user = UserFactory()

    def broken(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("connecting_people.core.admin_site.audit_record", broken)
    admin_client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        _new_password(admin_client, user)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
