"""What needs doing for one worker today, in a fixed number of queries whatever their caseload.

Eight at most: who works where (once per request), the people whose worker they are (with each
one's last contact and last look at the map as subqueries), the goals due a review, the steps
due, the questionnaire schedule (two, from outcomes.selectors; none without people), and the
team's directory entries and community connectors due a check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from connecting_people.core.access import records_for, team_ids_for
from connecting_people.core.models import TeamMembership
from connecting_people.directory.models import CommunityConnector, TeamService
from connecting_people.network.models import Snapshot
from connecting_people.outcomes.schedules import DUE, OVERDUE
from connecting_people.outcomes.selectors import due_for_people
from connecting_people.people.models import Person
from connecting_people.plans.models import Contact, Goal, Step, StepStatus
from connecting_people.practice.reminders import rules
from connecting_people.practice.reminders.rules import Reminder

TEAM_SHOWN = 5  # a team's directory checks can run to dozens: the oldest few first


@dataclass
class NeedsDoing:
    """A worker's list: for the people they support, and for their teams' directory."""

    today: dt.date
    people: list[Reminder] = field(default_factory=list)
    team: list[Reminder] = field(default_factory=list)
    people_ids: list[int] = field(default_factory=list)

    @property
    def all(self) -> list[Reminder]:
        return self.people + self.team

    @property
    def teams_named(self) -> bool:
        """Whether the list spans more than one team, so each line says which."""
        return len({r.team_name for r in self.all}) > 1

    @property
    def team_first(self) -> list[Reminder]:
        """The directory checks shown straight away; the rest wait behind "show all"."""
        return self.team[:TEAM_SHOWN]

    @property
    def team_rest(self) -> list[Reminder]:
        return self.team[TEAM_SHOWN:]

    @property
    def count(self) -> int:
        return len(self.people) + len(self.team)

    def overdue(self) -> list[Reminder]:
        return [r for r in self.people if r.is_overdue(self.today)]

    def coming_up(self) -> list[Reminder]:
        return [r for r in self.people if not r.is_overdue(self.today)]


def people_for_worker(user: Any) -> QuerySet[Person]:
    """The open people whose reminders go to this user: those they are keyworker for, and, in
    the teams they lead, those with no keyworker in the team (none named, or one who left)."""
    keyworker_in_team = TeamMembership.objects.filter(
        team=OuterRef("team"), user=OuterRef("keyworker"), user__is_active=True
    )
    led = team_ids_for(user, lead=True)
    mine = Q(keyworker=user) | (Q(team_id__in=led) & ~Exists(keyworker_in_team))
    return records_for(user, Person.objects.open()).filter(mine)


def needs_doing(user: Any, *, today: dt.date | None = None) -> NeedsDoing:
    """Everything due for this user by the horizon (overdue first, then by date)."""
    today = today or timezone.localdate()
    until = rules.horizon(today)
    people = list(_with_dates(people_for_worker(user)))
    found = NeedsDoing(today=today, people_ids=[p.pk for p in people])
    by_pk = {p.pk: p for p in people}
    found.people.extend(_reviews(by_pk, until))
    found.people.extend(_steps(by_pk, until))
    found.people.extend(_questionnaires(people, by_pk, today))
    found.people.extend(_keeping_up(people, until))
    found.people.sort(key=lambda r: (r.due_on, r.person_name.casefold(), r.kind, r.key))
    teams = team_ids_for(user)
    found.team.extend(_directory(teams, until))
    found.team.sort(key=lambda r: (r.due_on, r.text.casefold(), r.key))
    return found


def _with_dates(people: QuerySet[Person]) -> QuerySet[Person]:
    latest = Contact.objects.filter(person=OuterRef("pk")).order_by("-happened_on")
    looked = Snapshot.objects.filter(person=OuterRef("pk")).order_by("-taken_on")
    return (
        people.annotate(
            last_contact=Subquery(latest.values("happened_on")[:1]),
            last_looked=Subquery(looked.values("taken_on")[:1]),
        )
        .select_related("team")
        .only("pk", "preferred_name", "started_on", "status", "team__name")
        .order_by("pk")
    )


def _about(person: Person, **fields: Any) -> Reminder:
    return Reminder(
        person_id=person.pk, person_name=person.preferred_name, team_name=person.team.name, **fields
    )


def _reviews(people: dict[int, Person], until: dt.date) -> Iterable[Reminder]:
    goals = Goal.objects.open().filter(
        person_id__in=list(people), review_on__isnull=False, review_on__lte=until
    )
    for goal in goals.only("pk", "person_id", "text", "review_on").order_by("review_on", "pk"):
        yield _about(
            people[goal.person_id],
            kind=rules.REVIEW,
            key=str(goal.pk),
            due_on=cast(dt.date, goal.review_on),  # not null: filtered above
            text=_("Review the goal “%(goal)s”") % {"goal": Truncator(goal.text).chars(60)},
            url=reverse("plans:goal", args=[goal.person_id, goal.pk]),
        )


def _steps(people: dict[int, Person], until: dt.date) -> Iterable[Reminder]:
    steps = Step.objects.filter(
        goal__in=Goal.objects.open().filter(person_id__in=list(people)),
        status__in=(StepStatus.TO_DO, StepStatus.DOING),
        target_on__isnull=False,
        target_on__lte=until,
    ).select_related("goal")
    for step in steps.only("pk", "text", "who", "target_on", "goal__person_id").order_by("pk"):
        person_id = step.goal.person_id
        yield _about(
            people[person_id],
            kind=rules.STEP,
            key=str(step.pk),
            due_on=cast(dt.date, step.target_on),  # not null: filtered above
            text=_("Step: %(step)s") % {"step": Truncator(step.text).chars(60)},
            detail=_("who does it: %(who)s") % {"who": step.get_who_display().lower()},
            url=reverse("plans:goal", args=[person_id, step.goal_id]),
        )


def _questionnaires(
    people: list[Person], by_pk: dict[int, Person], today: dt.date
) -> Iterable[Reminder]:
    for pk, due in due_for_people(people, today=today).items():
        waiting = due.needing_attention if due else ()
        # Due until the window closes, overdue after it (as on the questionnaires page).
        dates = [i.point.closes_on for i in waiting if i.point and i.state in (DUE, OVERDUE)]
        if not dates:
            continue
        yield _about(
            by_pk[pk],
            kind=rules.QUESTIONNAIRE,
            key=str(pk),
            due_on=min(dates),
            text=_("Questionnaires to fill in together (%(count)s)") % {"count": len(dates)},
            url=reverse("outcomes:page", args=[pk]),
        )


def _keeping_up(people: list[Person], until: dt.date) -> Iterable[Reminder]:
    for person in people:
        seen: Any = person
        contact_on = rules.contact_due(person.started_on, seen.last_contact)
        if contact_on <= until:
            yield _about(
                person,
                kind=rules.NO_CONTACT,
                key=str(person.pk),
                due_on=contact_on,
                text=_("Get in touch: no contact for %(days)s days")
                % {"days": rules.no_contact_days()},
                url=reverse("plans:contacts", args=[person.pk]),
            )
        map_on = rules.map_due(person.started_on, seen.last_looked)
        if map_on <= until:
            words = _("Look at the map together again") if seen.last_looked else None
            yield _about(
                person,
                kind=rules.MAP,
                key=str(person.pk),
                due_on=map_on,
                text=words or _("Draw the map of connections together"),
                url=reverse("network:map", args=[person.pk]),
            )


def _directory(teams: frozenset[int], until: dt.date) -> Iterable[Reminder]:
    due = Q(check_due_on__isnull=True) | Q(check_due_on__lte=until)
    entries = TeamService.objects.filter(due, team_id__in=teams).select_related("service", "team")
    for entry in entries.order_by("pk"):
        yield Reminder(
            kind=rules.SERVICE,
            key=str(entry.pk),
            due_on=entry.check_due_on or entry.created_at.date(),
            never=entry.check_due_on is None,
            text=_("Check “%(name)s” is still as described") % {"name": entry.service.name},
            url=reverse("directory:service", args=[entry.service_id]),
            team_name=entry.team.name,
        )
    connectors = CommunityConnector.objects.filter(due, team_id__in=teams).select_related("team")
    for connector in connectors.order_by("pk"):
        yield Reminder(
            kind=rules.CONNECTOR,
            key=str(connector.pk),
            due_on=connector.check_due_on or connector.created_at.date(),
            never=connector.check_due_on is None,
            text=_("Check in with %(name)s") % {"name": connector.name},
            url=reverse("directory:connector", args=[connector.pk]),
            team_name=connector.team.name,
        )
