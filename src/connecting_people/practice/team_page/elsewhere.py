"""Parts of the team page that other screens provide: the practice indicators' summary and the
worker's "needs doing" list. Each is shown when it is installed, and quietly left out when not,
so the team page never depends on them being there."""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.urls import NoReverseMatch, reverse

from connecting_people.core.models import Team


def url_if_served(name: str) -> str | None:
    """The address of a page by its URL name, or None when this installation does not serve it."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def practice_summary(team: Team, *, today: dt.date) -> list[Any] | None:
    """The team's practice indicators (practice.indicators.team_summary), or None when the
    indicators are not part of this installation."""
    try:
        indicators = import_module("connecting_people.practice.indicators")
    except ImportError:
        return None
    summary = getattr(indicators, "team_summary", None)
    return list(summary(team, today=today)) if summary else None


def elsewhere(team: Team, *, today: dt.date) -> dict[str, Any]:
    return {
        "indicators": practice_summary(team, today=today),
        "indicators_url": url_if_served("indicators:team"),
        "needs_doing_url": url_if_served("reminders:list"),
    }
