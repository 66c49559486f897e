from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "connecting_people.research"
    label = "research"
    verbose_name = _("Research export")
    default_auto_field = "django.db.models.BigAutoField"
