"""`cpi network_measures FILE`: the measures and network type of a network given as JSON.

For researchers with data from elsewhere, and so the app's measures can be checked by hand. The
input format is in docs/network-measures.md. Every problem in the input is reported with its
place (`connections[3].ring: ...`), all at once, and nothing is printed to stdout unless the
whole input is good.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import fields
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from connecting_people.network.measures import (
    NetworkState,
    Node,
    compare,
    network_measures,
    network_type,
)
from connecting_people.network.vocab import (
    USUALLY_INSIDE_SERVICES,
    Began,
    Feels,
    Frequency,
    Gives,
    Kind,
    Ring,
)

STATE_FIELDS = ("on", "connections", "ties")
COMPARISONS = ("previous", "baseline")
# A connection's fields are the Node's, with "id" for its key, so the two cannot drift apart.
CONNECTION_FIELDS = ("id", *(field.name for field in fields(Node) if field.name != "key"))
IGNORED_FIELDS = ("label",)  # names of third parties: never used, never echoed
MOST_PROBLEMS_SHOWN = 50
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(value: Any) -> date | None:
    """A date written exactly as YYYY-MM-DD, or None."""
    if not isinstance(value, str) or not DAY.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def quiet_key(value: Any) -> str | None:
    """A connection's id as text, or None when it is not an id (without noting a problem)."""
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def show(value: Any) -> str:
    """A value from the input as it was written there (strings in quotes)."""
    return json.dumps(value)


