# ruff: noqa: S608, S610 (names are our own constants; what people type goes only in parameters)
"""The words of each service, indexed by the database's own full-text search.

SQLite (the embedded default): an FTS5 table whose rowid is the service's `SearchFacts` id, with
the Porter stemmer ("gardening" finds "garden") and prefix indexes, ranked with bm25; a trigger
removes a service's words when its facts row goes. PostgreSQL: a tsvector column on the facts
table with a GIN index, the 'english' configuration, ranked with ts_rank. Django's models know
neither: the migration and `cpi rebuild_search` call `install`.

User input never reaches the query syntax: it is cut into plain words (letters and digits only),
each quoted, all of them required, and the last one a prefix, so "gard" finds gardening while
quotes, stars, brackets, colons and AND/OR/NOT/NEAR are just text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet

FTS_TABLE = "directory_search_fts"
FACTS_TABLE = "directory_searchfacts"
FTS_TRIGGER = "directory_searchfacts_forget_words"
PG_COLUMN = "document"
PG_INDEX = "directory_searchfacts_document"

# The indexed parts of a service, most telling first, with their weights: bm25 column weights
# on SQLite, tsvector weights (A highest) on PostgreSQL.
COLUMNS: tuple[tuple[str, float, str], ...] = (
    ("name", 10.0, "A"),
    ("alternate_name", 6.0, "B"),
    ("topics", 5.0, "B"),
    ("organization", 3.0, "C"),
    ("places", 2.0, "C"),
    ("description", 1.0, "D"),
)
COLUMN_NAMES = tuple(name for name, _weight, _label in COLUMNS)

# The English stop words PostgreSQL's 'english' configuration drops; SQLite drops the same, so
# "walks in the park" means the same on both.
STOP_WORDS = frozenset(
    [
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
        "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
        "by", "can", "did", "do", "does", "doing", "don", "down", "during", "each", "few", "for",
        "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself",
        "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself",
        "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on",
        "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "s",
        "same", "she", "should", "so", "some", "such", "t", "than", "that", "the", "their",
        "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
        "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
        "where", "which", "while", "who", "whom", "why", "will", "with", "you", "your", "yours",
        "yourself", "yourselves",
    ]
)  # fmt: skip
WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 12


@dataclass(frozen=True)
class Words:
    """A search's words: plain lowercase words, the last one typed possibly unfinished."""

    words: tuple[str, ...]  # as typed, lowercased: for explaining matches
    terms: tuple[str, ...] = ()  # the same without accents: what the index is asked

    def __bool__(self) -> bool:
        return bool(self.words)


def words_of(text: str) -> Words:
    """The searchable words in what someone typed: no syntax, no stop words, at most a dozen."""
    found: dict[str, str] = {}
    for word in WORD.findall(text.lower()):
        term = "".join(WORD.findall(fold(word)))
        if word not in STOP_WORDS and term and term not in STOP_WORDS:
            found.setdefault(term, word)
    kept = list(found.items())[:MAX_WORDS]
    return Words(tuple(word for _t, word in kept), tuple(term for term, _w in kept))


