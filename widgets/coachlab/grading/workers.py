"""Autograding and feedback for many learners at once: one nbgrader app per worker process.

nbgrader autogrades one submission at a time (nbgrader issue #174), and nearly all of that time
is a kernel running the notebook, so a cohort is graded by *jobs* worker processes side by side,
each with nbgrader apps of its own. They share the course's gradebook: SQLite lets one writer in
at a time, and each worker waits its turn (a long busy timeout) instead of failing. Every
learner's work is the same function whether it runs here (``jobs=1``) or in a worker, so the
scores are the same either way.

Each kernel starts with ``PYTHONSAFEPATH`` and ``PYTHONNOUSERSITE`` set and IPython's
``ignore_cwd``: its working folder (the staged submission) and the user's site folder are never
on ``sys.path``, so no module can be slipped in beside a notebook.
"""
from __future__ import annotations

import contextlib
import logging
import copy
import os
import shutil
import sys
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from .keys import redact_hidden_tests
from .staging import STAGED_DIR

log = logging.getLogger(__name__)

KERNEL_ENV = {"PYTHONSAFEPATH": "1", "PYTHONNOUSERSITE": "1"}
BUSY_TIMEOUT = 300  # seconds a worker waits for the gradebook while another writes


@dataclass(frozen=True)
class Task:
    """One learner's grading: autograde (if the submission changed) then feedback."""

    learner: str
    autograde: bool
    stale: tuple[str, ...] = ()  # reflections changed since the learner's last autograde
    unchanged: tuple[str, ...] = ()  # reflections the same as when last autograded
    manual: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (manual cell, its notebook, reflections it marks)
    feedback: bool = True


@dataclass
class Outcome:
    """What happened to one learner's task."""

    learner: str
    autograded: bool = False
    error: str | None = None  # autograding failed
    feedback: list[str] = field(default_factory=list)
    feedback_error: str | None = None
    reset: list[tuple[str, float, float, str]] = field(default_factory=list)  # (cell, old mark, max, old comment)


def run(course_root: Path, assignment: str, tasks: list[Task], jobs: int,
        done: Callable[[Outcome], None] = lambda o: None) -> dict[str, Outcome]:
    """Run *tasks* with *jobs* processes (1: here); calls *done* as each learner finishes."""
    outcomes = {}
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            outcomes[task.learner] = out = grade_one(str(course_root), assignment, task)
            done(out)
        return outcomes
    left = []
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=_context()) as pool:
        futures = {pool.submit(grade_one, str(course_root), assignment, task): task for task in tasks}
        for future in as_completed(futures):
            try:
                out = future.result()
            except Exception:  # a worker that died: that learner is graded in this process below
                log.warning("grading worker failed for %s; grading them here instead", futures[future].learner,
                            exc_info=True)
                left.append(futures[future])
                continue
            outcomes[out.learner] = out
            done(out)
    outcomes |= run(course_root, assignment, left, 1, done)
    return outcomes


def _context():
    """Fork (no start-up cost) where it is safe: on Linux, with no other thread running; else spawn."""
    import threading

    if sys.platform == "linux" and threading.active_count() == 1:
        return get_context("fork")
    return get_context("spawn")


_apis: dict[str, object] = {}


def _api(course_root: str):
    """This process's nbgrader API for the course, reading submissions from the staged folders."""
    if course_root not in _apis:
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        from .coursefolder import open_course

        course = open_course(course_root)
        c = copy.deepcopy(course.config)
        c.CourseDirectory.submitted_directory = STAGED_DIR
        c.CourseDirectory.db_url = gradebook_url(course.db_url)
        api = NbGraderAPI(coursedir=CourseDirectory(config=c), config=c)
        api.log_level = "CRITICAL"
        _apis[course_root] = api
    return _apis[course_root]


