"""Every form speaks in our own words (issue 16, section 5): whatever is typed into any field of
any form of ours, no error is one of Django's defaults ("This field is required.", "Enter a valid
date.", "Ensure this value has at most 200 characters…"), and each names its field.

The forms are the ones tests/core/test_length_limits.py finds (every form class in the
package). Each field is fed empty, over-long and nonsense input as its form would give it our
messages (`core.forms.LengthLimits`); the forms that can be made from their data alone are
also posted the same nonsense whole, so their own checks and the model's are seen too.
"""

from __future__ import annotations

import copy
import inspect
import re

import pytest
from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import fields as form_fields
from django.forms import models as form_models

from connecting_people.core.forms import limit_text_lengths, plain_error_messages
from tests.core.test_length_limits import FORMS

NONSENSE = [
    "",
    "   ",
    "x" * 100_001,
    "31/02/2026",
    "0000-00-00",
    "abc",
    "-1",
    str(2**63),
    "1e309",
    "1.234567891234",
    "a\x00b",
    "not-an-email@",
    ["a", "b"],
]


def _django_words() -> set[str]:
    """Every default message of Django's form fields and validators, as Django words it (the
    part before any %(...)s placeholder, which is what a reader would see)."""
    found: set[str] = set()
    for module in (form_fields, form_models):
        for _name, klass in inspect.getmembers(module, inspect.isclass):
            messages = getattr(klass, "default_error_messages", None)
            if isinstance(messages, dict):
                found.update(str(message) for message in messages.values())
    for _name, klass in inspect.getmembers(validators, inspect.isclass):
        message = getattr(klass, "message", None)
        if message is not None and not isinstance(message, property):
            found.add(str(message))
        messages = getattr(klass, "messages", None)
        if isinstance(messages, dict):
            found.update(str(m) for m in messages.values())
    return {re.split(r"%\(|“%|%s|%d", text)[0].strip() for text in found} - {""}


DJANGO_WORDS = _django_words()
PLAIN_DJANGO_PHRASES = (
    "This field is required",
    "Enter a valid",
    "Ensure this value",
    "Select a valid choice",
    "Enter a whole number.",
    "Enter a number.",
    "is not a valid value",
    "Enter a list of values",
    "Null characters are not allowed",
)


def _django_said(message: str) -> str | None:
    for phrase in PLAIN_DJANGO_PHRASES:
        if phrase in message:
            return phrase
    for words in DJANGO_WORDS:
        if len(words) > 8 and message.startswith(words):
            return words
    return None


def test_the_check_knows_djangos_words():
    assert _django_said("This field is required.")
    assert _django_said("Enter a valid date.")
    assert _django_said("Ensure this value has at most 200 characters (it has 201).")
    assert _django_said("Select a valid choice. x is not one of the available choices.")
    assert not _django_said("Fill in “Name”")


def _fields(form_class):
    fields = copy.deepcopy(form_class.base_fields)
    limit_text_lengths(fields, form_class.text_limits)
    plain_error_messages(fields)
    return fields


def _messages(field, value):
    try:
        field.clean(value)
    except ValidationError as error:
        return error.messages
    except (TypeError, ValueError, AttributeError):
        return []  # a value no browser sends to this kind of field
    return []


def _values_for(field):
    if isinstance(field, forms.FileField):
        return [None, SimpleUploadedFile("empty.txt", b""), "not a file"]
    if isinstance(field, forms.BooleanField):
        return [False, ""]
    return NONSENSE


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_no_field_of_any_form_speaks_in_djangos_words(form_class):
    said = []
    for name, field in _fields(form_class).items():
        if isinstance(field.widget, forms.HiddenInput):
            continue  # never typed by anyone: a version number, a step's id
        field.required = True  # so an empty value says "required" too
        for value in _values_for(field):
            for message in _messages(field, value):
                if _django_said(message):
                    said.append(f"{name}: {message}")
    assert not said, f"{form_class.__name__} still says Django's words:\n" + "\n".join(said)


def _only_data(form_class):
    """The form made from its data alone, or None when it needs more (a person, a user...)."""
    try:
        return form_class(data={})
    except Exception:
        return None


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_a_whole_form_posted_nonsense_speaks_in_our_words(form_class):
    if _only_data(form_class) is None:
        pytest.skip("needs more than its data to be made")
    said = []
    for value in ("", "x" * 100_001, "31/02/2026", "abc"):
        probe = _only_data(form_class)
        data = dict.fromkeys(probe.fields, value)
        form = form_class(data=data)
        for field, messages in form.errors.items():
            said += [f"{field}: {m}" for m in messages if _django_said(m)]
    assert not said, f"{form_class.__name__} still says Django's words:\n" + "\n".join(said)


def test_a_message_names_its_field():
    class Form(forms.Form):
        met_on = forms.DateField(label="Date they met")
        note = forms.CharField(label="Note (optional)", max_length=10, required=False)
        times = forms.IntegerField(label="How many times", min_value=1)

    fields = {**Form.base_fields}
    fields = copy.deepcopy(fields)
    limit_text_lengths(fields, {})
    plain_error_messages(fields)
    assert _messages(fields["met_on"], "") == ["Enter “Date they met”, like 26/11/2026"]
    assert _messages(fields["met_on"], "31/02/2026") == [
        "Enter “Date they met” as a real date, like 26/11/2026"
    ]
    assert _messages(fields["note"], "x" * 2_130) == [
        "Keep “Note” to 10 characters or fewer (it has 2,130)"
    ]
    assert _messages(fields["times"], "0") == ["“How many times” must be 1 or more"]
    assert _messages(fields["times"], "abc") == ["Enter “How many times” as a whole number, like 3"]


def test_a_forms_own_message_is_kept():
    field = forms.DateField(label="When", error_messages={"invalid": "Our own words"})
    plain_error_messages({"when": field})
    assert _messages(field, "nonsense") == ["Our own words"]
