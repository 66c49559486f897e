"""README.txt of the research export: what is in it, and what was coarsened, held back or left
out. No date in it, so the same data and key give the same file."""

from __future__ import annotations

from connecting_people.research import aggregates
from connecting_people.research.coarse import AGE_BANDS
from connecting_people.research.keys import PSEUDONYM_LENGTH
from connecting_people.research.scope import Scope
from connecting_people.research.tables import TABLES


def _files(counts: dict[str, int]) -> str:
    lines = [
        f"  {table.name + '.csv':<28}{counts.get(table.name, 0):>10,} rows  one row: {table.row_is}"
        for table in TABLES
    ]
    lines.append(
        f"  {'aggregates.csv':<28}{counts.get('aggregates', 0):>10,} rows  "
        "one row: a count for one team (small counts held back)"
    )
    lines.append(f"  {'data_dictionary.csv':<38}every column of every file: type, meaning, values")
    return "\n".join(lines)


def readme_text(scope: Scope, counts: dict[str, int], *, key_id: str) -> str:
    topics = "\n".join(f"  {name:<32}{about}" for name, about in aggregates.TOPICS.items())
    bands = ", ".join(name for _, name in AGE_BANDS)
    few, held = aggregates.SMALL_CELL - 1, aggregates.SUPPRESSED
    return f"""Connecting People: research export

Covers {scope.describe()}. Key fingerprint: {key_id}.
Exports with the same key fingerprint use the same pseudonyms, so they can be joined (and so
can network exports made by `cpi export_network` with the same key).
Every file was read from the records as they stood at one moment, so the files agree.

Files (CSV: UTF-8, comma-separated, one header row, lines ending in a line feed)
{_files(counts)}

Pseudonyms
  Every person, team, questionnaire response, snapshot, suggestion and community connector is
  a pseudonym: the first {PSEUDONYM_LENGTH} hexadecimal characters of HMAC-SHA256 over
  "table:record id", made with a secret key that is kept outside the database (never the
  app's own secret key). Without the key a pseudonym cannot be traced back to a record. The
  same pseudonym stands for the same record in every file.

Left out
  - Everyone who asked to be left out of research: nothing about them is in any file, and they
    are in none of the counts in aggregates.csv.
  - Names, preferred and other names, pronouns, NHS numbers, local ids, email addresses, phone
    numbers, addresses and postcodes; staff names and emails.
  - All free text: what matters to the person, interests and skills in their words, goal and
    step wording, barriers' notes and plans, the contact log, moving-on plans, reasons, notes,
    ideas and why something was suggested, and snapshot notes.
  - Network connections themselves: their labels and details. Only each snapshot's measures
    (counts and shares) are given.
  - The names of services and community connectors. A service is given by its directory id,
    which the directory publishes anyway; a connector (a private person or informal group) only
    by a pseudonym.
  - Questionnaires still being filled in.
  - Practice indicators: the app does not compute them yet.

Coarsened
  - Every date is given as its month only (YYYY-MM). months_from_start is worked out from the
    two months, so it says no more than they do.
  - Dates of birth are not given: only the age band in the month the person started
    ({bands}).
  - Rows are sorted by their text (so, in effect, by pseudonym), not in the order the records
    were made, which would follow the order of days.

Held back
  In aggregates.csv a count from 1 to {few} is shown as "{held}", and no totals are given, so
  that a held-back count cannot be worked out from that file alone: it is the one file that
  may be shared beyond the data-sharing agreement. The row-level files hold every record the
  counts are made from, so the same counts, small ones too, can be worked out from them. What
  aggregates.csv counts, for each team:
{topics}

This is still pseudonymised personal data. Someone with an unusual combination of details
could be singled out from the row-level files: keep them as securely as the data-sharing
agreement says, and publish only counts that hold back small numbers, such as aggregates.csv
on its own.
"""