def gradebook_url(url: str) -> str:
    """*url*, for SQLite with a busy timeout long enough for the other workers' writes."""
    if url.startswith("sqlite:") and "?" not in url:
        return f"{url}?timeout={BUSY_TIMEOUT}"
    return url


@contextlib.contextmanager
def kernel_env() -> Iterator[None]:
    """Environment of the autograder's kernels while inside: nothing of the working folder on sys.path."""
    saved = {k: os.environ.get(k) for k in KERNEL_ENV}
    os.environ.update(KERNEL_ENV)
    bindir = os.path.dirname(sys.executable)
    path = os.environ.get("PATH", "")
    if shutil.which("alembic") is None and bindir not in path.split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + path  # nbgrader runs `alembic` beside this Python
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def grade_one(course_root: str, assignment: str, task: Task) -> Outcome:
    """Autograde (if asked) and write the feedback of one learner; never raises for a learner's fault."""
    out = Outcome(task.learner)
    with warnings.catch_warnings(), kernel_env():
        warnings.simplefilter("ignore")
        api = _api(course_root)
        if task.autograde:
            result = api.autograde(assignment, task.learner, force=True, create=True)
            if not result["success"]:
                out.error = last_error(result)
                return out
            out.autograded = True
            out.reset = settle_manual_marks(api.coursedir.db_url, api.coursedir.course_id, assignment, task)
            try:
                redact_hidden_tests(Path(course_root) / "autograded" / task.learner / assignment)
            except OSError as e:  # the grade stands; only formgrader's copy keeps the hidden tests
                log.warning("hidden tests could not be taken out of %s's graded copy: %s", task.learner, e)
        if not task.feedback:
            return out
        result = api.generate_feedback(assignment, task.learner, force=True)
        if result["success"]:
            folder = Path(course_root) / "feedback" / task.learner / assignment
            out.feedback = sorted(str(p) for p in folder.glob("*.html"))
        else:
            out.feedback_error = last_error(result)
    return out


STALE_NOTE = ("Marked {old:g} of {points:g} for an earlier version of this reflection, which the learner changed "
              "and submitted again; mark it again.")


def settle_manual_marks(db_url: str, course_id: str, assignment: str,
                        task: Task) -> list[tuple[str, float, float, str]]:
    """After an autograde: a manual mark whose reflection changed is cleared (needs grading again, the
    earlier comment kept below a note); one whose reflection is unchanged still stands."""
    from nbgrader.api import Gradebook, MissingEntry

    reset = []
    with Gradebook(db_url, course_id) as gb:
        for cell, notebook, reflections in task.manual:
            try:
                grade = gb.find_grade(cell, notebook, assignment, task.learner)
            except MissingEntry:
                continue
            if grade.manual_score is None:
                continue
            if any(r in task.stale for r in reflections):
                old = ""
                with contextlib.suppress(MissingEntry):
                    comment = gb.find_comment(cell, notebook, assignment, task.learner)
                    old = comment.manual_comment or ""
                    note = STALE_NOTE.format(old=grade.manual_score, points=grade.max_score)
                    comment.manual_comment = note + (f"\n\nEarlier comment: {old}" if old else "")
                reset.append((cell, float(grade.manual_score), float(grade.max_score), old))
                grade.manual_score, grade.needs_manual_grade = None, True
            elif all(r in task.unchanged for r in reflections):
                grade.needs_manual_grade = False  # nbgrader flags every re-autograded mark; this one still holds
        gb.db.commit()
    return reset


def last_error(result: dict) -> str:
    """The most telling line of a failed nbgrader step's log or traceback."""
    lines = [line.strip() for line in (result.get("log", "") + "\n" + result.get("error", "")).splitlines()]
    errors = [line for line in lines if line.startswith("[ERROR]") and "see the" not in line.lower()
              and "There was an error processing" not in line]
    tail = [line for line in lines if line and not line.startswith(("File ", "^", "~"))]
    return (errors[0].removeprefix("[ERROR] ") if errors else tail[-1] if tail else "unknown error")[:300]
