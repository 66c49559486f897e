"""Places on a page where a face may add a short prompt, marked by the templates of any app.

Core and the domain apps know nothing of the faces (tests/test_layers.py), yet some guidance
belongs beside the screens of the apps below them: the practice prompts of issue 13 sit beside
ideas to try, moving on and barriers. So a template marks the spot by name
(`{% load prompts %}{% prompt "barriers" %}`) and a face registers, when it starts, a provider
that answers for a spot with HTML, or with "" for nothing. With no provider, nothing shows.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

Provider = Callable[[HttpRequest | None, str], str]

_providers: list[Provider] = []


def provide(provider: Provider) -> None:
    """Answer for prompt spots from now on (once, however often the app starts)."""
    if provider not in _providers:
        _providers.append(provider)


def prompts_for(request: HttpRequest | None, key: str) -> SafeString:
    """What every provider has for this spot; plain text from a provider is escaped."""
    return mark_safe("".join(str(conditional_escape(p(request, key))) for p in _providers))  # noqa: S308 (each part escaped above)
