"""Every Django form, ours or a library's, renders as a GOV.UK form (see templates/_components)."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders `{{ form }}` and `{{ field.as_field_group }}` with our GOV.UK templates."""

    form_template_name = "_components/form.html"
    field_template_name = "_components/field.html"
