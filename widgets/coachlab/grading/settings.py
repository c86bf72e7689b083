"""The nbgrader settings of the Coaching Lab course, shared by every nbgrader_config.py.

``apply(c, root=..., solutions=..., exercises=...)`` sets, on an nbgrader ``Config``:

* where the course lives: the source (``solutions/``) and the release (``exercises/``);
* ``Autograde.exclude_overwriting``: autograde copies every non-notebook file of the source over
  each submission, so an answers file left in ``solutions/`` (saved while an author tried the
  notebook) would replace every learner's answers with the key's; it is never copied;
* the autograde steps of `nbgrader_ext` (grade the released cells; read a broken notebook as empty);
* ``GenerateFeedback.preprocessors``: feedback shows no hidden test, mark scheme or traceback;
* every released cell locked (read-only, undeletable): learners answer in widgets only;
* formgrader and feedback pages load nothing from the internet: our ``templates/`` replace
  nbconvert's MathJax macro (formgrader takes MathJax from the Jupyter server, through
  jupyter-server-mathjax; a feedback file loads no script at all).
"""
from __future__ import annotations

from pathlib import Path

from ..store import ANSWERS_FILE

COURSE_ID = "coachlab"
TEMPLATES = Path(__file__).with_name("templates")
# Files that are never copied by nbgrader (generate, submit, collect, autograde): the answers
# store's lock file and half-written temporary files.
IGNORE = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
          f"{ANSWERS_FILE}.lock", f".{ANSWERS_FILE}.*.tmp"]


def assignments(solutions: str | Path) -> list[str]:
    """The assignments of the course: the folders of *solutions* that hold a notebook."""
    folder = Path(solutions)
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and any(p.glob("*.ipynb"))) if folder.is_dir() else []


def nbgrader_templates() -> Path:
    """nbgrader's formgrader and feedback templates."""
    import nbgrader

    return Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"


def apply(c, *, root: str | Path, solutions: str | Path = "solutions", exercises: str | Path = "exercises") -> None:
    """Configure nbgrader *c* for the course; *solutions* and *exercises* may be relative to *root*."""
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import (CheckCellMetadata, ClearHiddenTests, ClearMarkScheme, ClearOutput,
                                        DeduplicateIds, GetGrades, OverwriteCells, OverwriteKernelspec)

    from .nbgrader_ext import RedactFeedback, TolerantNotebookExporter, UseReleasedCells

    root = Path(root).resolve()
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.source_directory = str(solutions)
    c.CourseDirectory.release_directory = str(exercises)
    c.CourseDirectory.ignore = list(IGNORE)
    if not c.CourseDirectory.get("course_id"):
        c.CourseDirectory.course_id = COURSE_ID

    c.LockCells.lock_all_cells = True

    c.Autograde.exclude_overwriting = {a: [ANSWERS_FILE] for a in assignments(root / solutions)}
    c.Autograde.exporter_class = TolerantNotebookExporter
    c.Autograde.sanitize_preprocessors = [UseReleasedCells, ClearOutput, DeduplicateIds, OverwriteKernelspec,
                                          OverwriteCells, CheckCellMetadata]
    c.UseReleasedCells.release_directory = str(root / exercises)
    c.Execute.timeout = 120
    # The autograder's kernels need not warn, once per learner, that they talk over local TCP.
    c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]

    c.GenerateFeedback.preprocessors = [GetGrades, RedactFeedback, ClearHiddenTests, ClearMarkScheme,
                                        CSSHTMLHeaderPreprocessor]
    # Searched before nbgrader's own formgrade/ and feedback/ templates (which GenerateFeedback and
    # formgrader would otherwise set alone), so our mathjax.html.j2 wins over nbconvert's CDN one.
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(nbgrader_templates())]
