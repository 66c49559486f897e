"""The moving-on pack (issue 14 §7): what a person takes with them when they move on.

Their map (who is around them now, drawn and in words), the activities they go to regularly with
the next dates from the directory, the people on their map they keep (every connection still
current: the person ends a connection they do not want to keep on their map, in their own space
or with their worker, and it leaves the pack), and their goals with the steps still to do.

It lives here because this is the lowest layer that reads all of it (the activities are the
suggestions that became regular, with the directory's sessions); both faces show it: the person in
their own space (`portal`), their worker on their page (`practice`), from the same template.

A fixed number of queries, whatever its size: the person's connections and ties, the activities
with their services, their sessions (two), and the goals with their steps (two).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from connecting_people.directory.selectors import next_sessions_for
from connecting_people.network.models import Connection
from connecting_people.network.selectors import drawing_of, map_node
from connecting_people.people.models import Person, Status
from connecting_people.plans.models import Goal, GoalStatus, Step
from connecting_people.suggestions.models import Suggestion, SuggestionStatus

# Statuses in which the person has a pack: once moving on is under way, and after.
PACK_STATUSES = (Status.MOVING_ON, Status.MOVED_ON)
NEXT_DATES = 3
STEPS_DONE = "done"
STEPS_LEFT_OUT = ("done", "dropped")  # plans.StepStatus: done, or not doing this now


def has_pack(person: Person) -> bool:
    return person.status in PACK_STATUSES


def moving_on_pack(person: Person, *, today: dt.date | None = None) -> dict[str, Any]:
    """Everything in the pack, as plain values for the page and the download."""
    today = today or timezone.localdate()
    connections = list(
        Connection.objects.filter(person=person).current().order_by("ring", "label", "pk")
    )
    nodes = [map_node(c, key=c.pk, label=c.label, is_new=False) for c in connections]
    drawing = drawing_of(person, nodes, str(_("Who is around %(name)s")), "pack-map", size=480)
    activities = list(
        Suggestion.objects.filter(person=person, status=SuggestionStatus.GOING_REGULARLY)
        .select_related("service", "connector")
        .order_by("status_on", "pk")
    )
    services = [a.service for a in activities if a.service is not None]
    sessions = next_sessions_for(services, limit=NEXT_DATES) if services else {}
    goals = list(
        Goal.objects.filter(person=person)
        .exclude(status=GoalStatus.NOT_NOW)
        .order_by("agreed_on", "pk")
        .prefetch_related(Prefetch("steps", queryset=Step.objects.order_by("position", "pk")))
    )
    return {
        "person": person,
        "made_on": today,
        "map": drawing["map"],
        "map_text": drawing["text"],
        "legend": drawing["legend"],
        "connections": [_connection(c) for c in connections],
        "activities": [_activity(a, sessions) for a in activities],
        "goals": [_goal(g) for g in goals],
        "moving_on_plan": person.moving_on_plan,
    }


def _connection(connection: Connection) -> dict[str, Any]:
    return {
        "name": connection.label,
        "who": connection.get_kind_display(),
        "how_close": connection.get_ring_display(),
    }


def _activity(suggestion: Suggestion, sessions: dict[Any, list[Any]]) -> dict[str, Any]:
    service = suggestion.service
    next_dates = sessions.get(service.id, []) if service is not None else []
    return {
        "name": suggestion.title,
        "website": service.url if service is not None else "",
        "email": service.email if service is not None else "",
        "since": suggestion.status_on,
        "next": [
            {"starts_at": s.starts_at, "ends_at": s.ends_at, "where": s.where} for s in next_dates
        ],
    }


def _goal(goal: Goal) -> dict[str, Any]:
    return {
        "text": goal.text,
        "status": goal.get_status_display(),
        "achieved": goal.status == GoalStatus.ACHIEVED,
        "steps_to_do": [s.text for s in goal.steps.all() if s.status not in STEPS_LEFT_OUT],
        "steps_done": [s.text for s in goal.steps.all() if s.status == STEPS_DONE],
    }


def as_json(pack: dict[str, Any]) -> dict[str, Any]:
    """The pack as a downloadable file holds it: the words, not the drawing (which is SVG)."""
    person: Person = pack["person"]
    return {
        "name": person.preferred_name,
        "made_on": pack["made_on"],
        "who_is_around": pack["connections"],
        "map_in_words": pack["map_text"],
        "activities": pack["activities"],
        "goals": pack["goals"],
        "moving_on_plan": pack["moving_on_plan"],
    }
