"""Do the cells of a graded notebook give learners live widgets, and give nbgrader plain HTML of the
saved answers (no widgets, nothing written), points from the choices alone, and no verdicts?"""
import json
import shutil
import subprocess
import sys

import pytest
from gradingtools import EXERCISES, keys, work

from coachlab.grading import assignment
from coachlab.grading import notebook as graded

NAME = "jerome_case"


@pytest.fixture
def folder(tmp_path):
    shutil.copytree(EXERCISES / NAME, tmp_path / NAME)
    return tmp_path / NAME


@pytest.fixture
def shown(monkeypatch):
    """What the cells display (instead of sending it to a notebook)."""
    seen = []
    monkeypatch.setattr(graded, "_show", seen.append)
    return seen


@pytest.fixture
def under_nbgrader(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")


def test_learner_gets_widgets_and_a_progress_line(folder, shown, monkeypatch):
    """Outside nbgrader, are the widgets live, and does the test cell tell the learner what is answered?"""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    case = assignment(NAME, folder)
    assert type(case.check("reading-the-case")).__name__ == "KnowledgeCheck"
    assert type(case.reflection("peer-lens")).__name__ == "Reflection"
    case.check("reading-the-case").answer("same-pattern", ["networking"])
    case.progress("reading-the-case")
    assert "1 of 4 questions answered. Your saved answers are marked after you submit." in shown[-1]
    assert case.completed("jerome_backlash", points=2) is None
    assert "No ending reached yet" in shown[-1]
    work(folder, NAME, play="coach")
    case.completed("jerome_backlash", points=2)
    assert "Ending reached (" in shown[-1] and "this part is complete" in shown[-1]


def test_nbgrader_gets_saved_choices_without_verdicts(folder, under_nbgrader):
    """Under nbgrader, is a check the learner's choices as HTML, with no "Correct" even if the file says so?"""
    work(folder, NAME, checks={"reading-the-case": {"reading-people": ["sincerity"]}})
    path = folder / "coachlab_answers.json"
    data = json.loads(path.read_text())
    data["records"]["check/reading-the-case"]["value"]["questions"]["reading-people"]["correct"] = True
    path.write_text(json.dumps(data))
    html = assignment(NAME, folder).check("reading-the-case").data
    assert "[x] Apparent sincerity" in html and "[ ] Networking ability" in html
    assert "Answer saved" in html and "Correct" not in html


def test_nbgrader_gets_reflection_text_escaped(folder, under_nbgrader):
    """Is the saved reflection shown as text (markup escaped), and the widget cell a pointer to it?"""
    work(folder, NAME, reflection={"analysis": "Peers felt <b>overtaken</b>."})
    case = assignment(NAME, folder)
    assert "shown below" in case.reflection("peer-lens").data
    html = case.saved_reflection("peer-lens").data
    assert "Peers felt &lt;b&gt;overtaken&lt;/b&gt;." in html and "(no answer yet)" in html


def test_marked_cells_return_points(folder, under_nbgrader, shown):
    """Do mark() and completed() return the points earned, and show the endings reached?"""
    right = keys(NAME)["reading-the-case"]
    work(folder, NAME, checks={"reading-the-case": dict(right, **{"stakeholder-grid": ["monitor"]})}, play="peer")
    case = assignment(NAME, folder)
    assert case.mark("reading-the-case", right) == 3.0
    assert case.mark("debrief", keys(NAME)["debrief"]) == 0.0
    assert case.completed("jerome_backlash", points=2) == 2.0
    assert "endings reached" in shown[-1]
    fresh = shutil.copytree(EXERCISES / NAME, folder.parent / "fresh")
    assert assignment(NAME, fresh).completed("jerome_backlash", points=2) == 0.0  # nothing played there


def test_grading_a_folder_writes_nothing_to_it(folder, under_nbgrader, shown):
    """Does running every marked cell leave the learner's folder exactly as it was (no lock, no rename)?"""
    (folder / "coachlab_answers.json").write_text("{ damaged")
    before = sorted((p.name, p.read_bytes()) for p in folder.rglob("*") if p.is_file())
    case = assignment(NAME, folder)
    case.check("reading-the-case"), case.saved_reflection("peer-lens"), case.progress("reading-the-case")
    assert case.mark("reading-the-case", keys(NAME)["reading-the-case"]) == 0.0
    assert "could not be read: it is not valid JSON" in shown[-1]
    assert sorted((p.name, p.read_bytes()) for p in folder.rglob("*") if p.is_file()) == before


def test_nbgrader_run_imports_no_widgets(folder):
    """Run as the autograder runs it, does the notebook import neither ipywidgets nor jsonschema's slow
    IRI checker (which together cost the autograder about 0.9 s a learner)?"""
    import nbformat

    work(folder, NAME, checks=keys(NAME), play="jerome")
    cells = [c.source for c in nbformat.read(folder / f"{NAME}.ipynb", as_version=4).cells if c.cell_type == "code"]
    script = ("import sys\n" + "\n".join(cells) + "\nprint(sorted(m for m in ('ipywidgets', 'rfc3987_syntax', "
              "'nbgrader') if m in sys.modules))\n")
    run = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True, text=True,
                         env={"NBGRADER_EXECUTION": "autograde", "PATH": "/usr/bin:/bin"}, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
