"""`cpi export_network DIR`: every person's network, pseudonymised and without labels, for research.

Writes, for each person with a map, `<pseudonym>.csv` (the edge list of the current map and every
snapshot), `<pseudonym>.graphml` (the current map) and `snapshots/<pseudonym>/snapshot-<n>.graphml`,
plus README.txt describing the files. Pseudonyms are made with the research key, as in
`cpi export_research`, so a person has the same pseudonym in both. People who asked to be left out
of research are not exported. The old `research_salt` file is no longer used: the command says
so once when it finds one, and refuses the old --salt-file option rather than ignore it.
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch
from django.utils import timezone

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, Team
from connecting_people.core.research_key import (
    KEY_FILE,
    OLD_SALT_FILE,
    key_fingerprint,
    old_salt_file,
    research_key,
)
from connecting_people.network.exports import (
    COLUMNS,
    ExportMap,
    map_graphml,
    maps_csv,
    person_maps,
)
from connecting_people.network.models import Snapshot
from connecting_people.people.models import Person

BATCH_SIZE = 500


class Command(BaseCommand):
    help = (
        "Write each person's network as a pseudonymised edge list (CSV) and GraphML, with no "
        "names or labels, into a new or empty folder, for research. Pseudonyms are made with "
        f"the research key (RESEARCH_KEY, or {KEY_FILE} in the data folder), the same as "
        "cpi export_research, so a person has the same pseudonym in both; an old "
        f"{OLD_SALT_FILE} file is no longer used. People who asked to be left out of research "
        "are not exported."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", type=Path, help="a new or empty folder to write into")
        parser.add_argument("--team", type=int, metavar="ID", help="only this team's people")
        # Gone: refused with a message rather than ignored, so an old script cannot quietly get
        # pseudonyms that differ from the ones it used to get.
        parser.add_argument("--salt-file", type=Path, help=argparse.SUPPRESS)

    def handle(
        self, *args: Any, folder: Path, team: int | None, salt_file: Path | None, **options: Any
    ) -> None:
        if salt_file is not None:
            raise CommandError(
                "--salt-file is no longer used: pseudonyms are made with the research key "
                f"(RESEARCH_KEY, or {KEY_FILE} in the data folder), the same as "
                "cpi export_research. Leave the option out."
            )
        _check_folder(folder)
        people = Person.objects.in_research()
        if team is not None:
            if not Team.objects.filter(pk=team).exists():
                raise CommandError(f"There is no team with ID {team}.")
            people = people.filter(team_id=team)
        try:
            key = research_key()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        counts = _write_people(folder, people, key=key)
        (folder / "README.txt").write_text(_readme(counts, team=team, key=key))
        audit_record(
            by=None,
            action=AuditAction.EXPORTED,
            actor_label="cpi export_network",
            detail={"export": "network", "folder": str(folder.resolve()), "team": team, **counts},
        )
        self._report(counts, folder)

    def _report(self, counts: dict[str, int], folder: Path) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote the networks of {counts['people']:,} people ({counts['connections']:,} "
                f"connections, {counts['snapshots']:,} snapshots) to {folder}. "
                f"{counts['without_a_map']:,} people with no map yet were left out."
            )
        )
        self.stdout.write(
            "Pseudonyms come from the research key, the same as cpi export_research's: keep it "
            "secret, and keep it, so that later exports use the same pseudonyms."
        )
        if (old := old_salt_file()) is not None:
            self.stdout.write(
                self.style.WARNING(
                    f"{old} is no longer used: network pseudonyms now come from the research "
                    "key, so they differ from those in network exports made before. Delete the "
                    "file once nobody needs to match those older exports."
                )
            )


def _check_folder(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise CommandError(
            f"{folder} is not an empty folder. Choose a new or empty one, so files from an "
            "earlier export are never mixed with this one."
        )


def _write_people(folder: Path, people: Any, *, key: bytes) -> dict[str, int]:
    """Write each person's files, a batch of people (and their maps) at a time."""
    counts = {"people": 0, "without_a_map": 0, "connections": 0, "snapshots": 0, "files": 0}
    batches = (
        people.order_by("pk")
        .only("pk")
        .prefetch_related(
            "connections",
            "ties",
            Prefetch("snapshots", queryset=Snapshot.objects.prefetch_related("entries")),
        )
        .iterator(chunk_size=BATCH_SIZE)
    )
    for person in batches:
        maps = person_maps(person, key=key)
        current, taken = maps[0], maps[1:]
        if not current.alters and not taken:
            counts["without_a_map"] += 1
            continue
        counts["files"] += _write_person(folder, current, taken)
        counts["people"] += 1
        counts["connections"] += len(current.alters)
        counts["snapshots"] += len(taken)
    return counts


def _write_person(folder: Path, current: ExportMap, taken: list[ExportMap]) -> int:
    (folder / f"{current.person}.csv").write_text(maps_csv([current, *taken]))
    (folder / f"{current.person}.graphml").write_text(map_graphml(current))
    if taken:
        own = folder / "snapshots" / current.person
        own.mkdir(parents=True, exist_ok=True)
        for m in taken:
            (own / f"snapshot-{m.snapshot}.graphml").write_text(map_graphml(m))
    return 2 + len(taken)


def _readme(counts: dict[str, int], *, team: int | None, key: bytes) -> str:
    columns = "\n".join(
        textwrap.fill(text, width=96, initial_indent=f"  {name:<17}", subsequent_indent=" " * 19)
        for name, text in COLUMNS.items()
    )
    source = f"team {team}" if team is not None else "every team"
    sizes = ", ".join(f"{counts[n]:,} {n}" for n in ("people", "connections", "snapshots"))
    return f"""Connecting People: network export for research
Made on {timezone.localdate().isoformat()} by `cpi export_network`, from {source}.
Key fingerprint: {key_fingerprint(key)}.

In it: {sizes}.
{counts["without_a_map"]:,} people had no map yet and have no files here.
People who asked to be left out of research are not included.

Nothing here names anyone: there are no names or labels, no record numbers and no free text.
Each person and each connection is a pseudonym: a keyed hash made with the research key, a
secret that stays with the service. It is the key the research export uses too: a research
export whose README gives the same key fingerprint has the same pseudonym for each person (in
its people.csv). The same connection has the same pseudonym in every snapshot, and in later
exports made with the same key; without the key a pseudonym cannot be traced back.
This is still pseudonymised personal data: keep it as securely as the agreement says.

Files
  <person>.csv                          the edge list: the current map, then each snapshot
  <person>.graphml                      the current map as a graph
  snapshots/<person>/snapshot-<n>.graphml   each snapshot as a graph (1 is the first)

The edge list (CSV, UTF-8, one header row). Each map has one ego-alter row per connection
(including connections that had ended, with their end date) and one alter-alter row for each
pair of connections who know each other. A map with no alter-alter rows means nobody recorded
who knows whom. Columns:
{columns}

GraphML: node "ego" is the person (role "ego"); the other nodes are connections (role "alter")
with the attributes kind, inside_services, ring, feels, gives, frequency, began, started_on and
ended_on as above (left off when not known). Every edge has the attribute tie (ego-alter or
alter-alter). The graph carries person, snapshot, snapshot_on, snapshot_kind, corrects and
ties_known (whether anyone recorded who knows whom).
"""
