from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "connecting_people.directory"
    label = "directory"
    verbose_name = _("Community directory")
    default_auto_field = "django.db.models.BigAutoField"
