"""A missing browser-test tool skips the browser tests on a developer's machine and fails them on CI."""
import pytest
from browsertools import require


def test_missing_tool_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no chromium here"):
        require(False, "no chromium here")


def test_missing_tool_fails_on_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        require(False, "no chromium here")

