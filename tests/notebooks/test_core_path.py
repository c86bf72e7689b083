"""Time for busy managers: a core path of 90 minutes, and optional depth marked the same way in data and notebook."""
import re
from pathlib import Path

import nbformat
import pytest

from coachlab.content.lessondata import load_lesson_data

COURSE = Path(__file__).parents[2] / "course"
LESSONS = sorted(p.stem for p in COURSE.glob("0*.ipynb"))
WIDGET_CALL = re.compile(r"\.(reflection|check|self_assessment|rewrite|sbi|grow_plan|stakeholder_map)\(\s*\"([\w-]+)\"")
SECTION = {"reflection": "reflections", "check": "checks", "self_assessment": "self_assessments",
           "rewrite": "rewrites", "sbi": "sbi", "grow_plan": "grow_plans", "stakeholder_map": "stakeholder_maps"}


def test_the_core_path_of_the_course_fits_in_90_minutes():
    """Does the whole course's core path fit in 90 minutes, every module giving both times?"""
    minutes = [load_lesson_data(COURSE / "data" / f"{name}.yaml").minutes for name in LESSONS]
    assert all(m is not None and m[0] > 0 for m in minutes), minutes
    assert sum(m[0] for m in minutes) <= 90


@pytest.mark.parametrize("name", LESSONS)
def test_notebook_says_the_times_of_its_data(name):
    """Does the module's time line give the same core and depth minutes as its lesson data?"""
    data = load_lesson_data(COURSE / "data" / f"{name}.yaml")
    first = nbformat.read(COURSE / f"{name}.ipynb", as_version=4).cells[0].source
    m = re.search(r"\*\*Time:\*\* about (\d+) minutes on the core path, (\d+) more if you go deeper", first)
    assert m and (int(m.group(1)), int(m.group(2))) == data.minutes


@pytest.mark.parametrize("name", LESSONS)
def test_optional_exercises_sit_under_a_go_deeper_heading(name):
    """Is every exercise marked optional in the data under a "go deeper" heading, and every core one not?"""
    data = load_lesson_data(COURSE / "data" / f"{name}.yaml")
    heading, seen = "", set()
    for cell in nbformat.read(COURSE / f"{name}.ipynb", as_version=4).cells:
        if cell.cell_type == "markdown":
            heading = next((line for line in reversed(cell.source.splitlines()) if line.startswith("## ")), heading)
        for kind, eid in WIDGET_CALL.findall(cell.source if cell.cell_type == "code" else ""):
            key = (SECTION[kind], eid)
            seen.add(key)
            assert ("go deeper" in heading) == (key in data.optional), (key, heading)
    assert data.optional <= seen
