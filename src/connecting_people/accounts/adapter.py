"""How allauth behaves here: accounts are made by organisation admins, never by sign-up.

Failed sign-ins are counted per account *and* address (ACCOUNT_RATE_LIMITS in settings.py), so
someone guessing at a named person's password from elsewhere blocks only themselves, never that
person's own sign-in; the address is the real client's, seen through TRUSTED_PROXIES.
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import truncate_ip
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from connecting_people.core.client import client_address


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