class InputProblems(Exception):
    """The input has one or more problems; each message names its place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Reader:
    """Turns the input document into network states, collecting every problem on the way."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.labels_ignored = 0

    def problem(self, place: str, message: Any) -> None:
        """Note one problem at a place in the input."""
        self.problems.append(f"{place}: {message}")

    def document(self, data: Any) -> dict[str, NetworkState | None]:
        """The network and its optional comparisons, or InputProblems listing all problems."""
        states: dict[str, NetworkState | None] = {"now": None, "previous": None, "baseline": None}
        if not isinstance(data, dict):
            self.problem(
                str(_("the input")), _("should be an object with on, connections and ties")
            )
        else:
            self.unknown_fields(data, "", (*STATE_FIELDS, *COMPARISONS))
            states["now"] = self.state(data, "")
            for name in COMPARISONS:
                if data.get(name) is not None:
                    states[name] = self.state(data[name], f"{name}.")
            self.check_order(states)
        if self.problems:
            raise InputProblems(self.problems)
        return states

    def state(self, data: Any, prefix: str) -> NetworkState | None:
        """One network as it stood on a date (prefix is where it sits, like "previous.")."""
        if not isinstance(data, dict):
            self.problem(prefix.rstrip("."), _("should be an object with on, connections and ties"))
            return None
        if prefix:
            self.unknown_fields(data, prefix, STATE_FIELDS)
        on = self.day(data, "on", prefix, required=True)
        items = data.get("connections")
        nodes = self.connections(items, f"{prefix}connections", on)
        ids = (
            {quiet_key(item.get("id")) for item in items if isinstance(item, dict)}
            if isinstance(items, list)
            else set()
        )
        ties_known = data.get("ties") is not None
        ties = self.ties(data["ties"], f"{prefix}ties", ids) if ties_known else ()
        if on is None or nodes is None:
            return None
        return NetworkState(on=on, nodes=nodes, ties=ties, ties_known=ties_known)

    def connections(self, items: Any, place: str, on: date | None) -> tuple[Node, ...] | None:
        """Every connection, checking that each id is used once."""
        if not isinstance(items, list):
            self.problem(place, _("should be a list of connections, like [] for nobody"))
            return None
        nodes: list[Node] = []
        first_place: dict[str, str] = {}
        for index, item in enumerate(items):
            node = self.node(item, f"{place}[{index}]", on)
            key = quiet_key(item.get("id")) if isinstance(item, dict) else None
            if key is not None and key in first_place:
                self.problem(
                    f"{place}[{index}].id",
                    _("%(id)s is also the id of %(other)s; each id must be different")
                    % {"id": show(key), "other": first_place[key]},
                )
            elif key is not None:
                first_place[key] = f"{place}[{index}]"
                if node is not None:
                    nodes.append(node)
        return tuple(nodes)

    def node(self, item: Any, place: str, on: date | None) -> Node | None:
        """One connection, or None when it has a problem."""
        if not isinstance(item, dict):
            self.problem(place, _('should be an object, like {"id": "a", "kind": "friend", …}'))
            return None
        before = len(self.problems)
        self.unknown_fields(item, f"{place}.", (*CONNECTION_FIELDS, *IGNORED_FIELDS))
        self.labels_ignored += int("label" in item)
        key = self.key(item.get("id"), f"{place}.id")
        kind = self.choice(item, "kind", place, Kind.values, required=True)
        inside = item.get("inside_services")
        inside = kind in USUALLY_INSIDE_SERVICES if inside is None else inside
        if not isinstance(inside, bool):
            self.problem(f"{place}.inside_services", _("%s should be true or false") % show(inside))
        ring = self.choice(item, "ring", place, Ring.values, required=True)
        feels = self.choice(item, "feels", place, Feels.values, required=True)
        gives = self.gives(item.get("gives", []), f"{place}.gives")
        frequency = self.choice(item, "frequency", place, Frequency.values)
        began = self.choice(item, "began", place, Began.values)
        started_on = self.day(item, "started_on", f"{place}.", latest=on)
        ended_on = self.day(item, "ended_on", f"{place}.", latest=on, earliest=started_on)
        if len(self.problems) > before or key is None:
            return None
        return Node(
            key=key,
            kind=kind,
            inside_services=inside,
            ring=ring,
            feels=feels,
            gives=gives,
            frequency=frequency,
            began=began,
            started_on=started_on,
            ended_on=ended_on,
        )

    def key(self, value: Any, place: str) -> str | None:
        """A connection's id: text or a whole number, kept as text."""
        if (key := quiet_key(value)) is not None:
            return key
        message = _("is missing") if value is None else _("%s is not an id") % show(value)
        self.problem(place, _('%s; use text or a whole number, like "a" or 7') % message)
        return None

    def choice(
        self, item: dict[str, Any], name: str, place: str, allowed: list[str], *, required=False
    ) -> str:
        """One of the allowed words (an empty string for an optional one left out)."""
        value = item.get(name)
        if value in (None, "") and not required:
            return ""
        if value not in allowed:
            self.problem(f"{place}.{name}", self.not_one_of(value, allowed))
            return ""
        return str(value)

    def gives(self, values: Any, place: str) -> frozenset[str]:
        """What a connection gives: a list of words from Gives."""
        if not isinstance(values, list):
            self.problem(place, _('should be a list, like ["company"] or []'))
            return frozenset()
        for index, value in enumerate(values):
            if value not in Gives.values:
                self.problem(f"{place}[{index}]", self.not_one_of(value, Gives.values))
        return frozenset(value for value in values if value in Gives.values)

    def not_one_of(self, value: Any, allowed: list[str]) -> str:
        """The message for a word that is not in the list (or missing altogether)."""
        words = ", ".join(allowed)
        if value is None:
            return _("is missing; it should be one of %s") % words
        return _("%(value)s is not one of %(words)s") % {"value": show(value), "words": words}

    def day(
        self,
        item: dict[str, Any],
        name: str,
        prefix: str,
        *,
        required: bool = False,
        latest: date | None = None,
        earliest: date | None = None,
    ) -> date | None:
        """A date written as YYYY-MM-DD, no later than `latest` and no earlier than `earliest`."""
        place, value = f"{prefix}{name}", item.get(name)
        if value is None:
            if required:
                self.problem(place, _('is missing; it should be a date like "2026-11-01"'))
            return None
        when = parse_day(value)
        if when is None:
            self.problem(place, _('%s is not a date like "2026-11-01"') % show(value))
        elif latest is not None and when > latest:
            self.problem(
                place,
                _("%(when)s is after the network's date, %(on)s") % {"when": when, "on": latest},
            )
        elif earliest is not None and when < earliest:
            self.problem(
                place,
                _("%(when)s is before started_on, %(start)s") % {"when": when, "start": earliest},
            )
        else:
            return when
        return None

    def ties(self, items: Any, place: str, ids: set[str | None]) -> tuple[tuple[str, str], ...]:
        """Who knows whom: pairs of connection ids."""
        if not isinstance(items, list):
            self.problem(place, _('should be a list of pairs of ids, like [["a", "b"]]'))
            return ()
        ties = []
        for index, pair in enumerate(items):
            if not isinstance(pair, list) or len(pair) != 2:
                self.problem(
                    f"{place}[{index}]", _('%s is not a pair of ids, like ["a", "b"]') % show(pair)
                )
                continue
            ends = [self.key(end, f"{place}[{index}][{side}]") for side, end in enumerate(pair)]
            if None in ends:
                continue
            for side, end in enumerate(ends):
                if end not in ids:
                    self.problem(
                        f"{place}[{index}][{side}]",
                        _("%s is not the id of any connection") % show(end),
                    )
            if ends[0] == ends[1]:
                self.problem(f"{place}[{index}]", _("ties a connection to itself"))
            ties.append((str(ends[0]), str(ends[1])))
        return tuple(ties)

    def unknown_fields(self, data: dict[str, Any], prefix: str, known: tuple[str, ...]) -> None:
        """A problem for each field we do not know, so a misspelt one is not silently left out."""
        for name in sorted(set(data) - set(known)):
            self.problem(
                f"{prefix}{name}",
                _("is not a field we know (we know %s)")
                % ", ".join(sorted(set(known) - {*IGNORED_FIELDS})),
            )

    def check_order(self, states: dict[str, NetworkState | None]) -> None:
        """The baseline comes no later than the previous snapshot, and both before now."""
        order = [(name, states[name]) for name in ("baseline", "previous", "now")]
        dated = [(name, state.on) for name, state in order if state is not None]
        for (earlier, then), (later, now) in pairwise(dated):
            if then > now:
                where = "on" if later == "now" else f"{later}.on"
                self.problem(
                    f"{earlier}.on",
                    _("%(then)s is after %(where)s, %(now)s")
                    % {"then": then, "where": where, "now": now},
                )


