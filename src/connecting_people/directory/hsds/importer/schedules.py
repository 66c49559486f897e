"""Warn about schedules whose repeat rule the directory cannot work dates out from.

The rule is read exactly as the service page reads it (`directory.events.schedule_rule`), so a
warning here means the page will show no dates for that schedule.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from connecting_people.directory.events import UnreadableScheduleError, schedule_rule
from connecting_people.directory.models import Schedule

RULE_FIELDS = ("freq", "interval", "count", "until", "byday", "bymonthday", "wkst")


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
    schedule = Schedule(**{name: value for name, value in values.items() if name != "id"})
    try:
        schedule_rule(schedule)
    except UnreadableScheduleError as error:
        return [
            (
                "freq",
                _("the repeat rule cannot be worked out (%(reason)s), so no dates will be shown")
                % {"reason": error},
            )
        ]
    if values.get("until") and values.get("dtstart") and values["until"] < values["dtstart"]:
        return [("until", _("is before the first date, so the schedule never happens"))]
    return []
