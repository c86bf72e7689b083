"""Synthetic cohorts, for the debrief's tests and benchmark and for trying the report without learners.

`write_submission` writes a learner's folder as nbgrader collects it (notebook, answers file in the
format of `coachlab.store`, ``timestamp.txt``); `write_gradebook` writes a gradebook with nbgrader's
own API and ORM; `random_cohort` builds a whole course folder of *n* plausible learners.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

from coachlab.scenario import Engine, Scenario
from coachlab.store import ANSWERS_FILE, SCHEMA_VERSION
from coachlab.debrief.sources import AssignmentData

STAMP = "2025-03-14T09:00:00+00:00"


def answers_records(scenarios: dict[str, Scenario], plays: dict[str, list[tuple[str, list[str]]]] | None = None,
                    checks: dict[str, dict[str, list[str]]] | None = None,
                    reflections: dict[str, dict[str, str]] | None = None) -> dict:
    """The records of an answers file: *plays* {scenario: [(role, choice ids)]}, *checks* {check:
    {question: option ids}}, *reflections* {reflection: {prompt: text}}."""
    records = {}

    def put(key, value):
        records[key] = {"schema": SCHEMA_VERSION, "saved_at": STAMP, "value": value}

    for sid, played in (plays or {}).items():
        engine, value = Engine(scenarios[sid]), {"role": None, "roles": {}, "plays": []}
        for role, path in played:
            state = engine.replay(role, path)
            value["role"] = role
            value["roles"][role] = {"path": list(path), "node": state.node_id}
            if engine.is_over(state):
                value["plays"].append({"role": role, "path": list(path), "ending": state.node_id,
                                       "ending_title": engine.ending(state).title, "scores": engine.scores(state),
                                       "at": STAMP})
        put(f"roleplay/{sid}", value)
    for cid, questions in (checks or {}).items():
        put(f"check/{cid}", {"questions": {q: {"chosen": list(o), "correct": None, "attempts": [list(o)]}
                                           for q, o in questions.items()}})
    for rid, answers in (reflections or {}).items():
        put(f"reflection/{rid}", {"answers": dict(answers)})
    return records


def write_submission(folder: str | Path, records: dict | None, *, notebook: str | Path | None = None,
                     timestamp: str | None = STAMP) -> Path:
    """A learner's submitted folder: the answers file (none if *records* is None), a copy of *notebook*."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if records is not None:
        (folder / ANSWERS_FILE).write_text(json.dumps({"schema": SCHEMA_VERSION, "records": records}), "utf-8")
    if notebook is not None:
        shutil.copy(notebook, folder / Path(notebook).name)
    if timestamp:
        (folder / "timestamp.txt").write_text(timestamp.replace("T", " "), "utf-8")
    return folder


def write_gradebook(path: str | Path, assignment: str, notebook: str, cells: list[tuple[str, float, bool]],
                    students: dict[str, tuple[str, str]], submissions: dict[str, dict],
                    duedate: datetime | None = None) -> Path:
    """A gradebook: *cells* [(name, points, manual)], *students* {id: (first, last)}, *submissions*
    {id: {"timestamp": datetime, "grades": {cell: points or None (manual, not graded yet)}}}."""
    from nbgrader.api import Grade, Gradebook, SubmittedAssignment, SubmittedNotebook

    bindir = os.path.dirname(sys.executable)  # nbgrader runs `alembic`, found beside this Python
    if shutil.which("alembic") is None:
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
    with Gradebook(f"sqlite:///{Path(path).resolve()}", "coachlab") as gb:
        gb.add_assignment(assignment, duedate=duedate)
        gb.add_notebook(notebook, assignment)
        ids = {}
        for name, points, manual in cells:
            add = gb.add_task_cell if manual else gb.add_grade_cell
            ids[name] = add(name, notebook, assignment, max_score=points,
                            cell_type="markdown" if manual else "code").id
        found = gb.find_assignment(assignment)
        nb_row = found.notebooks[0]
        for sid, (first, last) in students.items():  # one transaction for the cohort, not one per row
            gb.db.add(_student(sid, first, last))
        gb.db.commit()
        for sid, sub in submissions.items():
            done = SubmittedAssignment(assignment=found, student_id=sid, timestamp=sub.get("timestamp"))
            snb = SubmittedNotebook(notebook=nb_row, assignment=done)
            for name, _points, manual in cells:
                score = sub.get("grades", {}).get(name)
                Grade(cell_id=ids[name], notebook=snb, auto_score=None if manual else score,
                      manual_score=score if manual else None, needs_manual_grade=manual and score is None)
            gb.db.add(done)
        gb.db.commit()
    return Path(path)


def _student(sid: str, first: str, last: str):
    from nbgrader.api import Student

    return Student(id=sid, first_name=first, last_name=last)


def random_cohort(root: str | Path, data: AssignmentData, n: int, *, seed: int = 1, notebook: Path | None = None,
                  missing_share: float = 0.1) -> Path:
    """A course folder of *n* learners of *data*'s assignment, with random plays, answers and grades."""
    rng = random.Random(seed)
    root = Path(root)
    cells = ([(f"mark-{cid}", float(len(s.questions)), False) for cid, s in data.checks.items()]
             + [(f"mark-roleplay-{sid}", 2.0, False) for sid in data.scenarios]
             + [(f"rubric-{rid}", 4.0, True) for rid in data.reflections])
    due = datetime(2025, 3, 14, 17, 0)
    students, subs = {}, {}
    for i in range(n):
        sid = f"learner{i:05d}"
        students[sid] = (f"First{i}", f"Last{i}")
        if rng.random() < missing_share:
            continue
        plays = {s: [_random_play(rng, sc, rng.choice(list(sc.roles)))] for s, sc in data.scenarios.items()}
        checks = {cid: {q.id: [rng.choice(q.options).id] for q in spec.questions} for cid, spec in data.checks.items()}
        refl = {rid: {p.id: f"text {i}" for p in spec.prompts} for rid, spec in data.reflections.items()}
        write_submission(root / "submitted" / sid / data.name, answers_records(data.scenarios, plays, checks, refl),
                         notebook=notebook)
        stamp = due + timedelta(minutes=rng.randint(-600, 60))
        subs[sid] = {"timestamp": stamp, "grades": {name: float(rng.randint(0, int(p))) for name, p, _ in cells}}
    write_gradebook(root / "gradebook.db", data.name, (data.notebooks or [f"{data.name}.ipynb"])[0].removesuffix(".ipynb"),
                    cells, students, subs, duedate=due)
    return root


def _random_play(rng: random.Random, scenario: Scenario, role: str) -> tuple[str, list[str]]:
    engine = Engine(scenario)
    state = engine.start(role)
    while not engine.is_over(state):
        options = engine.options(state)
        if not options:
            break
        state = engine.choose(state, rng.choice(options).id)
    return role, list(state.path)

