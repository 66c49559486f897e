"""The person's own views beside what the worker wrote (issue 14)."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def views_about(views: dict[str, list[Any]] | None, kind: str, pk: Any) -> list[Any]:
    """The person's views about one record, from `people.selectors.different_views_of`."""
    if not views:
        return []
    return views.get(f"{kind}:{pk}", [])
