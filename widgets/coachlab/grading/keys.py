"""The answer keys of an assignment, read from the hidden tests of its source notebook, and checked.

A key is the dict in a hidden line ``case.mark("check-id", {"question-id": ["option-id", ...]})``
of an autograder test cell. Checking keys against the lesson data before grading catches what would
otherwise silently cost every learner points: a key naming an unknown option, a question left
unkeyed, cell points that differ from the number of questions, or a graded question whose data
carries a ``correct`` flag (which the widget would show to learners).
"""
from __future__ import annotations

import ast
import os
import stat
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..content.errors import CourseDataError, Problem
from ..content.lessondata import load_lesson_data

# As nbgrader itself does, a marker counts wherever it stands in a line, whatever comment sign precedes it.
BEGIN, END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"


@dataclass(frozen=True)
class KeyCell:
    """One autograder test cell that marks a knowledge check."""

    notebook: Path
    grade_id: str
    check_id: str
    key: dict[str, list[str]]
    points: float


HIDDEN_PLACEHOLDER = "# (hidden test: it holds the answer key, so it is kept out of graded copies)"


def without_hidden_tests(source: str) -> str:
    """*source* with every hidden-test region (markers included) replaced by one placeholder line."""
    lines, inside = [], False
    for line in source.splitlines():
        if BEGIN in line:
            inside = True
            lines.append(line[: len(line) - len(line.lstrip())] + HIDDEN_PLACEHOLDER)
        elif END in line:
            inside = False
        elif not inside:
            lines.append(line)
    return "\n".join(lines)


def redact_hidden_tests(folder: Path) -> int:
    """Take the hidden tests out of the autograded notebooks in *folder* (after autograding, which
    needs them): formgrader shows these notebooks, and feedback is made from them. Returns the
    number of cells changed."""
    import nbformat

    changed = 0
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        touched = 0
        for cell in nb.cells:
            if cell.cell_type == "code" and BEGIN in cell.source:
                cell.source = without_hidden_tests(cell.source)
                touched += 1
        if touched:
            mode = stat.S_IMODE(path.stat().st_mode)  # nbgrader leaves graded copies read-only
            os.chmod(path, mode | stat.S_IWUSR)
            try:
                nbformat.write(nb, path)
            finally:
                os.chmod(path, mode)
            changed += touched
    return changed


def hidden_code(source: str) -> str:
    """The code inside the hidden-test regions of a cell's source."""
    lines, inside = [], False
    for line in source.splitlines():
        if BEGIN in line:
            inside = True
        elif END in line:
            inside = False
        elif inside:
            lines.append(line)
    return "\n".join(lines)


def key_cells(notebook: str | Path) -> list[KeyCell]:
    """Every ``mark(check_id, key)`` call in the hidden tests of *notebook*."""
    nb = nbformat.read(str(notebook), as_version=4)
    found = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        code = hidden_code(cell.source) if cell.cell_type == "code" else ""
        if not code.strip():
            continue
        for node in ast.walk(ast.parse(textwrap.dedent(code))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "mark"
                    and len(node.args) == 2):
                key = ast.literal_eval(node.args[1])
                found.append(KeyCell(Path(notebook), meta.get("grade_id", "?"), ast.literal_eval(node.args[0]),
                                     {q: list(v) for q, v in key.items()}, float(meta.get("points", 0))))
    return found


def check_assignment(folder: str | Path) -> list[Problem]:
    """Every problem with the keys of the assignment in *folder* (``solutions/<name>``)."""
    folder = Path(folder)
    data_path = folder / "data" / f"{folder.name}.yaml"
    try:
        data = load_lesson_data(data_path)
    except CourseDataError as e:
        return e.problems
    problems: list[Problem] = []
    keyed: dict[str, KeyCell] = {}
    for notebook in sorted(folder.glob("*.ipynb")):
        for cell in key_cells(notebook):
            where = f"{notebook}: cell {cell.grade_id}"
            if cell.check_id in keyed:
                problems.append(Problem(where, None, f"check {cell.check_id!r} is marked twice",
                                        "keep one mark cell per check"))
            keyed[cell.check_id] = cell
            problems += _key_problems(data, cell, where)
    for cid, spec in data.checks.items():
        for q in spec.questions:
            if not q.graded:
                problems.append(Problem(str(data_path), None,
                                        f"question {q.id!r} of check {cid!r} marks options correct",
                                        "leave `correct` out of every option of a graded assignment: "
                                        "the key belongs in the hidden test only"))
        if cid not in keyed:
            problems.append(Problem(str(data_path), None, f"check {cid!r} has no mark cell",
                                    "add an autograder test cell with a hidden mark() line for it"))
    return problems


def _key_problems(data, cell: KeyCell, where: str) -> list[Problem]:
    spec = data.checks.get(cell.check_id)
    if spec is None:
        return [Problem(where, None, f"marks unknown check {cell.check_id!r}", f"use one of: {', '.join(data.checks)}")]
    problems = []
    questions = {q.id: q for q in spec.questions}
    for qid in sorted(set(questions) - set(cell.key)):
        problems.append(Problem(where, None, f"question {qid!r} has no key", "add it to the key"))
    for qid, right in cell.key.items():
        q = questions.get(qid)
        if q is None:
            problems.append(Problem(where, None, f"key names unknown question {qid!r}",
                                    f"use one of: {', '.join(questions)}"))
            continue
        unknown = sorted(set(right) - {o.id for o in q.options})
        if unknown:
            problems.append(Problem(where, None, f"key of {qid!r} names unknown options {unknown}",
                                    f"use option ids of the data: {', '.join(o.id for o in q.options)}"))
        if not right or (q.kind == "single" and len(right) != 1):
            problems.append(Problem(where, None,
                                    f"key of single-choice or empty question {qid!r} has {len(right)} options",
                                    "give exactly one option for a single-choice question, at least one otherwise"))
    if cell.points != len(questions):
        problems.append(Problem(where, None,
                                f"the cell is worth {cell.points:g} points but marks {len(questions)} questions",
                                "give the cell one point per question: mark() returns one point per right answer"))
    return problems
