""" "Today's session": one form to record a session as it happened (issue 16).

The contact (kind, where, went along, skills, who they met), the steps done or changed, someone
new on their map, what came of the ideas put to them, the next steps and the next meeting: one
page, one POST, one transaction. Everything is saved through the services that the separate
pages use (`plans.services`, `network.services`, `suggestions.services`), so it is checked,
versioned and audited the same way; if any part is refused, nothing is saved.

A tried idea and the contact are one record: `suggestion_tried` is given the contact being
logged, and logs no second one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from connecting_people.core.forms import date_field
from connecting_people.network import services as network_services
from connecting_people.network.models import Connection
from connecting_people.network.vocab import USUALLY_INSIDE_SERVICES, Began, Kind, Ring
from connecting_people.people.models import Person
from connecting_people.plans import services as plan_services
from connecting_people.plans.forms import ContactForm
from connecting_people.plans.models import Contact, Goal, GoalStatus, Step, StepStatus, WhoChoice
from connecting_people.suggestions import services as suggestion_services
from connecting_people.suggestions.models import NotForMeReason, Suggestion, SuggestionStatus

NEXT_STEP_ROWS = 2
OPEN_GOALS = (GoalStatus.WORKING_ON, GoalStatus.ON_HOLD)
OPEN_STEPS = (StepStatus.TO_DO, StepStatus.DOING, StepStatus.PAUSED)
OPEN_IDEAS = (
    SuggestionStatus.SUGGESTED,
    SuggestionStatus.TALKED_ABOUT,
    SuggestionStatus.TRIED,
    SuggestionStatus.GOING_REGULARLY,
)
NO_CHANGE = ""


@dataclass
class SessionParts:
    """What the session page offers: the open goals with their open steps, the open ideas."""

    goals: list[Goal]
    steps: list[Step]
    ideas: list[Suggestion]
    connections: list[Connection] = field(default_factory=list)


def session_parts(person: Person) -> SessionParts:
    """The person's open goals (with their open steps), open ideas and who is on their map now.
    Four queries."""
    goals = list(
        person.goals.filter(status__in=OPEN_GOALS)
        .order_by("agreed_on", "pk")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=Step.objects.filter(status__in=OPEN_STEPS).order_by("position", "pk"),
                to_attr="open_steps",
            )
        )
    )
    steps = [step for goal in goals for step in goal.open_steps]
    for goal in goals:
        for step in goal.open_steps:
            step.goal = goal  # no query per step for its goal
    ideas = list(
        Suggestion.objects.filter(person=person, status__in=OPEN_IDEAS)
        .select_related("service", "connector")
        .order_by("-shortlisted", "pk")
    )
    connections = list(
        Connection.objects.current()
        .filter(person=person)
        .order_by("label", "pk")
        .only("pk", "label", "ring", "version", "person_id")
    )
    return SessionParts(
        goals=cast(list[Goal], goals), steps=steps, ideas=ideas, connections=connections
    )


def _radios(choices: list[tuple[str, Any]], label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.RadioSelect,
        initial=NO_CHANGE,
        error_messages={"invalid_choice": _("Choose one of the answers listed")},
    )


class SessionForm(ContactForm):
    """The whole session as one form. The contact's own fields keep their names (so the
    contact form's checks and messages apply as they are); each step, idea and next step has
    its own fields, named by its id (`step_12`, `step_12_version`, `idea_4`, ...)."""

    connection_label = forms.CharField(
        label=gettext_lazy("Someone new on their map (optional)"),
        required=False,
        max_length=60,
        help_text=gettext_lazy(
            "A first name, initials or a nickname, whatever the person chooses. Leave it empty "
            "if they met no one new."
        ),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
        error_messages={"max_length": gettext_lazy("Keep the name to 60 characters or fewer")},
    )
    connection_kind = forms.ChoiceField(
        label=gettext_lazy("Who are they to the person?"),
        choices=[("", gettext_lazy("Choose…")), *Kind.choices],
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the kinds listed")},
    )
    connection_ring = forms.ChoiceField(
        label=gettext_lazy("How close do they feel?"),
        choices=Ring.choices,
        initial=Ring.OUTER,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose close, middle or outer")},
    )

    def __init__(self, *args: Any, person: Person, parts: SessionParts, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.parts = parts
        self.fields["kind"].label = _("What kind of contact was it?")
        self.fields["what_happened"].widget.attrs["rows"] = 3
        self.fields["follow_ups"].widget.attrs["rows"] = 2
        step_choices = [
            (NO_CHANGE, _("No change")),
            (StepStatus.DONE, _("Done")),
            (StepStatus.DOING, _("Doing")),
            (StepStatus.PAUSED, _("Paused")),
            (StepStatus.DROPPED, _("Not doing this now")),
        ]
        for step in parts.steps:
            choices = [(v, label) for v, label in step_choices if v != step.status]
            self.fields[f"step_{step.pk}"] = _radios(choices, step.text)
            self.fields[f"step_{step.pk}_version"] = _version(step.version)
        for idea in parts.ideas:
            moves = suggestion_services.moves_from(idea.status)
            labels = dict(SuggestionStatus.choices)
            choices = [(NO_CHANGE, _("No change")), *((m, str(labels[m])) for m in moves)]
            self.fields[f"idea_{idea.pk}"] = _radios(choices, idea.title)
            self.fields[f"idea_{idea.pk}_version"] = _version(idea.version)
            if SuggestionStatus.NOT_FOR_ME in moves:
                self.fields[f"idea_{idea.pk}_reason"] = forms.ChoiceField(
                    label=_("If it is not for them, why?"),
                    choices=[("", _("Choose…")), *NotForMeReason.choices],
                    required=False,
                    error_messages={"invalid_choice": _("Choose a reason from the list")},
                )
        if parts.connections:
            self.fields["changed_connection"] = forms.ChoiceField(
                label=_("Someone already on their map who feels closer or further away now"),
                choices=[("", _("Nobody"))] + [(str(c.pk), c.label) for c in parts.connections],
                required=False,
                error_messages={"invalid_choice": _("Choose someone from their map")},
            )
            self.fields["changed_connection_ring"] = forms.ChoiceField(
                label=_("How close do they feel now?"),
                choices=[("", _("Choose…")), *Ring.choices],
                required=False,
                error_messages={"invalid_choice": _("Choose close, middle or outer")},
            )
            for connection in parts.connections:
                self.fields[f"connection_{connection.pk}_version"] = _version(connection.version)
        goal_choices = [("", _("Choose a goal…"))] + [(str(g.pk), g.text) for g in parts.goals]
        for row in range(1, NEXT_STEP_ROWS + 1 if parts.goals else 1):
            self.fields[f"next_{row}_text"] = forms.CharField(
                label=_("Next step (optional)"),
                required=False,
                max_length=300,
                error_messages={
                    "max_length": _("Keep the next step to 300 characters or fewer"),
                },
            )
            self.fields[f"next_{row}_goal"] = forms.ChoiceField(
                label=_("Towards which goal?"), choices=goal_choices, required=False
            )
            self.fields[f"next_{row}_who"] = forms.ChoiceField(
                label=_("Who will do it?"),
                choices=[("", _("Choose…")), *WhoChoice.choices],
                required=False,
            )
            self.fields[f"next_{row}_target_on"] = date_field(
                _("By when? (optional)"),
                required=False,
                invalid=_("Enter the date for the next step as a real date, like 26/11/2026"),
            )

    # What the template shows, field by field -----------------------------------------------

    def step_rows(self) -> list[tuple[Step, Any, Any]]:
        return [
            (step, self[f"step_{step.pk}"], self[f"step_{step.pk}_version"])
            for step in self.parts.steps
        ]

    def idea_rows(self) -> list[tuple[Suggestion, Any, Any, Any]]:
        rows = []
        for idea in self.parts.ideas:
            reason = f"idea_{idea.pk}_reason"
            rows.append(
                (
                    idea,
                    self[f"idea_{idea.pk}"],
                    self[f"idea_{idea.pk}_version"],
                    self[reason] if reason in self.fields else None,
                )
            )
        return rows

    def connection_versions(self) -> list[Any]:
        return [self[f"connection_{c.pk}_version"] for c in self.parts.connections]

    def next_rows(self) -> list[dict[str, Any]]:
        rows = []
        for row in range(1, NEXT_STEP_ROWS + 1):
            if f"next_{row}_text" in self.fields:
                rows.append(
                    {
                        name: self[f"next_{row}_{name}"]
                        for name in ("text", "goal", "who", "target_on")
                    }
                )
        return rows

    # Checks ----------------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("connection_label", "").strip() and not data.get("connection_kind"):
            self.add_error("connection_kind", _("Choose who they are to the person"))
        if data.get("changed_connection") and not data.get("changed_connection_ring"):
            self.add_error("changed_connection_ring", _("Choose how close they feel now"))
        for idea in self.parts.ideas:
            reason = f"idea_{idea.pk}_reason"
            if data.get(f"idea_{idea.pk}") == SuggestionStatus.NOT_FOR_ME and not data.get(reason):
                self.add_error(
                    reason, _("Choose why “%(idea)s” is not for them") % {"idea": idea.title}
                )
        goals = {str(g.pk): g for g in self.parts.goals}
        for row in range(1, NEXT_STEP_ROWS + 1):
            if (
                f"next_{row}_text" not in self.fields
                or not data.get(f"next_{row}_text", "").strip()
            ):
                continue
            if data.get(f"next_{row}_goal") not in goals:
                self.add_error(f"next_{row}_goal", _("Choose which goal the next step is towards"))
            if not data.get(f"next_{row}_who"):
                self.add_error(f"next_{row}_who", _("Choose who will do the next step"))
            target = data.get(f"next_{row}_target_on")
            goal = goals.get(data.get(f"next_{row}_goal") or "")
            if target and goal and target < goal.agreed_on:
                self.add_error(
                    f"next_{row}_target_on",
                    _("The next step's date cannot be before the goal was agreed (%(date)s)")
                    % {"date": date_format(goal.agreed_on, "j F Y")},
                )
        return data

    # What the service takes ------------------------------------------------------------------

    def session_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        steps = [
            StepChange(step, data[f"step_{step.pk}"], data[f"step_{step.pk}_version"])
            for step in self.parts.steps
            if data.get(f"step_{step.pk}")
        ]
        ideas = [
            IdeaChange(
                idea,
                data[f"idea_{idea.pk}"],
                data[f"idea_{idea.pk}_version"],
                data.get(f"idea_{idea.pk}_reason") or "",
            )
            for idea in self.parts.ideas
            if data.get(f"idea_{idea.pk}")
        ]
        goals = {str(g.pk): g for g in self.parts.goals}
        next_steps = [
            NextStep(
                row=row,
                goal=goals[data[f"next_{row}_goal"]],
                text=data[f"next_{row}_text"].strip(),
                who=data[f"next_{row}_who"],
                target_on=data.get(f"next_{row}_target_on"),
            )
            for row in range(1, NEXT_STEP_ROWS + 1)
            if f"next_{row}_text" in self.fields and data.get(f"next_{row}_text", "").strip()
        ]
        label = (data.get("connection_label") or "").strip()
        connection = (
            {"label": label, "kind": data["connection_kind"], "ring": data["connection_ring"]}
            if label
            else None
        )
        changed = None
        if data.get("changed_connection"):
            found = {str(c.pk): c for c in self.parts.connections}[data["changed_connection"]]
            changed = ConnectionChange(
                found, data["changed_connection_ring"], data[f"connection_{found.pk}_version"]
            )
        return {
            "contact": self.contact_fields(),
            "steps": steps,
            "connection": connection,
            "changed_connection": changed,
            "ideas": ideas,
            "next_steps": next_steps,
        }

    def contact_fields(self) -> dict[str, Any]:
        names = (*plan_services.CONTACT_FIELDS, "engagement")
        kept = {k: v for k, v in self.cleaned_data.items() if k in names}
        data = {k: v for k, v in kept.items() if k != "engagement"}
        ticked = self.cleaned_data.get("engagement") or []
        data.update(
            {name: name in ticked for name in ("went_along", "learned_skill", "taught_skill")}
        )
        return data

    def with_versions(self, versions: dict[str, int]) -> dict[str, Any]:
        """The data as typed, over the versions now stored (after a clash)."""
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
        for name, version in versions.items():
            data[name] = str(version)
        return data


def _ring_words(ring: str) -> str:
    words: dict[str, str] = {
        Ring.CLOSE: _("close"),
        Ring.MIDDLE: _("in the middle ring"),
        Ring.OUTER: _("further out"),
    }
    return words.get(ring, ring)


def _version(value: int) -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=value)


@dataclass(frozen=True)
class StepChange:
    step: Step
    status: str
    version: int


@dataclass(frozen=True)
class ConnectionChange:
    connection: Connection
    ring: str
    version: int


@dataclass(frozen=True)
class IdeaChange:
    idea: Suggestion
    to_status: str
    version: int
    reason: str = ""


@dataclass(frozen=True)
class NextStep:
    row: int
    goal: Goal
    text: str
    who: str
    target_on: dt.date | None


@dataclass
class SessionSaved:
    """What one session saved, for the message on the person's page."""

    contact: Contact
    steps: list[Step] = field(default_factory=list)
    connection: Connection | None = None
    changed_connection: Connection | None = None
    ideas: list[Suggestion] = field(default_factory=list)
    next_steps: list[Step] = field(default_factory=list)

    def summary(self, person: Person) -> str:
        parts = [_("the contact")]
        done = sum(1 for step in self.steps if step.status == StepStatus.DONE)
        changed = len(self.steps) - done
        if done:
            parts.append(ngettext("%(n)d step done", "%(n)d steps done", done) % {"n": done})
        if changed:
            parts.append(
                ngettext("%(n)d step changed", "%(n)d steps changed", changed) % {"n": changed}
            )
        if self.connection is not None:
            parts.append(_("%(name)s added to their map") % {"name": self.connection.label})
        if self.changed_connection is not None:
            parts.append(
                _("%(name)s now %(ring)s")
                % {
                    "name": self.changed_connection.label,
                    "ring": _ring_words(self.changed_connection.ring),
                }
            )
        if self.ideas:
            n = len(self.ideas)
            parts.append(ngettext("%(n)d idea updated", "%(n)d ideas updated", n) % {"n": n})
        if self.next_steps:
            n = len(self.next_steps)
            parts.append(ngettext("%(n)d next step", "%(n)d next steps", n) % {"n": n})
        if self.contact.next_meeting_on:
            parts.append(
                _("next meeting %(date)s")
                % {"date": date_format(self.contact.next_meeting_on, "j F Y")}
            )
        listed = ", ".join(str(p) for p in parts[:-1])
        said = f"{listed} and {parts[-1]}" if listed else str(parts[-1])
        return _("Today's session with %(name)s is saved: %(what)s.") % {
            "name": person.preferred_name,
            "what": said,
        }


