"""Template helpers for GOV.UK form markup."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

# Widget type (BoundField.widget_type) → GOV.UK class; anything else is a text-like input.
_WIDGET_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "nullbooleanselect": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
    "file": "govuk-file-upload",
    "clearablefile": "govuk-file-upload",
}


@register.filter
def govuk_widget(field: BoundField) -> SafeString:
    """Render a field's widget with GOV.UK classes, error state and described-by links."""
    css = _WIDGET_CLASSES.get(field.widget_type, "govuk-input")
    classes = [css, field.field.widget.attrs.get("class", "")]
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        if field.widget_type != "checkbox":
            classes.append(f"{css}--error")
    attrs: dict[str, str | bool] = {"class": " ".join(c for c in classes if c)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
