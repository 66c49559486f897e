from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    """Screens over the whole record: the caseload, the person's page, their printable plan."""

    name = "connecting_people.practice"
    label = "practice"
    verbose_name = _("Practice")

    def ready(self) -> None:
        # The practice prompts beside the screens of the apps below (issue 13, core/prompts.py).
        from connecting_people.core.prompts import provide
        from connecting_people.practice.guidance.prompts import show_prompt

        provide(show_prompt)

        # An erased record's dated activity stays in the team page's counts (ADR 0018).
        from connecting_people.people.signals import person_erasing
        from connecting_people.practice.team_page.organisation import keep_erased_activity

        person_erasing.connect(keep_erased_activity, dispatch_uid="practice_erased_activity")
