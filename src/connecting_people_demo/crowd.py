"""`cpi demo --people N`: many generated people, for benchmarks and checks at scale.

Generated from a seeded random.Random, so the same database state and date give the same people,
and written with bulk inserts in batches: thousands of people with their goals, steps, barriers
and contacts take seconds, not minutes. Nothing here is audited: it is seeded demo data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction

from connecting_people.accounts.models import User
from connecting_people.core.models import Team
from connecting_people.people.models import (
    Interest,
    InterestWhen,
    Person,
    Skill,
    Status,
    StatusChange,
    StatusChangeKind,
)
from connecting_people.plans.models import (
    Barrier,
    BarrierStatus,
    BarrierType,
    BarrierUpdate,
    Contact,
    ContactKind,
    Goal,
    GoalStatus,
    Step,
    StepStatus,
    WhoChoice,
)
from connecting_people.taxonomy.models import InterestCategory
from connecting_people_demo import crowd_words as words

BATCH_SIZE = 500

# Where generated people are in their time with the service, and how many are there.
JOURNEYS: dict[str, int] = {
    "active": 72,
    "referred": 8,
    "moving_on": 7,
    "moved_on": 9,
    "returned": 4,
}
CONTACT_KINDS: dict[str, int] = {
    ContactKind.MEETING: 45,
    ContactKind.PHONE_OR_VIDEO: 30,
    ContactKind.ACCOMPANIED_VISIT: 15,
    ContactKind.GROUP_SESSION: 7,
    ContactKind.OTHER: 3,
}
WHOSE_IDEA: dict[str, int] = {
    WhoChoice.PERSON: 45,
    WhoChoice.TOGETHER: 35,
    WhoChoice.WORKER: 15,
    WhoChoice.SOMEONE_ELSE: 5,
}


@dataclass
class _Batch:
    """Unsaved rows for a batch of people, saved parents first so children can point at them."""

    people: list[Person] = field(default_factory=list)
    changes: list[StatusChange] = field(default_factory=list)
    interests: list[tuple[Interest, list[int]]] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    barriers: list[Barrier] = field(default_factory=list)
    updates: list[BarrierUpdate] = field(default_factory=list)
    goals: list[tuple[Goal, Interest | None, Barrier | None]] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)

    def save(self) -> None:
        Person.objects.bulk_create(self.people)
        StatusChange.objects.bulk_create(self.changes)
        Interest.objects.bulk_create([interest for interest, _ in self.interests])
        Interest.categories.through.objects.bulk_create(
            Interest.categories.through(interest_id=i.pk, interestcategory_id=c)
            for i, categories in self.interests
            for c in categories
        )
        Skill.objects.bulk_create(self.skills)
        Barrier.objects.bulk_create(self.barriers)
        BarrierUpdate.objects.bulk_create(self.updates)
        Goal.objects.bulk_create([goal for goal, _, _ in self.goals])
        Step.objects.bulk_create(self.steps)
        Goal.interests.through.objects.bulk_create(
            Goal.interests.through(goal_id=g.pk, interest_id=i.pk) for g, i, _ in self.goals if i
        )
        Goal.barriers.through.objects.bulk_create(
            Goal.barriers.through(goal_id=g.pk, barrier_id=b.pk) for g, _, b in self.goals if b
        )
        Contact.objects.bulk_create(self.contacts)


@dataclass
class _Crowd:
    """Everything the generator looks up once, and the seeded randomness it draws from."""

    rng: random.Random
    today: dt.date
    keyworkers: dict[int, list[User]]
    categories: dict[str, int]
    barrier_types: dict[str, int]

    def day(self, ago: int) -> dt.date:
        return self.today - dt.timedelta(days=ago)

    def pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]


def crowd_add(*, teams: list[Team], count: int, today: dt.date) -> int:
    """Add `count` generated people spread across `teams`, with plans and contact histories."""
    if count <= 0 or not teams:
        return 0
    already = Person.objects.filter(team__in=teams).count()
    crowd = _Crowd(
        rng=random.Random(f"cpi-demo-crowd:{already}"),  # noqa: S311 (demo data, not security)
        today=today,
        keyworkers={
            team.pk: list(User.objects.filter(team_memberships__team=team).order_by("email"))
            for team in teams
        },
        categories=dict(InterestCategory.objects.values_list("slug", "pk")),
        barrier_types=dict(BarrierType.objects.values_list("slug", "pk")),
    )
    with transaction.atomic():
        for start in range(0, count, BATCH_SIZE):
            batch = _Batch()
            for n in range(start, min(count, start + BATCH_SIZE)):
                _person(crowd, batch, team=teams[(already + n) % len(teams)])
            batch.save()
    return count


def _person(crowd: _Crowd, batch: _Batch, *, team: Team) -> None:
    rng = crowd.rng
    journey = crowd.pick(JOURNEYS)
    name, pronouns = _name(rng)
    keyworkers = crowd.keyworkers[team.pk]
    keyworker = None if journey == "referred" and rng.random() < 0.5 else rng.choice(keyworkers)
    person = Person(
        team=team,
        keyworker=keyworker,
        preferred_name=name,
        pronouns=pronouns,
        date_of_birth=crowd.day(rng.randint(18 * 365, 82 * 365)),
        what_matters=rng.choice(words.WHAT_MATTERS) if journey != "referred" else "",
    )
    windows = _history(crowd, batch, person, journey)
    batch.people.append(person)
    interests = _interests(crowd, batch, person, few=journey == "referred")
    if rng.random() < 0.3:
        batch.skills.append(
            Skill(person=person, description=rng.choice(words.SKILLS), would_teach=True)
        )
    if journey == "referred":
        _contacts(crowd, batch, person, windows, count=rng.randint(0, 2))
        return
    barriers = _barriers(crowd, batch, person, windows[0][0])
    for _ in range(rng.choice((1, 2) if journey == "moved_on" else (2, 3, 3, 4))):
        _goal(crowd, batch, person, windows, interests, barriers, done=journey == "moved_on")
    quiet = journey != "moved_on" and rng.random() < 0.15  # no contact for a month or more
    _contacts(crowd, batch, person, windows, count=rng.randint(5, 15), quiet=quiet)


def _name(rng: random.Random) -> tuple[str, str]:
    group = rng.choices(("she", "he", "any"), weights=(47, 47, 6))[0]
    if group == "any":
        name, pronouns = rng.choice(words.ANYONE), rng.choice(("they/them", "they/them", ""))
    else:
        names = words.SHE if group == "she" else words.HE
        name = rng.choice(names)
        pronouns = ("she/her" if group == "she" else "he/him") if rng.random() < 0.85 else ""
    if rng.random() < 0.5:
        name = f"{name} {rng.choice(words.INITIALS)}."
    return name, pronouns


def _history(crowd: _Crowd, batch: _Batch, person: Person, journey: str) -> list[tuple[int, int]]:
    """Write the person's status history; return when they were open (days ago: from, to)."""
    rng = crowd.rng
    referred = rng.randint(1, 40) if journey == "referred" else rng.randint(250, 1000)
    person.started_on = crowd.day(referred)
    steps = [(StatusChangeKind.REFERRED, "", Status.REFERRED, referred, "")]
    if journey == "referred":
        person.status = Status.REFERRED
        _changes(crowd, batch, person, steps)
        return [(referred, 0)]
    started = referred - rng.randint(5, 25)
    steps.append((StatusChangeKind.STARTED, Status.REFERRED, Status.ACTIVE, started, ""))
    windows = [(started, 0)]
    if journey == "moving_on":
        ago = rng.randint(1, 90)
        steps.append((StatusChangeKind.MOVING_ON, Status.ACTIVE, Status.MOVING_ON, ago, ""))
        person.moving_on_plan = "A monthly call for three months; the door stays open."
    elif journey in ("moved_on", "returned"):
        moved = rng.randint(70, started - 60) if journey == "returned" else rng.randint(1, 200)
        to = rng.choice(("lower_support", "beyond_services", "left_service"))
        steps.append((StatusChangeKind.MOVED_ON, Status.ACTIVE, Status.MOVED_ON, moved, to))
        windows = [(started, moved)]
        person.moving_on_plan = "Carry on with the groups; call the team if things change."
        if journey == "returned":
            back = rng.randint(1, moved - 30)
            steps.append((StatusChangeKind.RETURNED, Status.MOVED_ON, Status.ACTIVE, back, ""))
            windows = [(started, moved), (back, 0)]
    person.status = steps[-1][2]
    if person.status == Status.MOVED_ON:
        person.moved_on_on, person.destination = crowd.day(steps[-1][3]), steps[-1][4]
    _changes(crowd, batch, person, steps)
    return windows


