"""measures.csv (one row per completed questionnaire), measure_scores.csv (one row per score)
and item_responses.csv (one row per question answered). Only completed responses: one still
being filled in has no scores and may change."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from connecting_people.outcomes.models import CompletedBy, Response, ResponseStatus
from connecting_people.research.coarse import month, months_between
from connecting_people.research.tables.schema import (
    BOOLEAN,
    DECIMAL,
    INTEGER,
    PSEUDONYM,
    TEXT,
    Column,
    Context,
    Table,
    month_column,
    person_column,
    values_of,
)

RESPONSE = Column("response", PSEUDONYM, "the questionnaire response's pseudonym (as in measures)")


def _responses(ids: list[int], *fields: str) -> Any:
    return (
        Response.objects.filter(person_id__in=ids, status=ResponseStatus.COMPLETE)
        .order_by("pk")
        .values_list("pk", *fields)
    )


def _measure_rows(ctx: Context, ids: list[int]) -> Iterator[Sequence[object]]:
    fields = ("person_id", "instrument__slug", "scored_with__version", "scores", "taken_on")
    rows = _responses(
        ids, *fields, "completed_by", "person__started_on", "scored_with__organisation_id"
    )
    for pk, person, slug, version, scores, taken, completed_by, started, own in rows:
        yield (
            ctx.pseudonym("response", pk),
            ctx.pseudonym("person", person),
            slug,
            "organisation" if own else "app",
            version,
            (scores or {}).get("definition_version", ""),
            month(taken),
            months_between(started, taken),
            completed_by,
        )


MEASURES = Table(
    name="measures",
    row_is="one completed questionnaire",
    columns=(
        Column("response", PSEUDONYM, "the questionnaire response's pseudonym"),
        person_column(),
        Column("instrument", TEXT, "the questionnaire's id (ons4, ucla3, ons-lonely, …)"),
        Column(
            "instrument_from",
            TEXT,
            "whose definition it was scored with: the one that comes with the app (or was "
            "loaded for the whole deployment), or the organisation's own (with licensed wording, "
            "say); each numbers its versions separately",
            "app; organisation",
        ),
        Column(
            "instrument_version",
            INTEGER,
            "the version of the questionnaire it was scored with, as the app numbers them "
            "(1, 2, …) within instrument_from; a changed definition is a new version",
        ),
        Column("definition_version", TEXT, "the version label the definition gives itself"),
        month_column("taken_month", "the month it was taken"),
        Column(
            "months_from_start",
            INTEGER,
            "calendar months from the month the person started to the month it was taken",
        ),
        Column("completed_by", TEXT, "how it was completed", values_of(CompletedBy)),
    ),
    rows=_measure_rows,
)


def _score_rows(ctx: Context, ids: list[int]) -> Iterator[Sequence[object]]:
    for pk, scores in _responses(ids, "scores"):
        response = ctx.pseudonym("response", pk)
        for score_id, score in sorted(((scores or {}).get("scores") or {}).items()):
            band = score.get("band") or {}
            yield (
                response,
                score_id,
                score.get("value"),
                band.get("id", ""),
                score.get("answered"),
                score.get("of"),
                score.get("prorated"),
            )


SCORES = Table(
    name="measure_scores",
    row_is="one score of one completed questionnaire",
    columns=(
        RESPONSE,
        Column("score", TEXT, "the score's id in the questionnaire's definition"),
        Column(
            "value",
            DECIMAL,
            "the score, exactly as the definition's rules give it (blank if it could not be "
            "scored under the missing-answers rule)",
        ),
        Column("band", TEXT, "the id of the band the score falls in (blank if none)"),
        Column("answered", INTEGER, "how many of the score's questions were answered"),
        Column("of", INTEGER, "how many questions the score is made from"),
        Column("prorated", BOOLEAN, "whether missing answers were made up for by prorating"),
    ),
    rows=_score_rows,
)


def _item_rows(ctx: Context, ids: list[int]) -> Iterator[Sequence[object]]:
    for pk, answers in _responses(ids, "answers"):
        response = ctx.pseudonym("response", pk)
        for item, value in sorted((answers or {}).items()):
            yield response, item, value


ITEMS = Table(
    name="item_responses",
    row_is="one question of one completed questionnaire",
    columns=(
        RESPONSE,
        Column("item", TEXT, "the question's id in the questionnaire's definition"),
        Column(
            "value",
            INTEGER,
            "the answer's value as the definition lists it, before any reverse scoring "
            "(blank if not answered)",
        ),
    ),
    rows=_item_rows,
)
