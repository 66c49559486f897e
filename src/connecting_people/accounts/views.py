"""Teams, organisations and your own account."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connecting_people.accounts import selectors, services
from connecting_people.accounts.forms import (
    AccountForm,
    StaffNamesForm,
    TeamContactForm,
    TeamCreateForm,
    TeamMemberAddForm,
    TeamRoleForm,
)
from connecting_people.core import access
from connecting_people.core.editing import edit
from connecting_people.core.models import Team, TeamJoinRequest, TeamMembership, TeamRole
from connecting_people.core.team_contact import crisis_advice_for, team_contact_of


@login_required
@require_GET
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = access.team_for(request, pk=pk)
    memberships = team.memberships.select_related("user").order_by("-role", "user__name")
    return render(
        request,
        "accounts/team_detail.html",
        {
            "team": team,
            "memberships": memberships,
            "can_manage": access.can_manage_team(request.user, team),
            "join_requests": services.join_requests_for(team, by=request.user),
            "contact": (contact := team_contact_of(team)),
            "crisis": crisis_advice_for(contact),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's leads set how people reach the team and what to do in a crisis (issue 14)."""
    team = access.team_for(request, pk=pk, manage=True)
    initial = TeamContactForm.initial_for(team_contact_of(team))
    form = TeamContactForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> None:
        changes = {k: (v or "").strip() for k, v in data.items() if k != "version"}
        services.team_contact_save(
            team=team, changes=changes, version=data["version"], by=request.user
        )

    done = edit(request, form, save)
    if done.saved:
        messages.success(request, _("The team's contact details are saved."))
        return redirect("accounts:team", pk=team.pk)
    return render(request, "accounts/team_contact_form.html", {"team": team, **done.context})


@login_required
@require_http_methods(["GET", "POST"])
def team_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    team = access.team_for(request, pk=pk, manage=True)
    form = TeamMemberAddForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.member_add(
                team=team,
                existing=form.existing,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"].strip(),
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except services.OtherOrganisationError as refusal:
            access.refuse(request, target=team, wanted="add member", why="other organisation")
            form.add_error("email", str(refusal))
        else:
            messages.success(request, _said(done, team))
            return redirect("accounts:team", pk=team.pk)
    return render(request, "accounts/team_member_add.html", {"team": team, "form": form})


def _said(done: TeamMembership | TeamJoinRequest, team: Team, *, changed: bool = False) -> str:
    """What the page says after adding someone or changing a role (or asking to, for yourself)."""
    if isinstance(done, TeamJoinRequest):
        return _(
            "You have asked to join %(team)s in that role. A team lead of %(team)s needs to "
            "confirm it; until then you see nothing of the team's records."
        ) % {"team": team}
    if changed:
        return _("%(name)s's role is saved.") % {"name": done.user}
    return _("%(name)s is now in %(team)s.") % {"name": done.user, "team": team}


@login_required
@require_POST
def join_request_decide(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """A team lead confirms or declines someone's request to join their team."""
    team = access.team_for(request, pk=pk)
    join = selectors.join_request_of(team, request_pk)
    if join is None:
        raise Http404
    decision = request.POST.get("decision")
    try:
        if not services.may_decide(join, by=request.user):
            raise services.NotYoursToDecideError
        if decision not in ("confirm", "decline"):
            return HttpResponseBadRequest(_("Choose whether to confirm or decline."))
        services.join_request_decide(request=join, confirm=decision == "confirm", by=request.user)
    except services.NotYoursToDecideError as refusal:
        access.refuse(request, target=join, wanted="decide")
        raise PermissionDenied from refusal
    confirm = decision == "confirm"
    said = _("%(name)s is now in %(team)s.") if confirm else _("%(name)s's request is declined.")
    messages.success(request, said % {"name": join.user, "team": team})
    return redirect("accounts:team", pk=team.pk)


@login_required
@require_http_methods(["GET", "POST"])
def team_member_edit(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    team = access.team_for(request, pk=pk, manage=True)
    membership = get_object_or_404(team.memberships.select_related("user"), user_id=user_pk)
    form = TeamRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                services.membership_remove(user=membership.user, team=team, by=request.user)
                messages.success(
                    request,
                    _("%(name)s has left %(team)s.") % {"name": membership.user, "team": team},
                )
                return redirect("accounts:team", pk=team.pk)
            if form.is_valid():
                done = services.membership_set(
                    user=membership.user, team=team, role=form.cleaned_data["role"], by=request.user
                )
                messages.success(request, _said(done, team, changed=True))
                return redirect("accounts:team", pk=team.pk)
        except services.LastTeamLeadError as refusal:
            form.add_error(None, str(refusal))
    return render(
        request,
        "accounts/team_member_edit.html",
        {
            "team": team,
            "membership": membership,
            "form": form,
            "can_administer": access.can_administer(request.user, team.organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_account(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    """An organisation admin deactivates a staff account (its sessions end at once), or
    reactivates it, after a confirmation page."""
    organisation = access.organisation_for(request, pk=pk)
    account = access.staff_account_for(request, organisation=organisation, pk=user_pk)
    context = {"organisation": organisation, "account": account}
    refusal = access.why_not_switch_account(request.user, account)
    if refusal:
        access.refuse(request, target=account, wanted="switch account", why=refusal[:100])
        return render(
            request, "accounts/staff_account.html", {**context, "refusal": refusal}, status=403
        )
    if request.method == "POST":
        wanted = request.POST.get("active")
        if wanted not in ("off", "on"):
            return HttpResponseBadRequest(_("Choose whether to deactivate or reactivate it."))
        switch = services.user_deactivate if wanted == "off" else services.user_reactivate
        switch(user=account, by=request.user)
        said = (
            _("%(name)s's account is deactivated.")
            if wanted == "off"
            else _("%(name)s's account is active again.")
        )
        messages.success(request, said % {"name": account.name})
        return redirect("accounts:organisation", pk=organisation.pk)
    return render(request, "accounts/staff_account.html", context)


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = list(access.organisations_administered(request.user))
    if len(organisations) == 1:
        return redirect("accounts:organisation", pk=organisations[0].pk)
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for(request, pk=pk)
    names_posted = request.method == "POST" and "names-was" in request.POST
    names_form = StaffNamesForm(
        request.POST if names_posted else None, current=organisation.show_staff_names_to_people
    )
    if names_posted and names_form.is_valid():
        services.organisation_show_staff_names(
            organisation=organisation, show=names_form.show, by=request.user
        )
        messages.success(request, _("Your choice about staff names is saved."))
        return redirect("accounts:organisation", pk=organisation.pk)
    form = TeamCreateForm(
        request.POST if request.method == "POST" and not names_posted else None,
        organisation=organisation,
    )
    if request.method == "POST" and not names_posted and form.is_valid():
        team = services.team_create(organisation=organisation, by=request.user, **form.cleaned_data)
        messages.success(request, _("%(team)s is set up. Now add its team lead.") % {"team": team})
        return redirect("accounts:team_member_add", pk=team.pk)
    teams = selectors.organisation_teams(organisation)
    staff = selectors.organisation_staff(organisation)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "teams": teams,
            "staff": staff,
            "form": form,
            "names_form": names_form,
            "team_lead": TeamRole.TEAM_LEAD,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None, initial={"name": request.user.name})  # type: ignore[union-attr]
    if request.method == "POST" and form.is_valid():
        services.user_update_name(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            by=request.user,
        )
        messages.success(request, _("Your name is saved."))
        return redirect("accounts:settings")
    return render(request, "accounts/account_settings.html", {"form": form})
