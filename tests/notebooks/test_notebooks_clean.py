"""Are the committed notebooks clean: no outputs, no execution counts, valid nbformat?"""
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).parents[2]
NOTEBOOKS = [ROOT / p for p in subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True,
                                             text=True).stdout.split()] or sorted(ROOT.glob("course/*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_committed_clean(path):
    """Has this notebook no outputs and no execution counts, and is it valid nbformat?"""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not dirty, f"cells {dirty} carry outputs or execution counts: clear them before committing"


def test_course_has_notebooks():
    """Is there at least the welcome notebook to check (so the test above cannot pass empty)?"""
    assert any(p.name == "00_welcome.ipynb" for p in NOTEBOOKS)
