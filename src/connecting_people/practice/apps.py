from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    """Screens over the whole record: the caseload, the person's page, their printable plan."""

    name = "connecting_people.practice"
    label = "practice"
    verbose_name = _("Practice")
