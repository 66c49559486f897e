"""`{% prompt "key" %}`: a spot on a page where a face may add a short prompt (core/prompts.py)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from connecting_people.core.prompts import prompts_for

register = template.Library()


@register.simple_tag(takes_context=True)
def prompt(context: dict[str, Any], key: str) -> SafeString:
    return prompts_for(context.get("request"), key)
