"""A small graded cohort whose reflections wait for a mark, for the marking and formgrader tests.

Five learners hand in jerome_case through ``--from-folder`` (quicker than the exchange), each with a
different reflection, one of them long and one with HTML in it; ``coachlab grade`` grades them.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from gradingtools import ASSIGNMENT, COURSE_CONFIG, EXERCISES, SOLUTIONS, keys, work
from coachlab.store import MAX_TEXT_CHARS

REFLECTIONS = {
    "amani": {"analysis": "Jerome meant to help; his peers felt overtaken in a race they never agreed to run.",
              "conclusion": "He could have asked one peer to co-lead.",
              "action": "Ask peers how they want to be involved."},
    "bruno": {"analysis": "The peers were jealous."},
    "chidi": {"analysis": "<script>alert('x')</script> <b>not bold</b> & more: the peers judged impact, not intent.",
              "action": "Share credit in the first status update."},
    "dana": {"analysis": "Both views are real. " * 2000},  # about 42,000 characters
    "emil": {"analysis": "Competition between teams is understood more than said; results widened the gap.",
             "conclusion": "Weigh a private word with one peer against raising it in a meeting.",
             "action": "Before I volunteer, ask the peer it affects most."},
}


def graded_cohort(root: Path, learners: dict[str, dict[str, str]] = REFLECTIONS) -> Path:
    """A course folder under *root* in which *learners* (id: reflection answers) were graded."""
    from nbgrader.api import Gradebook

    from coachlab.grading.pipeline import grade

    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]  # nbgrader's alembic
    course = root / "course"
    course.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(COURSE_CONFIG.format(solutions=str(SOLUTIONS),
                                                                     exercises=str(EXERCISES), extra=""))
    Gradebook(f"sqlite:///{course / 'gradebook.db'}", "coachlab").close()
    inbox = root / "inbox"
    for learner, reflection in learners.items():
        folder = inbox / learner / ASSIGNMENT
        shutil.copytree(EXERCISES / ASSIGNMENT, folder)
        short = {k: (v if len(v) <= MAX_TEXT_CHARS else "(written below)") for k, v in reflection.items()}
        work(folder, ASSIGNMENT, checks=keys(ASSIGNMENT), play="coach", reflection=short)
        if short != reflection:  # the widget refuses more than MAX_TEXT_CHARS: written into the file by hand
            path = folder / "coachlab_answers.json"
            data = json.loads(path.read_text())
            [key] = [k for k in data["records"] if k.startswith("reflection/")]
            data["records"][key]["value"]["answers"].update(reflection)
            path.write_text(json.dumps(data))
    report = grade(ASSIGNMENT, course, from_folder=inbox)
    assert len(report.having("graded")) == len(learners), report.summary()
    return course


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(argv: list[str], ready: str, *, cwd: Path | None = None, timeout: float = 90) -> Iterator[re.Match]:
    """Run a server until the block ends; yields the match of *ready* (a regex) in its output."""
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: list[str] = []
    found: list[re.Match] = []
    event = threading.Event()

    def pump():
        for line in proc.stdout:
            lines.append(line)
            m = re.search(ready, line)
            if m and not event.is_set():
                found.append(m)
                event.set()

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    try:
        while not event.wait(0.2):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{argv[:2]} did not start (exit status {proc.poll()}):\n{''.join(lines)}")
        yield found[0]
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def start_mark(course: Path, *extra: str):
    """``coachlab mark jerome_case`` on a free port; yields the login address (with its token)."""
    return running([str(Path(sys.executable).with_name("coachlab")), "mark", ASSIGNMENT, "--course-dir", str(course),
                    "--port", "0", "--no-browser", *extra], r"Coaching Lab marking: (http://127\.0\.0\.1:(\d+)/\?token=(\S+))")
