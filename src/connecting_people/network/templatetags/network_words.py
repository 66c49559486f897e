"""Template filters that put the map's stored values into words."""

from __future__ import annotations

from typing import Any

from django import template

from connecting_people.network.measures import Measures
from connecting_people.network.vocab import Gives

register = template.Library()


@register.filter
def gives_words(values: Any) -> str:
    """What a connection gives, in words and in the usual order: "Company, Practical help"."""
    chosen = set(values or ())
    return ", ".join(str(label) for value, label in Gives.choices if value in chosen)


@register.filter
def gives_counts(measures: Measures) -> list[tuple[str, int]]:
    """(kind of support, how many connections give it), leaving out those nobody gives."""
    return [
        (str(label), measures.by_gives.get(value, 0))
        for value, label in Gives.choices
        if measures.by_gives.get(value)
    ]


@register.filter
def percent(value: float | None) -> int | None:
    """A share (0 to 1) as a whole percentage."""
    return None if value is None else round(value * 100)