def fold(text: str) -> str:
    """Text without accents ("café" -> "cafe"): PostgreSQL's 'english' keeps them otherwise."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fts5_query(words: Words) -> str:
    """An FTS5 MATCH expression: every word quoted and required, the last as a prefix."""
    quoted = [f'"{term}"' for term in words.terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def tsquery(words: Words) -> str:
    """A to_tsquery expression: every word quoted and required, the last as a prefix."""
    quoted = [f"'{term}'" for term in words.terms]
    quoted[-1] += ":*"
    return " & ".join(quoted)


def install(connection: BaseDatabaseWrapper | None = None) -> None:
    """Create the full-text index and what keeps it tidy, if missing (safe to run again)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            columns = ", ".join(COLUMN_NAMES)
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({columns}, "
                "tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {FTS_TRIGGER} AFTER DELETE ON {FACTS_TABLE} "
                f"BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END"
            )
            # The `rank` column is bm25 with our weights; unlike calling bm25() itself, it can be
            # read in any part of a query (a window counting the matches, for one).
            weights = ", ".join(str(weight) for _name, weight, _label in COLUMNS)
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('rank', %s)",
                [f"bm25({weights})"],
            )
        elif connection.vendor == "postgresql":
            # Look first: altering a table with writes pending in this transaction is refused.
            cursor.execute(
                "SELECT COUNT(*) FROM pg_indexes WHERE tablename = %s AND indexname = %s",
                [FACTS_TABLE, PG_INDEX],
            )
            if cursor.fetchone()[0]:
                return
            cursor.execute(
                f"ALTER TABLE {FACTS_TABLE} ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector"
            )
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {FACTS_TABLE} USING gin ({PG_COLUMN})"
            )


def uninstall(connection: BaseDatabaseWrapper | None = None) -> None:
    """Remove what `install` made (for reversing the migration)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER IF EXISTS {FTS_TRIGGER}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
            cursor.execute(f"ALTER TABLE {FACTS_TABLE} DROP COLUMN IF EXISTS {PG_COLUMN}")


def write(rows: Iterable[tuple[int, Sequence[str]]]) -> None:
    """Index each facts row's words: (facts id, texts in the order of COLUMNS)."""
    rows = list(rows)
    if not rows:
        return
    with default_connection.cursor() as cursor:
        if default_connection.vendor == "sqlite":
            names = ", ".join(COLUMN_NAMES)
            marks = ", ".join(["%s"] * (len(COLUMNS) + 1))
            ids = [facts_id for facts_id, _texts in rows]
            # A refresh's facts rows are new, so usually no words are indexed beyond the
            # highest id yet: then there is nothing to delete. Deleting makes FTS5 write out
            # the words it holds in memory, a small segment at a time, then merge them.
            cursor.execute(f"SELECT rowid FROM {FTS_TABLE} ORDER BY rowid DESC LIMIT 1")
            last = cursor.fetchone()
            if last is not None and last[0] >= min(ids):
                cursor.execute(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT value FROM json_each(%s))",
                    [json.dumps(ids)],
                )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, {names}) VALUES ({marks})",
                [(facts_id, *texts) for facts_id, texts in rows],
            )
        elif default_connection.vendor == "postgresql":
            vector = " || ".join(
                f"setweight(to_tsvector('english', %s), '{label}')" for _n, _w, label in COLUMNS
            )
            cursor.executemany(
                f"UPDATE {FACTS_TABLE} SET {PG_COLUMN} = {vector} WHERE id = %s",
                [(*map(fold, texts), facts_id) for facts_id, texts in rows],
            )


def forget_orphans() -> None:
    """Drop indexed words whose facts row has gone (if a trigger was ever missing)."""
    if default_connection.vendor == "sqlite":
        with default_connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM {FACTS_TABLE})"
            )


def matching(facts: QuerySet, words: Words) -> QuerySet:
    """Only the facts rows whose words match, annotated with `text_rank` (lower is better)."""
    if default_connection.vendor == "sqlite":
        return facts.extra(
            select={"text_rank": f"{FTS_TABLE}.rank"},
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {FACTS_TABLE}.id", f"{FTS_TABLE} MATCH %s"],
            params=[fts5_query(words)],
        )
    if default_connection.vendor == "postgresql":
        query = "to_tsquery('english', %s)"
        column = f"{FACTS_TABLE}.{PG_COLUMN}"
        return facts.extra(
            # ts_rank is higher for better matches; negated so lower is better on both.
            select={"text_rank": f"-ts_rank({column}, {query})"},
            select_params=[tsquery(words)],
            where=[f"{column} @@ {query}"],
            params=[tsquery(words)],
        )
    raise NotImplementedError(f"No full-text search for {default_connection.vendor}")
