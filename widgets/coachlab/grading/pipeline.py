"""The facilitator pipeline behind ``coachlab grade``: collect, autograde, feedback, grades, summary.

Each submission is checked and *staged* (`staging`: the released notebook and the answers as
data, nothing else a learner sent), then autograded and given feedback by `workers`, several
learners at once (``jobs``), so that a broken submission is reported by learner and never stops
the rest. Safe to re-run: collecting only takes newer submissions, a submission that has not
changed since it was graded is not autograded again, manual grades are kept unless the reflection
they marked changed, and feedback and the grade CSV are rewritten from the gradebook each time.
Nothing here imports ipywidgets.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path
from typing import TextIO

from ..content.errors import CourseDataError, Problem
from ..store import ANSWERS_FILE
from . import workers
from .cells import GradedCells, assignment_parts, graded_cells
from .collect import links_in_latest, use_safe_collect
from .coursefolder import CONFIG_FILE, Course, open_course
from .handedits import AssignmentParts
from .keys import check_assignment
from .progressbar import ProgressBar
from .report import Report, read_results, write_csv
from .text import printable
from .settings import assignments
from .staging import STAGED_DIR, canonical_answers, checked_data, folder_print, reflection_prints, stage
from .submissions import LEARNER_ID, bad_timestamp, import_folder, inbound_learners, inspect
from .workers import Outcome, Task, last_error

STATE_DIR = ".coachlab"
STAGING_VERSION = 3  # bump when what is staged changes, so that every submission is autograded again


def grade(assignment: str, course_dir: str | Path, *, from_folder: str | Path | None = None,
          due: str | None = None, roster: str | Path | None = None, regrade: bool = False,
          progress: TextIO | None = None, jobs: int | None = None) -> Report:
    """Grade every submission of *assignment* in the course folder; returns the report.

    *jobs*: how many learners are autograded at once (default: the machine's processors).
    """
    _alembic_on_path()
    course = open_course(course_dir)
    known = assignments(course.solutions)
    if assignment not in known:
        raise CourseDataError(Problem(str(course.solutions), None, f"no assignment {assignment!r}",
                                      f"choose one of: {', '.join(known) or 'none found'}"))
    problems = check_assignment(course.solutions / assignment)
    if problems:
        raise CourseDataError(problems)
    if (course.solutions / assignment / ANSWERS_FILE).exists():
        course.warnings.append(f"{course.solutions / assignment / ANSWERS_FILE} holds answers saved while trying the "
                               "source notebook. It is never copied over learners' answers, but delete it: "
                               "generate_assignment would copy it into the release")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy and traitlets chatter; problems are reported below
        api = _api(course)
        _register(course, assignment, due, roster)
        report = Report(assignment, course.root, course.warnings)
        parts = assignment_parts(course.solutions / assignment)
        cells = graded_cells(course.solutions / assignment, parts)
        _gather(course, api, assignment, from_folder, report)
        _autograde_all(course, assignment, report, parts, cells, regrade, progress, jobs or os.cpu_count() or 1)
        read_results(course.db_url, course.course_id, assignment, report, cells)
        write_csv(report, course.root / f"grades-{assignment}.csv")
    return report


def _alembic_on_path() -> None:
    # nbgrader runs the `alembic` command when it creates a gradebook; it sits beside this Python,
    # which is not on PATH when the venv is not activated (e.g. `.venv/bin/coachlab grade`).
    bindir = os.path.dirname(sys.executable)
    if shutil.which("alembic") is None and bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def _api(course: Course):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    use_safe_collect(course.config)
    api = NbGraderAPI(coursedir=CourseDirectory(config=course.config), config=course.config)
    api.log_level = "CRITICAL"  # each step's log is captured and summarised per learner
    return api


def _register(course: Course, assignment: str, due: str | None, roster: str | Path | None) -> None:
    """Record the assignment (its cells, points and hidden tests) in the gradebook, from the source."""
    from nbgrader.api import Gradebook
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log, parse_utc, temp_attrs

    with tempfile.TemporaryDirectory(prefix="coachlab-release-") as tmp:
        c = copy.deepcopy(course.config)
        c.CourseDirectory.root = str(course.solutions.parent)
        c.CourseDirectory.source_directory = course.solutions.name
        c.CourseDirectory.release_directory = tmp
        c.CourseDirectory.db_url = course.db_url
        c.GenerateAssignment.no_database = False
        c.SaveCells.enabled = True
        coursedir = CourseDirectory(config=c)
        with temp_attrs(coursedir, assignment_id=assignment):
            app = GenerateAssignment(coursedir=coursedir, config=c)
            app.force, app.create_assignment = True, True
            app.log.setLevel("CRITICAL")
            result = capture_log(app)
        if not result["success"]:
            raise CourseDataError(Problem(str(course.solutions / assignment), None,
                                          "nbgrader could not read the assignment: " + last_error(result),
                                          "run `nbgrader generate_assignment` in the repository to see the details"))
        stale = _differences(Path(tmp) / assignment, course.exercises / assignment)
        if stale:
            course.warnings.append(f"{course.exercises / assignment} is not what the source generates now "
                                   f"({', '.join(stale)}); learners received the committed release. Regenerate it "
                                   "with `nbgrader generate_assignment --force`, commit, and release again")
    with Gradebook(course.db_url, course.course_id) as gb:
        if due:
            try:
                gb.update_or_create_assignment(assignment, duedate=parse_utc(due))
            except (ValueError, OverflowError) as e:
                raise CourseDataError(Problem("--due", None, f"{due!r} is not a date and time ({e})",
                                              "write it like 2025-03-14 17:00 Europe/Paris or 2025-03-14 16:00 UTC"
                                              )) from None
        for learner in _roster(roster):
            gb.update_or_create_student(learner)


def _roster(path: str | Path | None) -> list[str]:
    if not path:
        return []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise CourseDataError(Problem(str(path), None, f"cannot read the roster ({e.strerror})",
                                      "check the path")) from None
    ids = [line.split(",")[0].strip() for line in lines if line.strip() and not line.startswith("#")]
    return [i for i in ids if i and i != "id"]


def _differences(new: Path, old: Path) -> list[str]:
    def files(root: Path) -> dict[str, bytes]:
        if not root.is_dir():
            return {}
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    a, b = files(new), files(old)
    return sorted(name for name in set(a) | set(b) if a.get(name) != b.get(name))


def _gather(course: Course, api, assignment: str, from_folder, report: Report) -> None:
    """Bring submissions into submitted/: from a folder, or collected from the exchange one learner at a time."""
    from nbgrader.utils import capture_log, temp_attrs

    submitted = course.root / course.config.CourseDirectory.get("submitted_directory", "submitted")
    if from_folder is not None:
        source = Path(from_folder).expanduser()
        if not source.is_dir():
            raise CourseDataError(Problem(str(source), None, "no such folder of submissions",
                                          "pass a folder holding one sub-folder per learner"))
        imported, problems = import_folder(source, submitted, assignment)
        for learner, problem in problems:
            report.learner(learner).problems.append(problem)
            if learner not in imported and not (submitted / learner / assignment).is_dir():
                _not_graded(report, learner)
        return
    if not api.exchange_is_functional:
        report.notes.append("No exchange is set up for this course, so nothing was collected; grading what is in "
                            f"{submitted}. (Set c.Exchange.root in {course.root / CONFIG_FILE}, or use --from-folder.)")
        return
    inbound = Path(api.exchange_root) / course.course_id / "inbound"
    for learner in inbound_learners(inbound, assignment):
        if not LEARNER_ID.match(learner):  # e.g. "..": nbgrader would write outside submitted/
            report.learner(learner).problems.append(f"{inbound}: a submission named for {printable(learner)!r}, "
                                                    "which is not a learner id; not collected")
            _not_graded(report, learner)
            continue
        links = links_in_latest(inbound, learner, assignment)
        if links:
            report.learner(learner).problems.append("symbolic links refused at collection (never followed, never "
                                                    "collected): " + printable(", ".join(links[:8])))
        existing = submitted / learner / assignment
        bad = bad_timestamp(existing) if existing.is_dir() else None
        if bad:  # nbgrader's collect would crash on it, for every learner after this one
            report.learner(learner).problems.append(bad + " (nothing new was collected for this learner)")
            continue
        with temp_attrs(api.coursedir, assignment_id=assignment, student_id=learner):
            app = api.exchange.Collect(coursedir=api.coursedir, authenticator=api.authenticator, parent=api)
            app.update = True
            result = capture_log(app)
        if not result["success"]:
            report.learner(learner).problems.append(f"could not be collected from {inbound}: {last_error(result)}")
            if not existing.is_dir():
                _not_graded(report, learner)


def _not_graded(report: Report, learner: str) -> None:
    """*learner* sent something that could not be taken in: not missing, but not graded."""
    result = report.learner(learner)
    result.submitted, result.graded_now = True, False


def _autograde_all(course: Course, assignment: str, report: Report, parts: AssignmentParts, cells: GradedCells,
                   regrade: bool, progress, jobs: int) -> None:
    submitted = course.root / course.config.CourseDirectory.get("submitted_directory", "submitted")
    folders = {p.parent.name: p for p in sorted(submitted.glob(f"*/{assignment}"))
               if p.is_dir() and not p.is_symlink() and not p.parent.is_symlink()}
    released = course.exercises / assignment
    state_file = course.root / STATE_DIR / f"{assignment}.json"
    state = _load_state(state_file)
    source_print = folder_print(course.solutions / assignment)
    checked = checked_data(course.solutions / assignment, parts.scenarios)
    known = set(parts.record_keys())
    manual = tuple((cell, cells.notebook[cell], tuple(rids)) for cell, rids in cells.manual.items())
    tasks, stamps, prints = [], {}, {}
    with ProgressBar(2 * len(folders), f"Grading {assignment}", progress) as bar:
        for learner, folder in folders.items():
            result = report.learner(learner)
            result.submitted = True
            found = inspect(learner, folder, released, parts)
            result.problems += found.problems
            if found.fatal:
                result.problems.append(found.fatal)
                result.graded_now = False
                bar.step(f"{learner}: not graded")
                bar.step()
                continue
            saved = found.saved
            assert saved is not None  # inspect reads it whenever the submission is not refused
            dest = course.root / STAGED_DIR / learner / assignment
            stage(dest, released, folder, canonical_answers(saved, known) if saved.exists else None, checked)
            stamps[learner] = [folder_print(dest), source_print, STAGING_VERSION]
            prints[learner] = reflection_prints(saved)
            before: dict = state[learner] if isinstance(state.get(learner), dict) else {}
            done = course.root / "autograded" / learner / assignment
            again = regrade or before.get("stamp") != stamps[learner] or not done.is_dir()
            old = before.get("reflections") if isinstance(before.get("reflections"), dict) else None
            stale: tuple[str, ...] = ()
            unchanged: tuple[str, ...] = ()
            if again and old is not None:
                rids = set(old) | set(prints[learner])
                stale = tuple(sorted(r for r in rids if old.get(r) != prints[learner].get(r)))
                unchanged = tuple(sorted(r for r in rids if old.get(r) == prints[learner].get(r)))
            tasks.append(Task(learner, again, stale, unchanged, manual))

        def finished(out: Outcome) -> None:
            result = report.learner(out.learner)
            if out.error:
                result.problems.append("autograding failed: " + out.error)
                result.graded_now = False
                state.pop(out.learner, None)
                bar.step(f"{out.learner}: autograding failed")
                bar.step()
                return
            if out.autograded:
                state[out.learner] = {"stamp": stamps[out.learner], "reflections": prints[out.learner]}
                result.graded_now = True
            for cell, old, points, _comment in out.reset:
                result.stale.append(f"{cells.titles.get(cell, cell)} (was {old:g}/{points:g})")
                result.problems.append(f"{cells.titles.get(cell, cell)}: the reflection changed after it was marked "
                                       f"{old:g}/{points:g}; the mark was cleared, mark it again (the earlier comment "
                                       "is kept in its comment box)")
            bar.step(f"{out.learner}: autograded")
            if out.feedback_error:
                result.problems.append("feedback could not be generated: " + out.feedback_error)
            result.feedback = [Path(p) for p in out.feedback]
            bar.step(f"{out.learner}: feedback")

        workers.run(course.root, assignment, tasks, jobs, finished)
    state_file.parent.mkdir(exist_ok=True)
    state_file.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")


def _load_state(path: Path) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return state if isinstance(state, dict) else {}

