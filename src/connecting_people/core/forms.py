"""Every Django form, ours or a library's, renders as a GOV.UK form (see templates/_components)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MaxLengthValidator
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


def too_long_message(limit: int, length: int, label: str = "") -> str:
    numbers = {"limit": f"{limit:,}", "length": f"{length:,}", "label": label}
    if not label:
        return _("Keep this to %(limit)s characters or fewer (it has %(length)s)") % numbers
    return _("Keep “%(label)s” to %(limit)s characters or fewer (it has %(length)s)") % numbers


class LengthValidator(MaxLengthValidator):
    """Django's max_length check, with a plain message that names the field and says how many
    characters there are."""

    def __init__(self, limit_value: Any, message: Any = None, label: str = "") -> None:
        super().__init__(limit_value, message)
        self.label = label

    def __call__(self, value: Any) -> None:
        if not isinstance(value, str):
            return
        length = len(value)
        if length > self.limit_value:
            raise ValidationError(
                too_long_message(self.limit_value, length, self.label),
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
        ] + [LengthValidator(field.max_length, label=field_label(name, field))]


# Plain messages -------------------------------------------------------------------------------
# Every error says which field it is about, in our words (issue 16, section 5): never Django's
# "This field is required." or "Enter a valid date." A field's own message, set by its form
# (like date_field's), is kept; only Django's defaults are replaced, by the messages below,
# which name the field by its label ("(optional)" left off). tests/test_plain_messages.py walks
# every form with empty, over-long and nonsense input and fails on any of Django's words.


def field_label(name: str, field: forms.Field) -> str:
    """The field's label as an error names it: "(optional)" and a closing colon left off."""
    label = str(field.label) if field.label else name.replace("_", " ").capitalize()
    label = label.replace(" (optional)", "").replace("(optional)", "").strip().rstrip(":")
    # Some messages are %-formatted with their parameters; a label's own % would break that.
    return label.replace(" (%)", "").replace("%", " per cent")


def _plain_messages(field: forms.Field, label: str) -> dict[str, str]:
    """Our message for each of Django's error codes, for this kind of field."""
    named = {"label": label}
    choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField) or isinstance(
        field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.Select
    )
    if isinstance(field, forms.BooleanField):
        required = _("Tick “%(label)s” to go on") % named
    elif isinstance(field, forms.FileField):
        required = _("Choose a file for “%(label)s”") % named
    elif choosing:
        required = _("Choose an answer for “%(label)s”") % named
    elif isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
        required = _("Enter “%(label)s”, like 26/11/2026") % named
    else:
        required = _("Fill in “%(label)s”") % named
    if isinstance(field, forms.DateTimeField):
        invalid = _("Enter “%(label)s” as a real date and time, like 26/11/2026 14:30") % named
    elif isinstance(field, forms.DateField):
        invalid = _("Enter “%(label)s” as a real date, like 26/11/2026") % named
    elif isinstance(field, forms.TimeField):
        invalid = _("Enter “%(label)s” as a time, like 14:30") % named
    elif isinstance(field, forms.IntegerField):
        invalid = _("Enter “%(label)s” as a whole number, like 3") % named
    elif isinstance(field, forms.FloatField | forms.DecimalField):
        invalid = _("Enter “%(label)s” as a number, like 2.5") % named
    elif isinstance(field, forms.EmailField):
        invalid = _("Enter “%(label)s” as an email address, like name@example.com") % named
    elif isinstance(field, forms.URLField):
        invalid = _("Enter “%(label)s” as a web address, like https://www.example.org") % named
    elif isinstance(field, forms.FileField):
        invalid = _("The file for “%(label)s” did not arrive whole: choose it again") % named
    else:
        invalid = _("Check “%(label)s”: we could not read what was entered") % named
    choose = _("Choose “%(label)s” from the list") % named
    return {
        "required": required,
        "invalid": invalid,
        "invalid_choice": choose,
        "invalid_list": choose,
        "invalid_pk_value": choose,
        "list": choose,
        "incomplete": required,
        "invalid_date": _("Enter the date of “%(label)s” as a real date, like 26/11/2026") % named,
        "invalid_time": _("Enter the time of “%(label)s”, like 14:30") % named,
        "min_value": _("“%(label)s” must be %%(limit_value)s or more") % named,
        "max_value": _("“%(label)s” must be %%(limit_value)s or less") % named,
        "step_size": _("“%(label)s” must be a multiple of %%(limit_value)s") % named,
        "max_digits": _("“%(label)s” has too many digits: %%(max)s at most") % named,
        "max_decimal_places": _("“%(label)s” can have %%(max)s digits after the point at most")
        % named,
        "max_whole_digits": _("“%(label)s” has too many digits before the point") % named,
        "min_length": _("“%(label)s” needs at least %%(limit_value)s characters") % named,
        "null_characters_not_allowed": _(
            "“%(label)s” has a character we cannot keep: type it again without it"
        )
        % named,
        "overflow": _("“%(label)s” is too long a time") % named,
        "missing": _("Choose a file for “%(label)s”") % named,
        "empty": _("The file for “%(label)s” is empty") % named,
        "max_length": _("The file name for “%(label)s” is too long") % named,
        "contradiction": _("Choose a new file for “%(label)s”, or tick to clear it, not both")
        % named,
        "invalid_image": _("The file for “%(label)s” is not a picture we can read") % named,
        "invalid_json": _("Check “%(label)s”: we could not read what was entered") % named,
    }


