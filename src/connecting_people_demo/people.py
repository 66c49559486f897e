"""The demo's hand-written people: their records, histories and plans, from data/people.json.

The record and its history go through the people services (which audit, with by=None for the
system). Goals, steps, barriers and contacts are seeded straight into the tables: they are past
work being set out for the demo, not something a user is doing now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from connecting_people.accounts.models import User
from connecting_people.core.models import Team
from connecting_people.people import services
from connecting_people.people.models import Interest, Person
from connecting_people.plans.models import (
    Barrier,
    BarrierType,
    BarrierUpdate,
    Contact,
    Goal,
    Step,
    StepStatus,
)
from connecting_people.taxonomy.models import InterestCategory
from connecting_people_demo.data import build, load
from connecting_people_demo.story import BarrierStory, GoalStory, StepStory, Story

# Each demo team's people (data/people.json), by the team's key in data/organisation.json.
STORIES: dict[str, list[Story]] = {
    team: [build(Story, story) for story in stories]
    for team, stories in load("people")["teams"].items()
}


@dataclass
class _Seed:
    """What every story needs to look up while it is being built."""

    today: dt.date
    staff: dict[str, User]
    categories: dict[str, InterestCategory]
    barrier_types: dict[str, BarrierType]

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)


def people_build(*, teams: dict[str, Team], staff: dict[str, User], today: dt.date) -> list[Person]:
    """Add every hand-written person to their team, with their history and plan."""
    seed = _Seed(
        today=today,
        staff=staff,
        categories={c.slug: c for c in InterestCategory.objects.all()},
        barrier_types={b.slug: b for b in BarrierType.objects.all()},
    )
    return [
        person_from_story(story, team=teams[key], seed=seed)
        for key, stories in STORIES.items()
        for story in stories
    ]


def person_from_story(story: Story, *, team: Team, seed: _Seed) -> Person:
    """One person: the record and its history, interests, skills, barriers, goals, contacts."""
    keyworker = seed.staff[story.keyworker] if story.keyworker else None
    person = services.person_create(
        team=team,
        by=None,
        preferred_name=story.name,
        other_names=story.other_names,
        pronouns=story.pronouns,
        date_of_birth=story.born,
        local_id=story.local_id,
        phone=story.phone,
        what_matters=story.what_matters,
        started_on=seed.day(story.started),
        keyworker=keyworker,
    )
    for change in story.history:
        services.person_change_status(
            person=person,
            to=change.to,
            on=seed.day(change.day),
            reason=change.reason,
            destination=change.destination,
            moving_on_plan=change.plan,
            keep_in_touch=change.keep_in_touch,
            version=person.version,
            by=None,
        )
    interests = [
        services.interest_add(
            person=person,
            when=when,
            description=words,
            categories=[seed.categories[slug] for slug in slugs],
            by=None,
        )
        for when, words, slugs in story.interests
    ]
    for words, would_teach in story.skills:
        services.skill_add(person=person, description=words, would_teach=would_teach, by=None)
    barriers = [_barrier(b, person=person, by=keyworker, seed=seed) for b in story.barriers]
    for goal in story.goals:
        _goal(goal, person=person, interests=interests, barriers=barriers, seed=seed)
    Contact.objects.bulk_create(
        Contact(
            person=person,
            happened_on=seed.day(c.day),
            kind=c.kind,
            duration_minutes=c.minutes,
            what_happened=c.what,
            follow_ups=c.follow_ups,
            went_along=c.went_along,
            learned_skill=c.learned,
            taught_skill=c.taught,
            people_met=c.met,
            recorded_by=keyworker,
        )
        for c in story.contacts
    )
    return person


def _barrier(story: BarrierStory, *, person: Person, by: User | None, seed: _Seed) -> Barrier:
    barrier = Barrier.objects.create(
        person=person,
        kind=seed.barrier_types[story.kind],
        affects=story.affects,
        plan=story.plan,
        status=story.status,
    )
    BarrierUpdate.objects.bulk_create(
        BarrierUpdate(barrier=barrier, on=seed.day(day), status=status, note=note, by=by)
        for day, status, note in story.history
    )
    return barrier


def _goal(
    story: GoalStory,
    *,
    person: Person,
    interests: list[Interest],
    barriers: list[Barrier],
    seed: _Seed,
) -> Goal:
    goal = Goal.objects.create(
        person=person,
        text=story.text,
        whose_idea=story.whose_idea,
        agreed_on=seed.day(story.agreed),
        review_on=seed.day(story.review) if story.review is not None else None,
        status=story.status,
    )
    if story.interest is not None:
        goal.interests.add(interests[story.interest])
    if story.barrier is not None:
        goal.barriers.add(barriers[story.barrier])
    Step.objects.bulk_create(
        _step(step, goal=goal, position=position, seed=seed)
        for position, step in enumerate(story.steps)
    )
    return goal


def _step(story: StepStory, *, goal: Goal, position: int, seed: _Seed) -> Step:
    day = seed.day(story.day) if story.day is not None else None
    done = story.status == StepStatus.DONE
    return Step(
        goal=goal,
        text=story.text,
        who=story.who,
        status=story.status,
        position=position,
        done_on=day if done else None,
        target_on=None if done else day,
    )
