"""The graded cells of an assignment as a facilitator knows them: in notebook order, by their text.

nbgrader names a graded cell by its grade id (``mark-debrief``); the grades CSV and the reports
name it by what the learner saw (``Check 2: after the role-play``). A manually marked cell is tied
to the reflection(s) it marks, so that a mark given to a reflection that then changed is caught.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..content.lessondata import load_lesson_data
from ..scenario import Scenario, load_scenario
from .handedits import AssignmentParts
from .keys import key_cells

_CALL = re.compile(r"\.(mark|progress|completed|saved_reflection|reflection|check|roleplay)\(\s*['\"]([^'\"]+)['\"]")


@dataclass
class GradedCells:
    """Every graded cell of an assignment: its title, whether a person marks it, what it marks."""

    order: list[str] = field(default_factory=list)  # grade ids, notebook order
    titles: dict[str, str] = field(default_factory=dict)
    manual: dict[str, list[str]] = field(default_factory=dict)  # manual cell -> reflection ids it marks
    notebook: dict[str, str] = field(default_factory=dict)  # cell -> the notebook (name without .ipynb) it is in


def assignment_parts(source: Path) -> AssignmentParts:
    """The checks, keys, scenarios and reflections of the assignment in *source* (``solutions/<name>``)."""
    lesson = load_lesson_data(source / "data" / f"{source.name}.yaml")
    keys = {k.check_id: k.key for nb in sorted(source.glob("*.ipynb")) for k in key_cells(nb)}
    scenarios: dict[str, Scenario] = {}
    for nb in sorted(source.glob("*.ipynb")):
        for cell in nbformat.read(str(nb), as_version=4).cells:
            for kind, arg in _CALL.findall(cell.source) if cell.cell_type == "code" else []:
                if kind in ("roleplay", "completed") and arg not in scenarios:
                    scenarios[arg] = load_scenario(source / "data" / "scenarios" / f"{arg}.yaml")
    for sid in lesson.roleplays:
        if sid not in scenarios:
            scenarios[sid] = load_scenario(source / "data" / "scenarios" / f"{sid}.yaml")
    return AssignmentParts(lesson, keys, scenarios)


def graded_cells(source: Path, parts: AssignmentParts) -> GradedCells:
    """The graded cells of the source notebooks in *source*, titled from the assignment's data."""
    found = GradedCells()
    reflections = parts.lesson.reflections
    for nb in sorted(source.glob("*.ipynb")):
        for cell in nbformat.read(str(nb), as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            gid = meta.get("grade_id")
            if not gid or not (meta.get("grade") or meta.get("task")):
                continue
            found.order.append(gid)
            found.notebook[gid] = nb.stem
            found.titles[gid] = _title(cell, gid, parts)
            autograded = cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")
            if not autograded:
                rid = gid.removeprefix("rubric-")
                found.manual[gid] = [rid] if rid in reflections else sorted(reflections)
    return found


def _title(cell, gid: str, parts: AssignmentParts) -> str:
    calls = dict((kind, arg) for kind, arg in reversed(_CALL.findall(cell.source)))
    check = calls.get("mark") or calls.get("progress")
    if check in parts.lesson.checks:
        return parts.lesson.checks[check].title
    if calls.get("completed") in parts.scenarios:
        return f"Role-play: {parts.scenarios[calls['completed']].title}"
    rid = gid.removeprefix("rubric-")
    if rid in parts.lesson.reflections:
        return parts.lesson.reflections[rid].title
    heading = next((line.strip("# ").strip() for line in cell.source.splitlines() if line.strip()), "")
    return re.sub(r"\s*\(\d+(\.\d+)? points?\)$", "", heading) or gid
