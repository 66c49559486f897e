"""How easily a page reads: the Flesch reading ease score (issue 14, person-facing copy).

    score = 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)

Higher is easier: 70 and over reads easily for most people aged 12 and up; 60 to 70 is plain
English; under 50 is hard. The parts:

- Sentences end at ".", "!" or "?" followed by a space or the end of the text. A block of a
  page (a heading, a list item, a label, a button) is a sentence of its own even without a full
  stop, so a menu does not run into the heading after it.
- Words are runs of letters (with ' or - inside them). Numbers, phone numbers and dates' digits
  are not words: they are read as they are, and counting "116 123" as words would flatter the
  score.
- Syllables are estimated, as every Flesch tool does: groups of vowels (y counts), less a
  silent final "e" ("make", but not "table" or "free"), and at least one per word. Off by
  one now and then on a single word ("walked" counts as two); close over a page.

Written here rather than taken from a package: a page of code we can test and read, and no new
dependency for the person's space to keep up with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_APOSTROPHE = "\u2019"  # a typographer's apostrophe, as in "you\u2019re"
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019-][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")

# Elements whose text stands apart from what comes before and after it.
BLOCKS = frozenset(
    {
        "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "div", "label", "legend",
        "button", "td", "th", "summary", "caption", "blockquote", "section", "br", "option",
        "nav", "header", "footer", "form", "fieldset", "tr",
    }
)  # fmt: skip
SKIPPED = frozenset({"script", "style", "template", "noscript", "svg"})


def syllables(word: str) -> int:
    """An estimate of the syllables in one word."""
    word = word.lower().replace(_APOSTROPHE, "'").split("'")[0]
    if not word:
        return 0
    count = len(_VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # a silent final e ("make"); not in "table", "free" or "bye"
    return max(count, 1)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentence_count(blocks: list[str]) -> int:
    """Sentences in the blocks of text: each block's sentence ends, and its last words."""
    total = 0
    for block in blocks:
        parts = [p for p in _SENTENCE_END.split(block) if words(p)]
        total += len(parts)
    return total


@dataclass(frozen=True)
class Reading:
    words: int
    sentences: int
    syllables: int

    @property
    def score(self) -> float:
        """The Flesch reading ease (100 for no words at all: nothing to stumble on)."""
        if not self.words:
            return 100.0
        return (
            206.835
            - 1.015 * (self.words / max(self.sentences, 1))
            - 84.6 * (self.syllables / self.words)
        )


def reading(blocks: list[str] | str) -> Reading:
    """Count the words, sentences and syllables of some text (a string, or a list of blocks)."""
    if isinstance(blocks, str):
        blocks = [blocks]
    found = [w for block in blocks for w in words(block)]
    return Reading(
        words=len(found),
        sentences=sentence_count(blocks),
        syllables=sum(syllables(w) for w in found),
    )


def flesch_reading_ease(text: str) -> float:
    return reading(text).score


class _Blocks(HTMLParser):
    """The text of a page's <main>, block by block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.in_main = 0
        self.skipping = 0

    def _end_block(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main += 1
        elif tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self._end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._end_block()
            self.in_main -= 1
        elif tag in SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in BLOCKS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if self.in_main and not self.skipping:
            self.current.append(data)


def page_blocks(html: str) -> list[str]:
    """The blocks of text in a page's <main> element, as a reader meets them."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def page_reading(html: str) -> Reading:
    """How easily the main part of a rendered page reads."""
    return reading(page_blocks(html))
