"""Every Django form, ours or a library's, renders as a GOV.UK form (see templates/_components)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class FormRenderer(TemplatesSetting):
    """Renders `{{ form }}` and `{{ field.as_field_group }}` with our GOV.UK templates."""

    form_template_name = "_components/form.html"
    field_template_name = "_components/field.html"


DATE_HINT = _("For example, 26/11/2026")


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


class Versioned:
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
