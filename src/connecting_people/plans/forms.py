"""Forms for goals and steps, barriers and the contact log. Each message says what to fix."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import LengthLimits, RecordChoicesField, VersionedForm, date_field
from connecting_people.people.models import Interest, Person
from connecting_people.plans.models import (
    CONTACT_TEXT_LIMITS,
    Barrier,
    BarrierFamily,
    BarrierStatus,
    BarrierType,
    Contact,
    ContactKind,
    GoalStatus,
    StepStatus,
    WhoChoice,
)
from connecting_people.plans.services import MAX_CONTACT_MINUTES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class BarrierChoiceField(RecordChoicesField):
    def label_from_instance(self, obj: Barrier) -> str:
        if obj.affects:
            return f"{obj.kind.name}: {Truncator(obj.affects).chars(60)}"
        return obj.kind.name


class GoalForm(LengthLimits, forms.Form):
    """A goal in the person's words; on creation, both confirm they agreed it together."""

    text = forms.CharField(
        label=_("What is the goal, in the person's own words?"),
        help_text=_("Write it the way they say it, for example: I want to get back to swimming."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the goal, in the person's own words")},
    )
    whose_idea = forms.ChoiceField(
        label=_("Whose idea was it?"),
        choices=WhoChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whose idea the goal was")},
    )
    agreed_on = date_field(
        _("Date you agreed it"),
        missing=_("Enter the date you agreed the goal, like 26/11/2026"),
        invalid=_("Enter the date you agreed the goal as a real date, like 26/11/2026"),
    )
    review_on = date_field(
        _("Date to look at how it is going (optional)"),
        required=False,
        invalid=_("Enter the review date as a real date, like 26/2/2027"),
        help_text=_("You will look at it together on this date. For example, 26/2/2027"),
    )
    interests: forms.ModelMultipleChoiceField[Interest] = RecordChoicesField(
        label=_("Interests it links to (optional)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from this person's own interests")},
    )
    barriers = BarrierChoiceField(
        label=_("What gets in the way (optional)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Barriers this goal runs into, or helps with."),
        error_messages={"invalid_choice": _("Choose from this person's own barriers")},
    )
    agreed_together = forms.BooleanField(
        label=_("The person agrees this is their goal"),
        help_text=_("Goals are set together. Read it back to them before you save."),
        error_messages={"required": _("Confirm that the person agrees this is their goal")},
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["agreed_on"].initial = timezone.localdate()
        # Only this person's interests and barriers can be linked; no boxes when there are none.
        interests = person.interests.all()
        barriers = person.barriers.select_related("kind")
        for name, queryset in (("interests", interests), ("barriers", barriers)):
            if queryset.exists():
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]
            else:
                del self.fields[name]

    def clean_agreed_on(self) -> dt.date:
        agreed = self.cleaned_data["agreed_on"]
        if agreed > timezone.localdate():
            raise forms.ValidationError(_("The date you agreed the goal cannot be in the future"))
        return agreed

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        agreed, review = cleaned.get("agreed_on"), cleaned.get("review_on")
        if agreed and review and review < agreed:
            self.add_error(
                "review_on",
                _("The review date must be on or after the date you agreed the goal"),
            )
        return cleaned

    def goal_fields(self) -> dict[str, Any]:
        """What the goal services take."""
        names = ("text", "whose_idea", "agreed_on", "review_on", "interests", "barriers")
        return {name: self.cleaned_data.get(name, []) for name in names}


class GoalEditForm(VersionedForm, GoalForm):
    """Changing a goal: the same questions, over the version that was loaded."""

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, person=person, **kwargs)
        del self.fields["agreed_together"]

    @staticmethod
    def initial_for(goal: Any) -> dict[str, Any]:
        return {
            "version": goal.version,
            "text": goal.text,
            "whose_idea": goal.whose_idea,
            "agreed_on": goal.agreed_on,
            "review_on": goal.review_on,
            "interests": list(goal.interests.all()),
            "barriers": list(goal.barriers.all()),
        }


