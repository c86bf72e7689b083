"""Test-wide settings: answers and caches go to throwaway folders, never the tester's own; markers by folder.

Every test gets the marker of the part of the project it checks, from the folder it sits in, so that
`./run.sh test -m unit` runs the quick part alone (see README, "For developers").
"""
import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT / "tests" / "support"))  # test harnesses live there, never in the package

MARKER_OF_FOLDER = {
    "store": "unit", "content": "unit", "coaching": "unit", "scenario": "unit", "views": "unit",
    "widgets": "unit", "cli": "unit",
    "notebooks": "notebook", "grading": "grading", "debrief": "debrief", "site": "site",
    "browser": "browser", "hub": "hub", "lab": "notebook", "learner": "unit",
}


def pytest_configure(config):
    os.environ["COACHLAB_DATA"] = tempfile.mkdtemp(prefix="coachlab-test-data-")
    os.environ["COACHLAB_CACHE_DIR"] = tempfile.mkdtemp(prefix="coachlab-test-cache-")


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath)).resolve()
        try:
            parts = path.relative_to(ROOT).parts
        except ValueError:
            continue
        if parts[0] == "course":
            item.add_marker(pytest.mark.notebook)
        elif parts[0] == "tests" and len(parts) > 2 and parts[1] in MARKER_OF_FOLDER:
            item.add_marker(getattr(pytest.mark, MARKER_OF_FOLDER[parts[1]]))
        else:
            raise pytest.UsageError(f"{path}: a test outside the test folders of conftest.MARKER_OF_FOLDER; "
                                    "put it in the folder of the layer it checks")
