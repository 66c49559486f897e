"""What the reflection pages show: the questions a team answers, its scores per area over time,
and the practice indicators beside them. A constant number of queries, whatever the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from connecting_people.core.charts import LineChart, Series, line_chart
from connecting_people.core.models import Team
from connecting_people.practice.indicators import team_summary
from connecting_people.practice.reflection.models import (
    Reflection,
    ReflectionArea,
    ReflectionQuestion,
    Scale,
)
from connecting_people.practice.reflection.periods import Quarter, quarter_of

TOP = max(Scale.values)
CHART_QUARTERS = 8  # two years: enough to see a trend, few enough to read


@dataclass(frozen=True)
class AreaScore:
    """One area's score in one reflection: the answers added up, out of the most they could be."""

    area: ReflectionArea
    answered: int
    points: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.points / (TOP * self.answered)) if self.answered else None


@dataclass(frozen=True)
class Result:
    """A reflection (or none yet) for one quarter, scored per area."""

    quarter: Quarter
    reflection: Reflection | None
    scores: list[AreaScore]


@dataclass(frozen=True)
class Answer:
    question: ReflectionQuestion
    value: int | None

    @property
    def label(self) -> str:
        return str(Scale(self.value).label) if self.value in Scale.values else _("Not answered")


def _questions(team: Team) -> list[ReflectionQuestion]:
    """Every question the team's answers may name: the organisation's own and the app's own,
    in use or not, each with its area (one query)."""
    return list(
        ReflectionQuestion.objects.select_related("area").filter(
            Q(organisation_id=team.organisation_id) | Q(organisation__isnull=True)
        )
    )


def organisation_questions(organisation_id: int) -> list[ReflectionQuestion]:
    """The questions an organisation's teams answer now: its own in use, else the app's own."""
    everything = ReflectionQuestion.objects.select_related("area").filter(
        Q(organisation_id=organisation_id) | Q(organisation__isnull=True), in_use=True
    )
    own = [q for q in everything if q.organisation_id is not None]
    return own or [q for q in everything if q.organisation_id is None]


def questions_to_answer(team: Team) -> list[ReflectionQuestion]:
    """The questions a team answers now: its organisation's own in use, else the app's own."""
    return organisation_questions(team.organisation_id)


def score(
    reflection: Reflection | None, questions: Iterable[ReflectionQuestion]
) -> list[AreaScore]:
    """Each area's score from the answers kept, read against the questions they answered."""
    by_id = {str(q.pk): q for q in questions}
    areas: dict[int, ReflectionArea] = {q.area_id: q.area for q in by_id.values()}
    answered = dict.fromkeys(areas, 0)
    points = dict.fromkeys(areas, 0)
    for question_id, value in (reflection.answers if reflection else {}).items():
        question = by_id.get(str(question_id))
        if question is not None and value in Scale.values:
            answered[question.area_id] += 1
            points[question.area_id] += value
    ordered = sorted(areas.values(), key=lambda a: (a.position, a.pk))
    return [AreaScore(a, answered[a.pk], points[a.pk]) for a in ordered]


def team_results(team: Team) -> list[Result]:
    """Every reflection the team has taken, oldest first, scored per area (two queries)."""
    questions = _questions(team)
    return [
        Result(quarter_of(r.period_start), r, score(r, questions))
        for r in Reflection.objects.filter(team=team).order_by("period_start")
    ]


def result_for(team: Team, quarter: Quarter) -> Result:
    """One quarter's reflection, or its empty place when the team has not taken it yet."""
    reflection = Reflection.objects.filter(team=team, period_start=quarter.start).first()
    questions = _questions(team) if reflection else questions_to_answer(team)
    return Result(quarter, reflection, score(reflection, questions))


@dataclass(frozen=True)
class Compared:
    """An area's latest score and how far it moved since the reflection before (None: no
    earlier score to compare with)."""

    score: AreaScore
    change: int | None


def compared(latest: Result, earlier: Result | None) -> list[Compared]:
    """The latest reflection's scores, each beside its change since the one before."""
    before = {s.area.pk: s.percent for s in earlier.scores} if earlier else {}
    rows = []
    for area_score in latest.scores:
        then = before.get(area_score.area.pk)
        now = area_score.percent
        rows.append(Compared(area_score, None if then is None or now is None else now - then))
    return rows


def reflection_in(team: Team, quarter: Quarter) -> Reflection | None:
    return Reflection.objects.filter(team=team, period_start=quarter.start).first()


def answers_by_area(result: Result, team: Team) -> list[tuple[AreaScore, list[Answer]]]:
    """Each area's score with the question-by-question answers behind it (one query)."""
    answers = result.reflection.answers if result.reflection else {}
    asked = {int(pk) for pk in answers}
    shown = [q for q in _questions(team) if q.pk in asked] if answers else []
    shown = shown or questions_to_answer(team)
    return [
        (
            area_score,
            [Answer(q, answers.get(str(q.pk))) for q in shown if q.area_id == area_score.area.pk],
        )
        for area_score in result.scores
    ]


def scores_chart(results: list[Result]) -> LineChart | None:
    """The last two years of scores, one line per area, or None before there are two to compare."""
    shown = [r for r in results if r.reflection is not None][-CHART_QUARTERS:]
    if len(shown) < 2:
        return None
    areas = [s.area for s in shown[-1].scores]
    series = []
    for area in areas:
        cells = [next((s for s in r.scores if s.area.pk == area.pk), None) for r in shown]
        percents = [c.percent if c and c.percent is not None else None for c in cells]
        series.append(
            Series(
                label=area.name,
                values=tuple(float(p or 0) for p in percents),
                texts=tuple("\u2013" if p is None else f"{p}%" for p in percents),
            )
        )
    return line_chart(
        title=_("Our reflection scores by quarter"),
        description=_(
            "One line for each area of the model, scored out of 100 from the team's answers. "
            "The table after the chart gives the same numbers."
        ),
        x_title=_("Quarter"),
        y_title=_("Score out of 100"),
        x_labels=[r.quarter.short_label for r in shown],
        series=series,
        id_prefix="reflection-chart",
        scale_top=100,
    )


def indicators_beside(team: Team, *, today: dt.date) -> dict[str, Any]:
    """The team's practice indicators, and where to see them all."""
    return {
        "indicators": team_summary(team, today=today),
        "indicators_url": reverse("indicators:team"),
    }
