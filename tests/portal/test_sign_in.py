"""The person's way in (issue 14): invited by email or with a printed code, starting with that
code, choosing a password, and signing in later by an emailed code or the password. Codes work
once, run out, are kept only hashed; wrong ones are limited and audited; a staff account and a
person's account never sign in through each other's door; paused and ended accounts are turned
back kindly."""

import datetime as dt
import re
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import check_password
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people import own_account
from connecting_people.people.erasure import person_erase
from connecting_people.people.models import NO_MAIL_DOMAIN, PersonAccount
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")
NEW_PASSWORD = "blue kettle garden walk"


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    """Each test counts from nothing: a cache of its own, not the shared one on disk."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "own"}
    }
    settings.TRUSTED_PROXIES = []
    cache.clear()


@pytest.fixture
def kit(cast):
    return PersonFactory(team=cast.team, preferred_name="Kit", email="kit@home.example")


def _invite(client, person, how, email=""):
    url = reverse("own_space:invite", args=[person.pk])
    return client.post(url, {"how": how, "email": email})


def _letter_code(response) -> tuple[str, str]:
    """The code and sign-in name shown once on the printable page."""
    page = response.content.decode()
    code = CODE.search(page).group(0)
    account = PersonAccount.objects.get(user__email__endswith=NO_MAIL_DOMAIN)
    assert account.sign_in_name in page
    return account.sign_in_name, code


def _start(client, sign_in, code, **extra):
    return client.post(reverse("portal:start"), {"sign_in": sign_in, "code": code}, **extra)


def _signed_in_as(client):
    return client.session.get(SESSION_KEY)


# ── Inviting ──────────────────────────────────────────────────────────────────────────────────
def test_inviting_by_email_makes_an_invited_account_and_emails_a_link_with_the_code(
    cast, kit, sign_in
):
    response = _invite(sign_in(cast.practitioner), kit, "email", kit.email)
    assert response.status_code == 302
    account = PersonAccount.objects.get(person=kit)
    assert account.status == "invited"
    assert account.user.is_person
    assert not account.user.has_usable_password()
    assert account.user.email == "kit@home.example"
    assert account.invited_by == cast.practitioner
    [sent] = mail.outbox
    assert sent.to == ["kit@home.example"]
    code = CODE.search(sent.body).group(0)
    assert reverse("portal:start") in sent.body
    assert "code=" + code in sent.body
    assert AuditEvent.objects.filter(
        actor=cast.practitioner, action=AuditAction.CREATED, target_id=str(account.pk)
    ).exists()


def test_inviting_with_a_printed_code_shows_it_once_and_sends_nothing(cast, kit, sign_in):
    response = _invite(sign_in(cast.practitioner), kit, "letter")
    assert response.status_code == 200
    sign_in_name, code = _letter_code(response)
    assert mail.outbox == []
    assert PersonAccount.objects.get(person=kit).user.email == f"{sign_in_name}@{NO_MAIL_DOMAIN}"
    page = sign_in(cast.practitioner).get(reverse("own_space:detail", args=[kit.pk]))
    assert code not in page.content.decode()


def test_the_code_is_kept_only_as_a_hash(cast, kit):
    account, code = own_account.person_account_invite(person=kit, email=None, by=cast.practitioner)
    account.refresh_from_db()
    stored = [str(getattr(account, f.attname)) for f in PersonAccount._meta.concrete_fields]
    assert not any(code in value or own_account.format_code(code) in value for value in stored)
    assert check_password(code, account.code_hash)


def test_an_address_that_already_has_an_account_is_refused_in_plain_words(cast, kit, sign_in):
    response = _invite(sign_in(cast.practitioner), kit, "email", cast.team_lead.email)
    assert response.status_code == 200
    assert "already belongs to an account here" in response.content.decode()
    assert not PersonAccount.objects.filter(person=kit).exists()


def test_email_invitation_needs_an_address(cast, sign_in):
    person = PersonFactory(team=cast.team, email="")
    response = _invite(sign_in(cast.practitioner), person, "email")
    assert "Enter their email address, or choose a printed code" in response.content.decode()


def test_another_teams_practitioner_cannot_invite(cast, kit, sign_in):
    response = _invite(sign_in(cast.other_practitioner), kit, "letter")
    assert response.status_code == 404
    assert not PersonAccount.objects.filter(person=kit).exists()


# ── Starting and signing in ───────────────────────────────────────────────────────────────────
def test_the_whole_way_in_with_a_printed_code(cast, kit, sign_in):
    sign_in_name, code = _letter_code(_invite(sign_in(cast.practitioner), kit, "letter"))
    person = Client()
    started = _start(person, sign_in_name, code.lower().replace("-", " "))
    assert started.status_code == 302
    assert started["Location"] == reverse("portal:choose_password")
    account = PersonAccount.objects.get(person=kit)
    assert account.status == "active"
    assert account.code_hash == ""
    assert _signed_in_as(person) == str(account.user.pk)
    assert person.get(reverse("portal:home")).status_code == 200

    chosen = person.post(
        reverse("portal:choose_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert chosen.status_code == 302
    assert _signed_in_as(person) == str(account.user.pk)  # still signed in
    person.post(reverse("account_logout"))
    assert _signed_in_as(person) is None

    again = person.post(
        reverse("portal:sign_in"),
        {"how": "password", "sign_in": sign_in_name, "password": NEW_PASSWORD},
    )
    assert again.status_code == 302
    assert person.get(again["Location"], follow=True).request["PATH_INFO"] == reverse("portal:home")
    assert _signed_in_as(person) == str(account.user.pk)


def test_the_email_link_fills_in_the_form(cast, kit, sign_in):
    _invite(sign_in(cast.practitioner), kit, "email", kit.email)
    link = re.search(r"http://testserver(/my/start/\S+)", mail.outbox[0].body).group(1)
    page = Client().get(link).content.decode()
    code = CODE.search(mail.outbox[0].body).group(0)
    assert f'value="{code}"' in page
    assert 'value="kit@home.example"' in page


def test_a_code_works_once(cast, kit):
    account, code = own_account.person_account_invite(person=kit, email=None, by=cast.practitioner)
    assert _start(Client(), account.sign_in_name, code).status_code == 302
    again = Client()
    second = _start(again, account.sign_in_name, code)
    assert second.status_code == 200
    assert _signed_in_as(again) is None
    assert "That code does not match" in second.content.decode()


def test_a_code_runs_out(cast, kit, settings):
    settings.CPI_INVITATION_DAYS = 3
    account, code = own_account.person_account_invite(person=kit, email=None, by=cast.practitioner)
    assert account.code_expires_at.date() == (timezone.now() + dt.timedelta(days=3)).date()
    PersonAccount.objects.filter(pk=account.pk).update(
        code_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client = Client()
    response = _start(client, account.sign_in_name, code)
    assert "This code has run out. Please ask your worker for a new one." in (
        response.content.decode()
    )
    assert _signed_in_as(client) is None


def test_a_new_code_voids_the_last_one(cast, kit, sign_in):
    account, first = own_account.person_account_invite(person=kit, email=None, by=cast.practitioner)
    response = sign_in(cast.practitioner).post(
        reverse("own_space:new_code", args=[kit.pk]), {"version": account.version}
    )
    second = CODE.search(response.content.decode()).group(0)
    assert (
        "That code does not match" in _start(Client(), account.sign_in_name, first).content.decode()
    )
    assert _start(Client(), account.sign_in_name, second).status_code == 302


def test_a_stale_page_changes_nothing_and_shows_the_clash(cast, kit, sign_in):
    account, _code = own_account.person_account_invite(person=kit, email=None, by=cast.practitioner)
    client = sign_in(cast.practitioner)
    stale = account.version
    client.post(reverse("own_space:access", args=[kit.pk, "pause"]), {"version": stale})
    response = client.post(reverse("own_space:access", args=[kit.pk, "end"]), {"version": stale})
    assert response.status_code == 200
    assert "Someone else changed their access" in response.content.decode()
    assert PersonAccount.objects.get(pk=account.pk).status == "paused"


# ── Wrong codes: limited per account and address, and audited ─────────────────────────────────
GUESSER = {"REMOTE_ADDR": "198.51.100.66"}
OWNER = {"REMOTE_ADDR": "203.0.113.7"}


def test_wrong_codes_are_limited_per_account_at_an_address_and_audited(cast, kit):
    account, code = own_account.person_account_invite(person=kit, email=None, by=cast.practitioner)
    for _ in range(5):
        response = _start(Client(), account.sign_in_name, "AAAA-BBBB-CCCC", **GUESSER)
        assert "That code does not match" in response.content.decode()
    stopped = _start(Client(), account.sign_in_name, code, **GUESSER)
    assert "too many tries from here" in stopped.content.decode()
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.SIGN_IN_FAILED, actor_label=account.user.email
        ).count()
        == 5
    )
    assert _start(Client(), account.sign_in_name, code, **OWNER).status_code == 302


def test_wrong_codes_are_limited_per_address_across_accounts(cast):
    for n in range(20):
        _start(Client(), f"nobody{n}", "AAAA-BBBB-CCCC", **GUESSER)
    person = PersonFactory(team=cast.team)
    account, code = own_account.person_account_invite(person=person, email=None, by=None)
    stopped = _start(Client(), account.sign_in_name, code, **GUESSER)
    assert "too many tries from here" in stopped.content.decode()


# ── Signing in by emailed code ────────────────────────────────────────────────────────────────
def _active_with_email(cast, email="robin@home.example"):
    person = PersonFactory(team=cast.team, preferred_name="Robin")
    account, _code = own_account.person_account_invite(person=person, email=email, by=None)
    PersonAccount.objects.filter(pk=account.pk).update(status="active", code_hash="")
    return account


def _ask_for_code(client, email):
    return client.post(reverse("portal:sign_in"), {"how": "code", "email": email})


def test_a_person_signs_in_with_an_emailed_code(cast):
    account = _active_with_email(cast)
    client = Client()
    asked = _ask_for_code(client, account.user.email)
    assert asked["Location"] == reverse("account_confirm_login_code")
    [sent] = mail.outbox
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", sent.body, re.M).group(1)
    done = client.post(reverse("account_confirm_login_code"), {"code": code, "action": "verify"})
    assert done.status_code == 302
    assert done["Location"] == reverse("portal:home")
    assert _signed_in_as(client) == str(account.user.pk)


def test_an_emailed_code_allows_three_wrong_tries_then_is_void(cast):
    account = _active_with_email(cast)
    client = Client()
    _ask_for_code(client, account.user.email)
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", mail.outbox[0].body, re.M).group(1)
    for _ in range(3):
        client.post(reverse("account_confirm_login_code"), {"code": "WRONG1", "action": "verify"})
    client.post(reverse("account_confirm_login_code"), {"code": code, "action": "verify"})
    assert _signed_in_as(client) is None


def test_asking_for_codes_is_limited_per_address_asked_for(cast):
    account = _active_with_email(cast)
    for _ in range(3):
        _ask_for_code(Client(), account.user.email)
    refused = _ask_for_code(Client(), account.user.email)
    assert refused.status_code == 200
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("page", ["portal:sign_in", "account_request_login_code"])
def test_staff_never_get_a_sign_in_code(cast, page):
    client = Client()
    client.post(reverse(page), {"how": "code", "email": cast.practitioner.email})
    assert mail.outbox == []
    client.post(reverse("account_confirm_login_code"), {"code": "ABC123", "action": "verify"})
    assert _signed_in_as(client) is None


def test_staff_cannot_sign_in_on_the_persons_page(cast):
    client = Client()
    response = client.post(
        reverse("portal:sign_in"),
        {"how": "password", "sign_in": cast.practitioner.email, "password": PASSWORD},
    )
    assert "Staff sign in on the staff page" in response.content.decode()
    assert _signed_in_as(client) is None


def test_a_persons_code_never_signs_in_a_staff_account(cast):
    staff_name = cast.practitioner.email
    response = _start(Client(), staff_name, "ABCD-EFGH-JKMN")
    assert "That code does not match" in response.content.decode()
    assert not User.objects.get(pk=cast.practitioner.pk).is_person


def test_staff_signed_in_do_not_open_the_persons_sign_in_pages(cast, sign_in):
    client = sign_in(cast.practitioner)
    assert client.get(reverse("portal:start")).status_code == 404
    assert client.get(reverse("portal:sign_in")).status_code == 404


def test_a_person_already_signed_in_goes_to_their_space(own, sign_in):
    response = sign_in(own.robin_user).get(reverse("portal:sign_in"))
    assert response["Location"] == reverse("portal:home")


# ── Paused and ended ──────────────────────────────────────────────────────────────────────────
def _with_password(account):
    account.user.set_password(NEW_PASSWORD)
    account.user.save()
    return account


@pytest.mark.parametrize(
    ("action", "words"),
    [("pause", "paused just now"), ("end", "closed now")],
)
def test_paused_or_ended_access_signs_out_and_turns_sign_in_back_kindly(
    cast, sign_in, action, words
):
    account = _with_password(_active_with_email(cast))
    person = Client()
    person.force_login(account.user)
    sign_in(cast.practitioner).post(
        reverse("own_space:access", args=[account.person_id, action]),
        {"version": account.version},
    )
    assert PersonAccount.objects.get(pk=account.pk).status in ("paused", "ended")
    assert person.get(reverse("portal:home")).status_code == 302  # signed out: to sign in
    response = person.post(
        reverse("portal:sign_in"),
        {"how": "password", "sign_in": account.user.email, "password": NEW_PASSWORD},
        follow=True,
    )
    page = response.content.decode()
    assert words in page
    assert "talk to your worker" in page
    assert _signed_in_as(person) is None


def test_a_paused_account_cannot_use_its_code(cast):
    account, code = own_account.person_account_invite(
        person=PersonFactory(team=cast.team), email=None, by=None
    )
    own_account.person_account_change_access(
        account=account, action="pause", version=account.version, by=None
    )
    response = _start(Client(), account.sign_in_name, code)
    assert "paused just now" in response.content.decode()


def test_resuming_brings_back_what_they_had(cast, sign_in):
    account = _active_with_email(cast)
    account.user.last_login = timezone.now()
    account.user.save()
    account.refresh_from_db()
    client = sign_in(cast.practitioner)
    client.post(
        reverse("own_space:access", args=[account.person_id, "pause"]), {"version": account.version}
    )
    client.post(
        reverse("own_space:access", args=[account.person_id, "resume"]),
        {"version": account.version + 1},
    )
    assert PersonAccount.objects.get(pk=account.pk).status == "active"


def test_an_invited_person_starts_before_signing_in_by_email_code(cast):
    person = PersonFactory(team=cast.team)
    _account, _code = own_account.person_account_invite(
        person=person, email="new@home.example", by=None
    )
    client = Client()
    _ask_for_code(client, "new@home.example")
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", mail.outbox[0].body, re.M).group(1)
    response = client.post(
        reverse("account_confirm_login_code"), {"code": code, "action": "verify"}, follow=True
    )
    assert "use the code from your letter or email" in response.content.decode()
    assert _signed_in_as(client) is None


# ── Idle sessions end for people too ──────────────────────────────────────────────────────────
def test_an_idle_persons_session_ends_and_they_go_to_their_own_sign_in(own, client, settings):
    client.force_login(own.robin_user)
    session = client.session
    session["cpi_session_last_seen"] = time.time() - (settings.SESSION_IDLE_MINUTES + 1) * 60
    session["cpi_session_started"] = time.time() - 60 * 60
    session.save()
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:sign_in"))
    assert _signed_in_as(client) is None


# ── Erasure ───────────────────────────────────────────────────────────────────────────────────
def test_erasing_the_person_leaves_their_sign_in_account_empty_and_closed(cast):
    account = _with_password(_active_with_email(cast, email="erase.me@home.example"))
    user_pk = account.user.pk
    person_erase(person=account.person, by=cast.team_lead, how="test")
    user = User.objects.get(pk=user_pk)
    assert not PersonAccount.objects.filter(pk=account.pk).exists()
    assert "erase.me" not in user.email
    assert user.name == ""
    assert not user.is_active
    assert not user.has_usable_password()


def test_signing_out_takes_a_person_to_their_own_sign_in_and_staff_to_theirs(own, cast, sign_in):
    person = sign_in(own.robin_user).post(reverse("account_logout"))
    assert person["Location"] == reverse("portal:sign_in")
    staff = Client()
    staff.force_login(cast.practitioner)
    assert staff.post(reverse("account_logout"))["Location"] == reverse("account_login")


def test_asking_for_codes_is_limited_per_client_address(cast):
    for n in range(20):
        _ask_for_code(Client(), f"someone{n}@home.example")
    account = _active_with_email(cast)
    refused = _ask_for_code(Client(), account.user.email)
    assert refused.status_code == 200
    assert mail.outbox == []


def test_a_person_past_their_date_is_turned_back_kindly(cast):
    account = _with_password(_active_with_email(cast))
    PersonAccount.objects.filter(pk=account.pk).update(
        access_until=timezone.localdate() - dt.timedelta(days=1)
    )
    client = Client()
    response = client.post(
        reverse("portal:sign_in"),
        {"how": "password", "sign_in": account.user.email, "password": NEW_PASSWORD},
        follow=True,
    )
    assert "Your time to use your own space has come to an end" in response.content.decode()
    assert _signed_in_as(client) is None
