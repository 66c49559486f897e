from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "connecting_people.accounts"
    label = "accounts"
    verbose_name = _("Accounts and sign-in")

    def ready(self) -> None:
        from connecting_people.accounts import signals  # noqa: F401  (sign-in auditing)
