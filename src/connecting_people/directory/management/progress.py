"""A progress line for long imports on the command line (`cpi import_hsds`, `cpi sync_sources`).

Written to standard error and rewritten in place: the records done so far, how many a second,
and, once the total is known (while saving), about how long is left. It stays quiet for the
first couple of seconds, so a small file shows nothing; it shows on a terminal, or anywhere
with `--progress`, and never in tests or logs unless asked for.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import OutputWrapper

# A run shorter than this shows no progress at all.
QUIET_FOR_S = 2.0
STAGES = {"checking": "Checking", "comparing": "Comparing", "saving": "Saving"}


def wants_progress(stream: Any, *, asked: bool) -> bool:
    """Whether to show progress on this stream: asked for, or a terminal."""
    if asked:
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class ProgressLine:
    """Called as `progress(stage, done, total)` by the importer (total None while checking)."""

    def __init__(
        self,
        stream: Any,
        *,
        quiet_for: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        label: str = "",
    ) -> None:
        self.stream = stream
        self.quiet_for = QUIET_FOR_S if quiet_for is None else quiet_for
        self.clock = clock
        self.label = label  # what is being imported, when there may be several
        self.began = clock()
        self.stage = ""
        self.stage_began = self.last = self.began
        self.shown = False

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = self.clock()
        if stage != self.stage:
            # A stage's first report comes after its first batch: it began when the last
            # report of the stage before it came (or when the run began).
            self.stage, self.stage_began = stage, self.last
        self.last = now
        if now - self.began < self.quiet_for:
            return
        self._write(f"\r{self.text(stage, done, total, now)}\x1b[K")
        self.shown = True

    def text(self, stage: str, done: int, total: int | None, now: float) -> str:
        elapsed = now - self.stage_began
        rate = done / elapsed if elapsed > 0 else 0.0
        head = f"{self.label}: " if self.label else ""
        words = STAGES.get(stage, stage.capitalize())
        counted = f"{done:,} of {total:,} records" if total else f"{done:,} records"
        line = f"{head}{words} {counted}"
        if rate:
            line += f", {rate:,.0f} a second"
            if total and total > done:
                line += f", about {_duration((total - done) / rate)} left"
        return line + "…"

    def clear(self) -> None:
        """Take the line away (before the report is written)."""
        if self.shown:
            self._write("\r\x1b[K")
            self.shown = False

    def _write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):  # a command's: no line ending, no colour
            self.stream.write(text, style_func=_plain, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()


def _plain(text: str) -> str:
    return text
