"""Words: what a person said and what a service says, made comparable.

- `words(text)`: lowercased words without accents, stop words or very short words, crudely
  stemmed ("classes" and "class", "dancing" and "dance" are one), for the signals that compare
  the person's words with a service's.
- `said_words(text)`: each of those stems with the word the person actually used for it, so an
  explanation quotes "dancing", never "danc".
- `search_terms(text)`: the same stop words left out, as plain words for the database's
  full-text index (which stems them itself), the person's most telling words first.
- `name_key(name)`: a name as a connection on their map might give it ("The Tuesday Walkers"
  and "tuesday walkers" are the same), for "already in your network".
"""

from __future__ import annotations

import functools
import re
import unicodedata

from connecting_people.directory.search import fulltext

# Common words that say nothing about what someone enjoys: the usual English ones, and the
# words people use when talking about what they like ("I used to love…", "want to try new
# things", "meeting people").
STOP_WORDS = frozenset(
    [
        "a", "about", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been",
        "being", "but", "by", "can", "could", "did", "do", "does", "doing", "don", "for", "from",
        "get", "go", "going", "had", "has", "have", "having", "he", "her", "here", "him", "his",
        "how", "i", "if", "in", "into", "is", "it", "its", "just", "like", "me", "more", "most",
        "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other",
        "our", "out", "over", "own", "really", "same", "she", "so", "some", "something", "such",
        "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
        "through", "to", "too", "try", "under", "up", "very", "was", "we", "were", "what", "when",
        "where", "which", "while", "who", "why", "will", "with", "would", "you", "your", "used",
        "new", "things", "thing", "want", "wants", "lot", "bit", "enjoy", "enjoyed", "love",
        "loved", "people", "person",
        # Days, times and filler: when or how, not what they enjoy.
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays",
        "weekday", "weekdays", "weekend", "weekends", "week", "weeks", "weekly", "daily", "day",
        "days", "today", "morning", "mornings", "afternoon", "afternoons", "evening",
        "evenings", "somewhere", "someone", "somebody", "anywhere", "anyone", "anybody",
        "anything", "everyone", "everybody", "everything", "nothing", "also", "maybe", "still",
        "back", "much", "many", "every", "each", "got", "feel", "good", "nice", "lots", "keep",
        "around", "able", "sometimes", "always", "never", "even", "well", "should",
        "might", "must", "let", "make", "take", "find", "help", "use", "group", "groups", "club",
        "clubs", "session", "sessions"
    ]
)  # fmt: skip
WORD = re.compile(r"[a-z0-9]+")
MIN_LENGTH = 3  # shorter words ("tv", "uk") say too little and match too much
MAX_SEARCH_TERMS = 12  # as many as a search takes (directory.fulltext.MAX_WORDS)


def fold(text: str) -> str:
    """Lowercase, without accents ("Café" -> "cafe")."""
    folded = text.lower()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    return folded


@functools.lru_cache(maxsize=8192)
def words(text: str) -> frozenset[str]:
    """Lowercased words without accents, stop words or very short words, crudely stemmed."""
    return frozenset(said_words(text))


@functools.lru_cache(maxsize=8192)
def said_words(text: str) -> dict[str, str]:
    """The stem of each word of `text` (as `words`), with the first word that gave it, as
    written there (lowercased): {"danc": "dancing", "class": "classes"}."""
    found: dict[str, str] = {}
    for w in WORD.findall(fold(text)):
        if w not in STOP_WORDS and len(w) >= MIN_LENGTH:
            found.setdefault(stem(w), w)
    return found


@functools.lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """Crudely singular and without "-ing" or a final "e", leaving at least four letters:
    "classes", "class" → "class"; "activities" → "activity"; "dancing", "dance" → "danc";
    "knitting" → "knit"."""
    if word.endswith("ies") and len(word) >= 6:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes")) and len(word) >= 6:
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) >= 5:
        word = word[:-1]
    if word.endswith("ing") and len(word) >= 7:
        word = word[:-3]
        if word[-1] == word[-2] and word[-1] not in "lsz":  # "knitting" → "knit"
            word = word[:-1]
    elif word.endswith("e") and len(word) >= 5:
        word = word[:-1]
    return word


def stems(*given: str) -> frozenset[str]:
    """Words written out in the code (a list of telling words), stemmed as `words` stems."""
    return frozenset(stem(w) for w in given)


def search_terms(*texts: str) -> tuple[str, ...]:
    """Their words for the full-text index: no stop words (ours or the index's), no very short
    words, each once, in the order said, at most MAX_SEARCH_TERMS."""
    found: dict[str, None] = {}
    for text in texts:
        for word in WORD.findall(fold(text)):
            if len(word) < MIN_LENGTH or word in STOP_WORDS or word in fulltext.STOP_WORDS:
                continue
            found.setdefault(word, None)
    return tuple(found)[:MAX_SEARCH_TERMS]


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A name reduced to its words, casefolded, trimmed and without "the", so a connection
    called "the tuesday walkers" is the group "Tuesday Walkers"."""
    plain = fold(name.casefold().replace("'", "").replace("\u2019", ""))
    return " ".join(w for w in re.findall(r"[^\W_]+", plain) if w != "the")
