"""Practice indicators: how fully the team practises the model, worked out from its records.

Per person, per worker and per team, each indicator counts the people it is about and, of
them, the people for whom it is met, with its definition (docs/practice-indicators.md). These
are our own measures, not the published fidelity scale.

Public API, called by the team page and the practice reflection (keep it stable):
`team_summary(team, *, today=None) -> list[IndicatorResult]`, each result with key, name,
definition, met, of, percent and url (the drill-down page, for readers in the team).
"""

from connecting_people.practice.indicators.definitions import BY_KEY, INDICATORS, Indicator
from connecting_people.practice.indicators.results import (
    Behind,
    IndicatorResult,
    Quarter,
    by_quarter,
    people_behind,
    people_indicators,
    person_indicators,
    team_summary,
)

__all__ = [
    "BY_KEY",
    "INDICATORS",
    "Behind",
    "Indicator",
    "IndicatorResult",
    "Quarter",
    "by_quarter",
    "people_behind",
    "people_indicators",
    "person_indicators",
    "team_summary",
]
