"""The one edit flow: save on a valid POST, errors on the form, a clash in the form's words."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from connecting_people.core.concurrency import Difference, EditConflict
from connecting_people.core.editing import edit, readable
from connecting_people.core.forms import VersionedForm

DAYS = [("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday")]


class DaysForm(VersionedForm):
    note = forms.CharField(required=False)
    days = forms.MultipleChoiceField(choices=DAYS, required=False)
    inside = forms.ChoiceField(choices=[("yes", "Inside services"), ("no", "Outside services")])

    def __init__(self, *args: Any, owner: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner


class Refused(Exception):
    pass


class Current:
    version = 7


def _post(**data: Any):
    return RequestFactory().post("/", data)


def _form(request, **kwargs: Any) -> DaysForm:
    return DaysForm(request.POST if request.method == "POST" else None, owner="sam", **kwargs)


def test_edit_saves_on_a_valid_post_and_returns_what_the_service_gave():
    request = _post(version="3", note="hello", days=["mon"], inside="yes")
    done = edit(request, _form(request), lambda data: data["note"].upper())
    assert done.saved
    assert done.result == "HELLO"
    assert done.conflict is None


def test_edit_does_not_save_on_a_get_or_an_invalid_post():
    calls: list[Any] = []
    get = RequestFactory().get("/")
    assert not edit(get, _form(get, initial={"version": 1}), calls.append).saved
    bad = _post(version="3", inside="maybe")
    done = edit(bad, _form(bad), calls.append)
    assert not done.saved
    assert calls == []
    assert "inside" in done.form.errors


def test_edit_puts_a_service_validation_error_on_the_form():
    request = _post(version="3", note="x", inside="no")

    def save(data: dict[str, Any]) -> None:
        raise ValidationError("The end cannot be before the start")

    done = edit(request, _form(request), save)
    assert not done.saved
    assert done.form.non_field_errors() == ["The end cannot be before the start"]


def test_edit_shows_a_named_refusal_on_the_form_and_lets_others_through():
    request = _post(version="3", inside="no")

    def save(data: dict[str, Any]) -> None:
        raise Refused("They have already moved on")

    done = edit(request, _form(request), save, refusals=(Refused,))
    assert done.form.non_field_errors() == ["They have already moved on"]
    with pytest.raises(Refused):
        edit(request, _form(request), save)


def test_edit_on_a_clash_keeps_what_was_typed_on_the_stored_version_and_words_the_choices():
    request = _post(version="3", note="mine", days=["mon", "wed"], inside="yes")
    differences = [
        Difference(field="days", label="Days", theirs=["tue"], yours=["mon", "wed"]),
        Difference(field="inside", label="Inside", theirs="No", yours="Yes"),
        Difference(field="note", label="Note", theirs="theirs", yours="mine"),
    ]

    def clash(data: dict[str, Any]) -> None:
        refused = EditConflict.__new__(EditConflict)
        refused.current, refused.differences = Current(), list(differences)  # type: ignore[assignment]
        raise refused

    done = edit(request, _form(request), clash)
    assert not done.saved
    assert done.form["version"].value() == "7"
    assert done.form["note"].value() == "mine"
    assert done.form.owner == "sam"  # built again with the same arguments
    table = {d.field: (d.theirs, d.yours) for d in done.conflict.differences}
    assert table == {
        "days": ("Tuesday", "Monday, Wednesday"),
        "inside": ("Outside services", "Inside services"),
        "note": ("theirs", "mine"),
    }
    assert done.context == {"form": done.form, "conflict": done.conflict}


def test_readable_leaves_out_hidden_fields_and_lets_the_form_word_its_own():
    class MapForm(DaysForm):
        conflict_hidden = ("latitude",)

        def conflict_words(self, name: str, value: Any) -> Any:
            return f"{value} km" if name == "note" else None

    refused = EditConflict.__new__(EditConflict)
    refused.differences = [
        Difference(field="latitude", label="Latitude", theirs=1, yours=2),
        Difference(field="note", label="Note", theirs=3, yours=4),
        Difference(field="days", label="Days", theirs="mon,tue", yours=""),
    ]
    words = readable(refused, MapForm(owner="sam"))
    assert [(d.field, d.theirs, d.yours) for d in words.differences] == [
        ("note", "3 km", "4 km"),
        ("days", "Monday, Tuesday", ""),
    ]
