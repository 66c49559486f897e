"""The shape of a hand-written demo person: their record, plan and history.

Dates are whole days from today (negative is in the past), so the demo always looks current.
The stories themselves are in `people_riverside.py` and `people_brookfield.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from connecting_people.people.models import InterestWhen, Status
from connecting_people.plans.models import BarrierStatus, ContactKind, GoalStatus, StepStatus
from connecting_people.plans.models import WhoChoice as Who

# Short names so the stories read as stories, not as code.
PERSON, WORKER, TOGETHER, SOMEONE_ELSE = Who.PERSON, Who.WORKER, Who.TOGETHER, Who.SOMEONE_ELSE
TO_DO, DOING, DONE = StepStatus.TO_DO, StepStatus.DOING, StepStatus.DONE
PAUSED, DROPPED = StepStatus.PAUSED, StepStatus.DROPPED
USED_TO, DO_NOW = InterestWhen.USED_TO, InterestWhen.DO_NOW
WOULD_LIKE = InterestWhen.WOULD_LIKE_TO_TRY
OPEN, RESOLVED = BarrierStatus.OPEN, BarrierStatus.RESOLVED
ADDRESSING = BarrierStatus.BEING_ADDRESSED
MEETING, VISIT = ContactKind.MEETING, ContactKind.ACCOMPANIED_VISIT
CALL, GROUP = ContactKind.PHONE_OR_VIDEO, ContactKind.GROUP_SESSION
ACHIEVED = GoalStatus.ACHIEVED
ACTIVE, MOVING_ON, MOVED_ON = Status.ACTIVE, Status.MOVING_ON, Status.MOVED_ON


@dataclass(frozen=True)
class Change:
    """A step in the person's time with the service, after the referral."""

    to: str
    day: int
    reason: str = ""
    destination: str = ""
    plan: str | None = None


@dataclass(frozen=True)
class StepStory:
    text: str
    who: str
    status: str = TO_DO
    day: int | None = None  # done on, when done; otherwise the day they aim to do it by


@dataclass(frozen=True)
class GoalStory:
    text: str
    whose_idea: str
    agreed: int
    review: int | None
    steps: tuple[StepStory, ...]
    status: str = GoalStatus.WORKING_ON
    interest: int | None = None  # index into the person's interests
    barrier: int | None = None  # index into the person's barriers


@dataclass(frozen=True)
class BarrierStory:
    kind: str  # a BarrierType slug
    affects: str
    plan: str
    history: tuple[tuple[int, str, str], ...] = ()  # (day, status then, note)

    @property
    def status(self) -> str:
        return self.history[-1][1] if self.history else OPEN


@dataclass(frozen=True)
class ContactStory:
    day: int
    kind: str
    minutes: int | None
    what: str
    follow_ups: str = ""
    went_along: bool = False
    learned: bool = False
    taught: bool = False
    met: str = ""


@dataclass(frozen=True)
class Story:
    name: str
    pronouns: str
    born: dt.date | None
    keyworker: str | None  # the local part of a demo staff email
    started: int  # the day they were referred
    local_id: str = ""
    other_names: str = ""
    phone: str = ""
    what_matters: str = ""
    history: tuple[Change, ...] = ()
    interests: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (when, words, category slugs)
    skills: tuple[tuple[str, bool], ...] = ()  # (skill, would teach)
    goals: tuple[GoalStory, ...] = ()
    barriers: tuple[BarrierStory, ...] = ()
    contacts: tuple[ContactStory, ...] = ()

    @property
    def status(self) -> str:
        return self.history[-1].to if self.history else Status.REFERRED
