"""Shared by the grading tests: an empty gradebook to copy, and one simulated cohort graded end to end.

The cohort goes through nbgrader's whole workshop path on one machine: release to a temporary
exchange, fetch and submit by several simulated learners (each with a home folder of their own,
named to nbgrader by config: Exchange.root, assignment_dir and cache, CourseDirectory.student_id),
then ``coachlab grade`` (collect, autograde, feedback, grades CSV). Grading takes a few seconds a
learner, so the graded cohort is built once and read by several test modules.
"""
from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime, UTC
from pathlib import Path

import nbformat
import pytest
from gradingtools import (ANALYSIS, ASSIGNMENT, BAD_TIMESTAMP, COMPLETE, CORRUPT_ANSWERS, CORRUPT_NOTEBOOK,
                          EMPTY, EXERCISES, LATE, MISSING, PARTIAL, SOLUTIONS, TAMPERED, copy_course_source, keys,
                          new_course, work, wrong)



@pytest.fixture(scope="session")
def db_template(tmp_path_factory) -> Path:
    """An empty nbgrader gradebook for course 'coachlab' (creating one runs the `alembic` command)."""
    from nbgrader.api import Gradebook

    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]
    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    Gradebook(f"sqlite:///{path}", "coachlab").close()
    return path


def exchange_config(exchange: Path, home: Path | None = None, learner: str | None = None):
    from traitlets.config import Config

    c = Config()
    c.CourseDirectory.course_id = "coachlab"
    c.Exchange.root = str(exchange)
    if home is not None:  # a learner: their own home folder and nbgrader cache
        c.Exchange.assignment_dir = str(home)
        c.Exchange.cache = str(home / ".nbgrader-cache")
        c.CourseDirectory.student_id = learner
    return c


def learner_step(step: str, exchange: Path, home: Path, learner: str):
    """Run the learner's side of the exchange (fetch_assignment or submit) for *learner*."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory

    c = exchange_config(exchange, home, learner)
    coursedir = CourseDirectory(config=c)
    coursedir.assignment_id = ASSIGNMENT
    factory = ExchangeFactory(config=c)
    app = (factory.FetchAssignment if step == "fetch" else factory.Submit)(
        coursedir=coursedir, authenticator=Authenticator(config=c), config=c)
    app.start()


@pytest.fixture(scope="session")
def cohort(tmp_path_factory, db_template):
    """Nine learners of jerome_case, graded once; yields a namespace with the report and folders.

    ana complete · ben partial · cy submits without answering · dee tampers (wrong answers marked
    "correct", a forged role-play ending, an added cell that rewrites the answers, a deleted and an
    edited cell, correct flags added to the data) · eve's notebook is corrupt but her answers are
    whole · fay's answers file is corrupt · gus's timestamp is malformed · hal submits after the due
    date · ivy is on the roster and never submits. The source folder also holds an answers file
    with every key answer, as left by an author trying the notebook: autograde must never copy it
    over a learner's answers.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    from coachlab.grading.pipeline import grade

    root = tmp_path_factory.mktemp("cohort")
    solutions, exercises = copy_course_source(root / "repo", [ASSIGNMENT])
    planted = solutions / ASSIGNMENT / "coachlab_answers.json"
    work(solutions / ASSIGNMENT, ASSIGNMENT, checks=keys(ASSIGNMENT), play="jerome")  # the author's try-out
    assert planted.exists()
    exchange = root / "exchange"
    exchange.mkdir()
    course = new_course(root / "course", solutions, exercises, db_template,
                        extra=f"c.Exchange.root = {str(exchange)!r}")
    roster = root / "roster.txt"
    roster.write_text("id\n" + "\n".join([COMPLETE, PARTIAL, EMPTY, TAMPERED, CORRUPT_NOTEBOOK, CORRUPT_ANSWERS,
                                          BAD_TIMESTAMP, LATE, MISSING]) + "\n")

    # the facilitator releases the assignment to the exchange
    c = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    api = NbGraderAPI(coursedir=CourseDirectory(config=c), config=c)
    released = api.release_assignment(ASSIGNMENT)
    assert released["success"], released.get("log")

    homes = {}
    for learner in [COMPLETE, PARTIAL, EMPTY, TAMPERED, CORRUPT_NOTEBOOK, CORRUPT_ANSWERS, BAD_TIMESTAMP]:
        homes[learner] = root / "home" / learner
        homes[learner].mkdir(parents=True)
        learner_step("fetch", exchange, homes[learner], learner)
    folder = {learner: home / ASSIGNMENT for learner, home in homes.items()}

    right, bad = keys(ASSIGNMENT), wrong(ASSIGNMENT)
    work(folder[COMPLETE], ASSIGNMENT, checks=right, play="coach",
         reflection={"analysis": ANALYSIS[COMPLETE], "action": "Ask each peer how they want to be involved."})
    work(folder[PARTIAL], ASSIGNMENT, play="peer", stop_before_end=True, reflection={"analysis": "Jealousy."},
         checks={"reading-the-case": {"same-pattern": right["reading-the-case"]["same-pattern"],
                                      "reading-people": right["reading-the-case"]["reading-people"],
                                      "stakeholder-grid": bad["reading-the-case"]["stakeholder-grid"]}})
    tamper(folder[TAMPERED], right, bad)
    work(folder[CORRUPT_NOTEBOOK], ASSIGNMENT, checks=right, play="jerome")
    notebook = folder[CORRUPT_NOTEBOOK] / f"{ASSIGNMENT}.ipynb"
    notebook.write_text(notebook.read_text()[:700])  # cut off mid-file, as by a crash while saving
    work(folder[CORRUPT_ANSWERS], ASSIGNMENT, checks=right, play="jerome")
    answers = folder[CORRUPT_ANSWERS] / "coachlab_answers.json"
    answers.write_text(answers.read_text()[:-40])

    for learner in homes:
        learner_step("submit", exchange, homes[learner], learner)
    inbound = exchange / "coachlab" / "inbound"
    [gus_submission] = inbound.glob(f"{BAD_TIMESTAMP}+*")
    (gus_submission / "timestamp.txt").write_text("next Tuesday, around lunch")

    due = datetime.now(UTC)  # hal submits after this instant (times carry microseconds): late, no sleep needed
    homes[LATE] = root / "home" / LATE
    homes[LATE].mkdir(parents=True)
    learner_step("fetch", exchange, homes[LATE], LATE)
    work(homes[LATE] / ASSIGNMENT, ASSIGNMENT, checks=right, play="jerome", reflection={"analysis": ANALYSIS[LATE]})
    learner_step("submit", exchange, homes[LATE], LATE)

    progress = root / "progress.txt"
    with open(progress, "w") as stream:
        started = time.perf_counter()
        report = grade(ASSIGNMENT, course, due=due.strftime("%Y-%m-%d %H:%M:%S.%f UTC"), roster=roster,
                       progress=stream)
        seconds = time.perf_counter() - started

    class Cohort:
        pass

    cohort = Cohort()
    cohort.__dict__.update(root=root, course=course, exchange=exchange, solutions=solutions, exercises=exercises,
                           report=report, homes=homes, due=due, roster=roster, seconds=seconds,
                           progress=progress.read_text(), planted=planted)
    return cohort


