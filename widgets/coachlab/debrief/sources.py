"""What an assignment is made of, for the debrief: its scenarios, knowledge checks, reflections and keys.

The cohort's course folder names the course's ``solutions/`` (source) and ``exercises/`` (release) in
its ``nbgrader_config.py`` (written by ``coachlab grade``); without one, this clone's folders are used.
Scenarios and question texts come from the release, the answer keys from the hidden tests of the
source (`coachlab.grading.keys`), which only the facilitator has. Nothing here is fatal: what cannot
be loaded is listed in ``notes`` and the debrief shows what it can.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..content.errors import CourseDataError
from ..content.lessondata import CheckSpec, ReflectionSpec, load_lesson_data
from ..scenario import Scenario, load_scenario

CONFIG_FILE = "nbgrader_config.py"
log = logging.getLogger(__name__)


@dataclass
class AssignmentData:
    """The parts of one assignment, as the debrief needs them."""

    name: str
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    checks: dict[str, CheckSpec] = field(default_factory=dict)
    reflections: dict[str, ReflectionSpec] = field(default_factory=dict)
    keys: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # check -> question -> option ids
    notebooks: list[str] = field(default_factory=list)  # names of the released notebooks
    notes: list[str] = field(default_factory=list)


def course_folders(course_dir: str | Path) -> tuple[Path | None, Path | None]:
    """(source, release) folders of the course: from the course folder's nbgrader settings, else this clone."""
    root = Path(course_dir).expanduser().resolve()
    if (root / CONFIG_FILE).is_file():
        try:
            from traitlets.config.loader import PyFileConfigLoader

            c = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
            cd = c.CourseDirectory
            src, rel = cd.get("source_directory", "source"), cd.get("release_directory", "release")
            return root / src, root / rel
        except Exception as e:  # a broken config: fall back to the clone, the caller notes what is missing
            log.warning("%s could not be read (%s: %s); using this clone's solutions/ and exercises/",
                        root / CONFIG_FILE, type(e).__name__, e)
            log.debug("details", exc_info=True)
    from ..grading.coursefolder import find_repo

    repo = find_repo()
    return (repo / "solutions", repo / "exercises") if repo else (None, None)


def assignments(course_dir: str | Path) -> list[str]:
    """The assignments of the course (folders of the release holding a notebook)."""
    _, release = course_folders(course_dir)
    if release is None or not release.is_dir():
        return []
    return sorted(p.name for p in release.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def load_assignment(course_dir: str | Path, assignment: str) -> AssignmentData:
    """The scenarios, checks, reflections and keys of *assignment*; what is missing goes to ``notes``."""
    source, release = course_folders(course_dir)
    found = AssignmentData(assignment)
    folder = next((f / assignment for f in (release, source) if f is not None and (f / assignment).is_dir()), None)
    if folder is None:
        found.notes.append(f"the assignment {assignment!r} was not found in the course's exercises/ or "
                           "solutions/, so question texts, scenarios and endings are not known")
        return found
    found.notebooks = sorted(p.name for p in folder.glob("*.ipynb"))
    data_path = folder / "data" / f"{assignment}.yaml"
    if data_path.is_file():
        try:
            data = load_lesson_data(data_path)
            found.checks, found.reflections = dict(data.checks), dict(data.reflections)
        except CourseDataError as e:
            found.notes.append(f"{data_path} could not be read ({e.problems[0].message})")
    for path in sorted((folder / "data" / "scenarios").glob("*.yaml")):
        try:
            scenario = load_scenario(path)
            found.scenarios[scenario.id] = scenario
        except CourseDataError as e:
            found.notes.append(f"{path} could not be read ({e.problems[0].message})")
    found.keys = _keys(source / assignment if source is not None else None, found)
    return found


def _keys(folder: Path | None, found: AssignmentData) -> dict[str, dict[str, list[str]]]:
    keys: dict[str, dict[str, list[str]]] = {}
    if folder is not None and folder.is_dir():
        from ..grading.keys import key_cells

        for notebook in sorted(folder.glob("*.ipynb")):
            try:
                for cell in key_cells(notebook):
                    keys[cell.check_id] = cell.key
            except Exception as e:  # an unreadable source notebook: no keys from it
                log.debug("the answer keys in %s could not be read", notebook, exc_info=True)
                found.notes.append(f"the answer keys in {notebook} could not be read ({type(e).__name__})")
    for cid, spec in found.checks.items():  # practice questions carry their key in the data
        for q in spec.questions:
            if not q.graded and q.id not in keys.get(cid, {}):
                keys.setdefault(cid, {})[q.id] = [o.id for o in q.options if o.correct]
    graded = [cid for cid, spec in found.checks.items() if any(q.graded for q in spec.questions)]
    unkeyed = [cid for cid in graded if cid not in keys]
    if unkeyed:
        found.notes.append(f"no answer key found for {', '.join(unkeyed)} (the course's solutions/ are not "
                           "available): right and wrong are shown only where the gradebook tells")
    return keys
