"""Every text box has a maximum length matching what a person would write (issue 15)."""

import copy
import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError

import connecting_people
from connecting_people.core.forms import LengthLimits, limit_text_lengths

MOST = 10_000  # no text box takes more than this


def _our_forms():
    for module in pkgutil.walk_packages(connecting_people.__path__, "connecting_people."):
        skip = (".migrations", ".__main__", ".wsgi", ".settings")  # run things when imported
        if not any(part in module.name for part in skip):
            importlib.import_module(module.name)
    found, waiting = set(), [forms.BaseForm]
    while waiting:
        for sub in waiting.pop().__subclasses__():
            waiting.append(sub)
            if sub.__module__.startswith("connecting_people."):
                found.add(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORMS = _our_forms()


def test_the_forms_are_found():
    names = {c.__name__ for c in FORMS}
    assert {"BarrierForm", "PersonForm", "ContactForm", "ServiceForm", "LoginForm"} <= names


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_form_limits_its_text(form_class):
    assert issubclass(form_class, LengthLimits), f"{form_class.__name__} needs LengthLimits"
    fields = copy.deepcopy(form_class.base_fields)
    limit_text_lengths(fields, form_class.text_limits)
    for name, field in fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field, forms.UUIDField):
            continue  # a UUID has its own length
        assert field.max_length is not None, name
        assert field.max_length <= MOST, name
        with pytest.raises(ValidationError) as refused:
            field.clean("a" * (field.max_length + 1))
        assert "max_length" in [e.code for e in refused.value.error_list], name


def test_a_text_area_over_its_limit_says_how_long_it_is():
    field = forms.CharField(widget=forms.Textarea)
    limit_text_lengths({"note": field}, {})
    with pytest.raises(ValidationError) as refused:
        field.clean("a" * 5_001)
    assert refused.value.messages == ["Keep “Note” to 5,000 characters or fewer (it has 5,001)"]
    assert field.clean("a" * 5_000) == "a" * 5_000


def test_a_fields_own_message_is_kept():
    field = forms.CharField(max_length=60, error_messages={"max_length": "Keep it to 60"})
    limit_text_lengths({"label": field}, {})
    with pytest.raises(ValidationError) as refused:
        field.clean("a" * 61)
    assert refused.value.messages == ["Keep it to 60"]


def test_a_uuid_field_is_left_to_its_own_check():
    class Form(LengthLimits, forms.Form):
        service = forms.UUIDField()

    form = Form({"service": "1c5e0f5c-62a6-4c8e-9d1f-5b7b5c0f9a11"})
    assert form.is_valid(), form.errors
