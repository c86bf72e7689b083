"""Three small nbgrader extensions that make grading depend on the learner's saved answers only.

* `UseReleasedCells` (first autograde step): the submitted notebook's cells are replaced by the
  released ones. Learners answer through widgets and never write code, so nothing of theirs is
  lost, and a deleted, edited or added cell (say, one that rewrites the answers file) changes
  nothing: the notebook graded is the one released, run against their ``coachlab_answers.json``.
* `TolerantNotebookExporter`: a submitted notebook that cannot be read (truncated by a crash,
  not JSON) is read as an empty notebook instead of failing; `UseReleasedCells` then fills in the
  released cells, so the learner's saved answers are still graded.
* `RedactFeedback` (feedback step, before nbgrader's ClearHiddenTests and ClearMarkScheme): no
  traceback, warning or output line in feedback may show a hidden test, hence a key.
"""
from __future__ import annotations

import copy
import functools
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from .keys import hidden_code


ERROR_NOTE = "{ename}: this cell could not finish. The details are kept for your facilitator."
STDERR_NOTE = "(Warnings are not shown in feedback.)\n"
HIDDEN_NOTE = "(Output not shown in feedback.)\n"


class UseReleasedCells(NbGraderPreprocessor):
    """Replace a submitted notebook's cells and metadata with those of the released notebook."""

    release_directory = Unicode(
        "", help="Absolute path of the release folder (one sub-folder per assignment).").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        path = Path(self.release_directory) / info["assignment"] / f"{info['notebook']}.ipynb"
        if not self.release_directory or not path.is_file():
            self.log.warning("No released notebook at %s: grading the cells as submitted", path)
            return nb, resources
        released = _released(str(path), path.stat().st_mtime_ns)
        changes = cell_changes(nb, released)
        if changes:
            self.log.warning("%s of %s differs from the release (%s); grading the released cells against "
                             "the saved answers", info["notebook"], info["student"], changes)
        nb.cells = copy.deepcopy(released.cells)
        nb.metadata = copy.deepcopy(released.metadata)
        return nb, resources


@functools.lru_cache(maxsize=8)
def _released(path: str, _mtime: int):
    """The released notebook at *path*, read once per grading process (and again if it changes)."""
    return nbformat.read(path, as_version=4)


class TolerantNotebookExporter(NotebookExporter):
    """A notebook exporter that reads an unreadable notebook as an empty one, with a warning."""

    def from_file(self, file_stream, resources=None, **kw):
        try:
            nb = nbformat.read(file_stream, as_version=4)
        except Exception as e:  # any parse or decode failure: the answers file is graded all the same
            self.log.warning("The submitted notebook cannot be read (%s: %s); grading the released notebook "
                             "against the saved answers", type(e).__name__, e)
            nb = nbformat.v4.new_notebook()
        return self.from_notebook_node(nb, resources=resources, **kw)


class RedactFeedback(NbGraderPreprocessor):
    """In feedback, replace tracebacks and warnings, and any output that repeats a hidden-test line."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        hidden = hidden_lines(cell.source) + hidden_literals(cell.source)
        outputs = []
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                out = nbformat.v4.new_output("error", ename=out.get("ename", "Error"), evalue="",
                                             traceback=[ERROR_NOTE.format(ename=out.get("ename", "Error"))])
            elif out.output_type == "stream" and out.get("name") == "stderr":
                out = nbformat.v4.new_output("stream", name="stderr", text=STDERR_NOTE)
            elif hidden and _mentions(out, hidden):
                out = nbformat.v4.new_output("stream", name="stdout", text=HIDDEN_NOTE)
            outputs.append(out)
        cell.outputs = outputs
        return cell, resources


def hidden_lines(source: str) -> list[str]:
    """The non-blank lines (stripped) inside hidden-test regions of a cell's source."""
    return [line.strip() for line in hidden_code(source).splitlines() if line.strip()]


def hidden_literals(source: str) -> list[str]:
    """The strings (4 characters or more) written in hidden-test regions but nowhere else in the cell."""
    import ast

    hidden = "\n".join(hidden_lines(source))
    try:
        tree = ast.parse(hidden)
    except SyntaxError:
        return []
    visible = "\n".join(line for line in source.splitlines() if line.strip() not in set(hidden_lines(source)))
    found = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return sorted(v for v in found if len(v) >= 4 and v not in visible)


def _mentions(output, lines: list[str]) -> bool:
    texts = []
    if output.output_type == "stream":
        texts.append(output.get("text", ""))
    for value in output.get("data", {}).values():
        texts.append(value if isinstance(value, str) else "".join(value) if isinstance(value, list) else "")
    blob = "\n".join(t if isinstance(t, str) else "".join(t) for t in texts)
    return any(line in blob for line in lines)


def cell_changes(submitted, released) -> str:
    """A short description of how a submitted notebook's cells differ from the released ones."""
    def ids(nb):
        return {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade_id")}

    sub, rel = ids(submitted), ids(released)
    deleted = [g for g in rel if g not in sub]
    edited = [g for g in rel if g in sub and sub[g].source != rel[g].source]
    added = len(submitted.cells) - len(sub)  # cells without a grade id were not released
    added -= len([c for c in released.cells if not c.metadata.get("nbgrader", {}).get("grade_id")])
    parts = []
    if deleted:
        parts.append(f"{len(deleted)} cell{'s' * (len(deleted) != 1)} deleted")
    if edited:
        parts.append(f"{len(edited)} edited")
    if added > 0:
        parts.append(f"{added} added")
    return ", ".join(parts)
