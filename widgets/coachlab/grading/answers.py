"""A learner's saved answers, read for grading: read-only, never moved, locked or rewritten.

`coachlab.store.AnswerStore` is the learner's side: it sets a damaged file aside so the learner
can keep working. Grading must not change a submission, so it reads the file with the answers
format's own reader (`coachlab.store.answers_format.read_file`), which never moves, locks or
writes, and reports what is wrong with it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..store.answers_format import ANSWERS_FILE, read_file


@dataclass(frozen=True)
class SavedAnswers:
    """The records of one answers file, or why it could not be used."""

    path: Path
    records: dict[str, dict] = field(default_factory=dict)
    problem: str | None = None  # None when the file is fine or simply absent

    @property
    def exists(self) -> bool:
        """Is there an answers file at all?"""
        return self.path.is_file()

    def value(self, key: str, default: Any = None) -> Any:
        """The value saved under *key*, or *default*."""
        record = self.records.get(key)
        return record.get("value", default) if isinstance(record, dict) else default

    def saved_at(self, key: str) -> str | None:
        """When the record under *key* was saved, if it says."""
        record = self.records.get(key)
        stamp = record.get("saved_at") if isinstance(record, dict) else None
        return stamp if isinstance(stamp, str) else None


def read_answers(folder: str | Path) -> SavedAnswers:
    """The answers file of the assignment in *folder*; a damaged file gives no records and a problem."""
    found = read_file(Path(folder) / ANSWERS_FILE)
    return SavedAnswers(found.path, found.records, found.problem)
