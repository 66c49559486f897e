from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "connecting_people.people"
    label = "people"
    verbose_name = _("People supported")
