"""One rubric question across the cohort: every learner's answer in turn, and their mark in the gradebook.

`MarkingSession` lists the manually graded cells of an assignment (nbgrader task cells, and grade
cells that are also answer cells), reads each learner's answer to one of them, and writes the score
and comment through nbgrader's `Gradebook` (``find_grade`` / ``find_comment``), exactly as
formgrader does, so formgrader, the feedback and ``coachlab grade``'s CSV all show them.

Learners are known to the page by the anonymous codes of the debrief (`coachlab.grading.anon`, the
same salt, so the codes match) and come in an order shuffled per facilitator and question, but
stable from one session to the next. Answers are read from the submission as handed in, never
through a symbolic link, and shown only up to `MAX_SHOWN` characters each.
"""
from __future__ import annotations

import getpass
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from pathlib import Path

from .anon import codes, course_salt
from ..content.errors import CourseDataError, Problem
from ..content.lessondata import ReflectionSpec, load_lesson_data
from ..store import ANSWERS_FILE
from .answers import read_answers
from .coursefolder import CONFIG_FILE, open_course
from .mark_rubric import Rubric, read_rubric

MAX_SHOWN = 20_000  # characters of one answer shown on the page
MAX_COMMENT = 10_000
RUBRIC_PREFIX = "rubric-"  # the course names a reflection's rubric cell rubric-<reflection id>


@dataclass(frozen=True)
class Question:
    """A manually graded cell of the assignment."""

    notebook: str
    rubric: Rubric
    reflection: ReflectionSpec | None = None


@dataclass(frozen=True)
class Answer:
    """One part of a learner's answer: a prompt's label and the text (shortened to `MAX_SHOWN`)."""

    label: str
    question: str
    text: str
    length: int  # of the whole text; more than len(text) when it was shortened


@dataclass
class Item:
    """One learner's answer to the question, and the mark the gradebook holds for it."""

    learner: str
    code: str
    name: str
    answers: list[Answer] = field(default_factory=list)
    problem: str | None = None
    score: float | None = None
    comment: str = ""
    changed_since_marked: bool = False


