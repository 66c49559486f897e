from typing import Any

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from connecting_people.accounts.models import User
from connecting_people.core.forms import LengthLimits, VersionedForm
from connecting_people.core.models import Team, TeamRole


class TeamMemberAddForm(LengthLimits, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("Their work email. If they have no account yet, we make one."),
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _("Enter an email address in the right format, like name@example.org"),
        },
    )
    name = forms.CharField(
        label=_("Full name"),
        required=False,
        max_length=150,
        help_text=_("Only needed for someone new to Connecting People."),
    )
    role = forms.ChoiceField(
        label=_("Role in this team"),
        choices=TeamRole.choices,
        widget=forms.RadioSelect,
        initial=TeamRole.PRACTITIONER,
        error_messages={"required": _("Choose their role in this team")},
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        self.team = team
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email = data.get("email")
        if not email:
            return data
        self.existing = User.objects.filter(email__iexact=email).first()
        if self.existing is None and not data.get("name", "").strip():
            self.add_error("name", _("Enter their full name: they are new to Connecting People"))
        elif (
            self.existing is not None and self.team.memberships.filter(user=self.existing).exists()
        ):
            self.add_error("email", _("%(email)s is already in this team") % {"email": email})
        return data


class TeamRoleForm(LengthLimits, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices, widget=forms.RadioSelect)


class TeamCreateForm(LengthLimits, forms.Form):
    name = forms.CharField(
        label=_("Team name"),
        max_length=200,
        error_messages={"required": _("Enter the team's name")},
    )
    description = forms.CharField(
        label=_("What the team does"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. For example, 'Community mental health team, north of the city'."),
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.organisation.teams.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                _("There is already a team called %(name)s"), params={"name": name}
            )
        return name


class StaffNamesForm(LengthLimits, forms.Form):
    """Whether people see staff names in "Who has looked at my record" (issue 14 §6). `was` is
    the setting as the page showed it: if it has changed since, the form says so rather than
    overwrite someone else's choice."""

    show_staff_names = forms.ChoiceField(
        label=_("When people look at who has seen their record, do they see staff names?"),
        choices=[
            ("yes", _("Yes, show the name and the role")),
            ("no", _("No, show the role only (for example 'A practitioner')")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether people see staff names")},
    )
    was = forms.ChoiceField(choices=[("yes", "yes"), ("no", "no")], widget=forms.HiddenInput)

    def __init__(self, *args: Any, current: bool, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "names")
        super().__init__(*args, **kwargs)
        value = "yes" if current else "no"
        self.fields["show_staff_names"].initial = value
        self.fields["was"].initial = value
        self.current = value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("was") and data["was"] != self.current:
            self.add_error(
                "show_staff_names",
                _(
                    "Someone else changed this setting while you were looking. It now says "
                    "'%(now)s'. Choose again."
                )
                % {"now": _("yes") if self.current == "yes" else _("no")},
            )
            self.data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
            self.data[self.add_prefix("was")] = self.current  # type: ignore[index]
        return data

    @property
    def show(self) -> bool:
        return self.cleaned_data["show_staff_names"] == "yes"


class AccountForm(LengthLimits, forms.Form):
    name = forms.CharField(
        label=_("Your full name"),
        max_length=150,
        error_messages={"required": _("Enter your full name")},
    )


class LoginForm(LengthLimits, allauth_forms.LoginForm):
    """allauth's sign-in form without placeholders or the second reset link."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email address")
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
            field.help_text = ""


class TeamContactForm(VersionedForm):
    """How the team's people reach it, and what to do in a crisis (issue 14)."""

    phone = forms.CharField(label=_("Team phone number (optional)"), required=False, max_length=40)
    email = forms.EmailField(
        label=_("Team email address (optional)"),
        required=False,
        error_messages={
            "invalid": _("Enter the team email address in the right format, like team@example.org")
        },
    )
    hours = forms.CharField(
        label=_("When people can reach the team (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: Monday to Friday, 9am to 5pm."),
    )
    crisis_what_to_do = forms.CharField(
        label=_("What to do in a crisis (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Short, plain words. If you leave this and the crisis phone number empty, people "
            "see: call 999 in an emergency, NHS 111 for help soon, Samaritans on 116 123."
        ),
    )
    crisis_who = forms.CharField(
        label=_("Who to call in a crisis (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: the crisis team, out of hours."),
    )
    crisis_phone = forms.CharField(
        label=_("Crisis phone number (optional)"), required=False, max_length=40
    )

    @staticmethod
    def initial_for(contact: Any) -> dict[str, Any]:
        if contact is None:
            return {"version": 1}
        return {"version": contact.version} | {
            name: getattr(contact, name)
            for name in (
                "phone",
                "email",
                "hours",
                "crisis_what_to_do",
                "crisis_who",
                "crisis_phone",
            )
        }


class RequestLoginCodeForm(LengthLimits, allauth_forms.RequestLoginCodeForm):
    """Asking for an emailed sign-in code (issue 14): only a person's own account gets one.

    Staff keep their password and second step, so a staff address is treated as an unknown one:
    nothing is sent, and the page says the same as for anyone (ACCOUNT_PREVENT_ENUMERATION)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Your email address")
        self.fields["email"].widget.attrs.pop("placeholder", None)

    def clean_email(self) -> str:
        email = super().clean_email()
        user = getattr(self, "_user", None)
        if user is not None and not getattr(user, "is_person", False):
            self._user = None
        return email
