"""Sentence case for titles and headings (issue 16 §7): only the first word of a title, or of a
part after a colon, dash or question mark, starts with a capital, unless it is a proper noun
(our name, NHS, GOV.UK...) or an abbreviation written all in capitals."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Names that keep their capitals wherever they are in a title.
PROPER_NOUNS = (
    "Connecting People",
    "NHS",
    "GOV.UK",
    "Samaritans",
    "Shout",
    "British Sign Language",
    "Blue Badge",
    "Open Referral",
    "HSDS",
    "I",
    # Languages are names too.
    "English",
    "Welsh",
    "Polish",
    "Arabic",
    "Urdu",
    "Punjabi",
    "Bengali",
    "Somali",
)

# Where a title starts again: after a colon, a dash, a question mark, a full stop.
PARTS = re.compile(r"\s*(?::|\u2013|\u2014|\?|\.(?=\s)|!)\s*|\s+-\s+")
WORD = re.compile(r"[A-Za-z][\w'\u2019.-]*")


def title_case_words(title: str, names: Iterable[str] = ()) -> list[str]:
    """The words of `title` that have a capital they should not have in sentence case.
    `names` are more proper nouns (a person's or a team's name on a rendered page)."""
    for name in sorted((*PROPER_NOUNS, *names), key=len, reverse=True):
        title = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", " ", title)
    wrong: list[str] = []
    for part in PARTS.split(title):
        words = WORD.findall(part)
        first_in_part = part.lstrip()[:1].isalpha()
        for word in words[1:] if first_in_part else words:
            if word[0].isupper() and not (word.isupper() and len(word) > 1):
                wrong.append(word)
    return wrong