class MarkingSession:
    """The manually graded questions of *assignment* in the course folder *course_dir*."""

    def __init__(self, course_dir: str | Path, assignment: str, *, marker: str | None = None):
        from nbgrader.api import Gradebook, MissingEntry

        folder = Path(course_dir).expanduser()
        if not (folder / CONFIG_FILE).is_file():  # never start a course folder here: marking needs a graded one
            raise CourseDataError(Problem(str(folder), None, "not a graded course folder (no nbgrader_config.py)",
                                          "pass --course-dir with the folder where `coachlab grade` ran"))
        self.course = open_course(folder)
        self.assignment = assignment
        self.root = self.course.root
        if not (self.root / "gradebook.db").is_file() and self.course.db_url.startswith("sqlite:///"):
            raise CourseDataError(Problem(str(self.root), None, "no gradebook in this course folder",
                                          f"run `coachlab grade {assignment} --course-dir {self.root}` first"))
        self.salt, note = course_salt(self.root)
        self.notes: list[str] = [note] if note else []
        self.marker = marker or getpass.getuser()
        fix = f"run `coachlab grade {assignment} --course-dir {self.root}` first"
        try:
            with Gradebook(self.course.db_url, self.course.course_id) as gb:
                try:
                    found = gb.find_assignment(assignment)
                except MissingEntry:
                    raise CourseDataError(Problem(str(self.root / "gradebook.db"), None,
                                                  f"the gradebook has no assignment {assignment!r}", fix)) from None
                self.questions = self._questions(found)
                self.learners = sorted(s.student_id for s in found.submissions)
                self.names = {s.id: " ".join(x for x in (s.first_name, s.last_name) if x) for s in gb.students}
        except CourseDataError:
            raise
        except Exception as e:  # a damaged or foreign database: say so, never a traceback
            first = str(e).splitlines()[0][:160] if str(e) else ""
            raise CourseDataError(Problem(self.course.db_url, None,
                                          f"the gradebook cannot be read ({type(e).__name__}: {first})",
                                          "restore gradebook.db from a backup, or move it aside and " + fix)) from None
        folders = self.submission_folders("submitted") | self.submission_folders()
        self.codes = codes(set(self.names) | folders, self.salt)  # the debrief's set: same codes
        self.by_code = {self.codes[learner]: learner for learner in self.learners}
        waiting = sorted(folders - set(self.learners))
        if waiting:
            self.notes.append(f"{len(waiting)} submission(s) are not in the gradebook yet: run `coachlab grade "
                              f"{assignment}` to add them")
        if not self.questions:
            raise CourseDataError(Problem(str(self.course.solutions / assignment), None,
                                          f"{assignment} has no manually graded question",
                                          "mark a markdown cell as a task or manually graded answer in nbgrader"))

    def submission_folders(self, top: str = "autograded") -> frozenset[str]:
        """The learners with a folder of this assignment under *top* (``coachlab grade`` makes them)."""
        return frozenset(p.parent.name for p in (self.root / top).glob(f"*/{self.assignment}"))

    # reading ----------------------------------------------------------------

    def _questions(self, found) -> dict[str, Question]:
        import nbformat

        reflections = self._reflections()
        questions = {}
        for nb in found.notebooks:
            solution = {c.name for c in nb.solution_cells}
            cells = list(nb.task_cells) + [c for c in nb.grade_cells if c.name in solution]
            sources = self._sources(nb.name, nbformat)
            for cell in sorted(cells, key=lambda c: c.name):
                rubric = read_rubric(cell.name, sources.get(cell.name, ""), float(cell.max_score))
                rid = cell.name.removeprefix(RUBRIC_PREFIX)
                questions[cell.name] = Question(nb.name, rubric, reflections.get(rid)
                                                if cell.name.startswith(RUBRIC_PREFIX) else None)
        return questions

    def _sources(self, notebook: str, nbformat) -> dict[str, str]:
        """The cells of the source notebook (with the mark scheme), by nbgrader cell name."""
        path = self.course.solutions / self.assignment / f"{notebook}.ipynb"
        try:
            nb = nbformat.read(str(path), as_version=4)
        except Exception as e:  # the rubric then has only whole-point levels
            self.notes.append(f"{path} could not be read ({type(e).__name__}): the rubric text is not shown")
            return {}
        return {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade_id")}

    def _reflections(self) -> dict[str, ReflectionSpec]:
        for folder in (self.course.exercises, self.course.solutions):
            path = folder / self.assignment / "data" / f"{self.assignment}.yaml"
            if path.is_file():
                try:
                    return dict(load_lesson_data(path).reflections)
                except CourseDataError as e:
                    self.notes.append(f"{path} could not be read ({e.problems[0].message})")
        return {}

    def order(self, cell: str) -> list[str]:
        """The codes of the learners with a submission, shuffled for this marker and question, stably."""
        self.question(cell)

        def rank(learner: str) -> bytes:
            return hmac.new(self.salt, "\0".join([self.marker, self.assignment, cell, learner]).encode(),
                            hashlib.sha256).digest()

        return [self.codes[learner] for learner in sorted(self.learners, key=rank)]

    def question(self, cell: str) -> Question:
        if cell not in self.questions:
            raise KeyError(f"no manually graded question {cell!r} in {self.assignment}")
        return self.questions[cell]

    def learner(self, code: str) -> str:
        if code not in self.by_code:
            raise KeyError(f"no learner {code!r} with a submission of {self.assignment}")
        return self.by_code[code]

    def marks(self, cell: str) -> dict[str, tuple[float | None, bool]]:
        """For every code: (the manual score or None, whether the answer changed since it was marked).

        One query for the whole cohort (nbgrader's ``find_grade`` would take one per learner)."""
        from nbgrader.api import (Assignment, BaseCell, Gradebook, Grade, Notebook, SubmittedAssignment,
                                  SubmittedNotebook)

        q = self.question(cell)
        with Gradebook(self.course.db_url, self.course.course_id) as gb:
            rows = (gb.db.query(SubmittedAssignment.student_id, Grade.manual_score, Grade.needs_manual_grade)
                    .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
                    .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                    .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
                    .join(Notebook, SubmittedNotebook.notebook_id == Notebook.id)
                    .join(BaseCell, Grade.cell_id == BaseCell.id)
                    .filter(Assignment.name == self.assignment, Notebook.name == q.notebook, BaseCell.name == cell)
                    .all())
        return {self.codes[sid]: (score, score is not None and bool(pending))
                for sid, score, pending in rows if sid in self.codes}

    def item(self, cell: str, code: str) -> Item:
        """The learner's answer to the question *cell* and their current mark."""
        from nbgrader.api import Gradebook, MissingEntry

        q, learner = self.question(cell), self.learner(code)
        found = Item(learner, code, self.names.get(learner, ""))
        with Gradebook(self.course.db_url, self.course.course_id) as gb:
            try:
                grade = gb.find_grade(cell, q.notebook, self.assignment, learner)
                found.score, found.changed_since_marked = grade.manual_score, _changed(grade)
            except MissingEntry:
                found.problem = "this submission has no grade for the question yet: run `coachlab grade` again"
            try:
                found.comment = gb.find_comment(cell, q.notebook, self.assignment, learner).manual_comment or ""
            except MissingEntry:
                pass  # no comment yet; saving one adds it
        if q.reflection is not None:
            self._read_reflection(found, q.reflection)
        else:
            self._read_cell(found, q)
        return found

    def _submission(self, learner: str) -> Path | None:
        for top in ("submitted", "autograded"):
            folder = self.root / top / learner / self.assignment
            if folder.is_dir() and not folder.is_symlink() and not folder.parent.is_symlink():
                return folder
        return None

    def _read_reflection(self, found: Item, spec: ReflectionSpec) -> None:
        folder = self._submission(found.learner)
        if folder is None:
            found.problem = "the submitted folder is missing (or is a symbolic link, which is never followed)"
            return
        if (folder / ANSWERS_FILE).is_symlink():
            found.problem = f"{ANSWERS_FILE} is a symbolic link: it is never followed, so there is nothing to mark"
            return
        saved = read_answers(folder)
        if not saved.exists or saved.problem:
            found.problem = (f"{ANSWERS_FILE} cannot be read: {saved.problem}" if saved.problem
                             else f"no {ANSWERS_FILE} in the submission: nothing was saved")
        value = saved.value(f"reflection/{spec.id}")
        answers = value.get("answers") if isinstance(value, dict) else None
        answers = answers if isinstance(answers, dict) else {}
        for p in spec.prompts:
            text = answers.get(p.id)
            text = text.strip() if isinstance(text, str) else ""
            found.answers.append(Answer(p.label, p.question, text[:MAX_SHOWN], len(text)))

    def _read_cell(self, found: Item, q: Question) -> None:
        folder = self.root / "autograded" / found.learner / self.assignment
        path = folder / f"{q.notebook}.ipynb"
        if path.is_symlink() or folder.is_symlink() or not path.is_file():
            found.problem = f"no autograded {q.notebook}.ipynb to read the answer from"
            return
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            source = next(c["source"] for c in cells
                          if c["metadata"].get("nbgrader", {}).get("grade_id") == q.rubric.cell)
        except (OSError, ValueError, KeyError, TypeError, StopIteration):
            found.problem = f"the answer cell cannot be read from {path.relative_to(self.root)}"
            return
        text = ("".join(source) if isinstance(source, list) else str(source)).strip()
        found.answers.append(Answer("Answer", "", text[:MAX_SHOWN], len(text)))

    # writing ------------------------------------------------------------------

    def save(self, cell: str, code: str, score: float | None, comment: str | None) -> Item:
        """Write *score* (None: not marked) and *comment* for the learner *code* into the gradebook."""
        from nbgrader.api import Gradebook, MissingEntry

        q, learner = self.question(cell), self.learner(code)
        if score is not None:
            score = float(score)
            if not 0 <= score <= q.rubric.max_score:
                raise ValueError(f"{score:g} is not a score of this question (0 to {q.rubric.max_score:g})")
        comment = (comment or "").strip()
        if len(comment) > MAX_COMMENT:
            raise ValueError(f"the comment has {len(comment)} characters; keep it under {MAX_COMMENT}")
        with Gradebook(self.course.db_url, self.course.course_id) as gb:
            try:
                grade = gb.find_grade(cell, q.notebook, self.assignment, learner)
            except MissingEntry:
                raise KeyError("this submission has no grade for the question yet: "
                               "run `coachlab grade` again") from None
            try:
                row = gb.find_comment(cell, q.notebook, self.assignment, learner)
            except MissingEntry:  # a gradebook written by other tools may lack it: add it, as autograde would
                from nbgrader.api import Comment

                row = Comment(cell_id=grade.cell_id, notebook_id=grade.notebook_id)
                gb.db.add(row)
            grade.manual_score = score
            grade.needs_manual_grade = score is None and grade.auto_score is None
            row.manual_comment = comment or None
            gb.db.commit()
        return self.item(cell, code)


def _changed(grade) -> bool:
    """Marked, yet flagged for marking again (the answer changed in a newer submission)."""
    return grade.manual_score is not None and bool(grade.needs_manual_grade)