def _django_defaults(field: forms.Field, code: str) -> set[str]:
    """Django's own default messages for this code, from every class the field is made from."""
    found = set()
    for klass in type(field).__mro__:
        if not klass.__module__.startswith("django."):
            continue
        message = klass.__dict__.get("default_error_messages", {}).get(code)
        if message is not None:
            found.add(str(message))
    return found


def _django_validator_codes(field: forms.Field) -> set[str]:
    """The codes of the errors Django's own validators on this field raise, with Django's words
    (a field shows its own message for a code instead, when it has one). Our validators' codes
    are left alone: their messages are ours already."""
    codes = set()
    for validator in field.validators:
        if not type(validator).__module__.startswith("django."):
            continue
        if isinstance(validator, DecimalValidator):
            codes |= set(validator.messages)
        elif code := getattr(validator, "code", None):
            codes.add(code)
    return codes


def _no_nulls(message: str) -> Any:
    def check(value: Any) -> None:
        if "\x00" in str(value):
            raise ValidationError(message, code="null_characters_not_allowed")

    return check


def plain_error_messages(fields: dict[str, forms.Field]) -> None:
    """Give every field our messages in place of Django's defaults (a form's own are kept)."""
    for name, field in fields.items():
        label = field_label(name, field)
        from_validators = _django_validator_codes(field)
        plain = _plain_messages(field, label)
        if isinstance(field, forms.ModelChoiceField):
            # Django checks a chosen id for a NUL itself, with its validator's own words.
            field.validate_no_null_characters = _no_nulls(plain["null_characters_not_allowed"])  # type: ignore[method-assign]
        for code, message in plain.items():
            current = field.error_messages.get(code)
            if current is None:
                if code in from_validators:
                    field.error_messages[code] = message
            elif str(current) in _django_defaults(field, code):
                field.error_messages[code] = message


class LengthLimits:
    """Every form we write has this: its text fields all have a maximum length, and every error
    is in our own words and names its field (see above).

    `text_limits` names a field's limit where the field itself cannot (a model form's TextField).
    tests/core/test_length_limits.py checks that every form in the package has it.
    """

    text_limits: ClassVar[dict[str, int]] = {}
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_text_lengths(self.fields, self.text_limits)
        plain_error_messages(self.fields)


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
