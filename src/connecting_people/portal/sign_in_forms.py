"""The forms of the way in (issue 14): starting with a code, choosing a password, signing in; and
the staff's invitation."""

from __future__ import annotations

from typing import Any

from allauth.core import ratelimit
from django import forms
from django.contrib.auth import password_validation
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from connecting_people.accounts.forms import LoginForm
from connecting_people.core.audit import audit_record
from connecting_people.core.client import client_address
from connecting_people.core.forms import LengthLimits, VersionedForm
from connecting_people.core.models import AuditAction
from connecting_people.people import own_account
from connecting_people.people.models import PersonAccount

SIGN_IN_HELP = _("The email address your worker used, or the sign-in name on your letter.")
TOO_MANY = _(
    "There have been too many tries from here. Please wait 5 minutes and try again, or ask your "
    "worker for a new code."
)


def _sign_in_field() -> forms.CharField:
    return forms.CharField(
        label=_("Your email address or sign-in name"),
        help_text=SIGN_IN_HELP,
        max_length=254,
        error_messages={"required": _("Enter your email address or sign-in name")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )


class StartForm(LengthLimits, forms.Form):
    """The code from the letter or email, with whose it is. Wrong codes are counted per account
    at this address and per address (ACCOUNT_RATE_LIMITS `own_space_start_failed`) and audited."""

    sign_in = _sign_in_field()
    code = forms.CharField(
        label=_("Your code"),
        help_text=_("12 letters and numbers, like ABCD-EFGH-JKMN. Capitals do not matter."),
        max_length=40,
        error_messages={"required": _("Enter your code")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        self.account: PersonAccount | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sign_in, code = data.get("sign_in"), data.get("code")
        if not sign_in or not code:
            return data
        key = f"{own_account.address_for(sign_in)}:{client_address(self.request)}"
        limits = {"action": "own_space_start_failed", "key": key}
        if not ratelimit.consume(self.request, dry_run=True, **limits):
            raise forms.ValidationError(TOO_MANY)
        account = own_account.account_for_code(sign_in=sign_in, code=code)
        if account is None:
            ratelimit.consume(self.request, **limits)
            tried = own_account.address_for(sign_in)[:254]
            audit_record(
                by=None,
                action=AuditAction.SIGN_IN_FAILED,
                request=self.request,
                actor_label=tried,
                detail={"email": tried, "own_space": "start"},
            )
            self.add_error(
                "code",
                _("That code does not match. Check your sign-in name and code, and try again."),
            )
            return data
        refusal = own_account.code_refusal(account)
        if refusal:
            raise forms.ValidationError(refusal)
        self.account = account
        return data


class ChoosePasswordForm(LengthLimits, forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        help_text=_(
            "At least 12 characters. Three or four words you will remember work well, like "
            "'blue kettle garden walk'."
        ),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Choose a password")},
    )
    password2 = forms.CharField(
        label=_("Type it again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type your password again")},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password2(self) -> str:
        first, second = self.cleaned_data.get("password1"), self.cleaned_data["password2"]
        if first and first != second:
            raise forms.ValidationError(_("The two passwords are not the same. Try again."))
        return second

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and "password2" not in self.errors:
            try:
                password_validation.validate_password(data["password1"], self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class CodeByEmailForm(LengthLimits, forms.Form):
    """Only its look: the request itself goes through accounts.forms.RequestLoginCodeForm."""

    email = forms.EmailField(
        label=_("Your email address"),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address like name@example.org"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PasswordSignInForm(LengthLimits, forms.Form):
    """A person's password sign-in, through allauth's own form (its limits and checks), with the
    sign-in name from a letter taken as well as an email address."""

    sign_in = _sign_in_field()
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        self.login_form: LoginForm | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("sign_in") or not data.get("password"):
            return data
        address = own_account.address_for(data["sign_in"])
        credentials = {"login": address, "password": data["password"]}
        inner = LoginForm(data=credentials, request=self.request)
        if not inner.is_valid():
            codes = {e.code for errors in inner.errors.as_data().values() for e in errors}
            if "too_many_login_attempts" in codes:
                raise forms.ValidationError(TOO_MANY)
            raise forms.ValidationError(
                _("The sign-in name or password is not right. Check them and try again.")
            )
        if not getattr(inner.user, "is_person", False):
            raise forms.ValidationError(
                _("This page is for the people we support. Staff sign in on the staff page.")
            )
        self.login_form = inner
        return data


class InviteForm(LengthLimits, forms.Form):
    """How the worker gives the person their first code."""

    how = forms.ChoiceField(
        label=_("How will they get their code?"),
        choices=[
            ("email", _("By email: we send them a link and a code")),
            ("letter", _("On paper: you print the code or read it out to them")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how they will get their code")},
    )
    email = forms.EmailField(
        label=_("Their email address"),
        required=False,
        help_text=_("Only for email. The address on their record is filled in."),
        error_messages={"invalid": _("Enter an email address like name@example.org")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("how") == "email" and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter their email address, or choose a printed code"))
        return data


class AccessForm(VersionedForm):
    """A button on the staff page: pause, resume, end, or a new code; the version it was shown
    at, so a change someone else made in between is not silently undone."""