class Command(BaseCommand):
    stealth_options = ("stdin",)
    requires_system_checks: list[str] = []  # pure arithmetic on the input: nothing to check

    def add_arguments(self, parser: Any) -> None:
        # argparse needs plain text, so the help is translated here rather than in `help`
        parser.description = str(
            _(
                "Print the measures and network type of a network given as JSON (FILE, or - for "
                "standard input). The input format is in docs/network-measures.md."
            )
        )
        parser.add_argument("file", metavar="FILE", help=str(_("a JSON file, or - to read stdin")))

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        data = self.load(file, options.get("stdin") or sys.stdin)
        reader = Reader()
        try:
            states = reader.document(data)
        except InputProblems as problems:
            raise CommandError(self.explain(problems.problems)) from None
        if reader.labels_ignored:
            self.stderr.write(
                ngettext(
                    "Left out the label of %d connection: the measures need no names, so "
                    "research data can carry none.",
                    "Left out the labels of %d connections: the measures need no names, so "
                    "research data can carry none.",
                    reader.labels_ignored,
                )
                % reader.labels_ignored
            )
        self.stdout.write(json.dumps(self.result(**states), indent=2, sort_keys=True))

    def load(self, file: str, stdin: TextIO) -> Any:
        """The JSON document from the file or standard input."""
        name = _("standard input") if file == "-" else file
        try:
            text = stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or error
            raise CommandError(
                _("Could not read %(name)s: %(reason)s") % {"name": name, "reason": reason}
            ) from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                _("%(name)s is not valid JSON: %(problem)s at line %(line)d, column %(column)d")
                % {"name": name, "problem": error.msg, "line": error.lineno, "column": error.colno}
            ) from None
        except RecursionError:
            raise CommandError(_("%s is nested too deeply to read") % name) from None

    def explain(self, problems: list[str]) -> str:
        """All the problems as one message, one a line."""
        shown = problems[:MOST_PROBLEMS_SHOWN]
        lines = [
            ngettext(
                "The input has %d problem; nothing was measured:",
                "The input has %d problems; nothing was measured:",
                len(problems),
            )
            % len(problems)
        ]
        lines += [f"  {problem}" for problem in shown]
        if len(problems) > len(shown):
            lines.append(_("  … and %d more") % (len(problems) - len(shown)))
        return "\n".join(str(line) for line in lines)

    def result(
        self,
        *,
        now: NetworkState | None,
        previous: NetworkState | None,
        baseline: NetworkState | None,
    ) -> dict[str, Any]:
        """The measures, the type and the comparison with the previous snapshot."""
        if now is None:  # the reader raises before this when the network has a problem
            raise CommandError(_("There is no network to measure."))
        measures = network_measures(now, baseline=baseline, previous=previous)
        return {
            "measures": measures.to_dict(),
            "network_type": network_type(measures).to_dict(),
            "compared_with_previous": compare(previous, now).to_dict() if previous else None,
        }
