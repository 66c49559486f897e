"""Forms for the person's record, lifecycle, interests and skills, and bringing a caseload in."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from connecting_people.accounts.models import User
from connecting_people.core.forms import LengthLimits, RecordChoicesField, Versioned, date_field
from connecting_people.core.models import Team
from connecting_people.people import importing
from connecting_people.people.models import ConsentKind, Destination, InterestWhen, Person
from connecting_people.people.services import OWN_SPACE_DAYS_AFTER_MOVING_ON
from connecting_people.people.validators import normalise_nhs_number, validate_nhs_number
from connecting_people.taxonomy.models import InterestCategory


class PersonForm(Versioned, forms.ModelForm):
    """The record: who they are, how to reach them, who works with them, what matters to them."""

    text_limits = {"address": 500}  # as the people import (importing/rows.py)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    date_of_birth = date_field(_("Date of birth (optional)"), required=False)
    started_on = date_field(
        _("Date started"), help_text=_("When the team started working with them.")
    )

    class Meta:
        model = Person
        fields = [
            "preferred_name",
            "pronouns",
            "other_names",
            "date_of_birth",
            "what_matters",
            "keyworker",
            "started_on",
            "nhs_number",
            "local_id",
            "email",
            "phone",
            "address",
            "postcode",
            "research_opt_out",
        ]
        labels = {
            "preferred_name": _("Preferred name"),
            "other_names": _("Other names (optional)"),
            "pronouns": _("Pronouns (optional)"),
            "what_matters": _("What matters to me"),
            "nhs_number": _("NHS number (optional)"),
            "local_id": _("Local ID (optional)"),
            "email": _("Email address (optional)"),
            "phone": _("Phone number (optional)"),
            "address": _("Address (optional)"),
            "postcode": _("Postcode (optional)"),
            "research_opt_out": _("Leave them out of research"),
        }
        help_texts = {
            "preferred_name": _("The name they like to be called."),
            "other_names": _("For example, a full or legal name, if they want it recorded."),
            "pronouns": _("For example, she/her, he/him, they/them."),
            "what_matters": _("In their own words. You can add to this any time."),
            "nhs_number": _("10 digits, like 943 476 5919."),
            "local_id": _("An ID from another system your team uses."),
            "research_opt_out": _(
                "Their answers and map are never included in research exports. The team still "
                "sees them as usual."
            ),
        }
        error_messages = {
            "preferred_name": {"required": _("Enter the name they like to be called")},
            "email": {"invalid": _("Enter an email address like name@example.org")},
        }
        widgets = {
            "what_matters": forms.Textarea(attrs={"rows": 4}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "postcode": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "nhs_number": forms.TextInput(
                attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}
            ),
            "pronouns": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        keyworker = self.fields["keyworker"]
        keyworker.queryset = User.objects.filter(  # type: ignore[attr-defined]
            team_memberships__team=team, is_active=True
        ).order_by("name")
        keyworker.label = _("Keyworker (optional)")
        keyworker.empty_label = _("No keyworker yet")  # type: ignore[attr-defined]
        cast(forms.CharField, self.fields["nhs_number"]).max_length = 14
        self.fields["nhs_number"].validators = []
        self.fields["nhs_number"].widget.attrs.pop("maxlength", None)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            del self.fields["started_on"]
        else:
            self.fields["started_on"].initial = timezone.localdate()

    def clean_nhs_number(self) -> str:
        digits = normalise_nhs_number(self.cleaned_data["nhs_number"])
        if digits:
            validate_nhs_number(digits)
            others = Person.objects.filter(team=self.team, nhs_number=digits)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if match := others.first():
                raise forms.ValidationError(
                    _("%(name)s in this team already has this NHS number") % {"name": match}
                )
        return digits

    def clean_local_id(self) -> str:
        local_id = self.cleaned_data["local_id"].strip()
        if local_id:
            others = Person.objects.filter(team=self.team, local_id=local_id)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if match := others.first():
                raise forms.ValidationError(
                    _("%(name)s in this team already has this local ID") % {"name": match}
                )
        return local_id

    def clean_date_of_birth(self) -> dt.date | None:
        born = self.cleaned_data["date_of_birth"]
        if born and born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth must be in the past"))
        if born and born.year < 1900:
            raise forms.ValidationError(_("Check the year of birth: it is before 1900"))
        return born

    def clean_started_on(self) -> dt.date:
        started = self.cleaned_data["started_on"]
        if started > timezone.localdate():
            raise forms.ValidationError(_("The date started cannot be in the future"))
        return started


class StatusChangeForm(Versioned, forms.Form):
    """One lifecycle step, with its date and why."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    on = date_field(_("Date"))
    destination = forms.ChoiceField(
        label=_("Where are they moving on to?"),
        choices=Destination.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where they are moving on to")},
    )
    moving_on_plan = forms.CharField(
        label=_("Moving-on plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What will help them keep going: people, places, who to contact if things get hard."
        ),
    )
    keep_in_touch = forms.ChoiceField(
        label=_("Have you agreed to keep in touch once they have moved on?"),
        choices=[
            ("yes", _("Yes, we will keep in touch")),
            ("no", _("No, not this time")),
            ("", _("Not talked about yet")),
        ],
        widget=forms.RadioSelect,
        required=False,
        help_text=_("For example a call after a few weeks, or the door left open to drop in."),
        error_messages={"invalid_choice": _("Choose yes, no or not talked about yet")},
    )
    reason = forms.CharField(
        label=_("Notes (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # issue 14 §7: only when they move on, and only for someone with their own account.
    own_space_days = forms.IntegerField(
        label=_("How many days can they keep signing in to their own space?"),
        min_value=0,
        max_value=3650,
        help_text=_(
            "Counted from the day they moved on. They keep their moving-on pack, their map and "
            "their plan until then. 0 ends it on that day."
        ),
        error_messages={
            "required": _("Say how many days they can keep signing in, as a number"),
            "invalid": _("Say how many days they can keep signing in, as a number"),
            "min_value": _("The number of days cannot be less than 0"),
            "max_value": _("The number of days must be 3650 (ten years) or fewer"),
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )

    def __init__(self, *args: Any, to: str, has_own_account: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        if to == "moved_on" and has_own_account:
            self.fields["own_space_days"].initial = OWN_SPACE_DAYS_AFTER_MOVING_ON
        else:
            del self.fields["own_space_days"]
        if to not in ("moving_on", "moved_on"):
            del self.fields["destination"]
            del self.fields["moving_on_plan"]
            del self.fields["keep_in_touch"]
        elif to == "moving_on":
            self.fields["destination"].required = False
            self.fields["destination"].label = _("Where are they likely to move on to? (optional)")

    def clean_on(self) -> dt.date:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future"))
        return on

    def clean_keep_in_touch(self) -> bool | None:
        answer = self.cleaned_data.get("keep_in_touch") or ""
        return {"yes": True, "no": False}.get(answer)


class InterestForm(LengthLimits, forms.Form):
    when = forms.ChoiceField(
        label=_("Is this something they…"),
        choices=InterestWhen.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether they used to do it, do it now or would like to try it")
        },
    )
    description = forms.CharField(
        label=_("What is it, in their words?"),
        max_length=300,
        error_messages={"required": _("Describe the interest, in their words")},
    )
    categories = RecordChoicesField(
        label=_("What kind of interest is it?"),
        queryset=InterestCategory.objects.in_use(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more. This helps find activities that fit."),
        error_messages={"required": _("Choose at least one kind of interest")},
    )


class SkillForm(LengthLimits, forms.Form):
    description = forms.CharField(
        label=_("What do they know or can do?"),
        max_length=300,
        error_messages={"required": _("Describe the skill or knowledge")},
    )
    would_teach = forms.BooleanField(
        label=_("They would be happy to teach or share it"), required=False
    )


class ConsentForm(LengthLimits, forms.Form):
    """A change in what the person agrees to: which kind, yes or no, since when, and a note."""

    kind = forms.ChoiceField(
        label=_("Consent to"),
        choices=ConsentKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the consent is for"),
            "invalid_choice": _("Choose one of the kinds of consent listed"),
        },
    )
    given = forms.TypedChoiceField(
        label=_("What did they say?"),
        choices=[("yes", _("They agree")), ("no", _("They do not agree, or no longer agree"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether they agree"),
            "invalid_choice": _("Say whether they agree"),
        },
    )
    on = date_field(_("Date they said so"))
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, how they gave it: in person, on the phone, in writing."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class ImportForm(LengthLimits, forms.Form):
    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_("A CSV file or an Excel workbook (.xlsx), up to 5 MB."),
        error_messages={
            "required": _("Choose the file to bring in"),
            "empty": _("The file is empty. Check you chose the right one."),
            "invalid": _("Choose the file to bring in"),
        },
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        label=_("Which team are they joining?"),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the team to add them to"),
            "invalid_choice": _("Choose one of your teams"),
        },
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], by: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by = by
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if len(teams) == 1:
            self.fields["team"].widget = forms.HiddenInput()
        self.report: importing.ImportReport | None = None
        self.signed = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.fields["team"].widget.is_hidden and "team" in self.errors:
            self.add_error(None, self.errors.pop("team"))  # a hidden field shows no errors
        upload, team = data.get("file"), data.get("team")
        if upload and team:
            try:
                self.report = importing.parse_upload(upload, team=team)
                if not self.report.errors:
                    self.signed = importing.sign_rows(self.report, team=team, by=self.by)
            except importing.ImportFileError as problem:
                self.add_error("file", str(problem))
        return data


class ErasureRequestForm(LengthLimits, forms.Form):
    """Why a person's record should be erased (the reason stays after the record goes)."""

    reason = forms.CharField(
        label=_("Why should the record be erased?"),
        help_text=_(
            "For example, the person asked us to, or we no longer need to keep it. Do not write "
            "their name or anything about them: this stays after the record has gone."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the record should be erased")},
    )


class ErasureConfirmForm(LengthLimits, forms.Form):
    understood = forms.BooleanField(
        label=_("I understand that the record will be erased for good and cannot be brought back"),
        error_messages={"required": _("Tick the box to say you understand")},
    )