def tamper(folder: Path, right: dict, bad: dict) -> None:
    """What a learner who edits files by hand might do, after answering wrongly through the widgets."""
    work(folder, ASSIGNMENT, checks={"reading-the-case": bad["reading-the-case"],
                                     "debrief": {"sbi-opening": right["debrief"]["sbi-opening"]}})
    answers = folder / "coachlab_answers.json"
    data = json.loads(answers.read_text())
    for entry in data["records"]["check/reading-the-case"]["value"]["questions"].values():
        entry["correct"] = True  # "the widget said so"
    data["records"]["roleplay/jerome_backlash"] = {"schema": 1, "saved_at": "2025-01-01T00:00:00+00:00", "value": {
        "plays": [{"role": "jerome", "path": ["j-find-a-coach"], "ending": "j-end-shared-win", "ending_title": "x"}]}}
    answers.write_text(json.dumps(data))
    forged = json.dumps({"schema": 1, "records": {"check/reading-the-case": {"schema": 1, "saved_at": "x", "value": {
        "questions": {q: {"chosen": o} for q, o in right["reading-the-case"].items()}}}}})
    path = folder / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "setup"]
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "mark-debrief":
            cell.source = "3.0"
    nb.cells.insert(1, nbformat.v4.new_code_cell(f"open('coachlab_answers.json', 'w').write({forged!r})"))
    nbformat.write(nb, path)
    data_file = folder / "data" / f"{ASSIGNMENT}.yaml"
    monitor = "text: \"Low power, low interest: monitor\""
    data_file.write_text(data_file.read_text().replace(monitor, monitor + "\n            correct: true"))


@pytest.fixture(scope="session")
def hostile(tmp_path_factory, db_template):
    """The hostile cohort (gradingtools.hostile_submissions) graded from a folder twice, in two fresh
    course folders: with --jobs 1 and with --jobs 2. Yields a namespace of both reports and folders."""
    from gradingtools import hostile_submissions

    from coachlab.grading.pipeline import grade

    root = tmp_path_factory.mktemp("hostile")
    markers = root / "markers"
    markers.mkdir()
    source = hostile_submissions(root / "from-lms", markers)
    courses, reports = {}, {}
    for jobs in (1, 2):
        courses[jobs] = new_course(root / f"course-jobs{jobs}", SOLUTIONS, EXERCISES, db_template)
        with open(os.devnull, "w") as quiet:
            reports[jobs] = grade(ASSIGNMENT, courses[jobs], from_folder=source, jobs=jobs, progress=quiet)

    class Hostile:
        pass

    found = Hostile()
    found.__dict__.update(root=root, markers=markers, source=source, courses=courses, reports=reports,
                          course=courses[2], report=reports[2])
    return found
