from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The interfaces other systems read: the HSDS read API and the FHIR view of a person's plan.
    An app only so that its commands (`cpi export_fhir`) are found; it has no models."""

    name = "connecting_people.api"
    label = "api"
    verbose_name = _("Interfaces for other systems")
