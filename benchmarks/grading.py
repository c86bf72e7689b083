"""Grading speed: a Coaching Lab assignment against bare nbgrader, per submission and for a cohort.

    python benchmarks/grading.py [--learners 4] [--rounds 3] [--cohort 20] [--jobs 2]

The bare course is a notebook with the same cells as solutions/jerome_case (same count, kinds and
nbgrader metadata) holding plain Python and no coachlab, graded with nbgrader's default settings.

1. Per submission: what `coachlab grade` does for one learner before feedback (check the
   submission, stage it, autograde it in the staged folder) against nbgrader's autograde of the
   bare notebook, alternating submission by submission so that machine load falls on both alike.
   Median seconds and their ratio (target: 1.2 or less).
2. A cohort of --cohort learners: `coachlab grade --jobs N` (everything: collect from a folder,
   checks, autograde, feedback, CSV) against bare nbgrader autograding and writing feedback for
   the same number one after another (nbgrader has no parallel autograde, issue #174), and
   against bare autograde alone, in alternating order from round to round. Median seconds per
   round and the throughput ratios (target: 1.7 or more against bare autograde and feedback).

Report the figures with `uptime` (printed before and after): the machine may be shared.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
NAME = "jerome_case"
TARGET, COHORT_TARGET = 1.2, 1.7
sys.path.insert(0, str(REPO / "tests" / "grading"))


def bare_copy(source: Path, dest: Path) -> None:
    """The source notebook with every code cell's Python replaced by plain code of the same shape."""
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            cell.source = "x\n### BEGIN HIDDEN TESTS\nassert x == 1\n### END HIDDEN TESTS"
        else:
            cell.source = "x = 1" if meta.get("grade_id") == "setup" else "x"
    dest.mkdir(parents=True)
    nbformat.write(nb, dest / f"{NAME}.ipynb")


def learners(release: Path, folder: Path, count: int, answer: bool, nested: bool = True) -> list[str]:
    """*count* submissions of the release in *folder*; with *answer*, each answered through the widgets."""
    from gradingtools import keys, work

    ids = [f"learner{i:02d}" for i in range(count)]
    for learner in ids:
        dest = folder / learner / NAME if nested else folder / learner
        shutil.copytree(release, dest)
        if answer:
            work(dest, NAME, checks=keys(NAME), play="jerome", reflection={"analysis": "A short analysis."})
    return ids


