"""Lesson data files: the reflection prompts, knowledge checks and practice exercises a notebook shows.

A notebook keeps no prompts or questions in code: they live in ``data/<lesson>.yaml`` beside
it, checked against ``schemas/lesson.schema.json`` and the rules below.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .datafile import DataFile
from .errors import CourseDataError, Problem
from .practicedata import (  # noqa: F401  (re-exported: the practice sections' models live there)
    GROW_STAGES, AssessItem, DrawFrom, GrowSpec, GrowStage, RewriteItem, RewriteSpec, SBISpec, Scale,
    SelfAssessmentSpec, Stakeholder, StakeholderMapSpec, build_practice, duplicate_problems, practice_problems)


@dataclass(frozen=True)
class Prompt:
    """One question of a reflection, with a short label."""

    id: str
    label: str
    question: str
    placeholder: str = ""


@dataclass(frozen=True)
class ReflectionSpec:
    """A reflection: a title, guidance on length, and its prompts."""

    id: str
    title: str
    prompts: tuple[Prompt, ...]
    intro: str = ""
    framework: str = ""
    min_words: int = 0
    max_words: int | None = None


@dataclass(frozen=True)
class Option:
    """An answer option; ``correct`` is None on graded questions, whose key is hidden."""

    id: str
    text: str
    correct: bool | None = None
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    """A single- or multiple-choice question."""

    id: str
    prompt: str
    kind: str
    options: tuple[Option, ...]

    @property
    def graded(self) -> bool:
        """True when the key is not in the data (it lives in nbgrader's hidden tests)."""
        return all(o.correct is None for o in self.options)

    def is_right(self, chosen: set[str] | list[str]) -> bool | None:
        """Whether *chosen* option ids are exactly the right ones; None for graded questions."""
        if self.graded:
            return None
        return set(chosen) == {o.id for o in self.options if o.correct}


@dataclass(frozen=True)
class CheckSpec:
    """A knowledge check: a title and its questions."""

    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str = ""


@dataclass(frozen=True)
class LessonData:
    """Everything a lesson's widgets show, loaded from one data file."""

    lesson: str
    title: str
    reflections: dict[str, ReflectionSpec]
    checks: dict[str, CheckSpec]
    path: str
    roleplays: tuple[str, ...] = ()  # scenario ids, each data/scenarios/<id>.yaml
    self_assessments: dict[str, SelfAssessmentSpec] = field(default_factory=dict)
    rewrites: dict[str, RewriteSpec] = field(default_factory=dict)
    sbi: dict[str, SBISpec] = field(default_factory=dict)
    grow_plans: dict[str, GrowSpec] = field(default_factory=dict)
    stakeholder_maps: dict[str, StakeholderMapSpec] = field(default_factory=dict)
    # (section, id) of exercises on the optional "go deeper" path, e.g. ("rewrites", "career-questions")
    optional: frozenset[tuple[str, str]] = frozenset()
    minutes: tuple[int, int] | None = None  # (core path, optional depth), from the data's `time`

    def part_labels(self, key: str) -> dict[str, str]:
        """The labels of a saved answer's parts, in the lesson's order, for a store *key* such as
        "reflection/first-look" (prompt labels) or "self_assessment/baseline" (item labels)."""
        kind, _, item = key.partition("/")
        if kind == "reflection" and item in self.reflections:
            return {p.id: p.label for p in self.reflections[item].prompts}
        if kind == "self_assessment" and item in self.self_assessments:
            return {i.id: i.label for i in self.self_assessments[item].items}
        if kind == "rewrite" and item in self.rewrites:
            return {i.id: i.statement for i in self.rewrites[item].items}
        return {}


def load_lesson_data(path: str | Path) -> LessonData:
    """Load and check a lesson data file; raises CourseDataError listing every problem."""
    problems = check_lesson_file(path)
    if problems:
        raise CourseDataError(problems)
    data = DataFile.load(path).data
    return _build(data, str(path))


def check_lesson_file(path: str | Path) -> list[Problem]:
    """Every problem in a lesson data file, each with file, line and fix."""
    try:
        doc = DataFile.load(path)
    except CourseDataError as e:
        return e.problems
    problems = doc.duplicate_keys + doc.schema_problems("lesson")
    if problems:
        return problems
    expected = Path(path).stem
    if doc.data["lesson"] != expected:
        problems.append(doc.problem(("lesson",), f"lesson id {doc.data['lesson']!r} differs from the file name",
                                    f"write lesson: {expected}, or rename the file"))
    for rid, spec in doc.data.get("reflections", {}).items():
        problems += duplicate_problems(doc, ("reflections", rid, "prompts"), spec["prompts"], "prompt")
        guide = spec.get("guidance", {})
        if guide.get("max_words") is not None and guide.get("min_words", 0) > guide["max_words"]:
            problems.append(doc.problem(("reflections", rid, "guidance"), "min_words is larger than max_words",
                                        "swap the two numbers"))
    for cid, spec in doc.data.get("checks", {}).items():
        problems += duplicate_problems(doc, ("checks", cid, "questions"), spec["questions"], "question")
        for qi, q in enumerate(spec["questions"]):
            problems += _question_problems(doc, ("checks", cid, "questions", qi), q)
    return problems + practice_problems(doc)


def _question_problems(doc: DataFile, at: tuple, q: dict) -> list[Problem]:
    problems = duplicate_problems(doc, at + ("options",), q["options"], "option")
    flags = [o.get("correct") for o in q["options"]]
    if all(f is None for f in flags):
        return problems  # a graded question: its key lives in hidden tests
    if any(f is None for f in flags):
        problems.append(doc.problem(at + ("options",), f"question {q['id']!r} marks some options correct or not, but not all",
                                    "write correct: true or correct: false on every option (or on none, for a graded question)"))
        return problems
    right = sum(bool(f) for f in flags)
    if q["kind"] == "single" and right != 1:
        problems.append(doc.problem(at, f"single-choice question {q['id']!r} has {right} correct options",
                                    "mark exactly one option correct: true, or make it kind: multiple"))
    if q["kind"] == "multiple" and right == 0:
        problems.append(doc.problem(at, f"question {q['id']!r} has no correct option", "mark at least one option correct: true"))
    for oi, o in enumerate(q["options"]):
        if not o.get("feedback"):
            problems.append(doc.problem(at + ("options", oi), f"option {o['id']!r} of question {q['id']!r} has no feedback",
                                        "add feedback: a sentence on why this option is right or wrong"))
    return problems


def _build(data: dict, path: str) -> LessonData:
    reflections = {
        rid: ReflectionSpec(
            id=rid, title=r["title"], intro=r.get("intro", ""), framework=r.get("framework", ""),
            prompts=tuple(Prompt(p["id"], p["label"], p["question"], p.get("placeholder", "")) for p in r["prompts"]),
            min_words=r.get("guidance", {}).get("min_words", 0), max_words=r.get("guidance", {}).get("max_words"))
        for rid, r in data.get("reflections", {}).items()}
    checks = {
        cid: CheckSpec(
            id=cid, title=c["title"], intro=c.get("intro", ""),
            questions=tuple(Question(q["id"], q["prompt"], q["kind"], tuple(
                Option(o["id"], o["text"], o.get("correct"), o.get("feedback", "")) for o in q["options"]))
                for q in c["questions"]))
        for cid, c in data.get("checks", {}).items()}
    optional = frozenset((section, eid) for section, table in data.items() if isinstance(table, dict)
                         for eid, spec in table.items() if isinstance(spec, dict) and spec.get("optional") is True)
    time = data.get("time")
    minutes = (time["core"], time.get("depth", 0)) if time else None
    return LessonData(data["lesson"], data["title"], reflections, checks, path, **build_practice(data),
                      optional=optional, minutes=minutes)
