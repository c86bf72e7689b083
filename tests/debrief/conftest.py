"""The debrief tests share one synthetic cohort of jerome_case with known answers (see debrieftools)."""
from __future__ import annotations

import pytest
from debrieftools import ASSIGNMENT, SALT, build_cohort

from coachlab.debrief.reader import read_cohort
from coachlab.debrief.report import render


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    """The cohort's course folder (built once: writing a gradebook runs nbgrader's `alembic`)."""
    return build_cohort(tmp_path_factory.mktemp("debrief") / "course")


@pytest.fixture(scope="session")
def cohort(course):
    return read_cohort(course, ASSIGNMENT, salt=SALT)


@pytest.fixture(scope="session")
def report(cohort):
    """The default report (anonymous) as HTML."""
    return render(cohort)


@pytest.fixture(scope="session")
def named_report(cohort):
    """The report with names, as `--names` asks."""
    return render(cohort, names=True)
