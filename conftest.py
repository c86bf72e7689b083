"""Test-wide settings: answers and caches go to throwaway folders, never the tester's own."""
import os
import tempfile


def pytest_configure(config):
    os.environ["COACHLAB_DATA"] = tempfile.mkdtemp(prefix="coachlab-test-data-")
    os.environ["COACHLAB_CACHE_DIR"] = tempfile.mkdtemp(prefix="coachlab-test-cache-")
