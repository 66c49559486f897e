"""Bearer tokens for the API: who the request is from, and what its token may do.

The token is found by its key id and proved by its hash (`accounts.tokens`), then the access
layer says whether it may still be used (`core.access.token_refusal`, on every request);
refusals are audited with the token's id. The request then runs as the token's owner, in the
token's team (`request.user`, `request.team`), and every audit event it writes names the token.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from connecting_people.accounts import tokens
from connecting_people.accounts.models import ApiToken
from connecting_people.api.v1 import limits
from connecting_people.api.v1.problems import Problem
from connecting_people.core import access
from connecting_people.core.audit import API_TOKEN_ATTRIBUTE

WWW_AUTHENTICATE = 'Bearer realm="connecting-people"'


class BearerToken(HttpBearer):
    """`Authorization: Bearer cpi_...`: the token's owner, or a 401 problem."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = tokens.token_find(token.strip())
        if found is None:
            access.refuse(request, api="unknown token")
            raise Problem(
                401,
                _("This token is not known. Check it was copied whole, or make a new one."),
                headers={"WWW-Authenticate": f'{WWW_AUTHENTICATE}, error="invalid_token"'},
            )
        user = found.user
        setattr(user, API_TOKEN_ATTRIBUTE, found.pk)  # every event of this request names it
        request.user = user
        request.api_token = found  # type: ignore[attr-defined]
        request.team = found.team  # type: ignore[attr-defined]
        why = access.token_refusal(found)
        if why is not None:
            access.refuse(request, target=found, api="token refused")
            raise Problem(
                401, why, headers={"WWW-Authenticate": f'{WWW_AUTHENTICATE}, error="invalid_token"'}
            )
        limits.count_request(found.pk)
        tokens.token_used(found)
        return found


def need(request: HttpRequest, scope: str) -> ApiToken:
    """The request's token, if its scopes cover `scope` ("people:write"); else a 403 problem,
    audited. Writing needs a token whose role may write (never an evaluator's or a person's)."""
    token: ApiToken = request.api_token  # type: ignore[attr-defined]
    if scope.endswith(":write") and not access.may_write(token):
        access.refuse(request, api="read-only token", wanted=scope)
        raise Problem(403, _("This token can only read: its account's role changes nothing."))
    if not tokens.scopes_allow(token.scopes, scope):
        access.refuse(request, api="out of scope", wanted=scope)
        raise Problem(
            403,
            _("This token's scopes do not include %(scope)s.") % {"scope": scope},
            extra={"scopes": token.scopes},
        )
    return token