def bare_course(root: Path, count: int):
    """A bare nbgrader course with *count* submissions, its assignment generated; returns (api, ids)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    c = Config()
    c.CourseDirectory.root = str(root)
    c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]  # the same quiet kernels as coachlab's
    bare_copy(REPO / "solutions" / NAME / f"{NAME}.ipynb", root / "source" / NAME)
    api = NbGraderAPI(coursedir=CourseDirectory(config=c), config=c)
    api.log_level = "CRITICAL"
    result = api.generate_assignment(NAME)
    assert result["success"], result.get("log")
    return api, learners(root / "release" / NAME, root / "submitted", count, answer=False)


def coach_course(root: Path, count: int):
    """A coachlab course folder with *count* answered submissions, the assignment registered."""
    from gradingtools import COURSE_CONFIG

    from coachlab.grading import pipeline
    from coachlab.grading.coursefolder import open_course

    root.mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(COURSE_CONFIG.format(
        solutions=str(REPO / "solutions"), exercises=str(REPO / "exercises"), extra=""))
    course = open_course(root)
    pipeline._register(course, NAME, None, None)
    return course, learners(REPO / "exercises" / NAME, root / "submitted", count, answer=True)


def coach_one(course, learner: str, parts, known, checked) -> float:
    """What `coachlab grade` does for one learner before feedback: check, stage, autograde."""
    from coachlab.grading.staging import STAGED_DIR, canonical_answers, stage
    from coachlab.grading.submissions import inspect
    from coachlab.grading.workers import Task, grade_one

    started = time.perf_counter()
    released = course.exercises / NAME
    found = inspect(learner, course.root / "submitted" / learner / NAME, released, parts)
    stage(course.root / STAGED_DIR / learner / NAME, released, course.root / "submitted" / learner / NAME,
          canonical_answers(found.saved, known), checked)
    out = grade_one(str(course.root), NAME, Task(learner, True, feedback=False))
    seconds = time.perf_counter() - started
    if out.error or found.problems:
        raise SystemExit(f"coachlab grading failed for {learner}: {out.error} {found.problems}")
    return seconds


def bare_one(api, learner: str, feedback: bool = False) -> float:
    started = time.perf_counter()
    result = api.autograde(NAME, learner, force=True, create=True)
    if feedback and result["success"]:
        result = api.generate_feedback(NAME, learner, force=True)
    seconds = time.perf_counter() - started
    if not result["success"]:
        raise SystemExit(f"bare nbgrader failed for {learner}:\n{result.get('log', '')}{result.get('error', '')}")
    return seconds


def per_submission(tmp: Path, count: int, rounds: int) -> tuple[list[float], list[float]]:
    from coachlab.grading.cells import assignment_parts
    from coachlab.grading.staging import checked_data

    course, coach_ids = coach_course(tmp / "coachlab", count + 1)
    api, bare_ids = bare_course(tmp / "bare", count + 1)
    parts = assignment_parts(REPO / "solutions" / NAME)
    known, checked = set(parts.record_keys()), checked_data(REPO / "solutions" / NAME, parts.scenarios)
    coach_one(course, coach_ids.pop(), parts, known, checked), bare_one(api, bare_ids.pop())  # warm-up
    coach, bare = [], []
    for _ in range(rounds):
        for c_id, b_id in zip(coach_ids, bare_ids):
            coach.append(coach_one(course, c_id, parts, known, checked))
            bare.append(bare_one(api, b_id))
    return coach, bare


def cohort(tmp: Path, count: int, rounds: int, jobs: int) -> dict[str, list[float]]:
    """Seconds per round: coachlab grade --jobs N from a folder, bare autograde + feedback, bare autograde."""
    from gradingtools import COURSE_CONFIG

    from coachlab.grading.pipeline import grade

    source = tmp / "cohort-submissions"
    learners(REPO / "exercises" / NAME, source, count, answer=True, nested=False)
    api, bare_ids = bare_course(tmp / "cohort-bare", count)
    from nbgrader.api import Gradebook

    empty = tmp / "empty-gradebook.db"  # made once: creating a gradebook runs `alembic`, not grading
    Gradebook(f"sqlite:///{empty}", "coachlab").close()
    times: dict[str, list[float]] = {"coachlab": [], "bare+feedback": [], "bare": []}
    for n in range(rounds):
        root = tmp / f"cohort-coach-{n}"
        root.mkdir()
        (root / "nbgrader_config.py").write_text(COURSE_CONFIG.format(
            solutions=str(REPO / "solutions"), exercises=str(REPO / "exercises"), extra=""))
        shutil.copy(empty, root / "gradebook.db")

        def coachlab_round(root=root) -> float:
            started = time.perf_counter()
            with open(os.devnull, "w") as quiet:
                report = grade(NAME, root, from_folder=source, jobs=jobs, progress=quiet)
            assert len(report.having("graded")) == count, report.summary()
            return time.perf_counter() - started

        steps = [("coachlab", coachlab_round),
                 ("bare+feedback", lambda: sum(bare_one(api, b, feedback=True) for b in bare_ids)),
                 ("bare", lambda: sum(bare_one(api, b) for b in bare_ids))]
        for key, step in steps if n % 2 == 0 else reversed(steps):  # alternate, so that load drift evens out
            times[key].append(step())
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=4, help="submissions per course, per submission part (4)")
    parser.add_argument("--rounds", type=int, default=3, help="times each measure is repeated (3)")
    parser.add_argument("--cohort", type=int, default=20, help="learners in the cohort part (20; 0: skip it)")
    parser.add_argument("--jobs", type=int, default=2, help="coachlab grade --jobs for the cohort part (2)")
    args = parser.parse_args(argv)
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    print("uptime before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(f"processors: {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="coachlab-bench-") as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        coach, bare = per_submission(Path(tmp), args.learners, args.rounds)
        c_med, b_med = statistics.median(coach), statistics.median(bare)
        ratio = c_med / b_med
        print(f"per submission, seconds ({len(coach)} each, median; min-max)")
        print(f"  coachlab {NAME} (check, stage, autograde) {c_med:6.3f}   ({min(coach):.3f}-{max(coach):.3f})")
        print(f"  bare nbgrader autograde, same cells      {b_med:6.3f}   ({min(bare):.3f}-{max(bare):.3f})")
        print(f"  ratio                                    {ratio:6.2f}   (target: {TARGET} or less: "
              f"{'met' if ratio <= TARGET else 'NOT met'})")
        if args.cohort:
            times = cohort(Path(tmp), args.cohort, args.rounds, args.jobs)
            med = {k: statistics.median(v) for k, v in times.items()}
            print(f"cohort of {args.cohort}, seconds per round ({args.rounds} rounds, median; min-max)")
            for key, label in [("coachlab", f"coachlab grade --jobs {args.jobs} (all steps)"),
                               ("bare+feedback", "bare nbgrader autograde + feedback, in turn"),
                               ("bare", "bare nbgrader autograde alone, in turn")]:
                print(f"  {label:<44} {med[key]:7.2f}   ({min(times[key]):.2f}-{max(times[key]):.2f})")
            speed = med["bare+feedback"] / med["coachlab"]
            print(f"  throughput vs bare autograde + feedback  {speed:6.2f}x  (target: {COHORT_TARGET}x or more: "
                  f"{'met' if speed >= COHORT_TARGET else 'NOT met'})")
            print(f"  throughput vs bare autograde alone       {med['bare'] / med['coachlab']:6.2f}x")
    print("uptime after: ", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
