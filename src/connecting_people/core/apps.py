from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "connecting_people.core"
    label = "core"
    verbose_name = _("Who works where, access and audit")

    def ready(self) -> None:
        post_migrate.connect(_chain_heads, sender=self, dispatch_uid="core_audit_chain_heads")


def _chain_heads(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After migrate, and after a flush (which sends post_migrate too), every audit chain has its
    head row again."""
    from connecting_people.core.models.audit import ensure_chain_heads

    ensure_chain_heads(using)
