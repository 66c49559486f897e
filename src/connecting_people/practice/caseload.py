"""The caseload: the people a worker or team supports, with where each plan stands.

One query for the page of people (with next review, last contact and open goals computed as
subqueries) and one to count them, whatever the caseload's size. Filtering by questionnaires
due adds three (outcomes.selectors.people_with_measures works the schedule out in Python).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.outcomes.schedules import DUE, OVERDUE
from connecting_people.outcomes.selectors import due_for_people, people_with_measures
from connecting_people.people.models import OPEN_STATUSES, Person, Status
from connecting_people.plans.models import Contact, Goal

# The lifecycle's own order, not the alphabet's.
STATUS_ORDER = Case(
    *(When(status=value, then=Value(i)) for i, value in enumerate(Status.values)),
    output_field=IntegerField(),
)
SORTS = {
    "name": (_("Name"), [F("preferred_name").asc(), F("pk").asc()]),
    "review": (
        _("Next review"),
        [F("next_review").asc(nulls_last=True), F("preferred_name").asc()],
    ),
    "contact": (
        _("Last contact"),
        [F("last_contact").asc(nulls_first=True), F("preferred_name").asc()],
    ),
    "status": (_("Status"), [STATUS_ORDER.asc(), F("preferred_name").asc()]),
}
STATUS_FILTERS = {
    "open": (_("Everyone we are working with"), OPEN_STATUSES),
    **{value: (label, (value,)) for value, label in Status.choices},
    "all": (_("Everyone, including people who moved on"), tuple(Status.values)),
}
REVIEW_FILTERS = {"": _("Any"), "overdue": _("Overdue"), "soon": _("Due in the next 2 weeks")}
# Questionnaires on the team's schedule: URL word → (label, the schedule states that match).
MEASURE_FILTERS = {
    "": (_("Any"), ()),
    "due": (_("Due or overdue"), (DUE, OVERDUE)),
    "overdue": (_("Overdue"), (OVERDUE,)),
}
COMMON_NO_CONTACT_DAYS = (14, 30, 60, 90)
PAGE_SIZE = 25
SEARCH_MAX = 100
DUE_SOON_DAYS = 14


def no_contact_choices() -> tuple[int, ...]:
    """The caseload's "no contact for" choices, always with the deployment's own "a while"
    (CPI_NO_CONTACT_DAYS), which the team page and the needs-doing list link to."""
    return tuple(sorted({*COMMON_NO_CONTACT_DAYS, int(settings.CPI_NO_CONTACT_DAYS)}))


@dataclass(frozen=True)
class CaseloadFilters:
    view: str = "mine"
    status: str = "open"
    review: str = ""
    no_contact: int | None = None
    sort: str = "name"
    measures: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, query: dict[str, str]) -> CaseloadFilters:
        """Read filters from the URL; anything unknown falls back to the default."""
        no_contact = query.get("no_contact", "")
        days = int(no_contact) if no_contact.isascii() and no_contact.isdigit() else None
        return cls(
            view=_pick(query, "view", ("mine", "team"), "mine"),
            status=_pick(query, "status", STATUS_FILTERS, "open"),
            review=_pick(query, "review", REVIEW_FILTERS, ""),
            no_contact=days if days in no_contact_choices() else None,
            sort=_pick(query, "sort", SORTS, "name"),
            measures=_pick(query, "measures", MEASURE_FILTERS, ""),
            q=" ".join(query.get("q", "").split())[:SEARCH_MAX],
        )


def _pick(query: dict[str, str], key: str, allowed: Iterable[str], default: str) -> str:
    value = query.get(key, default)
    return value if value in allowed else default


def search(text: str) -> Q:
    """Find people by name (preferred or other names, every word found) or by NHS number (ten
    digits, spaces allowed, as written on a letter)."""
    digits = "".join(text.split())
    if digits.isascii() and digits.isdigit():
        return Q(nhs_number=digits) if len(digits) == 10 else Q(pk__in=[])
    found = Q()
    for word in text.split():
        found &= Q(preferred_name__icontains=word) | Q(other_names__icontains=word)
    return found


def with_plan_summary(people: QuerySet[Person]) -> QuerySet[Person]:
    """Annotate each person with next review, last contact and how many goals are open."""
    open_goals = Goal.objects.open().filter(person=OuterRef("pk"))
    return people.annotate(
        next_review=Subquery(
            open_goals.filter(review_on__isnull=False).order_by("review_on").values("review_on")[:1]
        ),
        last_contact=Subquery(
            Contact.objects.filter(person=OuterRef("pk"))
            .order_by("-happened_on")
            .values("happened_on")[:1]
        ),
        open_goal_count=Coalesce(
            Subquery(
                open_goals.order_by().values("person").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
    )


def caseload(
    people: QuerySet[Person], filters: CaseloadFilters, *, today: dt.date | None = None
) -> QuerySet[Person]:
    """Filter and sort a caseload that the access layer has already limited to this user."""
    today = today or timezone.localdate()
    # Any: the annotations below are not model fields, which the type checker cannot follow.
    rows: Any = with_plan_summary(people.filter(status__in=STATUS_FILTERS[filters.status][1]))
    if filters.review == "overdue":
        rows = rows.filter(next_review__lt=today)
    elif filters.review == "soon":
        rows = rows.filter(
            next_review__gte=today, next_review__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
        )
    if filters.no_contact:
        since = today - dt.timedelta(days=filters.no_contact)
        rows = rows.filter(Q(last_contact__lte=since) | Q(last_contact__isnull=True))
    if filters.q:
        rows = rows.filter(search(filters.q))
    if filters.measures:
        states = MEASURE_FILTERS[filters.measures][1]
        rows = rows.filter(pk__in=people_with_measures(rows, states, today=today))
    return rows.select_related("keyworker").order_by(*SORTS[filters.sort][1])


def caseload_page(
    people: QuerySet[Person], filters: CaseloadFilters, query: QueryDict
) -> dict[str, Any]:
    """The caseload page: one page of people, each with the questionnaires due, and the filters
    with the query that keeps them from page to page."""
    page = Paginator(caseload(people, filters), PAGE_SIZE).get_page(query.get("page"))
    today = timezone.localdate()
    due = due_for_people(list(page.object_list), today=today)
    for person in page.object_list:
        person.measures_due = due.get(person.pk)  # type: ignore[attr-defined]
    kept = query.copy()
    kept.pop("page", None)
    return {
        "page": page,
        "filters": filters,
        "query": kept.urlencode(),
        "today": today,
        "status_filters": STATUS_FILTERS,
        "measure_filters": MEASURE_FILTERS,
        "review_filters": REVIEW_FILTERS,
        "no_contact_days": no_contact_choices(),
        "sorts": SORTS,
    }


def caseload_audit(request: HttpRequest, filters: CaseloadFilters, context: dict[str, Any]) -> None:
    """One VIEWED event for the page of people shown (issue 15): the team worked in, the filters
    and the ids of the people on the page (ids only, no names). Two statements: the chain's head
    and the event."""
    page = context["page"]
    # The current team arrives as a lazy object (maybe of None): the trail wants the team itself,
    # so that the event is filed under it.
    lazy = request.team  # type: ignore[attr-defined]
    team = getattr(lazy, "_wrapped", lazy) if lazy else None
    audit_record(
        by=request.user,
        action=AuditAction.VIEWED,
        target=team,
        request=request,
        detail={
            "list": "caseload",
            # What was searched for may be a name: the event says only that there was a search.
            "filters": {**asdict(filters), "q": bool(filters.q)},
            "page": page.number,
            "people": [person.pk for person in page.object_list],
        },
    )
