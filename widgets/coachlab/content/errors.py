"""One error type for authors and facilitators: what is wrong, where, and how to fix it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in a course data file, located by file and line."""

    file: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        return f"{text}\n    fix: {self.hint}" if self.hint else text


class CourseDataError(Exception):
    """Raised when a course data file (scenario, quiz, prompts) cannot be used.

    Carries every problem found, so an author can fix them all in one pass.
    """

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