def _changes(crowd: _Crowd, batch: _Batch, person: Person, steps: list) -> None:
    for kind, before, after, ago, destination in steps:
        batch.changes.append(
            StatusChange(
                person=person,
                kind=kind,
                from_status=before,
                to_status=after,
                on=crowd.day(ago),
                destination=destination,
            )
        )


def _interests(crowd: _Crowd, batch: _Batch, person: Person, *, few: bool) -> list[tuple]:
    """Add interests; return those that could grow into a goal, with that goal's words."""
    rng = crowd.rng
    chosen = rng.sample(words.INTERESTS, rng.randint(0, 1) if few else rng.randint(2, 5))
    grow = []
    for text, slugs, goal in chosen:
        when = rng.choice(InterestWhen.values)
        interest = Interest(person=person, when=when, description=text)
        batch.interests.append((interest, [crowd.categories[s] for s in slugs]))
        if when != InterestWhen.USED_TO:
            grow.append((interest, goal))
    return grow


def _barriers(crowd: _Crowd, batch: _Batch, person: Person, since: int) -> list[Barrier]:
    rng = crowd.rng
    count = rng.choices((0, 1, 2, 3), weights=(30, 40, 22, 8))[0]
    barriers = []
    for slug in rng.sample(sorted(words.BARRIERS), count):
        affects, plan = words.BARRIERS[slug]
        status = rng.choice(BarrierStatus.values)
        barrier = Barrier(
            person=person,
            kind_id=crowd.barrier_types[slug],
            affects=affects,
            plan=plan,
            status=status,
        )
        ago = rng.randint(max(since - 60, 10), max(since, 10))
        history: list[str] = [
            BarrierStatus.OPEN,
            BarrierStatus.BEING_ADDRESSED,
            BarrierStatus.RESOLVED,
        ]
        for step, then in enumerate(history[: history.index(status) + 1]):
            on = crowd.day(max(ago - 20 * step, 0))
            batch.updates.append(BarrierUpdate(barrier=barrier, on=on, status=then))
        batch.barriers.append(barrier)
        barriers.append(barrier)
    return barriers


