"""people.csv (one row per person) and goals_steps_summary.csv (their plan, as counts)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from django.db.models import Count

from connecting_people.people.models import (
    Destination,
    Interest,
    Person,
    Skill,
    Status,
    StatusChange,
    StatusChangeKind,
)
from connecting_people.plans.models import (
    Barrier,
    Contact,
    Goal,
    GoalStatus,
    Step,
    StepStatus,
    WhoChoice,
)
from connecting_people.research.coarse import AGE_BANDS, age_band, month
from connecting_people.research.tables.schema import (
    INTEGER,
    PSEUDONYM,
    TEXT,
    Column,
    Context,
    Table,
    count_columns,
    month_column,
    person_column,
    values_of,
)


def _counts(queryset, key: str, ids: list[int]) -> Counter[int]:
    """How many rows of `queryset` each person in `ids` has (key: the path to the person)."""
    rows = (
        queryset.filter(**{f"{key}__in": ids}).order_by().values_list(key).annotate(n=Count("pk"))
    )
    return Counter(dict(rows))


def _people_rows(ctx: Context, ids: list[int]) -> Iterator[Sequence[object]]:
    interests = _counts(Interest.objects.all(), "person_id", ids)
    categories = Counter(
        dict(
            Interest.categories.through.objects.filter(interest__person_id__in=ids)
            .order_by()
            .values_list("interest__person_id")
            .annotate(n=Count("interestcategory_id", distinct=True))
        )
    )
    skills = _counts(Skill.objects.all(), "person_id", ids)
    barriers = _counts(Barrier.objects.all(), "person_id", ids)
    contacts = _counts(Contact.objects.all(), "person_id", ids)
    returned = _counts(
        StatusChange.objects.filter(kind=StatusChangeKind.RETURNED), "person_id", ids
    )
    people = Person.objects.filter(pk__in=ids).values_list(
        "pk", "team_id", "status", "started_on", "moved_on_on", "destination", "date_of_birth"
    )
    for pk, team, status, started, moved_on, destination, born in people.order_by("pk"):
        yield (
            ctx.pseudonym("person", pk),
            ctx.pseudonym("team", team),
            status,
            month(started),
            month(moved_on),
            destination,
            age_band(born, started),
            returned[pk],
            interests[pk],
            categories[pk],
            skills[pk],
            barriers[pk],
            contacts[pk],
        )


PEOPLE = Table(
    name="people",
    row_is="one person supported",
    columns=(
        person_column("the person's pseudonym"),
        Column("team", PSEUDONYM, "the pseudonym of the team the person is with"),
        Column("status", TEXT, "where the person is in the service now", values_of(Status)),
        month_column("started_month", "the month the person started with the service"),
        month_column("moved_on_month", "the month the person moved on (blank if they have not)"),
        Column(
            "destination",
            TEXT,
            "where the person moved on to (blank if they have not)",
            values_of(Destination),
        ),
        Column(
            "age_band_at_start",
            TEXT,
            "the person's age band in the month they started (blank if not known)",
            "; ".join(name for _, name in AGE_BANDS),
        ),
        Column("times_returned", INTEGER, "how many times the person came back after moving on"),
        Column("interests", INTEGER, "how many interests are recorded (past, now or to try)"),
        Column("interest_categories", INTEGER, "how many different kinds of interest they cover"),
        Column("skills", INTEGER, "how many skills the person could share or teach"),
        Column("barriers", INTEGER, "how many barriers are recorded"),
        Column("contacts", INTEGER, "how many contacts (meetings, calls, visits) are logged"),
    ),
    rows=_people_rows,
)


def _by(queryset, key: str, field: str, ids: list[int]) -> dict[int, Counter[str]]:
    """For each person in `ids`, how many rows of `queryset` have each value of `field`."""
    found: dict[int, Counter[str]] = {}
    rows = (
        queryset.filter(**{f"{key}__in": ids})
        .order_by()
        .values_list(key, field)
        .annotate(n=Count("pk"))
    )
    for person, value, n in rows:
        found.setdefault(person, Counter())[value] = n
    return found


def _plan_rows(ctx: Context, ids: list[int]) -> Iterator[Sequence[object]]:
    goals = _by(Goal.objects.all(), "person_id", "status", ids)
    ideas = _by(Goal.objects.all(), "person_id", "whose_idea", ids)
    steps = _by(Step.objects.all(), "goal__person_id", "status", ids)
    steps_who = _by(Step.objects.all(), "goal__person_id", "who", ids)
    empty: Counter[str] = Counter()
    for pk in sorted(ids):
        g, i, s, w = (c.get(pk, empty) for c in (goals, ideas, steps, steps_who))
        yield (
            ctx.pseudonym("person", pk),
            sum(g.values()),
            *(g[v] for v in GoalStatus.values),
            *(i[v] for v in WhoChoice.values),
            sum(s.values()),
            *(s[v] for v in StepStatus.values),
            *(w[v] for v in WhoChoice.values),
        )


PLAN = Table(
    name="goals_steps_summary",
    row_is="one person supported: their goals and steps, as counts (no goal or step text)",
    columns=(
        person_column(),
        Column("goals", INTEGER, "how many goals the person has"),
        *count_columns("goals", GoalStatus, "how many goals have the status {value}"),
        *count_columns("goals_idea", WhoChoice, "how many goals were the idea of: {value}"),
        Column("steps", INTEGER, "how many steps towards those goals"),
        *count_columns("steps", StepStatus, "how many steps have the status {value}"),
        *count_columns("steps_by", WhoChoice, "how many steps are done by: {value}"),
    ),
    rows=_plan_rows,
)
