from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "connecting_people.core"
    label = "core"
    verbose_name = _("Who works where, access and audit")
