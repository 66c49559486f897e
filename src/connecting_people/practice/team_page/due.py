"""What is coming up or late for the team, from the dates the records already hold: goal reviews
(each goal's "review by" date), questionnaires (the team's schedule, outcomes.schedules), and
people nobody has been in touch with for a while (the contact log).

The caller passes the team's people already limited by the access layer. Fixed query counts:
two for reviews, six for questionnaires, two for people without contact.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from connecting_people.outcomes.schedules import DUE, OVERDUE
from connecting_people.outcomes.selectors import people_with_measures
from connecting_people.people.models import OPEN_STATUSES, Person
from connecting_people.plans.models import Contact, Goal

DUE_SOON_DAYS = 14  # as the caseload's "due in the next 2 weeks"


def no_contact_days() -> int:
    """How long without contact counts as "a while": one setting for the team page, the
    organisation view, the caseload's filter and the needs-doing list."""
    return int(settings.CPI_NO_CONTACT_DAYS)


LONGEST = 6  # people listed under "no contact for a while"


def reviews(people: QuerySet[Person], *, today: dt.date) -> dict[str, int]:
    """Open goals whose review date has passed, or falls in the next two weeks, and how many
    people have them. One query."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    goals = Goal.objects.open().filter(
        person__in=people.filter(status__in=OPEN_STATUSES), review_on__lte=soon
    )
    overdue = Q(review_on__lt=today)
    due = Q(review_on__gte=today)
    return goals.aggregate(
        overdue=Count("pk", filter=overdue),
        overdue_people=Count("person", filter=overdue, distinct=True),
        due=Count("pk", filter=due),
        due_people=Count("person", filter=due, distinct=True),
    )


def questionnaires(people: QuerySet[Person], *, today: dt.date) -> dict[str, int]:
    """How many people have a questionnaire overdue, and how many have one due now (and none
    overdue), on their team's schedule. Six queries."""
    overdue = set(people_with_measures(people, (OVERDUE,), today=today))
    due = set(people_with_measures(people, (DUE,), today=today)) - overdue
    return {"overdue": len(overdue), "due": len(due)}


def last_contact() -> Subquery:
    return Subquery(
        Contact.objects.filter(person=OuterRef("pk"))
        .order_by("-happened_on")
        .values("happened_on")[:1]
    )


def without_contact(people: QuerySet[Person], *, today: dt.date) -> QuerySet[Person]:
    """Open people with no contact in the last no_contact_days() days (or none ever), longest
    first, each with `last_contact`."""
    since = today - dt.timedelta(days=no_contact_days())
    return (
        people.filter(status__in=OPEN_STATUSES)
        .annotate(last_contact=last_contact())
        .filter(Q(last_contact__lte=since) | Q(last_contact__isnull=True))
        .order_by(F("last_contact").asc(nulls_first=True), "preferred_name", "pk")  # never first
    )


def no_contact(people: QuerySet[Person], *, today: dt.date) -> dict[str, Any]:
    """How many people have gone without contact for a while, and those waiting longest. Two
    queries."""
    quiet = without_contact(people, today=today)
    return {
        "count": quiet.count(),
        "longest": list(quiet.select_related("keyworker")[:LONGEST]),
        "days": no_contact_days(),
    }


def team_due(people: QuerySet[Person], *, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the "coming up and late" half of the team page shows."""
    today = today or timezone.localdate()
    return {
        "reviews": reviews(people, today=today),
        "questionnaires": questionnaires(people.filter(status__in=OPEN_STATUSES), today=today),
        "no_contact": no_contact(people, today=today),
        "due_soon_days": DUE_SOON_DAYS,
    }
