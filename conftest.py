"""Test-wide settings: answers go to a throwaway folder, never the tester's own."""
import os
import tempfile


def pytest_configure(config):
    os.environ["COACHLAB_DATA"] = tempfile.mkdtemp(prefix="coachlab-test-data-")
