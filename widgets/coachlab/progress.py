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

from .content.datafile import DataFile
from .content.errors import CourseDataError
from .store import AnswerStore
from .store.answers_format import KINDS, aside_files, clean_value, read_file, record_key

NOT_STARTED, IN_PROGRESS, DONE = "not started", "in progress", "done"
NO_EXERCISES, UNREADABLE = "no exercises", "unreadable"


@dataclass(frozen=True)
class Expected:
    """One exercise of a lesson: the store key it saves under, and what "done" needs.

    *parts* are what must all be answered for the exercise to be done, by id: the prompts of a
    reflection, the questions of a check, the items of a self-assessment or rewrite, the stages of a
    GROW plan, the stakeholders of a map, the three parts of SBI feedback. An *optional* exercise (on
    the "go deeper" path) is not counted.
    """

    key: str
    section: str
    parts: tuple[str, ...] = ()
    optional: bool = False
    title: str = ""

    @property
    def questions(self) -> tuple[str, ...]:
        """The questions of a knowledge check (its parts)."""
        return self.parts if self.section == "checks" else ()


@dataclass(frozen=True)
class Progress:
    """A lesson's status with the counts behind it (``done`` of ``total`` exercises finished)."""

    status: str
    done: int = 0
    total: int = 0
    detail: str = ""
    file: str = ""  # the answers file that could not be read (or whose damaged copy was set aside)
    next_key: str = ""  # the first core exercise not done yet, e.g. "reflection/first-look"
    next_title: str = ""  # its title, as the lesson data gives it

    @property
    def label(self) -> str:
        """The status in words, as a learner reads it, naming a file that could not be read."""
        if self.status == IN_PROGRESS:
            words = f"In progress ({self.done} of {self.total} done)"
        else:
            words = {NOT_STARTED: "Not started", DONE: "Done", NO_EXERCISES: "Reading only",
                     UNREADABLE: "Saved answers could not be read"}[self.status]
        return f"{words} ({self.detail})" if self.detail else words


# Where the ids of an exercise's parts sit in its lesson data: (field, id field or None for a table's keys)
PART_IDS = {"reflections": ("prompts", "id"), "checks": ("questions", "id"), "self_assessments": ("items", "id"),
            "rewrites": ("items", "id"), "grow_plans": ("stages", None), "stakeholder_maps": ("stakeholders", "id")}
SBI_PARTS = ("situation", "behaviour", "impact")


def _part_ids(section: str, spec: Any) -> tuple[str, ...]:
    if section == "sbi":
        return SBI_PARTS
    where = PART_IDS.get(section)
    if where is None or not isinstance(spec, dict):
        return ()
    found = spec.get(where[0])
    if isinstance(found, dict) and where[1] is None:
        return tuple(str(k) for k in found)
    if isinstance(found, list):
        return tuple(str(x[where[1]]) for x in found if isinstance(x, dict) and where[1] in x)
    return ()


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
            optional = isinstance(spec, dict) and spec.get("optional") is True
            title = str(spec.get("title", "")) if isinstance(spec, dict) else ""
            found.append(Expected(record_key(kind, str(ident)), section, _part_ids(section, spec), optional, title))
    return found


def _filled(text: Any) -> bool:
    return isinstance(text, str) and bool(text.strip())


def _answered_parts(expected: Expected, value: dict) -> list[str]:
    """The parts of *expected* that the saved *value* answers (blank text does not count)."""
    section, parts = expected.section, expected.parts
    if section == "checks":
        table = value.get("questions") or {}
        return [q for q in parts if isinstance(table.get(q), dict) and table[q].get("chosen")]
    if section == "reflections":
        table = value.get("answers") or {}
        return [p for p in parts if _filled(table.get(p))]
    if section == "self_assessments":
        table = value.get("ratings") or {}
        return [i for i in parts if isinstance(table.get(i), int)]
    if section == "rewrites":
        table = value.get("items") or {}
        return [i for i in parts if isinstance(table.get(i), dict) and _filled(table[i].get("committed"))]
    if section == "grow_plans":
        table = value.get("stages") or {}
        return [s for s in parts if _filled(table.get(s))]
    if section == "stakeholder_maps":
        table = value.get("stakeholders") or {}
        return [s for s in parts if isinstance(table.get(s), dict)
                and isinstance(table[s].get("power"), int) and isinstance(table[s].get("interest"), int)]
    if section == "sbi":
        checked = [a for a in value.get("attempts") or [] if all(_filled(a.get(p)) for p in SBI_PARTS)]
        if checked:
            return list(parts)
        draft = value.get("draft") or {}
        return [p for p in parts if _filled(draft.get(p))][: len(parts) - 1]  # done only once checked
    return []


def exercise_state(expected: Expected, records: dict[str, dict]) -> str:
    """``done``, ``in progress`` or ``not started`` for one exercise, given the store's records.

    Done means answered as the lesson data defines it: every prompt written, every question
    answered, every item rated or committed, every stakeholder placed, an ending reached.
    """
    record = records.get(expected.key)
    value = clean_value(expected.key, record.get("value"))[0] if isinstance(record, dict) else None
    if not isinstance(value, dict):
        return NOT_STARTED
    if expected.section == "roleplays":
        if value.get("plays"):
            return DONE
        return IN_PROGRESS if value.get("roles") or value.get("role") else NOT_STARTED
    got = _answered_parts(expected, value)
    if expected.parts and len(got) == len(expected.parts):
        return DONE
    return IN_PROGRESS if got else NOT_STARTED


def progress_of(expected: list[Expected], records: dict[str, dict]) -> Progress:
    """The status of a lesson with these exercises, given the store's records (optional ones not counted)."""
    core = [e for e in expected if not e.optional]
    if not core:
        return Progress(NO_EXERCISES)
    states = [exercise_state(e, records) for e in core]
    done = states.count(DONE)
    if done == len(states):
        status = DONE
    elif done or IN_PROGRESS in states:
        status = IN_PROGRESS
    else:
        status = NOT_STARTED
    following = next((e for e, s in zip(core, states) if s != DONE), None)
    return Progress(status, done, len(states), next_key=following.key if following else "",
                    next_title=following.title if following else "")


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
                        file=str(aside[-1] if aside else path), next_key=progress.next_key,
                        next_title=progress.next_title)
    return progress
