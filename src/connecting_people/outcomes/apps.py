from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def load_shipped_instruments(
    sender: AppConfig,
    *,
    apps: Any = global_apps,
    using: str = "default",
    verbosity: int = 1,
    **kwargs: Any,
) -> None:
    """After migrate: load the definitions that ship with the app (a no-op when unchanged).

    A hook rather than a data migration, because the shipped definitions change between
    releases and a data migration would freeze them as they were when it was written
    (docs/adr/0012-outcome-instruments.md). It uses the migrated state's model, and does
    nothing when the outcomes tables are not there (after `migrate outcomes zero`).
    """
    try:
        model = apps.get_model("outcomes", "Instrument")
    except LookupError:
        return
    from connecting_people.outcomes.loading import CREATED, load_shipped

    for loaded in load_shipped(model=model, using=using):
        if loaded.outcome == CREATED and verbosity >= 2:
            print(f"Loaded instrument {loaded.instrument.slug} v{loaded.instrument.version}")


class OutcomesConfig(AppConfig):
    name = "connecting_people.outcomes"
    label = "outcomes"
    verbose_name = _("Outcome measures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(
            load_shipped_instruments, sender=self, dispatch_uid="outcomes_load_shipped"
        )
        from connecting_people.network.signals import snapshot_taken
        from connecting_people.outcomes.pairs import snapshot_taken as keep_network_pairs

        snapshot_taken.connect(keep_network_pairs, dispatch_uid="outcomes_network_pairs")
        from connecting_people.outcomes.pairs import person_erasing as keep_erased_pairs
        from connecting_people.people.signals import person_erasing

        person_erasing.connect(keep_erased_pairs, dispatch_uid="outcomes_erased_pairs")
