"""Parts of the team page that other practice screens provide: the practice indicators' summary
and where to find the worker's "needs doing" list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from connecting_people.core.models import Team
from connecting_people.practice.indicators import team_summary


def elsewhere(team: Team, *, today: dt.date) -> dict[str, Any]:
    return {
        "indicators": team_summary(team, today=today),
        "indicators_url": reverse("indicators:team"),
        "needs_doing_url": reverse("reminders:list"),
    }
