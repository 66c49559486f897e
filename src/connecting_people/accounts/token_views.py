"""Your API tokens (issue 19): make one (shown once), see yours, revoke yours; a team lead also
sees and may revoke the tokens of the teams they lead."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connecting_people.accounts import tokens
from connecting_people.accounts.token_forms import TokenForm
from connecting_people.core import access


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = TokenForm(
        request.POST or None,
        teams=list(access.teams_for(user)),
        organisations=access.evaluated_organisations(user),
    )
    made = None
    if request.method == "POST" and form.is_valid():
        team, organisation = form.place()
        try:
            made = tokens.token_issue(
                user=user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_on=form.cleaned_data["expires_on"],
                team=team,
                organisation=organisation,
                by=user,
            )
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    revocable = tokens.tokens_revocable_by(user)  # type: ignore[arg-type]
    context = {
        "form": form
        if made is None
        else TokenForm(
            teams=list(access.teams_for(user)),
            organisations=access.evaluated_organisations(user),
        ),
        "made": made,
        "mine": [t for t in revocable if t.user_id == user.pk],
        "team_tokens": [t for t in revocable if t.user_id != user.pk],
    }
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = tokens.tokens_revocable_by(request.user).filter(pk=pk).first()  # type: ignore[arg-type]
    if token is None:
        access.refuse(request, model="accounts.apitoken", pk=str(pk)[:64], wanted="revoke")
        raise Http404
    tokens.token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:tokens")


@login_required
@require_POST
def team_person_tokens(request: HttpRequest, pk: int) -> HttpResponse:
    """A team's leads (and its organisation's admins) turn people's own tokens on or off."""
    team = access.team_for(request, pk=pk, manage=True)
    allowed = request.POST.get("allowed") == "yes"
    tokens.team_person_tokens_set(team=team, allowed=allowed, by=request.user)
    messages.success(
        request,
        _("People the team supports can now make API tokens for their own accounts.")
        if allowed
        else _("People the team supports can no longer use API tokens."),
    )
    return redirect("accounts:team", pk=team.pk)
