"""Warn about schedules whose repeat rule the directory cannot work dates out from.

The rule is read exactly as the service page reads it (`directory.sessions.events.schedule_rule`),
so a warning here means the page will show no dates for that schedule.
"""

from __future__ import annotations

import functools
from typing import Any

from django.utils.translation import gettext as _

from connecting_people.directory.models import Schedule
from connecting_people.directory.sessions.events import UnreadableScheduleError, schedule_rule

RULE_FIELDS = ("freq", "interval", "count", "until", "byday", "bymonthday", "wkst")
# Every field the rule is made from.
READ_BY_RULE = (*RULE_FIELDS, "dtstart", "valid_from", "opens_at", "timezone")


def schedule_warnings(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for a schedule whose dates cannot be worked out; none when it is fine."""
    if not any(values.get(name) for name in RULE_FIELDS):
        return []  # opening hours or notes only: nothing to repeat
    if not values.get("freq"):
        return [
            (
                "freq",
                _(
                    "is missing, so the schedule's dates cannot be worked out (it says which "
                    "days, but not whether weekly or monthly)"
                ),
            )
        ]
    reason = _rule_problem(tuple(values.get(name) for name in READ_BY_RULE))
    if reason is not None:
        return [
            (
                "freq",
                _("the repeat rule cannot be worked out (%(reason)s), so no dates will be shown")
                % {"reason": reason},
            )
        ]
    if values.get("until") and values.get("dtstart") and values["until"] < values["dtstart"]:
        return [("until", _("is before the first date, so the schedule never happens"))]
    return []


@functools.lru_cache(maxsize=1024)
def _rule_problem(key: tuple[Any, ...]) -> str | None:
    """Why a rule cannot be read, or None. Cached: most schedules share a handful of rules."""
    fields = {n: value for n, value in zip(READ_BY_RULE, key, strict=True) if value is not None}
    try:
        schedule_rule(Schedule(**fields))
    except UnreadableScheduleError as error:
        return str(error)
    return None
