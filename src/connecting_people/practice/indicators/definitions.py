"""The practice indicators, as data: each one's key, name, definition and rule.

These are our own measures, worked out from the records the team keeps. They are not the
published fidelity scale of the model (whose items are not public) and never claim to be.
Each rule takes the facts `records.gather` read and gives two sets of people: those the
indicator is about (`of`) and, of them, those for whom it is met (`met`). The definitions here
are the ones shown on the page and in docs/practice-indicators.md (a test keeps the two in step).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from connecting_people.people.models import Status
from connecting_people.practice.indicators.records import Records

REVIEW_WITHIN_DAYS = 183  # about six months
MEASURES_AFTER_DAYS = 183  # follow-ups are due by six months in
KEEP_IN_TOUCH_AFTER_DAYS = 28  # give people four weeks after moving on before counting

Rule = Callable[[Records], tuple[set[int], set[int]]]


@dataclass(frozen=True)
class Indicator:
    key: str
    name: Promise
    definition: Promise
    rule: Rule


def _has_map(r: Records) -> tuple[set[int], set[int]]:
    of = r.open
    return of, of & r.with_map


def _map_reviewed(r: Records) -> tuple[set[int], set[int]]:
    of = r.open & r.with_map
    since = r.on - dt.timedelta(days=REVIEW_WITHIN_DAYS)
    return of, {pid for pid in of if r.map_looked_at.get(pid, dt.date.min) >= since}


def _shared_goal(r: Records) -> tuple[set[int], set[int]]:
    of = r.open
    return of, of & r.shared_goal


def _person_steps(r: Records) -> tuple[set[int], set[int]]:
    of = r.open & r.with_steps
    return of, of & r.person_steps


def _barrier_plans(r: Records) -> tuple[set[int], set[int]]:
    of = r.open & r.with_barriers
    return of, of - r.barrier_without_plan


def _went_along(r: Records) -> tuple[set[int], set[int]]:
    of = r.open
    return of, of & r.went_along


def _tried(r: Records) -> tuple[set[int], set[int]]:
    of = r.open & r.talked_about
    return of, of & r.tried


def _new_connection(r: Records) -> tuple[set[int], set[int]]:
    of = r.open
    return of, of & r.new_connection


def _measures(r: Records) -> tuple[set[int], set[int]]:
    by = r.on - dt.timedelta(days=MEASURES_AFTER_DAYS)
    of = {pid for pid in r.open if r.started[pid] <= by}
    return of, of & r.measured_twice


def _moving_on_plan(r: Records) -> tuple[set[int], set[int]]:
    of = set(r.moved_on)
    return of, of & r.planned_by_moving_on


def _kept_in_touch(r: Records) -> tuple[set[int], set[int]]:
    by = r.on - dt.timedelta(days=KEEP_IN_TOUCH_AFTER_DAYS)
    of = {
        pid
        for pid, day in r.moved_on.items()
        if r.status.get(pid) == Status.MOVED_ON and day <= by and pid in r.keep_in_touch_agreed
    }
    met = {pid for pid in of if r.last_contact.get(pid, dt.date.min) > r.moved_on[pid]}
    return of, met


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "has-map",
        _("Has a network map"),
        _(
            "Of the people we are working with, how many have at least one connection on their "
            "network map."
        ),
        _has_map,
    ),
    Indicator(
        "map-reviewed",
        _("Map looked at in the last 6 months"),
        _(
            "Of the people we are working with who have a map, how many had it saved together "
            "(a first look or a review) in the last 6 months."
        ),
        _map_reviewed,
    ),
    Indicator(
        "shared-goal",
        _("A goal of their own, with steps"),
        _(
            "Of the people we are working with, how many have a goal that was their idea or "
            "agreed together, broken into at least one step."
        ),
        _shared_goal,
    ),
    Indicator(
        "person-steps",
        _("Steps the person takes, not only the worker"),
        _(
            "Of the people with steps in their plan, how many have at least one step they do "
            "themselves or do together with their worker."
        ),
        _person_steps,
    ),
    Indicator(
        "barrier-plans",
        _("Barriers have a plan"),
        _(
            "Of the people with barriers recorded, how many have a plan written for every "
            "barrier not yet resolved."
        ),
        _barrier_plans,
    ),
    Indicator(
        "went-along",
        _("Went along together"),
        _(
            "Of the people we are working with, how many have gone along to something with "
            "their worker at least once (a contact logged as going along together)."
        ),
        _went_along,
    ),
    Indicator(
        "tried-something",
        _("Talked ideas through, and tried one"),
        _(
            "Of the people who have talked over at least one idea to try, how many have tried "
            "at least one (tried it, or going regularly)."
        ),
        _tried,
    ),
    Indicator(
        "new-connection",
        _("A new connection outside services"),
        _(
            "Of the people we are working with, how many have made at least one new connection "
            "outside health and social care since starting with us. A connection they already "
            "had when it was recorded never counts as new."
        ),
        _new_connection,
    ),
    Indicator(
        "questionnaires",
        _("Questionnaires at the start and later"),
        _(
            "Of the people we have worked with for 6 months or more, how many have filled in the "
            "same questionnaire at the start and again at least 8 weeks later."
        ),
        _measures,
    ),
    Indicator(
        "moving-on-plan",
        _("A moving-on plan before moving on"),
        _(
            "Of the people who have moved on (including anyone who has since come back), how "
            "many had a moving-on plan written by the day they moved on."
        ),
        _moving_on_plan,
    ),
    Indicator(
        "kept-in-touch",
        _("Kept in touch after moving on"),
        _(
            "Of the people who moved on at least 4 weeks ago and agreed that we keep in touch, "
            "how many have had a contact logged since. People who have come back are counted "
            "with the people we are working with instead."
        ),
        _kept_in_touch,
    ),
)

BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
