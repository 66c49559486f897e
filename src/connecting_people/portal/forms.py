"""The forms of the person's own space: few questions, plain words, errors that say what to do."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import LengthLimits, VersionedForm
from connecting_people.people.models import InterestWhen


class WhatMattersForm(VersionedForm):
    what_matters = forms.CharField(
        label=_("What matters to you?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say it your way. Your worker will see it."),
    )

    @staticmethod
    def initial_for(person: Any) -> dict[str, Any]:
        return {"version": person.version, "what_matters": person.what_matters}


class StepDoneForm(VersionedForm):
    note = forms.CharField(
        label=_("How did it go? (you can leave this blank)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your worker will see what you write."),
    )


class OwnInterestForm(LengthLimits, forms.Form):
    description = forms.CharField(
        label=_("What is it?"),
        max_length=300,
        help_text=_("For example: swimming, or the choir at the library."),
        error_messages={"required": _("Write what it is, like swimming or cooking")},
    )
    when = forms.ChoiceField(
        label=_("Do you do it now?"),
        choices=[
            (InterestWhen.DO_NOW, _("I do it now")),
            (InterestWhen.WOULD_LIKE_TO_TRY, _("I would like to try it")),
            (InterestWhen.USED_TO, _("I used to do it")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose if you do it now, used to, or would like to try")},
    )


class OwnWordsForm(LengthLimits, forms.Form):
    text = forms.CharField(
        label=_("How do you see it?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write how you see it")},
    )


class OwnUpdateForm(LengthLimits, forms.Form):
    text = forms.CharField(
        label=_("Your update"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For example: how a step went, or what you want to talk about next time."),
        error_messages={"required": _("Write your update")},
    )
