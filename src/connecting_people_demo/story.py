"""The shape of a hand-written demo person: their record, plan and history.

Dates are whole days from today (negative is in the past), so the demo always looks current.
The stories themselves are in `data/people.json` (its schema: `schemas/people.schema.json`);
`data.build` reads them into these shapes. Choices (statuses, who, kinds) are the models' values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from connecting_people.people.models import Status
from connecting_people.plans.models import BarrierStatus, GoalStatus, StepStatus


@dataclass(frozen=True)
class Change:
    """A step in the person's time with the service, after the referral."""

    to: str
    day: int
    reason: str = ""
    destination: str = ""
    plan: str | None = None
    keep_in_touch: bool | None = None


@dataclass(frozen=True)
class StepStory:
    text: str
    who: str
    status: str = StepStatus.TO_DO
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
        return self.history[-1][1] if self.history else BarrierStatus.OPEN


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
