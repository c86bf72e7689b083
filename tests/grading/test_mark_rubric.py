"""Is a rubric cell read into the levels, title and grader's notes that the marking page shows?"""
import nbformat
from gradingtools import SOLUTIONS

from coachlab.grading.mark_rubric import read_rubric


def rubric_source(name: str, cell: str) -> str:
    nb = nbformat.read(SOLUTIONS / name / f"{name}.ipynb", as_version=4)
    return next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == cell)


def test_the_course_rubric_gives_hatton_and_smith_levels_and_the_mark_scheme():
    """Does the course's reflection rubric give five named levels, 0 to 4, and its marking notes?"""
    rubric = read_rubric("rubric-peer-lens", rubric_source("jerome_case", "rubric-peer-lens"), 4)
    assert [(lv.points, lv.name) for lv in rubric.levels] == [
        (0, "no reflection"), (1, "descriptive writing"), (2, "descriptive reflection"),
        (3, "dialogic reflection"), (4, "critical reflection")]
    assert "two points of view" in rubric.levels[3].description
    assert "depth of reflection" in rubric.title and not rubric.title.startswith("#")
    assert "Level 3 signals" in rubric.mark_scheme and "BEGIN MARK SCHEME" not in rubric.mark_scheme
    assert all("**" not in lv.description for lv in rubric.levels)
    # wrapped markdown lines are joined: one line per bullet
    assert all(line.startswith(("For graders", "- ")) for line in rubric.mark_scheme.splitlines())


def test_a_cell_without_a_table_is_marked_in_whole_points():
    """Can any manually graded cell be marked, with one level per whole point when it has no table?"""
    rubric = read_rubric("essay", "Write about your week.", 2)
    assert [(lv.points, lv.name) for lv in rubric.levels] == [(0, "0 points"), (1, "1 point"), (2, "2 points")]
    assert rubric.title == "essay" and rubric.mark_scheme == ""


def test_rows_beyond_the_points_of_the_cell_are_left_out():
    """Is a table row worth more than the cell's points (a typo) left out, not offered as a level?"""
    source = "### Depth\n| points | level |\n| --- | --- |\n| 1 | some | a |\n| 9 | typo | b |\n| 1 | again | c |\n"
    rubric = read_rubric("r", source, 2)
    assert [(lv.points, lv.name) for lv in rubric.levels] == [(1, "again")]
