"""A small text progress bar for the facilitator pipeline (no dependency).

On a terminal it redraws one line; elsewhere (a log file, a CI job, a test) it prints one plain
line per step, so the record stays readable.
"""
from __future__ import annotations

import sys
from typing import TextIO


class ProgressBar:
    """``with ProgressBar(total, "Grading") as bar: bar.step("kim")``."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None, width: int = 24):
        self.total, self.label, self.width, self.done = max(total, 0), label, width, 0
        self.stream = stream if stream is not None else sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc) -> None:
        if self.live and self.total:
            self.stream.write("\n")
            self.stream.flush()

    def line(self, what: str = "") -> str:
        """The bar as text, e.g. ``Grading [#######.........] 3/8 kim``."""
        filled = self.width * self.done // self.total if self.total else self.width
        return (f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total}"
                + (f" {what}" if what else ""))

    def step(self, what: str = "") -> None:
        """Count one step done, and show it."""
        self.done = min(self.done + 1, self.total)
        if self.live:
            self.stream.write("\r" + self.line(what).ljust(78))
        else:
            self.stream.write(self.line(what) + "\n")
        self.stream.flush()
