"""Sites for the server tests: the real course, and a copy of it beside planted secrets.

Each server runs in its own process on a free loopback port with a throwaway answers folder;
they are shared by the whole session because starting one takes a few seconds.
"""
from __future__ import annotations

import pytest
from sitetools import COURSE, plant

from siteprocess import SiteProcess


@pytest.fixture(scope="session")
def course_site(tmp_path_factory):
    """The real course/, served as ``coachlab site`` serves it."""
    data = tmp_path_factory.mktemp("answers")
    with SiteProcess(COURSE, data, log_path=data.parent / "course-site.log") as site:
        site.data = data
        yield site


@pytest.fixture(scope="session")
def planted_site(tmp_path_factory):
    """A copy of the course with secrets planted around and inside it (see `plant`)."""
    root = tmp_path_factory.mktemp("planted")
    course = plant(root)
    data = tmp_path_factory.mktemp("planted-answers")
    with SiteProcess(course, data, log_path=root / "site.log") as site:
        site.root, site.course = root, course
        yield site
