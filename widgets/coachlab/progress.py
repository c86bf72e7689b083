"""How far a learner has got in a lesson: not started, in progress or done.

A lesson's data file (``course/data/<lesson>.yaml``) says which exercises it has; each exercise
saves under a known key in the learner's answer store. This module derives the expected keys
from the data file and compares them with what the store holds. It is pure: no ipywidgets, no
kernel, and it never writes. A damaged answers file is reported as unreadable and left exactly
where it is, so that the lesson's own widgets can set it aside and tell the learner.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .content.datafile import DataFile
from .content.errors import CourseDataError
from .store import SCHEMA_VERSION, AnswerStore

# data file section -> store key prefix ("<prefix>/<id>")
SECTION_PREFIX = {
    "reflections": "reflection",
    "checks": "check",
    "self_assessments": "self_assessment",
    "rewrites": "rewrite",
    "sbi": "sbi",
    "grow_plans": "grow",
    "stakeholder_maps": "stakeholders",
    "roleplays": "roleplay",
}

NOT_STARTED, IN_PROGRESS, DONE = "not started", "in progress", "done"
NO_EXERCISES, UNREADABLE = "no exercises", "unreadable"


@dataclass(frozen=True)
class Expected:
    """One exercise of a lesson: the store key it saves under, and what "done" needs."""

    key: str
    section: str
    questions: tuple[str, ...] = ()  # a knowledge check is done when each of these is answered


@dataclass(frozen=True)
class Progress:
    """A lesson's status with the counts behind it (``done`` of ``total`` exercises finished)."""

    status: str
    done: int = 0
    total: int = 0
    detail: str = ""

    @property
    def label(self) -> str:
        """The status in words, as a learner reads it."""
        if self.status == IN_PROGRESS:
            return f"In progress ({self.done} of {self.total} done)"
        return {NOT_STARTED: "Not started", DONE: "Done", NO_EXERCISES: "Reading only",
                UNREADABLE: "Saved answers could not be read"}[self.status]


def expected_keys(data: dict[str, Any]) -> list[Expected]:
    """The store keys a lesson's exercises save under, from its parsed data file.

    Sections are tables keyed by exercise id, except ``roleplays``, a list of scenario ids
    (a table is accepted there too). Unknown sections are ignored.
    """
    found: list[Expected] = []
    for section, prefix in SECTION_PREFIX.items():
        entries = data.get(section) or {}
        items = entries.items() if isinstance(entries, dict) else ((e, None) for e in entries)
        for ident, spec in items:
            questions: tuple[str, ...] = ()
            if section == "checks" and isinstance(spec, dict):
                questions = tuple(str(q["id"]) for q in spec.get("questions", []) if isinstance(q, dict) and "id" in q)
            found.append(Expected(f"{prefix}/{ident}", section, questions))
    return found


def exercise_state(expected: Expected, records: dict[str, dict]) -> str:
    """``done``, ``in progress`` or ``not started`` for one exercise, given the store's records."""
    record = records.get(expected.key)
    if record is None:
        return NOT_STARTED
    value = record.get("value")
    if expected.section == "checks":
        answered = (value or {}).get("questions", {}) if isinstance(value, dict) else {}
        got = [q for q in expected.questions if (answered.get(q) or {}).get("chosen")]
        if expected.questions and len(got) == len(expected.questions):
            return DONE
        return IN_PROGRESS if got else NOT_STARTED
    if expected.section == "roleplays":
        plays = value.get("plays") if isinstance(value, dict) else None
        return DONE if plays else IN_PROGRESS
    return DONE


def progress_of(expected: list[Expected], records: dict[str, dict]) -> Progress:
    """The status of a lesson with these exercises, given the store's records."""
    if not expected:
        return Progress(NO_EXERCISES)
    states = [exercise_state(e, records) for e in expected]
    done = states.count(DONE)
    if done == len(states):
        status = DONE
    elif done or IN_PROGRESS in states:
        status = IN_PROGRESS
    else:
        status = NOT_STARTED
    return Progress(status, done, len(states))


def read_records(path: Path) -> dict[str, dict] | None:
    """The records in an answers file, read without locking or changing it; None if unusable.

    Writers replace the file atomically, so a plain read sees a whole version of it.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("records"), dict):
        return None
    if data.get("schema") != SCHEMA_VERSION:
        return None
    if not all(isinstance(r, dict) and "value" in r for r in data["records"].values()):
        return None
    return data["records"]


def load_lesson_yaml(path: Path) -> dict[str, Any]:
    """A lesson data file parsed (not schema-checked: ``coachlab check`` does that); {} if absent."""
    if not path.exists():
        return {}
    data = DataFile.load(path).data
    return data if isinstance(data, dict) else {}


def lesson_progress(lesson: str, data_dir: str | Path) -> Progress:
    """The learner's progress in *lesson*, whose data file is ``<data_dir>/<lesson>.yaml``."""
    try:
        expected = expected_keys(load_lesson_yaml(Path(data_dir) / f"{lesson}.yaml"))
    except CourseDataError as e:
        return Progress(UNREADABLE, detail=f"the lesson data file could not be read ({e.problems[0]})")
    store = AnswerStore.for_lesson(lesson)
    records = read_records(store.path)
    if records is None:
        return Progress(UNREADABLE, total=len(expected),
                        detail=f"{store.path} could not be read; open the module to see what happened")
    return progress_of(expected, records)
