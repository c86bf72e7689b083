"""The gradebook of a cohort, read for the debrief: opened read-only, in a few bulk queries.

nbgrader's `Gradebook` class writes on opening (it creates the course row and missing tables) and
asks one query per learner; a debrief only reads, so it queries nbgrader's tables directly
through a read-only SQLite connection.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Cell:
    """A graded cell of the assignment: autograded test, or a manually graded rubric."""

    name: str
    max_score: float
    manual: bool


@dataclass
class GradebookView:
    """What the gradebook says about one assignment."""

    students: dict[str, str] = field(default_factory=dict)  # id -> full name ("" if none)
    submitted_at: dict[str, datetime | None] = field(default_factory=dict)  # learners with a submission
    late: dict[str, bool] = field(default_factory=dict)
    cells: list[Cell] = field(default_factory=list)
    grades: dict[str, dict[str, float | None]] = field(default_factory=dict)  # None: not graded yet
    notes: list[str] = field(default_factory=list)


def read_gradebook(path: str | Path, assignment: str) -> GradebookView:
    """The students, submissions and grades of *assignment* in the gradebook at *path*; never raises."""
    path = Path(path)
    view = GradebookView()
    if not path.is_file():
        view.notes.append(f"no gradebook at {path.name}: learners who never submitted cannot be listed, "
                          "and there are no scores")
        return view
    try:
        _read(path, assignment, view)
    except Exception as e:  # a damaged or foreign database: report, keep going without it
        log.debug("the gradebook %s could not be read", path, exc_info=True)
        view.notes.append(f"the gradebook {path.name} could not be read ({type(e).__name__}: "
                          f"{str(e).splitlines()[0][:160]}); showing the submitted files only")
        for table in (view.students, view.submitted_at, view.grades, view.cells):
            table.clear()
    return view


def _read(path: Path, assignment: str, view: GradebookView) -> None:
    from nbgrader.api import (Assignment, BaseCell, Grade, GradeCell, Notebook, Student, SubmittedAssignment,
                              SubmittedNotebook, TaskCell)
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    engine = create_engine(f"sqlite:///file:{path.resolve()}?mode=ro&uri=true")
    try:
        with Session(engine) as s:
            for sid, first, last in s.execute(select(Student.id, Student.first_name, Student.last_name)):
                view.students[sid] = " ".join(x for x in (first, last) if x)
            found = s.execute(select(Assignment.id, Assignment.duedate).where(Assignment.name == assignment)).first()
            if found is None:
                view.notes.append(f"the gradebook has no assignment {assignment!r}: run `coachlab grade "
                                  f"{assignment}` first for scores and lateness")
                return
            aid, due = found
            for sid, stamp, extension in s.execute(
                    select(SubmittedAssignment.student_id, SubmittedAssignment.timestamp,
                           SubmittedAssignment.extension).where(SubmittedAssignment.assignment_id == aid)):
                view.submitted_at[sid] = stamp
                deadline = None if due is None else due + extension if extension else due
                view.late[sid] = bool(stamp and deadline and stamp > deadline)
            for kind in (GradeCell, TaskCell):
                rows = s.execute(select(kind.name, kind.max_score, kind.cell_type)
                                 .join(Notebook, kind.notebook_id == Notebook.id).where(Notebook.assignment_id == aid))
                view.cells += [Cell(n, float(m), kind is TaskCell or t == "markdown") for n, m, t in rows]
            view.cells.sort(key=lambda c: (c.manual, c.name))
            query = (select(SubmittedAssignment.student_id, BaseCell.name, Grade.auto_score, Grade.manual_score,
                            Grade.extra_credit, Grade.needs_manual_grade)
                     .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
                     .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                     .join(BaseCell, Grade.cell_id == BaseCell.id)
                     .where(SubmittedAssignment.assignment_id == aid))
            for sid, name, auto, manual, extra, pending in s.execute(query):
                score = manual if manual is not None else auto
                if score is None or (pending and manual is None):
                    value = None
                else:
                    value = float(score) + float(extra or 0)
                view.grades.setdefault(sid, {})[name] = value
    finally:
        engine.dispose()
