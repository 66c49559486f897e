"""What an import did, or why it did nothing: counts by kind, every rejected record, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from connecting_people.directory.fit_records import ReadFromWords
from connecting_people.directory.hsds.importer.kinds import WRITE_ORDER

MAX_WARNINGS = 1000  # listed one by one; beyond this they are only counted
MAX_ERRORS = 1000  # the same for problems: a file wrong throughout lists the first thousand


class SourceError(Exception):
    """The file as a whole cannot be read (missing, not UTF-8, not JSON or CSV, unknown shape)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def not_utf8(name: str, line: int) -> SourceError:
    return SourceError(
        _(
            "%(name)s is not UTF-8 text (the first unreadable bytes are near line %(line)s). "
            "Save it as UTF-8 and try again."
        )
        % {"name": name, "line": f"{line:,}"}
    )


class Problem(NamedTuple):
    """One thing wrong with one record: which record, which field, and why."""

    record: str
    field: str
    message: str

    def __str__(self) -> str:
        if not self.record:  # the file as a whole
            return self.message
        if self.field:
            return f"{self.record} — {self.field}: {self.message}"
        return f"{self.record}: {self.message}"


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Left out of a JSON parent's list that is given in full, so taken out of the directory
    # (tabular packages only add and update).
    removed: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def audited(self) -> dict[str, int]:
        """The counts for the audit trail (removals only when there were any)."""
        counts = vars(self).copy()
        if not self.removed:
            del counts["removed"]
        return counts

    def __str__(self) -> str:
        text = _("%(created)s new, %(updated)s updated, %(unchanged)s unchanged") % {
            "created": f"{self.created:,}",
            "updated": f"{self.updated:,}",
            "unchanged": f"{self.unchanged:,}",
        }
        if self.removed:
            text += _(", %(removed)s removed") % {"removed": f"{self.removed:,}"}
        return text


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    counts: dict[str, Counts] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    warnings_left_out: int = 0
    service_ids: frozenset = frozenset()  # when asked for (`import_path(keep_ids=True)`)
    errors_left_out: int = 0
    # Records with problems beyond those listed (told apart from the record before: a record's
    # problems come together, so this counts each once without keeping every name).
    rejected_left_out: int = 0
    _last_left_out: str = field(default="", repr=False)
    _listed_records: set[str] | None = field(default=None, repr=False)
    terms_matched: int = 0  # imported terms matched to our interests by their exact name
    # Access features and audiences read from the records' words (`fit_records`), or None.
    read_from_words: ReadFromWords | None = None
    _groups: dict[tuple[str, str, str], list] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rejected(self) -> list[str]:
        """Each record with a problem listed, once, in the order found (`rejected_left_out`
        more when there were more than MAX_ERRORS problems)."""
        return list(dict.fromkeys(problem.record for problem in self.errors if problem.record))

    def total(self) -> Counts:
        counts = Counts()
        for each in self.counts.values():
            counts.created += each.created
            counts.updated += each.updated
            counts.unchanged += each.unchanged
            counts.removed += each.removed
        return counts

    def error(self, record: str, field_name: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(Problem(record, field_name, message))
            return
        self.errors_left_out += 1
        if record and record != self._last_left_out and record not in self._listed():
            self.rejected_left_out += 1
        self._last_left_out = record

    def _listed(self) -> set[str]:
        if self._listed_records is None:
            self._listed_records = {problem.record for problem in self.errors}
        return self._listed_records

    def forget_problems(self) -> None:
        """Start the problems afresh (when the file as a whole cannot be read)."""
        self.errors.clear()
        self.warnings.clear()
        self.errors_left_out = self.warnings_left_out = self.rejected_left_out = 0
        self._last_left_out = ""
        self._listed_records = None

    def warn(self, record: str, field_name: str, message: str, group: str | None = None) -> None:
        """Note a warning; warnings in a `group` are listed once, with how many records had it."""
        if group is not None:
            key = (group, record.split(" ", 1)[0], field_name)
            if key in self._groups:
                self._groups[key][0] += 1
            else:
                self._groups[key] = [1, record, message]
            return
        if len(self.warnings) >= MAX_WARNINGS:
            self.warnings_left_out += 1
        else:
            self.warnings.append(Problem(record, field_name, message))

    def close_groups(self) -> None:
        """List the grouped warnings (call once, when reading is over)."""
        for (_group, kind, field_name), (count, first, message) in self._groups.items():
            record = first
            if count > 1:
                record = ngettext(
                    "%(first)s and %(count)s other %(kind)s",
                    "%(first)s and %(count)s other %(kind)s records",
                    count - 1,
                ) % {"first": first, "count": f"{count - 1:,}", "kind": kind}
            self.warnings.insert(0, Problem(record, field_name, message))
        self._groups.clear()

    def lines(self) -> list[str]:
        """The report in plain words, a line at a time, as the command prints it."""
        lines = [self._headline()]
        if self.ok:
            kinds = sorted(self.counts, key=WRITE_ORDER.index)
            lines += [f"  {kind}: {self.counts[kind]}" for kind in kinds]
            if self.terms_matched:
                lines.append(
                    ngettext(
                        "%(count)s term was matched to our interests by its name.",
                        "%(count)s terms were matched to our interests by their names.",
                        self.terms_matched,
                    )
                    % {"count": f"{self.terms_matched:,}"}
                )
            lines += self._read_lines()
        else:
            lines += [f"  - {problem}" for problem in self.errors]
            if self.errors_left_out:
                lines.append(
                    ngettext(
                        "  … and %(count)s more problem.",
                        "  … and %(count)s more problems.",
                        self.errors_left_out,
                    )
                    % {"count": f"{self.errors_left_out:,}"}
                )
        if self.warnings:
            lines.append(
                ngettext(
                    "%(count)s warning (imported anyway, but worth a look):",
                    "%(count)s warnings (imported anyway, but worth a look):",
                    len(self.warnings) + self.warnings_left_out,
                )
                % {"count": f"{len(self.warnings) + self.warnings_left_out:,}"}
            )
            lines += [f"  - {problem}" for problem in self.warnings]
            if self.warnings_left_out:
                lines.append(
                    _("  … and %(count)s more.") % {"count": f"{self.warnings_left_out:,}"}
                )
        return lines

    def _read_lines(self) -> list[str]:
        """What was read from the records' words: how many places and services, and what."""
        read = self.read_from_words
        if read is None or not (read.places or read.services):
            return []
        lines = [
            _(
                "Read from their words: access features for %(places)s places, who it is for "
                "for %(services)s services."
            )
            % {"places": f"{read.places:,}", "services": f"{read.services:,}"}
        ]
        for slug, count in sorted({**read.features, **read.audiences}.items()):
            lines.append(f"  {slug}: {count:,}")
        return lines

    def _headline(self) -> str:
        names = {"source": self.source, "counts": self.total()}
        if not self.ok:
            rejected = len(self.rejected) + self.rejected_left_out
            if not rejected:
                return _("Nothing was imported from %(source)s:") % names
            return ngettext(
                "Nothing was imported from %(source)s, because %(count)s record has problems:",
                "Nothing was imported from %(source)s, because %(count)s records have problems:",
                rejected,
            ) % {"source": self.source, "count": f"{rejected:,}"}
        if self.dry_run:
            return (
                _("Checked %(source)s; nothing was saved (dry run). It would give %(counts)s.")
                % names
            )
        return _("Imported %(source)s: %(counts)s.") % names
