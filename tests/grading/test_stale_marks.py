"""Is a mark given to a reflection that the learner then changed and submitted again cleared (needs manual
grading, flagged in the summary and CSV, the earlier comment kept), while a mark whose reflection did not
change still stands when the rest of the submission is graded again?"""
import csv
import shutil

import pytest
from gradingtools import ASSIGNMENT, HONEST, OVERSIZE, work, wrong

from coachlab.grading.pipeline import grade

RUBRIC = "rubric-peer-lens"
TITLE = "Reflection: Jerome's case, your workplace"


@pytest.fixture(scope="module")
def regraded(hostile, tmp_path_factory):
    """The hostile cohort's course (graded with --jobs 1), marked by hand, then regraded after the honest
    learner rewrote the reflection and the oversize learner changed only a check."""
    from nbgrader.api import Gradebook

    root = tmp_path_factory.mktemp("stale")
    course, source = root / "course", root / "from-lms"
    shutil.copytree(hostile.courses[1], course, symlinks=True)
    shutil.copytree(hostile.source, source, symlinks=True)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "coachlab") as gb:
        for learner, score, comment in [(HONEST, 3, "Good depth, keep going."), (OVERSIZE, 2, "Long, but one view.")]:
            mark = gb.find_grade(RUBRIC, ASSIGNMENT, ASSIGNMENT, learner)
            mark.manual_score, mark.needs_manual_grade = score, False
            gb.find_comment(RUBRIC, ASSIGNMENT, ASSIGNMENT, learner).manual_comment = comment
        gb.db.commit()
    work(source / HONEST / ASSIGNMENT, ASSIGNMENT, reflection={"analysis": "A rewritten analysis, after the mark."})
    work(source / OVERSIZE / ASSIGNMENT, ASSIGNMENT, checks={"debrief": wrong(ASSIGNMENT)["debrief"]})
    with open(root / "progress.txt", "w") as progress:
        report = grade(ASSIGNMENT, course, from_folder=source, jobs=2, progress=progress)
    with open(course / f"grades-{ASSIGNMENT}.csv", newline="") as f:
        rows = {r["learner"]: r for r in csv.DictReader(f)}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "coachlab") as gb:
        marks = {learner: (gb.find_grade(RUBRIC, ASSIGNMENT, ASSIGNMENT, learner).manual_score,
                           gb.find_grade(RUBRIC, ASSIGNMENT, ASSIGNMENT, learner).needs_manual_grade,
                           gb.find_comment(RUBRIC, ASSIGNMENT, ASSIGNMENT, learner).manual_comment)
                 for learner in (HONEST, OVERSIZE)}
    return {"report": report, "rows": rows, "marks": marks, "course": course}


def test_the_changed_reflections_mark_is_cleared_in_the_gradebook(regraded):
    """Is the honest learner's mark gone, the cell back to needing manual grading, the comment kept?"""
    score, needs, comment = regraded["marks"][HONEST]
    assert score is None and needs
    assert "Marked 3 of 4 for an earlier version" in comment and "Earlier comment: Good depth, keep going." in comment


def test_the_csv_and_summary_flag_the_cleared_mark(regraded):
    """Do the CSV and the summary say which mark was cleared, and that it needs grading again?"""
    row = regraded["rows"][HONEST]
    assert row[f"{TITLE} (/4)"] == "" and row["needs_manual_grading"] == "yes"
    assert row["marks_cleared"] == f"{TITLE} (was 3/4)"
    assert "Earlier comment: Good depth" in row[f"{TITLE}: comment"]
    assert "marks cleared (changed)  1  (honest)" in regraded["report"].summary()
    assert "the reflection changed after it was marked 3/4" in row["problems"]


def test_an_unchanged_reflection_keeps_its_mark(regraded):
    """Is the mark of a reflection that did not change kept, and not flagged, though the check was regraded?"""
    score, needs, comment = regraded["marks"][OVERSIZE]
    assert (score, needs, comment) == (2, False, "Long, but one view.")
    row = regraded["rows"][OVERSIZE]
    assert row[f"{TITLE} (/4)"] == "2" and row["needs_manual_grading"] == "no" and row["marks_cleared"] == ""
    assert row["Check 2: after the role-play (/3)"] == "0"
