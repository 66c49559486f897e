"""The tables of the research export, in the order they are written."""

from connecting_people.research.tables import measures, network, people, suggestions
from connecting_people.research.tables.schema import Column, Context, Table

TABLES: tuple[Table, ...] = (
    people.PEOPLE,
    people.PLAN,
    measures.MEASURES,
    measures.SCORES,
    measures.ITEMS,
    network.SNAPSHOTS,
    network.MEASURES,
    suggestions.SUGGESTIONS,
    suggestions.CHANGES,
)

__all__ = ["TABLES", "Column", "Context", "Table"]
