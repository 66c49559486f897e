"""What the pages about suggested changes to services show, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from connecting_people.core.access.directory import services_kept_by
from connecting_people.directory.models import ChangeSuggestion, Service, SuggestionStatus
from connecting_people.directory.team.change_suggestions import from_json
from connecting_people.directory.team.editing import LABELS, ServiceDetails, shown

LATEST = 50  # the most of each list one page shows


def _with_names(found: QuerySet[ChangeSuggestion]) -> QuerySet[ChangeSuggestion]:
    return found.select_related(
        "service__organization",
        "service__owner__organisation",
        "suggested_by",
        "from_organisation",
        "decided_by",
    )


def to_decide(user: Any) -> QuerySet[ChangeSuggestion]:
    """The open suggestions for the services this user may change, oldest first."""
    organisations, feeds = services_kept_by(user)
    kept = Q(service__owner__organisation_id__in=organisations)
    if feeds:
        kept |= Q(service__owner__isnull=True)
    found = ChangeSuggestion.objects.filter(kept, status=SuggestionStatus.OPEN)
    return _with_names(found).order_by("created_at", "pk")


def waiting_count(user: Any) -> int:
    """How many suggestions wait for this user's organisation to decide."""
    organisations, feeds = services_kept_by(user)
    if not organisations and not feeds:
        return 0
    return to_decide(user).count()


def made_by(user: Any) -> QuerySet[ChangeSuggestion]:
    """The suggestions this user made, newest first."""
    return _with_names(ChangeSuggestion.objects.filter(suggested_by=user)).order_by(
        "-created_at", "-pk"
    )


def on_service(service: Service, user: Any) -> list[ChangeSuggestion]:
    """What this user suggested for one service, newest first (the last few)."""
    found = ChangeSuggestion.objects.filter(service=service, suggested_by=user)
    return list(found.select_related("decided_by").order_by("-created_at", "-pk")[:5])


def open_on_service(service: Service) -> int:
    return ChangeSuggestion.objects.filter(service=service, status=SuggestionStatus.OPEN).count()


def suggestion(pk: Any) -> ChangeSuggestion | None:
    """One suggestion with its service and who made and decided it, or None."""
    return _with_names(ChangeSuggestion.objects.filter(pk=pk)).first()


@dataclass
class Change:
    label: str
    now: Any
    suggested: Any


def changes(suggestion: ChangeSuggestion, now: ServiceDetails) -> list[Change]:
    """Each field the suggestion changes: its value now, and the suggested one, in words."""
    return [
        Change(
            label=str(LABELS[name]),
            now=shown(name, getattr(now, name)),
            suggested=shown(name, from_json(name, value)),
        )
        for name, value in suggestion.proposed.items()
        if name in LABELS
    ]
