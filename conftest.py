"""Test-wide settings: answers go to a throwaway folder, never the tester's own; tests/support
(helpers shared by several test folders and the benchmarks, such as ``siteprocess``) is importable."""
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tests" / "support"))


def pytest_configure(config):
    os.environ["COACHLAB_DATA"] = tempfile.mkdtemp(prefix="coachlab-test-data-")
