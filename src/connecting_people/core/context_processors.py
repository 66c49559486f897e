"""What every page's layout needs: the service name, the menu, the user's teams."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from connecting_people.core import access


def _nav_items(request: HttpRequest, signed_in: bool) -> list[dict[str, Any]]:
    match = getattr(request, "resolver_match", None)
    here = match.view_name if match else ""
    items: list[tuple[str, Any, bool]] = []
    if signed_in and access.is_person_account(request.user):
        # issue 14: a person's own menu (by URL name: core never imports the portal)
        items.extend(
            [
                (reverse("portal:home"), _("My space"), here == "portal:home"),
                (
                    reverse("portal:plan"),
                    _("My plan"),
                    here in ("portal:plan", "portal:what_matters", "portal:step_done"),
                ),
                (
                    reverse("portal:map"),
                    _("My people"),
                    here.startswith(("portal:map", "portal:connection")),
                ),
                (reverse("portal:ideas"), _("Ideas for me"), here.startswith("portal:idea")),
                (
                    reverse("portal:questionnaires"),
                    _("My questionnaires"),
                    here.startswith("portal:questionnaire"),
                ),
                (reverse("portal:meetings"), _("Our meetings"), here == "portal:meetings"),
                (reverse("portal:update"), _("Write to my worker"), here == "portal:update"),
            ]
        )
        return [{"href": href, "text": text, "current": current} for href, text, current in items]
    if signed_in:
        team = getattr(request, "team", None)
        if team:
            items.append(
                (
                    reverse("practice:caseload"),
                    _("People"),
                    here.startswith(("practice:", "people:", "plans:")),
                )
            )
            # issue 13: the worker's reminders (by URL name: core never imports the practice app)
            items.append(
                (reverse("reminders:list"), _("Needs doing"), here.startswith("reminders:"))
            )
        else:
            items.append((reverse("core:home"), _("Home"), here == "core:home"))
        if team:
            items.append(
                (
                    reverse("team:page"),
                    _("Your team"),
                    here.startswith(("team:", "accounts:team")),
                )
            )
        items.append((reverse("directory:browse"), _("Directory"), here.startswith("directory:")))
        if access.administered_organisation_ids(request.user):
            items.append(
                (
                    reverse("accounts:organisations"),
                    _("Organisation"),
                    here.startswith("accounts:organisation"),
                )
            )
    items.append((reverse("guidance:about"), _("About the model"), here.startswith("guidance:")))
    return [{"href": href, "text": text, "current": current} for href, text, current in items]


def layout(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "service_name": settings.CPI_SERVICE_NAME,
        "nav_items": _nav_items(request, signed_in),
        "my_teams": getattr(request, "my_teams", []) if signed_in else [],
        "current_team": getattr(request, "team", None) if signed_in else None,
        # The demo (CPI_DEMO, never under production settings) says so on every page.
        "is_demo": settings.CPI_DEMO,
    }
