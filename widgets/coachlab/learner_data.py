"""A learner's own answers as a whole: the plan to keep, an export of everything, and deleting it.

Answers are personal. The learner can take all of them away (a zip of the answers files and a
summary page) and delete all of them, or one module's, without asking anyone; nothing of what the
course wrote for them is left behind. Deleting only ever removes files the course itself names
(answers files, their locks, set-aside copies and half-written temporary files, the JupyterLab copy
of the course), never a whole folder the learner pointed ``COACHLAB_DATA`` at.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .content.errors import CourseDataError, Problem
from .content.lessondata import LessonData, load_lesson_data
from .content.practicedata import module_label
from .store import AnswerStore, data_folder
from .views.practice_html import grow_plan_html, self_assessment_html
from .views.render import reflection_html
from .views.summary_html import Part, empty, summary_page

LESSON_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,80}")
LAB_COPY = ("course", "jupyter-config")  # folders `coachlab lab` makes in the data folder
PLAN = ("05_my_plan", "my-plan")
BEFORE, AFTER = ("00_welcome", "baseline"), ("05_my_plan", "after")


def lesson_files(lesson: str, folder: Path | None = None) -> list[Path]:
    """Every file the course keeps for *lesson*'s answers: the file, its lock, set-aside and temporary copies."""
    folder = folder or data_folder()
    name = f"{lesson}.json"
    patterns = (name, f"{name}.lock", f"{name}.corrupt-*", f".{name}.*.tmp")
    return sorted({p for pattern in patterns for p in folder.glob(pattern) if p.is_file() or p.is_symlink()})


def course_lessons(course: Path) -> list[LessonData]:
    """The lessons of the course folder *course* (its ``data/NN_*.yaml``), in order; unreadable ones skipped."""
    lessons = []
    for path in sorted((course / "data").glob("[0-9]*.yaml")):
        try:
            lessons.append(load_lesson_data(path))
        except CourseDataError:
            continue  # an author's broken file must not stop a learner taking their answers away
    return lessons


@dataclass
class Summary:
    """The learner's summary page, and notes on what could not be read."""

    html: str
    notes: list[str]


def summary(lessons: list[LessonData], folder: Path | None = None, now: datetime | None = None) -> Summary:
    """The plan to keep: the learner's GROW plan, before/after ratings and reflections, as one page."""
    folder = folder or data_folder()
    by_name = {lesson.lesson: lesson for lesson in lessons}
    stores = {name: AnswerStore(folder / f"{name}.json") for name in by_name}
    notes: list[str] = []

    def value(lesson: str, key: str):
        store = stores.get(lesson)
        if store is None or not store.path.is_file():
            return None
        try:
            return store.get(key)
        except (OSError, ValueError) as e:
            notes.append(f"{store.path}: {e}")
            return None

    parts = []
    plan_lesson = by_name.get(PLAN[0])
    if plan_lesson and PLAN[1] in plan_lesson.grow_plans:
        saved = value(PLAN[0], f"grow/{PLAN[1]}")
        stages = saved.get("stages") if isinstance(saved, dict) else None
        body = grow_plan_html(plan_lesson.grow_plans[PLAN[1]], stages if isinstance(stages, dict) else {})
        parts.append(Part("My coaching plan", body))
    after_lesson, before_lesson = by_name.get(AFTER[0]), by_name.get(BEFORE[0])
    if after_lesson and AFTER[1] in after_lesson.self_assessments:
        after = value(AFTER[0], f"self_assessment/{AFTER[1]}") or {}
        before = value(BEFORE[0], f"self_assessment/{BEFORE[1]}") if before_lesson else None
        ratings = after.get("ratings", {}) if isinstance(after, dict) else {}
        earlier = before.get("ratings") if isinstance(before, dict) else None
        body = (self_assessment_html(after_lesson.self_assessments[AFTER[1]], ratings, earlier,
                                     f"{module_label(BEFORE[0]).capitalize()}") if ratings or earlier
                else empty("Rate yourself in Module 5 to see how your view of your coaching changed."))
        parts.append(Part("How my view of my coaching changed", body))
    written = []
    for lesson in lessons:
        for rid, spec in lesson.reflections.items():
            record = stores[lesson.lesson].record(f"reflection/{rid}") if stores[lesson.lesson].path.is_file() else None
            answers = (record or {}).get("value", {}).get("answers", {}) if isinstance(record, dict) else {}
            if isinstance(answers, dict) and any(isinstance(a, str) and a.strip() for a in answers.values()):
                written.append(f"<p class='coachlab-meta'>{module_label(lesson.lesson).capitalize()}</p>"
                               + reflection_html(spec, answers, (record or {}).get("saved_at")))
    parts.append(Part("My reflections", "".join(written) or empty("No reflection written yet.")))
    made_on = (now or datetime.now()).strftime("%-d %B %Y")
    html = summary_page("My coaching plan: Coaching Lab", made_on, parts,
                        "What you wrote in the course, to keep. Nobody else has a copy unless you share it.")
    return Summary(html, notes)


def export_answers(out: Path, course: Path, folder: Path | None = None) -> list[str]:
    """Write a zip of every answers file (and set-aside copy) with ``summary.html`` to *out*; returns its names.

    The zip is written next to *out* first and renamed over it, so a failed export leaves no half file.
    """
    folder = folder or data_folder()
    lessons = course_lessons(course)
    names = sorted({lesson.lesson for lesson in lessons} | {p.stem for p in folder.glob("*.json")})
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    written = []
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for name in names:
                for path in lesson_files(name, folder):
                    if path.name.endswith(".lock") or path.name.endswith(".tmp") or path.is_symlink():
                        continue
                    arc = f"answers/{path.name}" if path.name == f"{name}.json" else f"answers/set-aside/{path.name}"
                    z.write(path, arc)
                    written.append(arc)
            z.writestr("summary.html", summary(lessons, folder).html)
            written.append("summary.html")
            z.writestr("README.txt", "Your Coaching Lab answers.\n\nsummary.html: your plan, ratings and reflections, "
                       "to open in any browser or print.\nanswers/: the answers files, one per module (JSON), as the "
                       "course keeps them.\n")
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return written


def delete_answers(lesson: str | None, course: Path, folder: Path | None = None) -> list[Path]:
    """Delete one lesson's answers (or, with None, every answer and the JupyterLab copy); returns what went."""
    folder = folder or data_folder()
    if lesson is not None:
        if not LESSON_NAME.fullmatch(lesson):
            raise CourseDataError(Problem("--module", None, f"{lesson!r} is not a module name",
                                          "give a module's file name without .ipynb, e.g. 02_jerome"))
        names = [lesson]
    else:
        names = sorted({x.lesson for x in course_lessons(course)} | {p.name.split(".json")[0]
                                                                       for p in folder.glob("*.json*")}
                       | {p.name[1:].split(".json")[0] for p in folder.glob(".*.json.*.tmp")})
    gone = []
    for name in names:
        for path in lesson_files(name, folder):
            path.unlink()
            gone.append(path)
    if lesson is None:
        for sub in LAB_COPY:
            path = folder / sub
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
                gone.append(path)
    return gone
