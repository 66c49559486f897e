"""Titles in sentence case (issue 16 §7), for the pages whose words are not ours to write:
allauth's (password reset, two-step sign-in) say "Change Password"; ours say "Change password".
"""

import re

from django import template

register = template.Library()

# Names that keep their capitals wherever they are (tests/sentence_case.py keeps the same list).
PROPER_NOUNS = ("Connecting People",)

# A word after the first written as a title would write it: one capital, then small letters
# (after a space, or a hyphen inside a word: "Two-Factor"). "WebAuthn" and "NHS" stay as they are.
_TITLE_WORD = re.compile(r"(?<=[\s-])([A-Z])(?=[a-z]+\b)")


def _lower_unless_named(match: re.Match[str], named: list[tuple[int, int]]) -> str:
    at = match.start()
    return match.group(1) if any(a <= at < b for a, b in named) else match.group(1).lower()


@register.filter(is_safe=True)
def sentence_case(text: str) -> str:
    """The title with only its first word (and proper nouns) capitalised. Only letters' case
    changes, so text that was safe stays safe (`is_safe`), and text that was not is escaped."""
    named = [m.span() for name in PROPER_NOUNS for m in re.finditer(re.escape(name), text)]
    start = len(text) - len(text.lstrip())
    head, rest = text[: start + 1], text[start + 1 :]
    offset = len(head)
    changed = _TITLE_WORD.sub(
        lambda m: _lower_unless_named(m, [(a - offset, b - offset) for a, b in named]), rest
    )
    return head + changed
