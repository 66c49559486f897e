"""The kinds of reminder and the dates they fall due: plain functions of dates, no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAP_REVIEW_MONTHS = 6  # look at the map together again within six months
FIRST_MAP_DAYS = 28  # a first look at someone's connections within four weeks of starting

REVIEW = "review"
STEP = "step"
QUESTIONNAIRE = "questionnaire"
MAP = "map"
NO_CONTACT = "no_contact"
SERVICE = "service"
CONNECTOR = "connector"

KINDS = {
    REVIEW: _("Goal review"),
    STEP: _("Step"),
    QUESTIONNAIRE: _("Questionnaires"),
    MAP: _("Connections map"),
    NO_CONTACT: _("Keeping in touch"),
    SERVICE: _("Directory check"),
    CONNECTOR: _("Directory check"),
}


@dataclass(frozen=True)
class Reminder:
    """One thing that needs doing: what, for whom (a person's id, or None for the team), by
    when, and where to do it. `key` names the record, so (user, kind, key, due_on) is unique."""

    kind: str
    key: str
    due_on: dt.date
    text: str
    url: str
    person_id: int | None = None
    person_name: str = ""
    team_name: str = ""
    detail: str = ""  # a few words more, such as who does a step
    never: bool = False  # a directory entry never checked: due since it was added

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])

    def is_overdue(self, today: dt.date) -> bool:
        return self.due_on < today


def no_contact_days() -> int:
    return int(settings.CPI_NO_CONTACT_DAYS)


def horizon(today: dt.date) -> dt.date:
    """The last due date shown today: things due within the next few days show already."""
    return today + dt.timedelta(days=int(settings.CPI_REMINDERS_AHEAD_DAYS))


def contact_due(started_on: dt.date, last_contact: dt.date | None) -> dt.date:
    """When someone counts as having had no contact for a while."""
    return (last_contact or started_on) + dt.timedelta(days=no_contact_days())


def map_due(started_on: dt.date, last_looked: dt.date | None) -> dt.date:
    """When the map is due a look together: a first look soon after starting, then reviews."""
    if last_looked is None:
        return started_on + dt.timedelta(days=FIRST_MAP_DAYS)
    return last_looked + relativedelta(months=MAP_REVIEW_MONTHS)