class GoalStatusForm(VersionedForm):
    """A one-click status change, over the version of the goal the page showed."""

    status = forms.ChoiceField(choices=GoalStatus.choices)


class WorkerOnlyNote(LengthLimits, forms.Form):
    """Keeping a note from the person's own space (issue 14 §5), with the reason why. Everything
    else the worker writes is shown to the person; the box's hint says so."""

    hidden_from_person = forms.BooleanField(
        label=_("Do not show this note to the person"),
        required=False,
        help_text=_(
            "The person can read everything you write here in their own space, unless you tick "
            "this box. Use it only when you need to, for example for news from someone else."
        ),
    )
    hidden_reason = forms.CharField(
        label=_("Why it is not shown to them (needed if you tick the box)"),
        required=False,
        max_length=300,
        error_messages={"max_length": _("Keep the reason to 300 characters or fewer")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("hidden_from_person", "hidden_reason"):  # last, after the note itself
            self.fields[name] = self.fields.pop(name)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("hidden_from_person") and not cleaned.get("hidden_reason", "").strip():
            self.add_error(
                "hidden_reason",
                _(
                    "Say why this note is not shown to the person, for example: it is about "
                    "someone else"
                ),
            )
        return cleaned


class StepForm(WorkerOnlyNote):
    text = forms.CharField(
        label=_("What is the step?"),
        max_length=300,
        help_text=_(
            "Small and clear, for example: look up the times of the Tuesday walking group."
        ),
        error_messages={
            "required": _("Describe the step"),
            "max_length": _("Keep the step to 300 characters or fewer. Split it into two steps."),
        },
    )
    who = forms.ChoiceField(
        label=_("Who will do it"),
        choices=WhoChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who will do it")},
    )
    target_on = date_field(
        _("Aim to do it by (optional)"),
        required=False,
        invalid=_("Enter the date to aim for as a real date, like 26/11/2026"),
    )
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, goal: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal = goal

    def clean_target_on(self) -> dt.date | None:
        target = self.cleaned_data["target_on"]
        if target and target < self.goal.agreed_on:
            raise forms.ValidationError(
                _("The date to aim for cannot be before the goal was agreed (%(date)s)"),
                params={"date": date_format(self.goal.agreed_on, "j F Y")},
            )
        return target


class StepEditForm(VersionedForm, StepForm):
    @staticmethod
    def initial_for(step: Any) -> dict[str, Any]:
        return {
            "version": step.version,
            "text": step.text,
            "who": step.who,
            "target_on": step.target_on,
            "notes": step.notes,
            "hidden_from_person": step.hidden_from_person,
            "hidden_reason": step.hidden_reason,
        }


class StepStatusForm(VersionedForm):
    """A quick status change, over the version of the step the page showed."""

    status = forms.ChoiceField(
        label=_("How is it going?"),
        choices=StepStatus.choices,
        error_messages={"required": _("Choose how the step is going")},
    )


class StepMoveForm(LengthLimits, forms.Form):
    step = forms.IntegerField()
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class BarrierForm(LengthLimits, forms.Form):
    """Something that gets in the way: what kind, what it affects, and the plan to get past it."""

    kind = forms.ModelChoiceField(
        label=_("What kind of barrier is it?"),
        queryset=BarrierType.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose what kind of barrier it is"),
            "invalid_choice": _("Choose one of the kinds of barrier listed"),
        },
    )
    affects = forms.CharField(
        label=_("What does it get in the way of?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the person's words, for example: going to the choir on Thursday evenings."),
    )
    plan = forms.CharField(
        label=_("The plan to get past it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you will try together. You can add this later."),
    )

    def __init__(self, *args: Any, current: BarrierType | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = Q(is_active=True) | Q(pk=current.pk) if current else Q(is_active=True)
        self.kinds = list(BarrierType.objects.filter(offered))
        self.fields["kind"].queryset = BarrierType.objects.filter(offered)  # type: ignore[attr-defined]

    def kind_groups(self) -> list[tuple[StrOrPromise, list[Any]]]:
        """The kind radios grouped by family: how someone feels or thinks, their circumstances."""
        family_of = {str(kind.pk): kind.family for kind in self.kinds}
        options = list(self["kind"])
        return [
            (
                label,
                [o for o in options if family_of.get(str(o.data["value"])) == family],
            )
            for family, label in BarrierFamily.choices
        ]


class BarrierEditForm(VersionedForm, BarrierForm):
    status = forms.ChoiceField(
        label=_("Where does it stand?"),
        choices=BarrierStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where this barrier stands")},
    )
    note = forms.CharField(
        label=_("Note for the history (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What has changed, and why. It is kept with today's date."),
    )

    @staticmethod
    def initial_for(barrier: Barrier) -> dict[str, Any]:
        return {
            "version": barrier.version,
            "kind": barrier.kind_id,
            "affects": barrier.affects,
            "plan": barrier.plan,
            "status": barrier.status,
        }


ENGAGEMENT = [
    ("went_along", _("They went along to an activity")),
    ("learned_skill", _("They learned a skill")),
    ("taught_skill", _("They taught or shared a skill")),
]


class ContactForm(WorkerOnlyNote):
    text_limits = CONTACT_TEXT_LIMITS

    happened_on = date_field(
        _("Date"),
        missing=_("Enter the date of the contact, like 26/11/2026"),
        invalid=_("Enter the date of the contact as a real date, like 26/11/2026"),
    )
    kind = forms.ChoiceField(
        label=_("What kind of contact was it?"),
        choices=ContactKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of contact it was")},
    )
    where = forms.CharField(
        label=_("Where was it? (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: the library café, their home, on the phone."),
        error_messages={"max_length": _("Keep where it was to 200 characters or fewer")},
    )
    duration_minutes = forms.IntegerField(
        label=_("How long was it, in minutes? (optional)"),
        required=False,
        min_value=1,
        max_value=MAX_CONTACT_MINUTES,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter how long it was as a whole number of minutes, like 45"),
            "min_value": _("How long it was must be at least 1 minute"),
            "max_value": _("How long it was must be 1,440 minutes (a whole day) or less"),
        },
    )
    what_happened = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe what happened")},
    )
    follow_ups = forms.CharField(
        label=_("Things to follow up (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    engagement = forms.MultipleChoiceField(
        label=_("Taking part (optional)"),
        choices=ENGAGEMENT,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick any that happened at this contact."),
    )
    people_met = forms.CharField(
        label=_("People they met (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "First names or initials only, as the person would like. For example: Sam, J.T."
        ),
    )
    next_meeting_on = date_field(
        _("Next meeting (optional)"),
        required=False,
        invalid=_("Enter the date of the next meeting as a real date, like 26/11/2026"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = timezone.localdate()

    def clean_happened_on(self) -> dt.date:
        happened = self.cleaned_data["happened_on"]
        if happened > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future"))
        return happened

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        happened, next_on = data.get("happened_on"), data.get("next_meeting_on")
        if happened and next_on and next_on < happened:
            self.add_error("next_meeting_on", _("The next meeting cannot be before this contact"))
        return data

    def contact_fields(self) -> dict[str, Any]:
        """What contact_log takes: the ticked boxes become yes/no answers."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("engagement", "version")}
        data.update({name: name in self.cleaned_data["engagement"] for name, _label in ENGAGEMENT})
        return data


class ContactEditForm(VersionedForm, ContactForm):
    """Correcting a logged contact: the same questions, over the version that was loaded."""

    @staticmethod
    def initial_for(contact: Contact) -> dict[str, Any]:
        return {
            "version": contact.version,
            "happened_on": contact.happened_on,
            "kind": contact.kind,
            "where": contact.where,
            "duration_minutes": contact.duration_minutes,
            "what_happened": contact.what_happened,
            "follow_ups": contact.follow_ups,
            "engagement": [name for name, _label in ENGAGEMENT if getattr(contact, name)],
            "people_met": contact.people_met,
            "hidden_from_person": contact.hidden_from_person,
            "hidden_reason": contact.hidden_reason,
            "next_meeting_on": contact.next_meeting_on,
        }
