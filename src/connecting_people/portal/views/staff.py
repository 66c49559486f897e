"""The staff's side of the way in (issue 14): "Their own space" on the person's page. A
practitioner of the person's team invites them (by email, or with a code printed or read out),
sees how their access stands, pauses, resumes or ends it, and makes a new code.

These are staff pages (their URLs are in `portal/staff_urls.py`, outside the `portal` namespace
that the middleware closes to staff): the person is read through `person_for`, so anyone else
gets the audited 404 of the access layer, and people's own accounts get the middleware's 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from connecting_people.core.concurrency import EditConflict
from connecting_people.people import own_account
from connecting_people.people.access import person_for
from connecting_people.people.models import Person, PersonAccount
from connecting_people.portal.sign_in_forms import AccessForm, InviteForm

_CLASH = gettext_lazy(
    "Someone else changed their access while you had this page open, so nothing was done. "
    "Here is how it stands now: choose again if you still want to."
)


_ACCESS_DONE = {
    "pause": gettext_lazy(
        "%(name)s's own space is paused. They are signed out and cannot sign in."
    ),
    "resume": gettext_lazy("%(name)s's own space is open again."),
    "end": gettext_lazy("%(name)s's own space is closed. They are signed out and cannot sign in."),
}


def _account(person: Person) -> PersonAccount | None:
    return PersonAccount.objects.select_related("user").filter(person=person).first()


def _page(request: HttpRequest, person: Person, **context: object) -> HttpResponse:
    account = _account(person)
    invite = context.pop("invite_form", None) or InviteForm(
        initial={"how": "email" if person.email else "letter", "email": person.email}
    )
    version = account.version if account else 0
    return render(
        request,
        "portal/staff/own_space.html",
        {
            "person": person,
            "account": account,
            "invite_form": invite,
            "access_form": AccessForm(initial={"version": version}),
            "now": timezone.now(),
            "days": _days(),
            **context,
        },
    )


@login_required
@require_GET
def own_space(request: HttpRequest, person_pk: int) -> HttpResponse:
    return _page(request, person_for(request, person_pk))


@login_required
@never_cache
@require_POST
def invite(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _page(request, person, invite_form=form)
    email = form.cleaned_data["email"] if form.cleaned_data["how"] == "email" else None
    try:
        account, code = own_account.person_account_invite(
            person=person, email=email, by=request.user
        )
    except own_account.OwnAccountError as refused:
        form.add_error("email" if email else None, str(refused))
        return _page(request, person, invite_form=form)
    return _give_code(request, account, code)


@login_required
@never_cache
@require_POST
def new_code(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    account = _account(person)
    form = AccessForm(request.POST)
    if account is None or not form.is_valid():
        return redirect("own_space:detail", person_pk=person.pk)  # nothing to do: show the state
    try:
        code = own_account.person_account_new_code(
            account=account, version=form.cleaned_data["version"], by=request.user
        )
    except own_account.OwnAccountError as refused:
        messages.error(request, str(refused))
        return redirect("own_space:detail", person_pk=person.pk)
    except EditConflict as conflict:
        return _page(request, person, conflict=conflict, conflict_note=str(_CLASH))
    return _give_code(request, account, code)


@login_required
@require_POST
def change_access(request: HttpRequest, person_pk: int, action: str) -> HttpResponse:
    person = person_for(request, person_pk)
    account = _account(person)
    form = AccessForm(request.POST)
    if action not in own_account.ACCESS_CHANGES:
        raise Http404
    if account is None or not form.is_valid():
        return redirect("own_space:detail", person_pk=person.pk)  # nothing to do: show the state
    try:
        own_account.person_account_change_access(
            account=account, action=action, version=form.cleaned_data["version"], by=request.user
        )
    except own_account.OwnAccountError as refused:
        messages.error(request, str(refused))
    except EditConflict as conflict:
        return _page(request, person, conflict=conflict, conflict_note=str(_CLASH))
    else:
        messages.success(request, str(_ACCESS_DONE[action]) % {"name": person.preferred_name})
    return redirect("own_space:detail", person_pk=person.pk)


def _give_code(request: HttpRequest, account: PersonAccount, code: str) -> HttpResponse:
    """Email the code with its link, or show it once on a page to print or read out."""
    shown = own_account.format_code(code)
    if account.has_email:
        _send_invitation(request, account, shown)
        messages.success(
            request,
            _("We have emailed %(name)s a link and their code. It works for %(days)s days.")
            % {"name": account.person.preferred_name, "days": _days()},
        )
        return redirect("own_space:detail", person_pk=account.person_id)
    context = {
        "person": account.person,
        "account": account,
        "code": shown,
        "days": _days(),
        "start_url": request.build_absolute_uri(reverse("portal:start")),
    }
    return render(request, "portal/staff/own_space_letter.html", context)


def _send_invitation(request: HttpRequest, account: PersonAccount, code: str) -> None:
    query = urlencode({"sign_in": account.user.email, "code": code})
    link = request.build_absolute_uri(f"{reverse('portal:start')}?{query}")
    context = {"person": account.person, "code": code, "link": link, "days": _days()}
    send_mail(
        render_to_string("portal/email/invitation_subject.txt", context).strip(),
        render_to_string("portal/email/invitation_message.txt", context),
        None,
        [account.user.email],
    )


def _days() -> int:
    return int(settings.CPI_INVITATION_DAYS)
