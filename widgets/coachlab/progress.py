"""How far a learner has got in a lesson: not started, in progress or done.

A lesson's data file (``course/data/<lesson>.yaml``) says which exercises it has; each exercise
saves under a known key in the learner's answer store. This module derives the expected keys
from the data file and compares them with what the store holds. It is pure: no ipywidgets, no
kernel, and it never writes. A damaged answers file is reported as unreadable and left exactly
where it is, so that the lesson's own widgets can set it aside and tell the learner; a copy set
aside earlier is named, and a record of unexpected shape counts as not answered and is named too.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .store import AnswerStore
from .store.answers_format import KINDS, aside_files, clean_value, read_file, record_key

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
    file: str = ""  # the answers file that could not be read (or whose damaged copy was set aside)

    @property
    def label(self) -> str:
        """The status in words, as a learner reads it, naming a file that could not be read."""
        if self.status == IN_PROGRESS:
            words = f"In progress ({self.done} of {self.total} done)"
        else:
            words = {NOT_STARTED: "Not started", DONE: "Done", NO_EXERCISES: "Reading only",
                     UNREADABLE: "Saved answers could not be read"}[self.status]
        return f"{words} ({self.detail})" if self.detail else words


def expected_keys(data: dict[str, Any]) -> list[Expected]:
    """The store keys a lesson's exercises save under, from its parsed data file.

    Sections are tables keyed by exercise id, except ``roleplays``, a list of scenario ids
    (a table is accepted there too). Unknown sections are ignored.
    """
    found: list[Expected] = []
    for section, kind in KINDS.items():
        entries = data.get(section) or {}
        items = entries.items() if isinstance(entries, dict) else ((e, None) for e in entries)
        for ident, spec in items:
            questions: tuple[str, ...] = ()
            if section == "checks" and isinstance(spec, dict):
                questions = tuple(str(q["id"]) for q in spec.get("questions", []) if isinstance(q, dict) and "id" in q)
            found.append(Expected(record_key(kind, str(ident)), section, questions))
    return found


def exercise_state(expected: Expected, records: dict[str, dict]) -> str:
    """``done``, ``in progress`` or ``not started`` for one exercise, given the store's records."""
    record = records.get(expected.key)
    value = clean_value(expected.key, record.get("value"))[0] if isinstance(record, dict) else None
    if value is None:
        return NOT_STARTED
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


def load_lesson_yaml(path: Path) -> dict[str, Any]:
    """A lesson data file parsed (not schema-checked: ``coachlab check`` does that); {} if absent."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data = yaml.safe_load(text)
    return data if isinstance(data, dict) else {}


def lesson_progress(lesson: str, data_dir: str | Path) -> Progress:
    """The learner's progress in *lesson*, whose data file is ``<data_dir>/<lesson>.yaml``."""
    try:
        expected = expected_keys(load_lesson_yaml(Path(data_dir) / f"{lesson}.yaml"))
    except (OSError, yaml.YAMLError) as e:
        return Progress(UNREADABLE, detail=f"the lesson data file could not be read ({e})")
    path = AnswerStore.for_lesson(lesson).path
    found = read_file(path)
    if not found.usable:
        return Progress(UNREADABLE, total=len(expected), file=str(path),
                        detail=f"{path.name}: {found.problem}; open the module to keep it aside and start afresh")
    progress = progress_of(expected, found.records)
    skipped = [e.key for e in expected if e.key in found.records
               and clean_value(e.key, found.records[e.key]["value"])[1]]
    skipped += [s.partition(":")[0] for s in found.skipped]
    aside = aside_files(path)
    if aside and progress.status in (NOT_STARTED, NO_EXERCISES):
        return Progress(UNREADABLE, 0, progress.total, file=str(aside[-1]),
                        detail=f"a damaged file was kept as {aside[-1].name}")
    notes = ([f"earlier answers could not be read and were kept as {aside[-1].name}"] if aside else []) + (
        [f"part of {', '.join(skipped)} could not be read"] if skipped else [])
    if notes:
        return Progress(progress.status, progress.done, progress.total, detail="; ".join(notes),
                        file=str(aside[-1] if aside else path))
    return progress
