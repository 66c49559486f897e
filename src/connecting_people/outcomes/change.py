"""A person's questionnaires over time: a chart of each score with its bands, a table of the
numbers, and what changed in plain words the person would use.

Every sentence is ours. Band names come from the definition, and only where it gives bands;
whether a change is for the better comes from the score's `higher_is`, and it is called better or
worse only when it is one (`judged`): a move into a better or worse band, or one of at least the
amount the definition states for the score (`change.points`, a reliable-change-style threshold).
A smaller move is "about the same", and the page says what counts (`what_counts`). Each response
is shown with the scores stored when it was scored, so a later version of an instrument never
changes what someone's past answers said. The comparison is the latest response against the one
before, and against the first when there are three or more. Where the answers themselves say more
than the total (the loneliness questions, "how often do you feel left out?"), we compare them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connecting_people.core.charts import ScoreChart, band_areas
from connecting_people.outcomes.instrument import ITEM, Definition, Score
from connecting_people.outcomes.models import Response
from connecting_people.outcomes.presenting import number

# What each shipped score is called in a sentence ("Your ... went from 4 to 7").
NAMES = {
    ("ons4", "satisfied"): gettext_lazy("life satisfaction score"),
    ("ons4", "worthwhile"): gettext_lazy("score for feeling the things you do are worthwhile"),
    ("ons4", "happy"): gettext_lazy("happiness score"),
    ("ons4", "anxious"): gettext_lazy("anxiety score"),
    ("ucla3", "total"): gettext_lazy("loneliness score"),
}
# What a lower number means, for scores where higher is worse.
LOWER_IS_BETTER = {
    ("ons4", "anxious"): gettext_lazy("For anxiety, lower is better."),
    ("ucla3", "total"): gettext_lazy("A lower score means feeling lonely less often."),
}
# Questions whose answers say how often ("you felt left out"), a higher answer meaning more often.
HOW_OFTEN = {
    ("ucla3", "lack_companionship"): gettext_lazy("you felt you lacked companionship"),
    ("ucla3", "left_out"): gettext_lazy("you felt left out"),
    ("ucla3", "isolated"): gettext_lazy("you felt isolated from others"),
    ("ons-lonely", "lonely"): gettext_lazy("you felt lonely"),
}


@dataclass
class InstrumentChange:
    """One questionnaire's history for one person."""

    slug: str
    title: str
    scores: list[Score]
    charts: list[ScoreChart] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[tuple[dt.date, list[str]]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)  # what we call a change, score by score


def _value(response: Response, score_id: str) -> float | None:
    value = response.score_value(score_id)
    return None if value is None else float(value)


def _band(response: Response, score_id: str) -> str | None:
    stored = (response.scores.get("scores") or {}).get(score_id) or {}
    return (stored.get("band") or {}).get("label")


def _answer_label(response: Response, score: Score, definition: Definition) -> str | None:
    """For a one-question score answered in words ("Some of the time"), those words."""
    if score.method != ITEM:
        return None
    item = definition.by_id.get(score.items[0])
    value = response.answers.get(score.items[0])
    label = None if item is None or value is None else item.label_for(value)
    if label is None or label.split()[0] == str(value):
        return None
    return label


def _shown(response: Response, score: Score, definition: Definition) -> str:
    """A table cell: "7 (High)", "6", "Some of the time", or "Not answered"."""
    value = response.score_value(score.id)
    if value is None:
        return _("Not answered")
    label = _answer_label(response, score, definition)
    if label:
        return label
    band = _band(response, score.id)
    return f"{number(value)} ({band})" if band else number(value)


def _in_words(response: Response, score: Score, definition: Definition) -> str:
    """A value in a sentence: "4 (low)", "6", or an answer such as "some of the time"."""
    label = _answer_label(response, score, definition)
    if label:
        return label.lower()
    band = _band(response, score.id)
    value = number(response.score_value(score.id))
    return f"{value} ({band.lower()})" if band else value


def when(day: dt.date, latest: dt.date) -> str:
    """ "March" in the same year as the latest, "March 2025" before it, "3 March" in its month."""
    if (day.year, day.month) == (latest.year, latest.month):
        return date_format(day, "j F")
    if day.year == latest.year:
        return date_format(day, "F")
    return date_format(day, "F Y")


def score_title(slug: str, score: Score) -> str:
    if score.higher_is == "worse":
        return _("%(title)s (lower is better)") % {"title": score.title}
    return score.title


