"""The access layer's rules for switching staff accounts off and on (issue 15).

Organisation admins manage staff accounts. An admin may switch off (and back on) the account of
someone who works only for organisations they administer: an account that also works for another
organisation is that organisation's business too, so it is refused, and no admin may switch off
their own account (someone else must, so an organisation cannot lock itself out by a slip).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from connecting_people.core.access.records import administered_organisation_ids, refuse
from connecting_people.core.models import Organisation, OrganisationRole, TeamMembership


def staff_account_for(request: HttpRequest, *, organisation: Organisation, pk: Any) -> Any:
    """The account of someone who works in one of this organisation's teams, or 404 (audited).
    The organisation was fetched through `organisation_for`, so the user administers it."""
    membership = (
        TeamMembership.objects.select_related("user")
        .filter(team__organisation=organisation, user_id=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if membership is None:
        refuse(request, model="accounts.user", pk=str(pk)[:64], organisation=organisation.pk)
        raise Http404
    return membership.user


def organisations_of(account: Any) -> frozenset[int]:
    """The organisations an account works for: its teams', and any it holds a role in (read
    afresh, whether the account is switched on or not)."""
    teams = TeamMembership.objects.filter(user=account).values_list("team__organisation_id")
    roles = OrganisationRole.objects.filter(user=account).values_list("organisation_id")
    return frozenset(org for (org,) in teams.order_by().union(roles.order_by()))


def why_not_switch_account(by: Any, account: Any) -> str:
    """Why `by` may not switch `account` off or on ("" when they may)."""
    if account.pk == by.pk:
        return _("You cannot deactivate your own account. Ask another admin of your organisation.")
    if not organisations_of(account) <= administered_organisation_ids(by):
        return _(
            "This account also works for an organisation you are not an admin of, so an admin "
            "there needs to agree. Ask them, or take the account out of your teams instead."
        )
    return ""
