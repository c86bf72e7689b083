"""Browser tests: Debian's Chromium driven by Playwright against ``coachlab site``.

Chromium comes from Debian (``/usr/bin/chromium``, installed by ``./run.sh test`` when it can);
Playwright never downloads a browser. Without Chromium, Playwright or axe-core the tests are
skipped with the reason, except on CI (``CI=true``), where they fail.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from browsertools import ARTIFACTS, AXE, CHROMIUM, FLAGS, require

from siteprocess import SiteProcess


@pytest.fixture(scope="session")
def chromium():
    require(os.access(CHROMIUM, os.X_OK), "Debian's chromium is not installed at /usr/bin/chromium "
            "(./run.sh test installs it when run as root; or: sudo apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright Python package is not installed (pip install -e .[test])")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """``coachlab site`` on a free loopback port, with a throwaway answers folder."""
    ARTIFACTS.mkdir(exist_ok=True)
    data = tmp_path_factory.mktemp("answers")
    command = [str(Path(sys.executable).with_name("coachlab")), "site"]
    with SiteProcess(data=data, command=command, log_path=ARTIFACTS / "browser-site.log") as s:
        s.data = data
        yield s


@pytest.fixture
def requests_seen():
    return []


@pytest.fixture
def tab(chromium, site, requests_seen):
    """A fresh browser tab, logged in with the site's token, on the landing page."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.on("request", lambda r: requests_seen.append(r.url))
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.goto(site.url)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    require(AXE.is_file(), f"axe-core is not installed at {AXE} (./run.sh test installs it with npm)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def graded_cohort(tmp_path_factory):
    """Five learners of jerome_case, graded, their reflections waiting for a mark (for marking and
    formgrader tests: copy it before writing marks)."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "grading"))
    from markingtools import graded_cohort

    return graded_cohort(tmp_path_factory.mktemp("marking"))