def _name(slug: str, score: Score) -> str:
    known = NAMES.get((slug, score.id))
    if known is not None:
        return str(known)
    return _("score for %(title)s") % {"title": score.title}


@dataclass(frozen=True)
class Then:
    """How a sentence names the earlier response: "since June", "than in June", "as in June"."""

    since: str
    than: str
    as_in: str

    @classmethod
    def previous(cls, month: str) -> Then:
        return cls(
            _("since %(when)s") % {"when": month},
            _("than in %(when)s") % {"when": month},
            _("as in %(when)s") % {"when": month},
        )

    @classmethod
    def first(cls, month: str) -> Then:
        return cls(
            _("since you first answered, in %(when)s") % {"when": month},
            _("than when you first answered, in %(when)s") % {"when": month},
            _("as when you first answered, in %(when)s") % {"when": month},
        )


BETTER, WORSE, SAME = "better", "worse", "about the same"


def _band_index(score: Score, value: float) -> int | None:
    band = score.band_for(Fraction(value).limit_denominator(10_000))
    return None if band is None else score.bands.index(band)


def judged(score: Score, before: float, after: float) -> str | None:
    """BETTER or WORSE when the move is one: into a better or worse band, or by at least the
    score's stated amount; SAME for a smaller move. None when we do not judge: the score is
    neither better nor worse when higher, or its definition states no amount and gives no bands.
    """
    if score.higher_is == "neither" or (score.change_points is None and not score.bands):
        return None
    up = after > before
    way = BETTER if up == (score.higher_is == "better") else WORSE
    if before == after:
        return SAME
    then, now = _band_index(score, before), _band_index(score, after)
    if then is not None and now is not None and then != now:
        return way
    points = score.change_points
    if points is not None and abs(Fraction(after) - Fraction(before)) >= points:
        return way
    return SAME


def _rule(score: Score) -> str | None:
    """What counts as a change for this score, as a phrase; None when we do not judge it."""
    if score.higher_is == "neither":
        return None
    points = score.change_points
    if points is not None and score.bands:
        return _("a change of %(points)s or more points, or a move into a better or worse band") % {
            "points": number(float(points))
        }
    if points is not None:
        return _("a change of %(points)s or more points") % {"points": number(float(points))}
    if score.bands:
        return _("a move into a better or worse band")
    return None


def what_counts(definition: Definition) -> list[str]:
    """What the page calls a change, as sentences: one when every score has the same rule,
    else one for each score ("Total: better or worse only for a change of 4 or more points")."""
    said = [(score, rule) for score in definition.scores if (rule := _rule(score))]
    if not said:
        return []
    if len({rule for _score, rule in said}) == 1:
        return [
            _("We say better or worse only for %(rule)s; anything smaller is about the same.")
            % {"rule": said[0][1]}
        ]
    found = [
        _("%(title)s: better or worse only for %(rule)s.") % {"title": score.title, "rule": rule}
        for score, rule in said
    ]
    return [*found, _("Anything smaller is about the same.")]


def score_sentence(
    slug: str, score: Score, definition: Definition, then: Response, now: Response, at: Then
) -> str | None:
    """ "Your life satisfaction score went from 4 (low) to 7 (high) since June: a change for
    the better." None when either was not worked out."""
    before, after = _value(then, score.id), _value(now, score.id)
    if before is None or after is None:
        return None
    values = {
        "name": _name(slug, score),
        "before": _in_words(then, score, definition),
        "after": _in_words(now, score, definition),
        "since": at.since,
        "as_in": at.as_in,
    }
    verdict = judged(score, before, after)
    if before == after:
        sentence = _("Your %(name)s was %(after)s, the same %(as_in)s.") % values
    elif verdict is None:
        sentence = _("Your %(name)s went from %(before)s to %(after)s %(since)s.") % values
    elif verdict == SAME:
        sentence = (
            _("Your %(name)s went from %(before)s to %(after)s %(since)s: about the same.") % values
        )
    elif verdict == BETTER:
        sentence = (
            _("Your %(name)s went from %(before)s to %(after)s %(since)s: a change for the better.")
            % values
        )
    else:
        sentence = (
            _(
                "Your %(name)s went from %(before)s to %(after)s %(since)s: not the way we hope, "
                "and worth talking about together."
            )
            % values
        )
    if score.higher_is == "worse":
        note = LOWER_IS_BETTER.get((slug, score.id)) or _("Here lower is better.")
        sentence = f"{sentence} {note}"
    return sentence


