from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    """Interest categories shared by people's interests and the community directory."""

    name = "connecting_people.taxonomy"
    label = "taxonomy"
    verbose_name = _("Interest categories")
