"""The person's way in (issue 14): starting with the code from their letter or email, choosing a
password, and signing in later by an emailed code or that password. allauth does the signing in
(its login flow, second step, limits and signals); these pages are the person's plain front door.

Staff who are signed in get the same 404 as on any portal page: a staff session is never turned
into a person's. A person already signed in is sent to their space.
"""

from __future__ import annotations

from allauth.account.internal.flows.login import perform_login, record_authentication
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.models import Login
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from connecting_people.accounts.forms import RequestLoginCodeForm
from connecting_people.accounts.models import User
from connecting_people.core import access
from connecting_people.core.access import is_person_account
from connecting_people.core.own_space import open_to_anyone
from connecting_people.people import own_account
from connecting_people.portal.sign_in_forms import (
    ChoosePasswordForm,
    CodeByEmailForm,
    PasswordSignInForm,
    StartForm,
)


def _signed_in_elsewhere(request: HttpRequest) -> HttpResponse | None:
    """A person already in goes to their space; staff get the portal's 404."""
    if is_person_account(request.user):
        return redirect("portal:home")
    if request.user.is_authenticated:
        raise Http404
    return None


def _next(request: HttpRequest) -> str | None:
    wanted = request.POST.get("next") or request.GET.get("next")
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}):
        return wanted
    return None


@open_to_anyone
@never_cache
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """The code from the letter or the email's link: it is spent, and the person is signed in."""
    if (elsewhere := _signed_in_elsewhere(request)) is not None:
        return elsewhere
    initial = {"sign_in": request.GET.get("sign_in", ""), "code": request.GET.get("code", "")}
    form = StartForm(request.POST or None, initial=initial, request=request)
    if request.method == "POST" and form.is_valid() and form.account is not None:
        try:
            account = own_account.person_account_start(account=form.account)
        except own_account.OwnAccountError as refused:
            form.add_error(None, str(refused))
        else:
            record_authentication(request, account.user, method="code", kind="own_space_start")
            login = Login(user=account.user, redirect_url=reverse("portal:choose_password"))
            return perform_login(request, login)
    return render(request, "portal/start.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def choose_password(request: HttpRequest) -> HttpResponse:
    """Right after starting (or any time): a password of their own, or carry on without one."""
    account = access.own_account(request.user)  # the middleware lets only people's accounts in
    if account is None or access.own_person_id(request.user) is None:
        raise Http404  # paused, ended or past its date: nothing here
    user: User = account.user
    form = ChoosePasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        own_account.person_password_set(user=user, password=form.cleaned_data["password1"], by=user)
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password is saved. Use it next time you sign in."))
        return redirect("portal:home")
    context = {"form": form, "account": account}
    return render(request, "portal/choose_password.html", context)


@open_to_anyone
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Sign in by a code sent by email, or by the person's own password."""
    if (elsewhere := _signed_in_elsewhere(request)) is not None:
        return elsewhere
    how = request.POST.get("how")
    code_form = CodeByEmailForm(request.POST if how == "code" else None)
    password_form = PasswordSignInForm(request.POST if how == "password" else None, request=request)
    if how == "code" and code_form.is_valid():
        asked = RequestLoginCodeForm({"email": code_form.cleaned_data["email"]})
        if asked.is_valid():
            return _send_code(request, asked)
        code_form.add_error("email", asked.errors.get("email") or _("Please try again."))
    if how == "password" and password_form.is_valid() and password_form.login_form:
        return password_form.login_form.login(request, redirect_url=_next(request))
    context = {"code_form": code_form, "password_form": password_form, "next": _next(request)}
    return render(request, "portal/sign_in.html", context)


def _send_code(request: HttpRequest, asked: RequestLoginCodeForm) -> HttpResponse:
    """allauth's login by code: the code goes to a person's address only (staff and unknown
    addresses get nothing, and the same page), then its own page takes the code."""
    email = asked.cleaned_data["email"]
    LoginCodeVerificationProcess.initiate(request=request, user=asked._user, email=email)
    url = reverse("account_confirm_login_code")
    if wanted := _next(request):
        url = f"{url}?{urlencode({'next': wanted})}"
    return redirect(url)
