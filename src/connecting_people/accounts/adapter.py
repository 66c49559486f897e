"""How allauth behaves here: accounts are made by organisation admins, never by sign-up.

Failed sign-ins are counted per account *and* address (ACCOUNT_RATE_LIMITS in settings.py), so
someone guessing at a named person's password from elsewhere blocks only themselves, never that
person's own sign-in; the address is the real client's, seen through TRUSTED_PROXIES.

People's own accounts (issue 14): an emailed sign-in code signs in only a person's account, never
staff (who keep their password and second step); a person whose space is paused, ended or past its
date is turned back before signing in, told kindly why; and signed in, a person goes to their space.
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.stagekit import clear_login
from allauth.core.internal.ratelimit import truncate_ip
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from connecting_people.core.access import sign_in_refusal
from connecting_people.core.audit import audit_record
from connecting_people.core.client import client_address
from connecting_people.core.models import AuditAction

PERSON_SIGN_IN = "portal:sign_in"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "There have been too many unsuccessful attempts to sign in from here. Please wait a "
            "few minutes and try again, or reset your password."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys failures on the account alone: five wrong guesses from anywhere would lock
        # its owner out everywhere. Adding the address confines the lock to the guesser's address.
        # IPv6 addresses count by their /64 network, as allauth's own per-address limits do.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{truncate_ip(self.get_client_ip(request))}"

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        refusal = sign_in_refusal(user)
        by_code = any(r.get("method") == "code" for r in get_authentication_records(request, user))
        if refusal is None and by_code and not getattr(user, "is_person", False):
            refusal = str(_("Staff sign in with their password and second step."))
        if refusal is None:
            return super().pre_login(request, user, **kwargs)
        clear_login(request)
        audit_record(
            by=None,
            action=AuditAction.SIGN_IN_FAILED,
            request=request,
            actor_label=user.email,
            detail={"email": user.email, "refused": "own space" if user.is_person else "code"},
        )
        messages.error(request, refusal)
        return HttpResponseRedirect(reverse(PERSON_SIGN_IN if user.is_person else "account_login"))

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if getattr(request.user, "is_person", False):
            return reverse("portal:home")
        return super().get_login_redirect_url(request)

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        # Asked before signing out, so the account is still known: a person goes back to their
        # own sign-in page, not the staff one.
        if getattr(request.user, "is_person", False):
            return reverse(PERSON_SIGN_IN)
        return super().get_logout_redirect_url(request)
