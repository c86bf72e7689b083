"""Does nothing that marks or answers an assignment reach exercises/: no hidden test, answer key,
mark scheme, correct flag, or answers file (the learners get exercises/ as it is)?"""
import shutil

import nbformat
import pytest
import yaml
from gradingtools import ASSIGNMENTS, EXERCISES, SOLUTIONS, key_fragments, secret_lines, squeeze

from coachlab.grading.keys import hidden_code

MARKERS = ["BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN MARK SCHEME", "END MARK SCHEME", "BEGIN SOLUTION",
           ".mark(", "For graders only"]


def secrets(name):
    """The lines of the assignment's hidden tests and mark schemes, and its keys as written."""
    return secret_lines(name) + key_fragments(name)


def leaks(release, name):
    """What of *name*'s secrets, markers or answers files appear anywhere in the *release* folder."""
    found, wanted = [], MARKERS + secrets(name)
    for path in sorted(release.rglob("*")):
        if path.is_file():
            if path.name.startswith("coachlab_answers.json"):
                found.append(f"{path.name} (an answers file)")
                continue
            raw = path.read_text(encoding="utf-8", errors="replace")
            text = squeeze(raw.replace("\\n", "\n").replace('\\"', '"'))
            found += [f"{path.name}: {s}" for s in wanted if s in text or s in raw]
    return found


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_release_holds_no_secret(name):
    """Is exercises/<name> free of hidden tests, keys, mark schemes and answers files?"""
    assert len(secrets(name)) > 15  # there is something to look for
    assert leaks(EXERCISES / name, name) == []


@pytest.mark.parametrize("plant", ["hidden line", "key", "mark scheme", "answers file"])
def test_the_search_finds_a_planted_secret(tmp_path, plant):
    """Would the search catch each kind of leak (so that the test above can fail)?"""
    release = tmp_path / "jerome_case"
    shutil.copytree(EXERCISES / "jerome_case", release)
    notebook = release / "jerome_case.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    solution = nbformat.read(SOLUTIONS / "jerome_case" / "jerome_case.ipynb", as_version=4)
    if plant == "answers file":
        (release / "coachlab_answers.json").write_text("{}")
    else:
        if plant == "hidden line":
            text = hidden_code([c.source for c in solution.cells if "HIDDEN" in c.source][0])
        elif plant == "key":
            text = '# note to self: "stakeholder-grid": ["manage-closely"]'
        else:
            text = [c.source for c in solution.cells if "MARK SCHEME" in c.source][0].split("### END")[0]
        nb.cells.append(nbformat.v4.new_markdown_cell(text))
        nbformat.write(nb, notebook)
    assert leaks(release, "jerome_case")


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_released_questions_carry_no_verdicts(name):
    """Does no option in the released data say whether it is right, or explain why?"""
    data = yaml.safe_load((EXERCISES / name / "data" / f"{name}.yaml").read_text())
    options = [o for check in data["checks"].values() for q in check["questions"] for o in q["options"]]
    assert len(options) > 20
    assert not [o["id"] for o in options if "correct" in o or "feedback" in o]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_released_notebook_is_clean_and_locked(name):
    """Is the released notebook free of outputs and execution counts, with every cell read-only?"""
    nb = nbformat.read(EXERCISES / name / f"{name}.ipynb", as_version=4)
    assert not [c for c in nb.cells if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert all(c.metadata.get("editable") is False and c.metadata.get("deletable") is False for c in nb.cells)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_source_notebook_is_committed_clean(name):
    """Is the source notebook free of outputs and execution counts?"""
    nb = nbformat.read(SOLUTIONS / name / f"{name}.ipynb", as_version=4)
    assert not [c for c in nb.cells if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
