"""One edit flow for every versioned form: show the form, save through the service, and when someone
else saved first, show the clash in the form's own words with everything typed kept.

A view builds its form, then hands the saving to `edit`:

    form = GoalEditForm(request.POST or None, person=person, initial=GoalEditForm.initial_for(goal))
    done = edit(request, form, lambda data: services.goal_update(goal=goal, by=request.user, ...))
    if done.saved:
        messages.success(request, _("Changes to the goal are saved."))
        return redirect(...)
    return render(request, "plans/goal_form.html", {"goal": goal, **done.context})

`edit` saves only on a valid POST. A `ValidationError` from the service goes onto the form; an
`EditConflict` gives back the same form based on the version now stored (so the next save can go
through) and the conflict, its differences written with the form's labels for choices.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from connecting_people.core.concurrency import Difference, EditConflict

T = TypeVar("T")


@dataclass
class Edit(Generic[T]):
    """What came of one pass through the edit flow."""

    form: Any
    conflict: EditConflict | None = None
    saved: bool = False
    result: T | None = None

    @property
    def context(self) -> dict[str, Any]:
        """The form and the clash (if any), for the template."""
        return {"form": self.form, "conflict": self.conflict}


def edit(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], T],
    *,
    refusals: tuple[type[Exception], ...] = (),
) -> Edit[T]:
    """Run `save(form.cleaned_data)` on a valid POST; keep the form and explain any refusal.

    `refusals` are the service's own exceptions whose message is shown on the form as it is.
    """
    if request.method != "POST" or not form.is_valid():
        return Edit(form)
    try:
        result = save(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return Edit(form)
    except refusals as refused:
        form.add_error(None, str(refused))
        return Edit(form)
    except EditConflict as refused:
        again = form.with_version(refused.current.version)  # type: ignore[attr-defined]
        return Edit(again, conflict=readable(refused, form))
    return Edit(form, saved=True, result=result)


def readable(conflict: EditConflict, form: forms.BaseForm) -> EditConflict:
    """The clash in the form's words: stored codes as the labels its choices show, lists joined.

    A form can leave fields out of the table (`conflict_hidden`, e.g. a map point that follows an
    area) or word a value itself (`conflict_words(name, value)`, returning None to fall back).
    """
    hidden = set(getattr(form, "conflict_hidden", ()))
    own = getattr(form, "conflict_words", None)

    def words(name: str, value: Any) -> Any:
        if own is not None:
            said = own(name, value)
            if said is not None:
                return said
        field = form.fields.get(name)
        if isinstance(field, forms.ModelChoiceField):  # already written as the record's name
            return value
        choices = getattr(field, "choices", None)
        return _in_words(value, dict(_flat(choices))) if choices else value

    conflict.differences = [
        dataclasses.replace(d, theirs=words(d.field, d.theirs), yours=words(d.field, d.yours))
        for d in conflict.differences
        if d.field not in hidden
    ]
    return conflict


def _flat(choices: Iterable[Any]) -> Iterable[tuple[str, Any]]:
    for value, label in choices:
        if isinstance(label, list | tuple):  # a group of choices
            yield from _flat(label)
        else:
            yield str(value), label


def _in_words(value: Any, labels: dict[str, Any]) -> Any:
    """A stored value as its label: one code, a list of codes, or codes joined by commas."""
    yes_no = {str(_("Yes")): "yes", str(_("No")): "no", "True": "yes", "False": "no"}
    if isinstance(value, list | tuple | set):
        return ", ".join(str(labels.get(str(v), v)) for v in value)
    key = str(value)
    if key in labels:
        return labels[key]
    if key in yes_no and yes_no[key] in labels:  # a stored tick shown against yes/no choices
        return labels[yes_no[key]]
    if isinstance(value, str) and "," in value and all(p in labels for p in value.split(",")):
        return ", ".join(str(labels[p]) for p in value.split(","))
    return value


__all__ = ["Difference", "Edit", "edit", "readable"]