def item_sentence(slug: str, item_id: str, then: Response, now: Response, at: Then) -> str | None:
    """ "You said you felt left out less often than in March." """
    feeling = HOW_OFTEN.get((slug, item_id))
    before, after = then.answers.get(item_id), now.answers.get(item_id)
    if feeling is None or before is None or after is None:
        return None
    values = {"feeling": feeling, "than": at.than, "as_in": at.as_in}
    if after < before:
        return _("You said %(feeling)s less often %(than)s.") % values
    if after > before:
        return _("You said %(feeling)s more often %(than)s.") % values
    return _("You said %(feeling)s about as often %(as_in)s.") % values


def _words(slug: str, definition: Definition, history: Sequence[Response]) -> list[str]:
    if len(history) < 2:
        return [
            _(
                "Done once so far, on %(date)s. When it is done again, this page will say what "
                "has changed."
            )
            % {"date": date_format(history[0].taken_on, "j F Y")}
        ]
    latest, previous, first = history[-1], history[-2], history[0]
    comparisons = [(previous, Then.previous(when(previous.taken_on, latest.taken_on)))]
    if len(history) > 2:
        comparisons.append((first, Then.first(when(first.taken_on, latest.taken_on))))
    asked = {i for (s, i) in HOW_OFTEN if s == slug}
    found: list[str] = []
    for then, at in comparisons:
        for item in definition.items:
            sentence = item_sentence(slug, item.id, then, latest, at)
            if sentence:
                found.append(sentence)
        for score in definition.scores:
            if score.method == ITEM and score.items[0] in asked:
                continue  # said already, as how often
            sentence = score_sentence(slug, score, definition, then, latest, at)
            if sentence:
                found.append(sentence)
    return found


def _chart(slug: str, score: Score, history: Sequence[Response], style: int) -> ScoreChart:
    low, high = float(score.range[0]), float(score.range[1])
    bands = band_areas(
        [(b.label, float(b.lower.value), float(b.upper.value)) for b in score.bands], low, high
    )
    values = tuple(_value(r, score.id) for r in history)
    points = "; ".join(
        _("%(value)s on %(date)s") % {"value": number(v), "date": date_format(r.taken_on, "j F Y")}
        for r, v in zip(history, values, strict=True)
        if v is not None
    )
    direction = {
        "better": _("higher is better"),
        "worse": _("lower is better"),
    }.get(score.higher_is, "")
    scale = _("from %(low)s to %(high)s") % {"low": number(low), "high": number(high)}
    description = ", ".join(part for part in (scale, direction) if part)
    if bands:
        names = ", ".join(
            _("%(label)s from %(low)s to %(high)s")
            % {
                "label": b.label,
                "low": number(float(b.lower.value)),
                "high": number(float(b.upper.value)),
            }
            for b in score.bands
        )
        description = f"{description}; {_('bands')}: {names}"
    return ScoreChart(
        id_prefix=f"chart-{slug}-{score.id}",
        title=score_title(slug, score),
        description=f"{score.title} ({description}). {points}.",
        x_title=_("Date taken"),
        low=low,
        high=high,
        dates=tuple(r.taken_on for r in history),
        values=values,
        bands=tuple(bands),
        style=style,
    )


def person_change(responses: Sequence[Response]) -> list[InstrumentChange]:
    """Each questionnaire the person has completed, with its charts, table and words.

    `responses` are the person's completed responses with `instrument` and `scored_with`
    fetched; the definition used for titles and bands is the latest response's."""
    by_slug: dict[str, list[Response]] = {}
    for response in sorted(responses, key=lambda r: (r.taken_on, r.pk)):
        if response.is_complete:
            by_slug.setdefault(response.instrument.slug, []).append(response)
    found = []
    for slug, history in by_slug.items():
        latest = history[-1]
        definition = (latest.scored_with or latest.instrument).parsed
        change = InstrumentChange(
            slug=slug, title=latest.instrument.short_title, scores=list(definition.scores)
        )
        change.charts = [
            _chart(slug, score, history, n) for n, score in enumerate(definition.scores)
        ]
        change.header = [score_title(slug, s) for s in definition.scores]
        change.rows = [
            (r.taken_on, [_shown(r, s, definition) for s in definition.scores]) for r in history
        ]
        change.words = _words(slug, definition, history)
        change.counts = what_counts(definition) if len(history) > 1 else []
        found.append(change)
    return found