@contextmanager
def _errors_as(prefix: str, fields: dict[str, str] | None = None) -> Iterator[None]:
    """A service's refusal, keyed by the session form's field names (`prefix` + its own)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise ValidationError({prefix.rstrip("_") or "__all__": error.messages}) from error
        names = fields or {}
        raise ValidationError(
            {names.get(key, f"{prefix}{key}"): value for key, value in error.error_dict.items()}
        ) from error


@transaction.atomic
def session_record(
    *,
    person: Person,
    by: Any,
    contact: dict[str, Any],
    steps: list[StepChange] = (),  # type: ignore[assignment]
    connection: dict[str, Any] | None = None,
    changed_connection: ConnectionChange | None = None,
    ideas: list[IdeaChange] = (),  # type: ignore[assignment]
    next_steps: list[NextStep] = (),  # type: ignore[assignment]
) -> SessionSaved:
    """Record a whole session, all of it or none of it.

    Refused with ValidationError keyed by the session form's field names, or EditConflict when
    a step or idea changed after the page was loaded; either way nothing is written.
    """
    with _errors_as(""):
        logged = plan_services.contact_log(person=person, by=by, **contact)
    saved = SessionSaved(contact=logged)
    for change in steps:
        with _errors_as(f"step_{change.step.pk}", {"status": f"step_{change.step.pk}"}):
            saved.steps.append(
                plan_services.step_set_status(
                    step=change.step,
                    status=change.status,
                    version=change.version,
                    on=logged.happened_on,
                    by=by,
                )
            )
    if connection is not None:
        kind = connection["kind"]
        with _errors_as("connection_"):
            saved.connection = network_services.connection_add(
                person=person,
                by=by,
                label=connection["label"],
                kind=kind,
                ring=connection.get("ring") or Ring.OUTER,
                inside_services=kind in USUALLY_INSIDE_SERVICES,
                began=Began.ACTIVITY if logged.went_along else Began.OTHER,
                began_with_contact=logged,
                started_on=logged.happened_on,
                made_since_start=True,
            )
    if changed_connection is not None:
        with _errors_as("changed_connection_", {"ring": "changed_connection_ring"}):
            saved.changed_connection = network_services.connection_update(
                connection=changed_connection.connection,
                changes={"ring": changed_connection.ring},
                version=changed_connection.version,
                by=by,
            )
    for idea_change in ideas:
        name = f"idea_{idea_change.idea.pk}"
        with _errors_as(name, {"to_status": name, "on": name, "reason": f"{name}_reason"}):
            if idea_change.to_status == SuggestionStatus.TRIED:
                suggestion_services.suggestion_tried(
                    suggestion=idea_change.idea,
                    by=by,
                    version=idea_change.version,
                    on=logged.happened_on,
                    with_worker=logged.went_along,
                    contact=logged,
                )
            else:
                suggestion_services.suggestion_move(
                    suggestion=idea_change.idea,
                    by=by,
                    to_status=idea_change.to_status,
                    version=idea_change.version,
                    on=logged.happened_on,
                    reason=idea_change.reason,
                )
        saved.ideas.append(idea_change.idea)
    for step in next_steps:
        with _errors_as(f"next_{step.row}_"):
            saved.next_steps.append(
                plan_services.step_add(
                    goal=step.goal, text=step.text, who=step.who, target_on=step.target_on, by=by
                )
            )
    return saved


def next_meeting(person: Person) -> dt.date | None:
    """The next meeting agreed at the most recent contact that agreed one, if it is still ahead
    (today counts). One query."""
    found = (
        person.contacts.filter(next_meeting_on__isnull=False)
        .order_by("-happened_on", "-pk")
        .values_list("next_meeting_on", flat=True)
        .first()
    )
    return found if found is not None and found >= timezone.localdate() else None


SUMMARY_STEPS = 3


def person_summary(
    person: Person, plan: dict[str, Any], measures: dict[str, Any]
) -> dict[str, Any]:
    """The short summary at the top of the person's page: the next steps (to do or doing, the
    soonest first), the next meeting, what changed since the last contact, what is due.

    Built from what the page loads anyway (`plan_overview`, `measures_overview`) plus two
    queries: the next meeting, and who joined their map since the last contact.
    """
    open_steps = [
        step
        for goal in plan["goals"]
        if goal.status == GoalStatus.WORKING_ON
        for step in goal.steps.all()
        if step.status in (StepStatus.TO_DO, StepStatus.DOING)
    ]
    open_steps.sort(key=lambda s: (s.target_on or dt.date.max, s.goal.agreed_on, s.position))
    last = plan["last_contact"]
    steps_done = 0
    joined = 0
    if last is not None:
        steps_done = sum(
            1
            for goal in plan["goals"] + plan["closed_goals"]
            for step in goal.steps.all()
            if step.status == StepStatus.DONE and step.done_on and step.done_on > last
        )
        joined = Connection.objects.filter(person=person, started_on__gt=last).count()
    today = plan["today"]
    review = plan["next_review"]
    return {
        "next_steps": open_steps[:SUMMARY_STEPS],
        "more_steps": max(len(open_steps) - SUMMARY_STEPS, 0),
        "next_meeting": next_meeting(person),
        "last_contact": last,
        "since": {"steps_done": steps_done, "joined": joined},
        "review": review,
        "review_soon": bool(review and today <= review <= today + dt.timedelta(days=14)),
        "review_overdue": plan["review_overdue"],
        "questionnaires": measures.get("attention") or [],
    }
