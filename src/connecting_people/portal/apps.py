from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The person's own space (issue 14): their plan, map and ideas, on their phone, in plain
    words; and the staff pages that invite them in and manage their access."""

    name = "connecting_people.portal"
    label = "portal"
    verbose_name = _("The person's own space")
