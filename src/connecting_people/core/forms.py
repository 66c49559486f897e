"""Every Django form, ours or a library's, renders as a GOV.UK form (see templates/_components)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class FormRenderer(TemplatesSetting):
    """Renders `{{ form }}` and `{{ field.as_field_group }}` with our GOV.UK templates."""

    form_template_name = "_components/form.html"
    field_template_name = "_components/field.html"


DATE_HINT = _("For example, 26/11/2026")

# The largest id a database column can hold (a 64-bit signed integer).
LARGEST_ID = 2**63 - 1


class RecordChoicesField(forms.ModelMultipleChoiceField):
    """Tick boxes for records (ModelMultipleChoiceField), every form's own: an id too big for
    the database is one that is not on the list, like any other.

    Django asks the database for all the ticked ids at once, and SQLite cannot take a number
    above 2**63 - 1: a posted 9223372036854775808 was a server error (tests/test_fuzz_forms.py).
    """

    def _check_values(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        if key == "pk" and self.queryset is not None:
            for pk in value:
                text = str(pk).strip()
                number = text.removeprefix("-")
                if number.isascii() and number.isdigit() and int(number) > LARGEST_ID:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": pk},
                    )
        return super()._check_values(value)  # type: ignore[misc]  # not in the stubs


def date_field(
    label: StrOrPromise,
    *,
    required: bool = True,
    missing: StrOrPromise | None = None,
    invalid: StrOrPromise | None = None,
    help_text: StrOrPromise | None = None,
) -> forms.DateField:
    """A day/month/year text box (no browser date picker), with plain error messages."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=DATE_HINT if help_text is None else help_text,
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}, format="%d/%m/%Y"),
        error_messages={
            "required": missing or _("Enter the date, like 26/11/2026"),
            "invalid": invalid or _("Enter a real date, like 26/11/2026"),
        },
    )


# Length limits -------------------------------------------------------------------------------
# Every text box has a limit matching what a person would write (issue 15: a 1,000,000-character
# barrier was saved). A field that names its own limit keeps it (a name 60, a step 300, a
# description 5,000); one that does not gets these. Over the limit, the form says so plainly and
# keeps what was typed (no browser maxlength on these, which would cut a paste off silently).
SHORT_TEXT_MAX = 200  # one line: a name, a title, a place
LONG_TEXT_MAX = 5_000  # a text area: a note, a plan, what happened (about 800 words)
URL_MAX = 2_000


def too_long_message(limit: int, length: int) -> str:
    return _("Keep this to %(limit)s characters or fewer (you have %(length)s)") % {
        "limit": f"{limit:,}",
        "length": f"{length:,}",
    }


class LengthValidator(MaxLengthValidator):
    """Django's max_length check, with a plain message that says how many there are."""

    def __call__(self, value: Any) -> None:
        if not isinstance(value, str):
            return
        length = len(value)
        if length > self.limit_value:
            raise ValidationError(
                too_long_message(self.limit_value, length),
                code="max_length",
                # A field's own max_length message may use these, as Django's does.
                params={"limit_value": self.limit_value, "show_value": length, "value": value},
            )


def default_text_limit(field: forms.CharField) -> int:
    if isinstance(field, forms.URLField):
        return URL_MAX
    if isinstance(field.widget, forms.Textarea):
        return LONG_TEXT_MAX
    return SHORT_TEXT_MAX


def limit_text_lengths(fields: dict[str, forms.Field], limits: dict[str, int]) -> None:
    """Give every text field a maximum (`limits`, its own, or the default) and the plain message."""
    for name, field in fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field, forms.UUIDField):
            continue  # a UUID is not free text, and is checked as a UUID
        if name in limits:
            field.max_length = limits[name]
        elif field.max_length is None:
            field.max_length = default_text_limit(field)
        field.validators = [
            v for v in field.validators if not isinstance(v, MaxLengthValidator)
        ] + [LengthValidator(field.max_length)]


class LengthLimits:
    """Every form we write has this: its text fields all have a maximum length (see above).

    `text_limits` names a field's limit where the field itself cannot (a model form's TextField).
    tests/core/test_length_limits.py checks that every form in the package has it.
    """

    text_limits: ClassVar[dict[str, int]] = {}
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_text_lengths(self.fields, self.text_limits)


class Versioned(LengthLimits):
    """For a form (plain or model) that carries the version of the record it was loaded from."""

    construction_kwargs: dict[str, Any]

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        # Kept as the caller passed them, before any subclass's __init__ takes its own out.
        form = super().__new__(cls)
        form.construction_kwargs = {k: v for k, v in kwargs.items() if k not in ("initial", "data")}
        return form

    def with_version(self, version: int) -> Self:
        """The same form, everything typed kept, to be saved over the version now stored."""
        data = self.data.copy()  # type: ignore[attr-defined]
        data["version"] = str(version)
        return type(self)(data, **self.construction_kwargs)


class VersionedForm(Versioned, forms.Form):
    """An edit form that carries the version of the record it was loaded from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