def _goal(
    crowd: _Crowd,
    batch: _Batch,
    person: Person,
    windows: list[tuple[int, int]],
    interests: list[tuple[Interest, str]],
    barriers: list[Barrier],
    *,
    done: bool,
) -> None:
    rng = crowd.rng
    start, end = windows[-1]
    # Most goals were agreed lately; some long ago.
    agreed = int(rng.triangular(end + 1, start, end + 1)) if start > end + 1 else start
    interest, text = rng.choice(interests) if interests and rng.random() < 0.75 else (None, "")
    status = GoalStatus.ACHIEVED if done or (agreed > 200 and rng.random() < 0.4) else None
    if status is None:
        status = GoalStatus.ON_HOLD if rng.random() < 0.05 else GoalStatus.WORKING_ON
    goal = Goal(
        person=person,
        text=text or rng.choice(words.OTHER_GOALS),
        whose_idea=crowd.pick(WHOSE_IDEA),
        agreed_on=crowd.day(agreed),
        review_on=crowd.day(_review(crowd, agreed, status)),
        status=status,
    )
    barrier = rng.choice(barriers) if barriers and rng.random() < 0.4 else None
    batch.goals.append((goal, interest, barrier))
    _steps(crowd, batch, goal, agreed=agreed, until=end, achieved=status == GoalStatus.ACHIEVED)


def _review(crowd: _Crowd, agreed: int, status: str) -> int:
    """When the goal is to be reviewed (days ago): open goals mostly soon, a few overdue."""
    if status == GoalStatus.ACHIEVED:
        return max(agreed - crowd.rng.randint(42, 120), 0)
    return min(agreed, crowd.rng.randint(-100, 25))


def _steps(
    crowd: _Crowd, batch: _Batch, goal: Goal, *, agreed: int, until: int, achieved: bool
) -> None:
    rng = crowd.rng
    chosen = sorted(rng.sample(range(len(words.STEPS)), rng.randint(2, 6)))
    span = max(agreed - until, 1)
    done = len(chosen) if achieved else min(len(chosen), int(len(chosen) * span / 120 + 0.5))
    done = rng.randint(0, done) if not achieved else done
    for position, index in enumerate(chosen):
        text, who = words.STEPS[index]
        step = Step(goal=goal, text=text, who=who, position=position)
        if position < done:
            step.status = StepStatus.DONE
            step.done_on = crowd.day(agreed - span * (position + 1) // (len(chosen) + 1))
        else:
            step.status = StepStatus.DOING if position == done else StepStatus.TO_DO
            if rng.random() < 0.08:
                step.status = rng.choice((StepStatus.PAUSED, StepStatus.DROPPED))
            step.target_on = crowd.day(agreed - 14 * (position + 1))
        batch.steps.append(step)


def _contacts(
    crowd: _Crowd,
    batch: _Batch,
    person: Person,
    windows: list[tuple[int, int]],
    *,
    count: int,
    quiet: bool = False,
) -> None:
    """Contacts every week or few, back from the latest (a month or more ago when `quiet`)."""
    rng = crowd.rng
    spells = sorted(windows, key=lambda spell: spell[1])  # the latest spell first
    start, end = spells.pop(0)
    ago = end + (rng.randint(31, 75) if quiet else rng.randint(0, 18))
    for _ in range(count):
        while ago > start:
            if not spells:
                return
            start, end = spells.pop(0)
            ago = end + rng.randint(0, 14)
        batch.contacts.append(_contact(crowd, person, ago))
        ago += rng.randint(4, 25)


def _contact(crowd: _Crowd, person: Person, ago: int) -> Contact:
    rng = crowd.rng
    kind = crowd.pick(CONTACT_KINDS)
    out = kind in (ContactKind.ACCOMPANIED_VISIT, ContactKind.GROUP_SESSION)
    return Contact(
        person=person,
        happened_on=crowd.day(ago),
        kind=kind,
        duration_minutes=rng.choice((10, 15, 20) if kind == "phone_or_video" else (45, 60, 90)),
        what_happened=rng.choice(words.CONTACTS[kind]),
        went_along=out and rng.random() < 0.7,
        learned_skill=out and rng.random() < 0.15,
        taught_skill=out and rng.random() < 0.07,
        people_met=rng.choice(words.PEOPLE_MET) if out else "",
        recorded_by=person.keyworker,
    )
