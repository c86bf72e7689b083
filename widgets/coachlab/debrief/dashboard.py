"""The debrief as a Voila dashboard: the same report, with filters by assignment and by role played.

Thin on purpose: `build` reads the cohort with `read_cohort` and shows `report.body` in an
ipywidgets page; `serve` writes the notebook template shipped beside this module, with the course
folder filled in, and runs Voila on 127.0.0.1. The notebook holds no learner data: it reads the
course folder each time it is opened.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

TEMPLATE = Path(__file__).with_name("dashboard.ipynb")
NOTEBOOK = "debrief-dashboard.ipynb"
ALL = "(everyone)"


def write_notebook(folder: str | Path, course_dir: str | Path, assignment: str, names: bool = False) -> Path:
    """The dashboard notebook, its parameters cell filled in, written into *folder*."""
    nb = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = (f"COURSE_DIR = {str(Path(course_dir).expanduser().resolve())!r}\n"
                              f"ASSIGNMENT = {assignment!r}\nNAMES = {bool(names)!r}")
    out = Path(folder) / NOTEBOOK
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return out


def build(course_dir: str | Path, assignment: str, names: bool = False):
    """The dashboard: an assignment and a role filter above the report's content."""
    import ipywidgets as w

    from .reader import read_cohort
    from .report import STYLE, body
    from .sources import assignments

    cohorts: dict = {}
    choices = list(dict.fromkeys([assignment] + assignments(course_dir)))
    pick = w.Dropdown(options=choices, value=assignment, description="Assignment")
    role = w.Dropdown(options=[ALL], value=ALL, description="Role played")
    page = w.HTML()

    def cohort():
        if pick.value not in cohorts:
            cohorts[pick.value] = read_cohort(course_dir, pick.value)
        return cohorts[pick.value]

    def show(_=None):
        c = cohort()
        chosen = None if role.value == ALL else role.value
        page.value = f"<style>{STYLE}</style><h1>Debrief: {pick.value}</h1>" + body(c.only_role(chosen), names=names)

    def new_assignment(_=None):
        role.unobserve(show, "value")
        role.options, role.value = [ALL] + cohort().roles(), ALL
        role.observe(show, "value")
        show()

    pick.observe(new_assignment, "value")
    role.observe(show, "value")
    new_assignment()
    return w.VBox([w.HBox([pick, role]), page])


def serve(course_dir: str | Path, assignment: str, *, names: bool = False, folder: str | Path | None = None,
          port: int = 8867, open_browser: bool = True) -> int:
    """Write the dashboard notebook (into *folder*, else a temporary folder) and serve it with Voila."""
    with tempfile.TemporaryDirectory(prefix="coachlab-debrief-") as tmp:
        notebook = write_notebook(folder or tmp, course_dir, assignment, names)
        print(f"Debrief dashboard: {notebook}\nServing on http://127.0.0.1:{port}/ (stop with Ctrl+C)", flush=True)
        argv = [sys.executable, "-m", "voila", str(notebook), "--Voila.ip=127.0.0.1", f"--port={port}",
                f"--Voila.open_browser={open_browser}", "--Voila.port_retries=0"]
        try:
            return subprocess.call(argv)
        except KeyboardInterrupt:
            return 0
