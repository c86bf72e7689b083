"""Autograde time per submission: a Coaching Lab assignment against bare nbgrader, in one run.

    python benchmarks/grading.py [--learners 4] [--rounds 3]

Both courses are graded in-process through nbgrader's API, alternating submission by submission
so that machine load falls on both alike:

* coachlab: solutions/jerome_case with the course settings (coachlab_answers.json from learners
  who answered through the widgets; widget cells render saved answers, test cells mark them);
* bare: a notebook with the same cells (same count, kinds and nbgrader metadata) holding plain
  Python and no coachlab, graded with nbgrader's default settings.

Prints the median seconds per submission of each and their ratio (target: 1.2 or less). Almost
all of a submission's time is the kernel's start; what coachlab adds is its imports and reading
the lesson data and scenario in that kernel.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
NAME = "jerome_case"
TARGET = 1.2


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


def learners(release: Path, submitted: Path, count: int, answer: bool) -> list[str]:
    """*count* submissions of the release; with *answer*, each answered through the widgets."""
    ids = [f"learner{i}" for i in range(count)]
    for learner in ids:
        folder = submitted / learner / NAME
        shutil.copytree(release, folder)
        if answer:
            sys.path.insert(0, str(REPO / "tests" / "grading"))
            from gradingtools import keys, work
            work(folder, NAME, checks=keys(NAME), play="jerome", reflection={"analysis": "A short analysis."})
    return ids


def api_for(root: Path, config):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config.CourseDirectory.root = str(root)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    api.log_level = "CRITICAL"
    return api


def setup(work_dir: Path, count: int):
    from traitlets.config import Config

    from coachlab.grading.settings import apply

    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    coach, bare = work_dir / "coachlab", work_dir / "bare"
    c = Config()
    apply(c, root=coach, solutions=REPO / "solutions", exercises=REPO / "exercises")
    coach_api = api_for(coach, c)
    bare_copy(REPO / "solutions" / NAME / f"{NAME}.ipynb", bare / "source" / NAME)
    b = Config()
    b.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]  # the same quiet kernels as coachlab's
    bare_api = api_for(bare, b)
    for api in (coach_api, bare_api):
        # coachlab's register step writes its release elsewhere; here nbgrader's own generate is enough
        result = api.generate_assignment(NAME) if api is bare_api else _register(coach, c)
        assert result["success"], result.get("log")
    coach_ids = learners(REPO / "exercises" / NAME, coach / "submitted", count + 1, answer=True)
    bare_ids = learners(bare / "release" / NAME, bare / "submitted", count + 1, answer=False)
    return (coach_api, coach_ids), (bare_api, bare_ids)


def _register(root: Path, config) -> dict:
    """Record the assignment in the coachlab course's gradebook, as `coachlab grade` does."""
    import copy

    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log, temp_attrs

    c = copy.deepcopy(config)
    c.CourseDirectory.root = str(REPO)
    c.CourseDirectory.source_directory = "solutions"
    c.CourseDirectory.release_directory = str(root / "release")
    c.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    coursedir = CourseDirectory(config=c)
    with temp_attrs(coursedir, assignment_id=NAME):
        app = GenerateAssignment(coursedir=coursedir, config=c)
        app.force = True
        return capture_log(app)


def timed(api, learner: str) -> float:
    started = time.perf_counter()
    result = api.autograde(NAME, learner, force=True, create=True)
    seconds = time.perf_counter() - started
    if not result["success"]:
        raise SystemExit(f"autograde failed for {learner}:\n{result.get('log', '')}{result.get('error', '')}")
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=4, help="submissions per course (default 4)")
    parser.add_argument("--rounds", type=int, default=3, help="times each submission is graded (default 3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="coachlab-bench-") as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (coach_api, coach_ids), (bare_api, bare_ids) = setup(Path(tmp), args.learners)
        timed(coach_api, coach_ids.pop()), timed(bare_api, bare_ids.pop())  # warm-up, not counted
        coach, bare = [], []
        for _ in range(args.rounds):
            for c_id, b_id in zip(coach_ids, bare_ids):
                coach.append(timed(coach_api, c_id))
                bare.append(timed(bare_api, b_id))
    c_med, b_med = statistics.median(coach), statistics.median(bare)
    ratio = c_med / b_med
    print(f"autograde, seconds per submission ({len(coach)} each, median; min-max)")
    print(f"  coachlab {NAME:<14} {c_med:6.3f}   ({min(coach):.3f}-{max(coach):.3f})")
    print(f"  bare nbgrader, same cells {b_med:6.3f}   ({min(bare):.3f}-{max(bare):.3f})")
    print(f"  ratio                     {ratio:6.2f}   (target: {TARGET} or less: {'met' if ratio <= TARGET else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
