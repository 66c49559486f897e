"""The practice prompts: the training's practice questions, in our own words, shown beside the
screens they belong to. A worker who knows one can hide it; "show the prompts again" in their
account brings them all back. Registered as a provider of core's prompt spots (core/prompts.py)
when the app starts, so the screens below practice never import it."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from connecting_people.practice.guidance.models import HiddenPrompt

ACCOUNT = "account"  # the spot in account settings where hidden prompts can be brought back


@dataclass(frozen=True)
class Prompt:
    title: Promise
    questions: tuple[Promise, ...]
    part: str  # the part of the model it comes from (guidance:part)


PROMPTS: dict[str, Prompt] = {
    "ideas": Prompt(
        title=_("Trying something new"),
        questions=(
            _("What has the person enjoyed before, and what have they always wanted to try?"),
            _(
                "What pace suits them: a look from the door, a first visit together, or going "
                "alone?"
            ),
            _("Could they teach or share something they are good at?"),
        ),
        part="new-connections",
    ),
    "moving-on": Prompt(
        title=_("Moving on"),
        questions=(
            _("Which connections will keep them going once you step back?"),
            _("Who can they turn to, and do they know how to get back in touch with us?"),
            _("What would they like to keep doing, and what support would help with that?"),
        ),
        part="person",
    ),
    "barriers": Prompt(
        title=_("Getting past barriers"),
        questions=(
            _(
                "Is this about how they feel, such as confidence, or about circumstances, such as "
                "money or distance?"
            ),
            _("What small first step could make it easier?"),
            _("Does it get in your way too, and who in the team could help?"),
        ),
        part="attitudinal-barriers",
    ),
}


def hidden_for(request: HttpRequest) -> set[str]:
    """The prompts this user has hidden (read once per request)."""
    cached: set[str] | None = getattr(request, "_hidden_prompts", None)
    if cached is None:
        hidden = HiddenPrompt.objects.filter(user=request.user)  # type: ignore[misc]
        cached = set(hidden.values_list("key", flat=True))
        request._hidden_prompts = cached  # type: ignore[attr-defined]
    return cached


def show_prompt(request: HttpRequest | None, key: str) -> str:
    """The prompt for this spot, unless the user has hidden it ('' for anyone not signed in)."""
    if request is None or not request.user.is_authenticated:
        return ""
    if key == ACCOUNT:
        if not hidden_for(request):
            return ""
        return render_to_string("practice/guidance/_prompts_again.html", _form(request))
    prompt = PROMPTS.get(key)
    if prompt is None or key in hidden_for(request):
        return ""
    context = {"prompt": prompt, "key": key, "next": request.get_full_path(), **_form(request)}
    return render_to_string("practice/guidance/_prompt.html", context)


def _form(request: HttpRequest) -> dict[str, str]:
    """What a small form needs: the CSRF token (the page's context processors have run already)."""
    return {"csrf_token": get_token(request)}
